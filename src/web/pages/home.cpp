// Landing and about pages.
#include "web/handlers.hpp"

namespace plumbline::web {

Response render(app::App& a, const Request& req, int status, const std::string& page,
                const std::string& title, boost::json::object ctx) {
  // What every page's layout needs: who is signed in, and the CSRF token for the log-out form.
  ctx["signed_in"] = req.signed_in();
  ctx["is_admin"] = req.principal.role == "admin";
  if (!ctx.contains("user_email") && req.signed_in()) ctx["user_email"] = req.principal.email;
  if (!ctx.contains("csrf_token")) ctx["csrf_token"] = req.csrf_token;
  // The claims cap is a setting: pages that promise "at most N plumbers" read it from here.
  if (!ctx.contains("max_claims")) ctx["max_claims"] = a.config.max_claims_per_lead;
  return Response::html(status, a.view->page(page, title, ctx));
}

Response show_home(app::App& a, Request& req) {
  boost::json::array services;
  for (const auto& s : a.leads->catalog().services)
    services.push_back({{"slug", s.slug}, {"label", s.label}});
  return render(a, req, 200, "home", "Plumbline: local plumbers, fast and fair",
                {{"services", std::move(services)}});
}

Response show_about(app::App& a, Request& req) {
  return render(
      a, req, 200, "about", "About Plumbline",
      {{"zip_source_line", a.zips->source_line()},
       {"zip_rows", static_cast<std::int64_t>(a.zips->size())},
       {"retention_days", static_cast<std::int64_t>(a.config.homeowner_retention_days)},
       {"retention_on", a.config.homeowner_retention_days > 0},
       {"closed_keep_days", static_cast<std::int64_t>(a.config.closed_account_keep_days)}});
}

}  // namespace plumbline::web
