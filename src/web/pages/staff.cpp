// Staff pages: the admin's Staff page (list, invite, change role, remove access) and the
// invitee's page that chooses a password from the e-mailed link. Adapters only.
#include "services/staff.hpp"

#include <boost/json.hpp>

#include "domain/staff_rules.hpp"
#include "http/errors.hpp"
#include "web/handlers.hpp"
#include "web/input.hpp"
#include "web/local_time.hpp"
#include "web/present/form_errors.hpp"

namespace plumbline::web {

namespace {

namespace json = boost::json;

// The success message for ?done=… (fixed texts: nothing from the URL is shown).
std::string staff_flash(const std::string& done) {
  if (done == "invited") return "Invitation sent. The link in it works once, for 72 hours.";
  if (done == "role") return "Role changed.";
  if (done == "removed") return "Staff access removed: their sessions and API tokens ended.";
  return {};
}

json::array staff_role_options(const std::string& selected) {
  json::array out;
  for (auto r : {domain::Role::support, domain::Role::admin})
    out.push_back({{"value", domain::to_string(r)},
                   {"label", domain::staff_role_label(r)},
                   {"selected", selected == domain::to_string(r)}});
  return out;
}

// The Staff page; `error` (with the typed values) goes to the invite form or to one row.
Response staff_page(const Services& a, const Request& req, int status, const std::string& flash,
                    const domain::Error* error = nullptr, std::int64_t error_row = 0,
                    json::object typed = {}) {
  auto list = a.staff->list();
  if (!list) return http::error_response(req, list.error());
  json::array rows;
  for (const auto& m : *list) {
    auto id = std::to_string(m.user.id.value);
    bool self = m.user.id == req.principal.user_id;
    json::object row{
        {"id", m.user.id.value},
        {"email", m.user.email},
        {"role", domain::to_string(m.user.role)},
        {"role_label", domain::staff_role_label(m.user.role)},
        {"roles", staff_role_options(domain::to_string(m.user.role))},
        {"two_factor_on", m.two_factor_on},
        {"invited", !m.user.verified()},
        {"last_sign_in",
         m.last_sign_in_at ? local_time(*m.last_sign_in_at, staff_zone(a)) : std::string("never")},
        {"self", self},
        {"role_url", "/admin/staff/" + id + "/role"},
        {"remove_url", "/admin/staff/" + id + "/remove"},
        {"audit_url", "/admin/audit?actor=" + id}};
    if (error && error_row == m.user.id.value) row["error"] = error->message;
    rows.push_back(std::move(row));
  }
  json::object ctx{
      {"staff", std::move(rows)},
      {"flash", flash},
      {"invite_roles",
       staff_role_options(typed.contains("role")
                              ? json::value_to<std::string>(typed["role"])
                              : std::string(domain::to_string(domain::Role::support)))},
      {"typed", typed}};
  if (error && error_row == 0) {
    auto fe = form_errors_context(error->details);
    for (auto& [k, v] : fe) ctx[k] = v;
    if (error->details.empty()) ctx["general_error"] = error->message;
  }
  return render(a, req, status, "staff", "Staff", std::move(ctx));
}

int staff_error_status(const domain::Error& e) {
  return e.code == domain::ErrorCode::conflict    ? 409
         : e.code == domain::ErrorCode::forbidden ? 403
                                                  : 422;
}

bool staff_form_error(const domain::Error& e) {
  return e.code == domain::ErrorCode::invalid_input || e.code == domain::ErrorCode::conflict ||
         e.code == domain::ErrorCode::forbidden;
}

Response invite_password_page(const Services& a, const Request& req, int status,
                              const std::string& email, json::object ctx = {}) {
  ctx["action"] = req.path;
  ctx["email"] = email;
  auto res = render(a, req, status, "staff_invite", "Join the " + platform_name(a) + " console",
                    std::move(ctx));
  res.set_header("Referrer-Policy", "no-referrer");
  return res;
}

Response invite_link_gone_page(const Services& a, const Request& req, const domain::Error& e) {
  if (e.code != domain::ErrorCode::not_found) return http::error_response(req, e);
  auto res = render(a, req, 404, "message", "Link not valid",
                    {{"heading", "Link not valid"}, {"message", e.message}});
  res.set_header("Referrer-Policy", "no-referrer");
  return res;
}

}  // namespace

Response show_admin_staff(const Services& a, Request& req) {
  return staff_page(a, req, 200, staff_flash(query_of(req).get("done")));
}

Response submit_admin_staff_invite(const Services& a, Request& req) {
  auto f = form_of(req);
  auto email = f.get("email"), role = f.get("role");
  auto r = a.staff->invite(actor_of(req), email, role);
  if (r) return Response::redirect("/admin/staff?done=invited");
  if (!staff_form_error(r.error())) return http::error_response(req, r.error());
  return staff_page(a, req, staff_error_status(r.error()), {}, &r.error(), 0,
                    {{"email", email}, {"role", role}});
}

Response submit_admin_staff_role(const Services& a, Request& req) {
  auto id = path_id<domain::UserId>(req);
  if (!id)
    return http::error_response(req, {domain::ErrorCode::not_found, "No such staff member."});
  auto f = form_of(req);
  auto r = a.staff->change_role(actor_of(req), *id, f.get("role"), f.get("reason"));
  if (r) return Response::redirect("/admin/staff?done=role");
  if (!staff_form_error(r.error())) return http::error_response(req, r.error());
  return staff_page(a, req, staff_error_status(r.error()), {}, &r.error(), id->value);
}

Response submit_admin_staff_remove(const Services& a, Request& req) {
  auto id = path_id<domain::UserId>(req);
  if (!id)
    return http::error_response(req, {domain::ErrorCode::not_found, "No such staff member."});
  auto r = a.staff->remove(actor_of(req), *id, form_of(req).get("reason"));
  if (r) return Response::redirect("/admin/staff?done=removed");
  if (!staff_form_error(r.error())) return http::error_response(req, r.error());
  return staff_page(a, req, staff_error_status(r.error()), {}, &r.error(), id->value);
}

Response show_staff_invite(const Services& a, Request& req) {
  auto email = a.staff->invitation_email(req.param("token"));
  if (!email) return invite_link_gone_page(a, req, email.error());
  return invite_password_page(a, req, 200, *email);
}

Response submit_staff_invite(const Services& a, Request& req) {
  auto f = form_of(req);
  auto password = f.get("password");
  auto email = a.staff->invitation_email(req.param("token"));
  if (!email) return invite_link_gone_page(a, req, email.error());
  if (password != f.get("password_confirm"))
    return invite_password_page(
        a, req, 422, *email,
        form_errors_context({{"password_confirm", "The two passwords are not the same."}}));
  auto r = a.staff->accept(req.param("token"), password, req.remote_ip);
  if (r) return Response::redirect("/login?invited=1");
  if (r.error().code == domain::ErrorCode::invalid_input)
    return invite_password_page(a, req, 422, *email, form_errors_context(r.error().details));
  return invite_link_gone_page(a, req, r.error());
}

}  // namespace plumbline::web
