// Account pages: sign up, log in/out, verify e-mail, password reset, unlock, account settings.
#include <boost/json.hpp>

#include "domain/contact.hpp"
#include "http/auth.hpp"
#include "http/errors.hpp"
#include "http/forms.hpp"
#include "http/middleware.hpp"
#include "http/target.hpp"
#include "web/handlers.hpp"
#include "web/input.hpp"
#include "web/pages/account_detail.hpp"

namespace plumbline::web {

// Shared with pages/two_factor.cpp (declared in pages/account_detail.hpp).
namespace account_detail {

services::ClientInfo client_of(const Services& a, const Request& req) {
  auto device = req.cookie(http::device_cookie_name(a.settings.https));
  return {req.remote_ip, req.header_or("user-agent", ""),
          device && device->size() <= 64 ? *device : ""};
}

Response message_page(const Services& a, const Request& req, int status, const std::string& heading,
                      const std::string& message, const std::string& link_url = {},
                      const std::string& link_text = {}) {
  return render(a, req, status, "message", heading,
                {{"heading", heading},
                 {"message", message},
                 {"link_url", link_url},
                 {"link_text", link_text}});
}

// Sets the session cookie for a new session; "remember me" makes it persistent until the absolute
// expiry.
void set_session_cookie(const Services& a, const Request& req, Response& res,
                        const services::NewSession& s) {
  http::CookieOptions o;
  o.secure = a.settings.https || http::forwarded_https(req, a.settings.trusted_proxies);
  o.http_only = true;
  o.same_site = "Lax";
  if (s.remember) o.max_age_seconds = (s.expires_at - a.clock.now_ms()) / 1000;
  res.headers.emplace_back(
      "Set-Cookie",
      http::make_set_cookie(http::session_cookie_name(a.settings.https), s.cookie_value, o));
  if (!s.device_cookie.empty()) {
    // Marks this browser as a device the account has signed in from (docs/security.md).
    http::CookieOptions d = o;
    d.max_age_seconds = domain::device_cookie_ttl_ms / 1000;
    res.headers.emplace_back(
        "Set-Cookie",
        http::make_set_cookie(http::device_cookie_name(a.settings.https), s.device_cookie, d));
  }
}

void clear_session_cookie(const Services& a, Response& res) {
  http::CookieOptions o;
  o.secure = a.settings.https;
  o.max_age_seconds = 0;
  res.headers.emplace_back(
      "Set-Cookie", http::make_set_cookie(http::session_cookie_name(a.settings.https), "", o));
  // The session ends on this device, so do the copies of claimed leads (with homeowners' contact
  // details) that the service worker kept for offline use: the browser drops its caches, storage
  // and service worker (docs/security.md).
  res.set_header("Clear-Site-Data", "\"cache\", \"storage\"");
}

std::string home_for(const domain::User& u) {
  if (!u.verified()) return "/account/verify-email";
  return domain::is_staff(u.role) ? "/admin" : "/dashboard";
}

// Only same-site paths are followed after log-in.
std::string safe_next(const std::string& next) {
  return http::is_local_path(next) ? next : std::string{};
}

// The account page again with the refusal on its field: 422 for a wrong value, 429 (with
// Retry-After) or 403 when the password check is throttled or the account locked.
Response account_refusal(const Services& a, const Request& req, const domain::Error& e,
                         boost::json::object ctx) {
  int status = e.code == domain::ErrorCode::invalid_input || e.code == domain::ErrorCode::conflict
                   ? 422
                   : http::status_for(e.code);
  auto res = render(a, req, status, "account", "Your account", std::move(ctx));
  http::set_retry_after(res, e);
  return res;
}

}  // namespace account_detail

using namespace account_detail;

Response show_signup(const Services& a, Request& req) {
  if (req.signed_in())
    return Response::redirect(domain::is_staff(req.principal.role) ? "/admin" : "/dashboard");
  return render(a, req, 200, "signup", "Join " + platform_name(a),
                {{"values", boost::json::object{}}});
}

Response submit_signup(const Services& a, Request& req) {
  auto f = form_of(req);
  domain::SignupInput in{f.get("business_name"), f.get("contact_name"), f.get("email"),
                         f.get("phone"), f.get("password")};
  auto values = boost::json::object{{"business_name", in.business_name},
                                    {"contact_name", in.contact_name},
                                    {"email", in.email},
                                    {"phone", in.phone}};
  auto created = a.accounts->signup_plumber(in);
  if (!created) {
    if (created.error().code != domain::ErrorCode::invalid_input &&
        created.error().code != domain::ErrorCode::conflict)
      return http::error_response(req, created.error());
    auto ctx = form_errors_context(
        created.error().details.empty()
            ? std::vector<domain::FieldError>{{"email", created.error().message}}
            : created.error().details);
    ctx["values"] = std::move(values);
    return render(a, req, 422, "signup", "Join " + platform_name(a) + ": please check your answers",
                  std::move(ctx));
  }
  // Log the new plumber in; until the address is verified they only see the "check your e-mail"
  // page.
  auto session = a.accounts->login(in.email, in.password, false, client_of(a, req));
  if (!session) return Response::redirect("/login");
  auto res = Response::redirect("/account/verify-email");
  set_session_cookie(a, req, res, session.value());
  return res;
}

Response show_login(const Services& a, Request& req) {
  auto q = query_of(req);
  std::string notice;
  if (q.get("reset") == "1") notice = "Your password was changed. Log in with the new one.";
  if (q.get("invited") == "1")
    notice = "Your password is set. Log in, then set up two-factor sign-in to open the console.";
  if (q.get("bye") == "1") notice = "You are logged out.";
  return render(a, req, 200, "login", "Log in",
                {{"values", boost::json::object{{"email", q.get("email")}}},
                 {"notice", notice},
                 {"next", safe_next(q.get("next"))}});
}

Response submit_login(const Services& a, Request& req) {
  auto f = form_of(req);
  auto email = f.get("email");
  auto s =
      a.accounts->login(email, f.get("password"), f.get("remember") == "yes", client_of(a, req));
  if (!s) {
    const auto& e = s.error();
    int status = e.code == domain::ErrorCode::rate_limited  ? 429
                 : e.code == domain::ErrorCode::unavailable ? 503
                                                            : 401;
    auto res = render(a, req, status, "login", "Log in",
                      {{"values", boost::json::object{{"email", email}}},
                       {"error", e.message},
                       {"next", safe_next(f.get("next"))}});
    if (e.retry_after_seconds > 0)
      res.set_header("Retry-After", std::to_string(e.retry_after_seconds));
    return res;
  }
  if (!s->challenge.empty()) return two_factor_challenge_redirect(a, req, s.value(), f.get("next"));
  // A fresh session id at every log-in (no fixation); the old session, if any, ends.
  if (!req.principal.session_hash.empty()) a.accounts->logout(req.principal.session_hash);
  auto next = safe_next(f.get("next"));
  auto res = Response::redirect(s->must_enrol_two_factor ? std::string("/account/two-factor")
                                : next.empty() || !s->user.verified() ? home_for(s->user)
                                                                      : next);
  set_session_cookie(a, req, res, s.value());
  return res;
}

Response submit_logout(const Services& a, Request& req) {
  if (!req.principal.session_hash.empty()) a.accounts->logout(req.principal.session_hash);
  auto res = Response::redirect("/login?bye=1");
  clear_session_cookie(a, res);
  return res;
}

Response submit_logout_everywhere(const Services& a, Request& req) {
  int n = a.accounts->logout_everywhere(req.principal.user_id, req.principal.session_hash);
  return message_page(a, req, 200, "Logged out elsewhere",
                      "You were logged out of " + std::to_string(n) + " other session" +
                          (n == 1 ? "" : "s") + ". This session stays logged in.",
                      "/account", "Back to your account");
}

Response show_check_email(const Services& a, Request& req) {
  if (req.principal.verified)
    return Response::redirect(domain::is_staff(req.principal.role) ? "/admin" : "/dashboard");
  return render(a, req, 200, "check_email", "Check your e-mail", {});
}

Response resend_verification(const Services& a, Request& req) {
  auto r = a.accounts->resend_verification(req.principal.user_id);
  if (!r) return http::error_response(req, r.error());
  return render(a, req, 200, "check_email", "Check your e-mail",
                {{"notice", "We sent a new link. Older links no longer work."}});
}

Response verify_email(const Services& a, Request& req) {
  auto r = a.accounts->verify_email(req.param("token"));
  if (!r) return message_page(a, req, 404, "Link not valid", r.error().message, "/login", "Log in");
  return message_page(a, req, 200, "E-mail verified", "Thank you: your e-mail address is verified.",
                      req.signed_in() ? "/dashboard" : "/login",
                      req.signed_in() ? "Go to your dashboard" : "Log in");
}

Response show_password_forgot(const Services& a, Request& req) {
  return render(a, req, 200, "password_forgot", "Reset your password",
                {{"values", boost::json::object{}}});
}

Response submit_password_forgot(const Services& a, Request& req) {
  auto email = form_of(req).get("email");
  auto r = a.accounts->request_password_reset(email);
  if (!r) return http::error_response(req, r.error());
  return message_page(
      a, req, 200, "Check your e-mail",
      "If an account uses that address, we sent it a link to choose a new password. The link works "
      "once, for one hour.");
}

Response show_password_reset(const Services& a, Request& req) {
  auto res = render(a, req, 200, "password_reset", "Choose a new password", {{"action", req.path}});
  res.set_header("Referrer-Policy", "no-referrer");
  return res;
}

Response submit_password_reset(const Services& a, Request& req) {
  auto f = form_of(req);
  auto password = f.get("password");
  if (password != f.get("password_confirm")) {
    auto ctx = form_errors_context({{"password_confirm", "The two passwords are not the same."}});
    ctx["action"] = req.path;
    return render(a, req, 422, "password_reset", "Choose a new password", std::move(ctx));
  }
  auto r = a.accounts->reset_password(req.param("token"), password);
  if (!r) {
    if (r.error().code == domain::ErrorCode::invalid_input) {
      auto ctx = form_errors_context(r.error().details);
      ctx["action"] = req.path;
      return render(a, req, 422, "password_reset", "Choose a new password", std::move(ctx));
    }
    return message_page(a, req, 404, "Link not valid", r.error().message, "/password/forgot",
                        "Ask for a new link");
  }
  auto res = Response::redirect("/login?reset=1");
  clear_session_cookie(a, res);
  return res;
}

Response unlock_account(const Services& a, Request& req) {
  auto r = a.accounts->unlock(req.param("token"));
  if (!r) return message_page(a, req, 404, "Link not valid", r.error().message, "/login", "Log in");
  return message_page(a, req, 200, "Account unlocked",
                      "Your account is unlocked. If you did not make those attempts, "
                      "reset your password now.",
                      "/login", "Log in");
}

Response show_account(const Services& a, Request& req) {
  auto u = a.accounts->user(req.principal.user_id);
  auto p = a.accounts->plumber(req.principal.user_id);
  if (!u) return http::error_response(req, {domain::ErrorCode::not_found, "No such account."});
  boost::json::object ctx{{"user_email", u->email},
                          {"verified", u->verified()},
                          {"role", domain::to_string(u->role)},
                          {"is_plumber", u->role == domain::Role::plumber},
                          {"closed_keep_days", a.settings.closed_account_keep_days}};
  if (query_of(req).get("password") == "changed")
    ctx["password_notice"] = "Your password is changed. Other devices were logged out.";
  if (p) {
    ctx["business_name"] = p->business_name;
    ctx["contact_name"] = p->contact_name;
    ctx["phone"] = domain::display_phone(p->phone_e164);
  }
  return render(a, req, 200, "account", "Your account", std::move(ctx));
}

Response submit_email_change(const Services& a, Request& req) {
  auto f = form_of(req);
  auto r = a.accounts->request_email_change(req.principal.user_id, f.get("email"),
                                            f.get("password"), client_of(a, req));
  if (!r) {
    if (r.error().code == domain::ErrorCode::unavailable)
      return http::error_response(req, r.error());
    auto u = a.accounts->user(req.principal.user_id);
    auto ctx = form_errors_context(
        r.error().details.empty() ? std::vector<domain::FieldError>{{"email", r.error().message}}
                                  : r.error().details);
    ctx["user_email"] = u ? u->email : "";
    return account_refusal(a, req, r.error(), std::move(ctx));
  }
  return message_page(
      a, req, 200, "Confirm your new address",
      "We sent a link to the new address. Your log-in e-mail changes when you open it.", "/account",
      "Back to your account");
}

Response submit_password_change(const Services& a, Request& req) {
  auto f = form_of(req);
  auto r = a.accounts->change_password(req.principal.user_id, f.get("current_password"),
                                       f.get("new_password"), req.principal.session_hash,
                                       client_of(a, req));
  auto u = a.accounts->user(req.principal.user_id);
  if (!r) {
    if (r.error().code == domain::ErrorCode::unavailable)
      return http::error_response(req, r.error());
    auto ctx = form_errors_context(r.error().details);
    ctx["user_email"] = u ? u->email : "";
    return account_refusal(a, req, r.error(), std::move(ctx));
  }
  return Response::redirect("/account?password=changed");
}

Response confirm_email_change(const Services& a, Request& req) {
  auto r = a.accounts->confirm_email_change(req.param("token"));
  if (!r)
    return message_page(a, req, 404, "Link not valid", r.error().message, "/account",
                        "Your account");
  return message_page(a, req, 200, "E-mail changed", "Your log-in e-mail address is changed.",
                      "/account", "Your account");
}

// Closes the signed-in plumber's account after the password (and, once enrolled, the second
// factor: field "code") check; the session ends with it.
Response submit_account_close(const Services& a, Request& req) {
  auto f = form_of(req);
  std::optional<std::string> code;
  if (f.has("code")) code = f.get("code");
  auto r =
      a.accounts->close_account(req.principal.user_id, f.get("password"), code, client_of(a, req));
  if (!r) {
    if (r.error().code == domain::ErrorCode::unavailable)
      return http::error_response(req, r.error());
    auto u = a.accounts->user(req.principal.user_id);
    boost::json::object close_errors;
    for (const auto& d : r.error().details) close_errors[d.field] = d.message;
    if (close_errors.empty()) close_errors["password"] = r.error().message;
    boost::json::object ctx{{"user_email", u ? u->email : ""},
                            {"role", u ? std::string(domain::to_string(u->role)) : std::string()},
                            {"verified", u && u->verified()},
                            {"is_plumber", true},
                            {"closed_keep_days", a.settings.closed_account_keep_days},
                            {"close_errors", std::move(close_errors)}};
    return account_refusal(a, req, r.error(), std::move(ctx));
  }
  auto res = message_page(a, req, 200, "Account closed",
                          "Your account is closed: you no longer receive leads and you are logged "
                          "out everywhere. We anonymise your personal data after 30 days; your "
                          "business name, credit ledger, claims and payments are kept for our "
                          "accounts and invoices.",
                          "/", "Home");
  clear_session_cookie(a, res);
  return res;
}

// Everything we hold about the signed-in plumber, as a ZIP of JSON and CSV files.
Response export_account_data(const Services& a, Request& req) {
  auto r = a.exports->plumber_data(req.principal.user_id);
  if (!r) return http::error_response(req, r.error());
  auto res = Response::text(200, std::move(r->zip), "application/zip");
  res.set_header("Content-Disposition", "attachment; filename=\"" + r->filename + "\"");
  res.set_header("Cache-Control", "no-store");
  return res;
}

}  // namespace plumbline::web
