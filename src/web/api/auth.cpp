// JSON API authentication: sign-up, tokens (JWT access + rotating refresh), and the current user.
#include <boost/json.hpp>

#include "http/errors.hpp"
#include "web/api/api_io.hpp"
#include "web/handlers.hpp"
#include "web/input.hpp"

namespace plumbline::web {

namespace {

// Credentials of the wrong JSON type read as empty (no type errors): sign-up's validation names
// the field, and log-in refuses it like a wrong password.
std::string str(const boost::json::object& o, const char* k) {
  return JsonFields(o).str(k);
}

Response token_response(const services::TokenPair& p, domain::Millis now) {
  boost::json::object body{
      {"access_token", p.access_token},
      {"token_type", "Bearer"},
      {"expires_in", (p.access_expires_at - now + 999) / 1000},  // whole seconds, rounded up
      {"refresh_token", p.refresh_token}};
  auto res = Response::json(200, boost::json::serialize(body));
  res.set_header("Cache-Control", "no-store");
  return res;
}

}  // namespace

Response api_signup(const Services& a, Request& req) {
  auto o = json_body(req);
  if (!o) return http::error_response(req, o.error());
  domain::SignupInput in{str(*o, "business_name"), str(*o, "contact_name"), str(*o, "email"),
                         str(*o, "phone"), str(*o, "password")};
  auto u = a.accounts->signup_plumber(in);
  if (!u) return http::error_response(req, u.error());
  boost::json::object body{{"id", u->id.value},
                           {"email", u->email},
                           {"role", domain::to_string(u->role)},
                           {"verified", false}};
  return Response::json(201, boost::json::serialize(body));
}

Response api_token(const Services& a, Request& req) {
  auto o = json_body(req);
  if (!o) return http::error_response(req, o.error());
  auto p =
      a.accounts->issue_tokens(str(*o, "email"), str(*o, "password"),
                               {req.remote_ip, req.header_or("user-agent", "")}, str(*o, "totp"));
  if (!p) return http::error_response(req, p.error());
  return token_response(p.value(), a.clock.now_ms());
}

Response api_refresh(const Services& a, Request& req) {
  auto o = json_body(req);
  if (!o) return http::error_response(req, o.error());
  auto p = a.accounts->refresh(str(*o, "refresh_token"));
  if (!p) return http::error_response(req, p.error());
  return token_response(p.value(), a.clock.now_ms());
}

Response api_me(const Services& a, Request& req) {
  auto u = a.accounts->user(req.principal.user_id);
  if (!u)
    return http::error_response(req,
                                {domain::ErrorCode::unauthorized, "The account no longer exists."});
  boost::json::object body{{"id", u->id.value},
                           {"email", u->email},
                           {"role", domain::to_string(u->role)},
                           {"verified", u->verified()}};
  if (auto p = a.accounts->plumber(domain::UserId{u->id})) {
    body["business_name"] = p->business_name;
    body["contact_name"] = p->contact_name;
    body["phone"] = p->phone_e164;
  }
  auto res = Response::json(200, boost::json::serialize(body));
  res.set_header("Cache-Control", "no-store");
  return res;
}

// The plumber's data export as a ZIP (the same archive as GET /account/export).
Response api_me_export(const Services& a, Request& req) {
  auto r = a.exports->plumber_data(req.principal.user_id);
  if (!r) return http::error_response(req, r.error());
  auto res = Response::text(200, std::move(r->zip), "application/zip");
  res.set_header("Content-Disposition", "attachment; filename=\"" + r->filename + "\"");
  res.set_header("Cache-Control", "no-store");
  return res;
}

}  // namespace plumbline::web
