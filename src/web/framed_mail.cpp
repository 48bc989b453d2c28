// The framed e-mail HTML response (moved from pages/dev_mail.cpp, unchanged).
#include "web/framed_mail.hpp"

#include "integrations/text.hpp"

namespace plumbline::web {

namespace {

// The framed HTML part may show its inline styles and data: images and nothing else: no script, no
// request to any origin, no form; `sandbox` gives it an origin of its own, so even a script that
// ran could not reach this site. Links open in the whole tab, and only when clicked.
constexpr const char* framed_mail_policy =
    "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'self'; sandbox allow-top-navigation-by-user-activation";

std::string with_top_target(std::string html) {
  auto lower = integrations::ascii_lower(html);
  std::size_t at = 0;
  if (auto head = lower.find("<head"); head != std::string::npos) {
    at = lower.find('>', head);
    at = at == std::string::npos ? 0 : at + 1;
  } else if (lower.rfind("<!doctype", 0) == 0) {
    at = lower.find('>');
    at = at == std::string::npos ? 0 : at + 1;
  }
  html.insert(at, "<base target=\"_top\">");
  return html;
}

}  // namespace

http::Response framed_mail_response(std::string html) {
  auto res = http::Response::html(200, with_top_target(std::move(html)));
  res.set_header("Content-Security-Policy", framed_mail_policy);
  res.set_header("X-Frame-Options", "SAMEORIGIN");
  res.set_header("Referrer-Policy", "no-referrer");
  return res;
}

}  // namespace plumbline::web
