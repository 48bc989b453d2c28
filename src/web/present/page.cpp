// render(): a page inside the layout, with what every layout needs (who is signed in, CSRF token,
// the claims cap, the business's name and contact from the settings).
#include <utility>

#include "domain/contact.hpp"
#include "web/handlers.hpp"

namespace plumbline::web {

Response render(const Services& a, const Request& req, int status, const std::string& page,
                const std::string& title, boost::json::object ctx) {
  // What every page's layout needs: who is signed in, and the CSRF token for the log-out form.
  ctx["signed_in"] = req.signed_in();
  // is_staff: the layout's console links; is_admin: admin-only controls, unless the page set it.
  ctx["is_staff"] = domain::is_staff(req.principal.role);
  if (!ctx.contains("is_admin")) ctx["is_admin"] = req.principal.role == domain::Role::admin;
  if (!ctx.contains("user_email") && req.signed_in()) ctx["user_email"] = req.principal.email;
  if (!ctx.contains("csrf_token")) ctx["csrf_token"] = req.csrf_token;
  // The claims cap is a setting: pages that promise "at most N plumbers" read it from here.
  if (!ctx.contains("max_claims"))
    ctx["max_claims"] = a.marketplace_settings.marketplace().max_claims_per_lead;
  // The business settings as they are now: the layout's name and contact, without a restart.
  if (a.business) {
    auto business = a.business->current();
    for (auto [key, value] : {std::pair{"platform_name", business->platform_name},
                              std::pair{"support_email", business->support_email},
                              std::pair{"postal_address", business->postal_address}})
      if (!ctx.contains(key) && !value.empty()) ctx[key] = value;
    if (!ctx.contains("support_phone") && !business->support_phone.empty())
      ctx["support_phone"] = domain::display_phone(business->support_phone);
  }
  return Response::html(status, a.view->page(page, title, ctx));
}

std::string platform_name(const Services& a) {
  if (a.business)
    if (auto name = a.business->current()->platform_name; !name.empty()) return name;
  return "Plumbline";
}

}  // namespace plumbline::web
