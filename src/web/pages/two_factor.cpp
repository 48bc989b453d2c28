// Two-factor pages: the code step of log-in, and set-up / turning off on the account.
#include <boost/json.hpp>

#include "crypto/tokens.hpp"
#include "http/auth.hpp"
#include "http/errors.hpp"
#include "http/forms.hpp"
#include "http/middleware.hpp"
#include "web/handlers.hpp"
#include "web/input.hpp"
#include "web/pages/account_detail.hpp"
#include "web/qr_svg.hpp"

namespace plumbline::web {

using namespace account_detail;

namespace {
std::string tf_cookie_name(bool https) {
  return https ? "__Host-plumbline_2fa" : "plumbline_2fa";
}

void tf_set_challenge_cookie(const Services& a, const Request& req, Response& res,
                             const std::string& value, long max_age) {
  http::CookieOptions o;
  o.secure = a.settings.https || http::forwarded_https(req, a.settings.trusted_proxies);
  o.http_only = true;
  o.same_site = "Lax";
  o.max_age_seconds = max_age;
  res.headers.emplace_back("Set-Cookie",
                           http::make_set_cookie(tf_cookie_name(a.settings.https), value, o));
}

std::string tf_challenge_of(const Services& a, const Request& req) {
  auto c = req.cookie(tf_cookie_name(a.settings.https));
  return c && c->size() <= 64 ? std::string(*c) : std::string();
}

int tf_status(const domain::Error& e) {
  if (e.code == domain::ErrorCode::invalid_input || e.code == domain::ErrorCode::conflict)
    return 422;
  return http::status_for(e.code);
}

// The account's two-factor page: set-up (QR code, key, code form), recovery codes, or turning off.
Response tf_account_page(const Services& a, const Request& req, int status,
                         boost::json::object ctx) {
  auto st = a.accounts->two_factor_status(req.principal.user_id);
  ctx["enabled"] = st.enabled;
  ctx["required"] = st.required;
  ctx["pending"] = st.pending;
  ctx["must_enrol"] = req.principal.must_enrol_two_factor;
  ctx["recovery_codes_left"] = st.recovery_codes_left;
  if (st.pending) {
    // The key in groups of four for typing, and the QR code of the otpauth:// URI.
    std::string grouped;
    for (std::size_t i = 0; i < st.secret_base32.size(); i += 4)
      grouped += (i ? " " : "") + st.secret_base32.substr(i, 4);
    ctx["secret"] = grouped;
    ctx["qr_svg"] = qr_svg(st.otpauth_uri);
  }
  return render(a, req, status, "two_factor", "Two-factor sign-in", std::move(ctx));
}
}  // namespace

Response two_factor_challenge_redirect(const Services& a, const Request& req,
                                       const services::NewSession& s, const std::string& next) {
  auto n = safe_next(next);
  auto res =
      Response::redirect(n.empty() ? std::string("/login/two-factor")
                                   : "/login/two-factor?next=" + crypto::percent_encode(n, "/"));
  tf_set_challenge_cookie(a, req, res, s.challenge, (s.expires_at - a.clock.now_ms() + 999) / 1000);
  return res;
}

Response show_login_two_factor(const Services& a, Request& req) {
  auto q = query_of(req);
  if (!a.accounts->two_factor_challenge_alive(tf_challenge_of(a, req)))
    return Response::redirect("/login");
  auto res = render(a, req, 200, "login_two_factor", "Enter your code",
                    {{"next", safe_next(q.get("next"))}});
  res.set_header("Cache-Control", "no-store");
  return res;
}

Response submit_login_two_factor(const Services& a, Request& req) {
  auto f = form_of(req);
  auto s = a.accounts->complete_login(tf_challenge_of(a, req), f.get("code"), client_of(a, req));
  if (!s) {
    const auto& e = s.error();
    if (e.code == domain::ErrorCode::unavailable) return http::error_response(req, e);
    bool gone = e.code == domain::ErrorCode::not_found;
    auto res = render(a, req, gone ? 401 : tf_status(e), "login_two_factor", "Enter your code",
                      {{"error", e.message}, {"gone", gone}, {"next", safe_next(f.get("next"))}});
    http::set_retry_after(res, e);
    if (gone) tf_set_challenge_cookie(a, req, res, "", 0);
    res.set_header("Cache-Control", "no-store");
    return res;
  }
  // A fresh session id at every log-in (no fixation); the old session, if any, ends.
  if (!req.principal.session_hash.empty()) a.accounts->logout(req.principal.session_hash);
  auto next = safe_next(f.get("next"));
  auto res = Response::redirect(next.empty() || !s->user.verified() ? home_for(s->user) : next);
  tf_set_challenge_cookie(a, req, res, "", 0);
  set_session_cookie(a, req, res, s.value());
  return res;
}

Response show_two_factor(const Services& a, Request& req) {
  auto q = query_of(req);
  boost::json::object ctx;
  if (q.get("off") == "1") ctx["notice"] = "Two-factor sign-in is off.";
  return tf_account_page(a, req, 200, std::move(ctx));
}

Response submit_two_factor_setup(const Services& a, Request& req) {
  auto r = a.accounts->start_two_factor(req.principal.user_id);
  if (!r) {
    if (r.error().code == domain::ErrorCode::unavailable)
      return http::error_response(req, r.error());
    return tf_account_page(a, req, tf_status(r.error()), {{"error", r.error().message}});
  }
  return Response::redirect("/account/two-factor");
}

Response submit_two_factor_confirm(const Services& a, Request& req) {
  auto f = form_of(req);
  auto codes =
      a.accounts->confirm_two_factor(req.principal.user_id, f.get("code"), client_of(a, req));
  if (!codes) {
    if (codes.error().code == domain::ErrorCode::unavailable)
      return http::error_response(req, codes.error());
    auto ctx = form_errors_context(codes.error().details);
    ctx["error"] = codes.error().message;
    return tf_account_page(a, req, tf_status(codes.error()), std::move(ctx));
  }
  boost::json::array list;
  for (const auto& c : codes.value()) list.push_back(boost::json::value(c));
  return render(a, req, 200, "two_factor_codes", "Your recovery codes",
                {{"codes", std::move(list)},
                 {"continue_url", domain::is_staff(req.principal.role) ? "/admin" : "/account"}});
}

Response submit_two_factor_disable(const Services& a, Request& req) {
  auto f = form_of(req);
  auto r = a.accounts->disable_two_factor(req.principal.user_id, f.get("password"), f.get("code"),
                                          client_of(a, req));
  if (!r) {
    const auto& e = r.error();
    if (e.code == domain::ErrorCode::unavailable) return http::error_response(req, e);
    auto res = tf_account_page(a, req, tf_status(e), {{"error", e.message}});
    http::set_retry_after(res, e);
    return res;
  }
  return Response::redirect("/account/two-factor?off=1");
}

}  // namespace plumbline::web
