// Unit tests for the CSRF middleware, security headers, the Host check and the metrics bearer.
#include "http/middleware.hpp"

#include <gtest/gtest.h>

#include "crypto/tokens.hpp"
#include "http/auth.hpp"

namespace plumbline::http {
namespace {

const std::string secret = "0123456789abcdef0123456789abcdef";
const std::string cookie = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

Response run(Middleware mw, Request& req, int* calls) {
  return mw(req, [calls](Request&) {
    ++*calls;
    return Response::text(200, "ok");
  });
}

Request post(std::string body) {
  Request r;
  r.method = "POST";
  r.path = "/request";
  r.body = std::move(body);
  r.headers = {{"cookie", "plumbline_csrf=" + cookie}, {"host", "127.0.0.1:8080"}};
  return r;
}

TEST(Csrf, GetIssuesCookieAndToken) {
  Request r;
  r.method = "GET";
  int calls = 0;
  auto res = run(csrf({secret, "http://127.0.0.1:8080", false}), r, &calls);
  EXPECT_EQ(calls, 1);
  EXPECT_FALSE(r.csrf_token.empty());
  ASSERT_TRUE(res.header("Set-Cookie"));
  EXPECT_NE(res.header("Set-Cookie")->find("HttpOnly"), std::string::npos);
  EXPECT_NE(res.header("Set-Cookie")->find("SameSite=Lax"), std::string::npos);
}

TEST(Csrf, HttpsUsesHostPrefixedSecureCookie) {
  Request r;
  r.method = "GET";
  int calls = 0;
  auto res = run(csrf({secret, "https://plumbline.example", true}), r, &calls);
  EXPECT_EQ(res.header("Set-Cookie")->rfind("__Host-plumbline_csrf=", 0), 0u);
  EXPECT_NE(res.header("Set-Cookie")->find("Secure"), std::string::npos);
}

TEST(Csrf, PostWithRightTokenPasses) {
  auto r = post("a=1&csrf_token=" + csrf_token_for(secret, cookie));
  int calls = 0;
  EXPECT_EQ(run(csrf({secret, "http://127.0.0.1:8080", false}), r, &calls).status, 200);
  EXPECT_EQ(calls, 1);
}

TEST(Csrf, MissingWrongForeignOrCrossSiteIsForbidden) {
  auto mw = csrf({secret, "http://127.0.0.1:8080", false});
  int calls = 0;
  auto missing = post("a=1");
  EXPECT_EQ(run(mw, missing, &calls).status, 403);
  auto wrong = post("csrf_token=" + csrf_token_for(secret, "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB"));
  EXPECT_EQ(run(mw, wrong, &calls).status, 403);
  auto cross = post("csrf_token=" + csrf_token_for(secret, cookie));
  cross.headers.emplace_back("sec-fetch-site", "cross-site");
  EXPECT_EQ(run(mw, cross, &calls).status, 403);
  auto origin = post("csrf_token=" + csrf_token_for(secret, cookie));
  origin.headers.emplace_back("origin", "https://evil.example");
  EXPECT_EQ(run(mw, origin, &calls).status, 403);
  auto no_cookie = post("csrf_token=" + csrf_token_for(secret, cookie));
  no_cookie.headers.clear();
  EXPECT_EQ(run(mw, no_cookie, &calls).status, 403);
  EXPECT_EQ(calls, 0);
}

TEST(Csrf, SameOriginHeaderPasses) {
  auto r = post("csrf_token=" + csrf_token_for(secret, cookie));
  r.headers.emplace_back("origin", "http://127.0.0.1:8080");
  r.headers.emplace_back("sec-fetch-site", "same-origin");
  int calls = 0;
  EXPECT_EQ(run(csrf({secret, "http://127.0.0.1:8080", false}), r, &calls).status, 200);
}

TEST(Csrf, NullOriginPassesOnlyWithSameOriginFetchMetadata) {
  auto mw = csrf({secret, "http://127.0.0.1:8080", false});
  int calls = 0;
  auto bare = post("csrf_token=" + csrf_token_for(secret, cookie));
  bare.headers.emplace_back("origin", "null");
  EXPECT_EQ(run(mw, bare, &calls).status, 403);
  auto same = post("csrf_token=" + csrf_token_for(secret, cookie));
  same.headers.emplace_back("origin", "null");
  same.headers.emplace_back("sec-fetch-site", "same-origin");
  EXPECT_EQ(run(mw, same, &calls).status, 200);
  EXPECT_EQ(calls, 1);
}

TEST(ForwardedHttps, BelievedOnlyFromTrustedProxies) {
  Request r;
  r.peer_ip = "10.0.0.2";
  r.headers = {{"x-forwarded-proto", "https"}};
  EXPECT_TRUE(forwarded_https(r, {"10.0.0.2"}));
  EXPECT_FALSE(forwarded_https(r, {"10.0.0.9"}));
  EXPECT_FALSE(forwarded_https(r, {}));
  r.headers = {{"x-forwarded-proto", "http"}};
  EXPECT_FALSE(forwarded_https(r, {"10.0.0.2"}));
}

TEST(SecurityHeaders, PresentOnEveryResponse) {
  Request r;
  auto res = security_headers(true)(r, [](Request&) { return Response::text(500, "x"); });
  auto csp = res.header("Content-Security-Policy");
  ASSERT_TRUE(csp);
  EXPECT_NE(csp->find("script-src 'self'"), std::string::npos);
  EXPECT_EQ(csp->find("unsafe-inline"), std::string::npos);
  EXPECT_NE(csp->find("frame-ancestors 'none'"), std::string::npos);
  EXPECT_EQ(*res.header("X-Content-Type-Options"), "nosniff");
  EXPECT_TRUE(res.header("Referrer-Policy"));
  EXPECT_TRUE(res.header("Strict-Transport-Security"));
  EXPECT_EQ(*res.header("Cache-Control"), "no-store");
  EXPECT_NE(csp->find("form-action 'self';"), std::string::npos);
}

TEST(SecurityHeaders, FormActionExtraSources) {
  Request r;
  auto res = security_headers(false, "https://checkout.stripe.com")(
      r, [](Request&) { return Response::text(200, "x"); });
  auto csp = res.header("Content-Security-Policy");
  ASSERT_TRUE(csp);
  EXPECT_NE(csp->find("form-action 'self' https://checkout.stripe.com; frame-ancestors 'none'"),
            std::string::npos);
}

TEST(SecurityHeaders, AHandlersOwnPolicyStands) {
  Request r;
  auto res = security_headers(false)(r, [](Request&) {
    auto own = Response::html(200, "x");
    own.set_header("Content-Security-Policy", "default-src 'none'; sandbox");
    own.set_header("X-Frame-Options", "SAMEORIGIN");
    return own;
  });
  EXPECT_EQ(*res.header("Content-Security-Policy"), "default-src 'none'; sandbox");
  EXPECT_EQ(*res.header("X-Frame-Options"), "SAMEORIGIN");
  EXPECT_EQ(*res.header("X-Content-Type-Options"), "nosniff");
}

// Issue 20: a page partners may frame names them in frame-ancestors and gets no X-Frame-Options;
// a policy that keeps frame-ancestors 'none' still gets DENY.
TEST(SecurityHeaders, AFramablePageGetsNoXFrameOptions) {
  Request r;
  auto framable = security_headers(false)(r, [](Request&) {
    auto res = Response::html(200, "x");
    res.set_header("Content-Security-Policy",
                   content_security_policy({}, "https://partner.example"));
    return res;
  });
  EXPECT_NE(
      framable.header("Content-Security-Policy")->find("frame-ancestors https://partner.example"),
      std::string::npos);
  EXPECT_FALSE(framable.header("X-Frame-Options"));
  auto closed = security_headers(false)(r, [](Request&) {
    auto res = Response::html(200, "x");
    res.set_header("Content-Security-Policy", content_security_policy({}));
    return res;
  });
  EXPECT_EQ(*closed.header("X-Frame-Options"), "DENY");
}

// The embedded form's token: signed, bound to the form's path, valid max_age seconds; no cookie.
TEST(FramedFormCsrf, ATokenWorksOnItsOwnFormWithinItsAgeOnly) {
  auto mw = framed_form_csrf({secret, "http://127.0.0.1:8080", false}, 7200);
  Request get;
  get.method = "GET";
  get.path = "/embed/3/request";
  int calls = 0;
  auto page = run(mw, get, &calls);
  EXPECT_FALSE(page.header("Set-Cookie"));  // a third-party frame would not send it back
  ASSERT_FALSE(get.csrf_token.empty());
  auto send = [&](const std::string& path, const std::string& token,
                  std::vector<std::pair<std::string, std::string>> headers = {}) {
    Request r;
    r.method = "POST";
    r.path = path;
    r.body = "csrf_token=" + token + "&name=x";
    r.headers = {{"host", "127.0.0.1:8080"}, {"origin", "http://127.0.0.1:8080"}};
    for (auto& h : headers) r.headers.push_back(h);
    return run(mw, r, &calls).status;
  };
  EXPECT_EQ(send("/embed/3/request", get.csrf_token), 200);
  EXPECT_EQ(send("/embed/4/request", get.csrf_token), 403);  // another source's form
  EXPECT_EQ(send("/embed/3/request", ""), 403);
  EXPECT_EQ(send("/embed/3/request", get.csrf_token + "x"), 403);
  EXPECT_EQ(send("/embed/3/request", get.csrf_token, {{"sec-fetch-site", "cross-site"}}), 403);
  Request foreign;
  foreign.method = "POST";
  foreign.path = "/embed/3/request";
  foreign.body = "csrf_token=" + get.csrf_token;
  foreign.headers = {{"host", "127.0.0.1:8080"}, {"origin", "https://evil.example"}};
  EXPECT_EQ(run(mw, foreign, &calls).status, 403);
  // A token signed right but issued three hours ago has expired.
  auto issued =
      std::to_string(std::stoll(get.csrf_token.substr(0, get.csrf_token.find('.'))) - 3 * 3600);
  auto old =
      issued + "." + crypto::hmac_sha256_b64url(secret, "framed-csrf:/embed/3/request:" + issued);
  EXPECT_EQ(send("/embed/3/request", old), 403);
  EXPECT_EQ(calls, 2);  // the GET and the one good post
}

Request with_hosts(std::string path, std::vector<std::string> hosts) {
  Request r;
  r.method = "GET";
  r.path = std::move(path);
  for (auto& h : hosts) r.headers.emplace_back("host", std::move(h));
  return r;
}

TEST(HostCheck, RefusesOtherNamesWith421AndAMissingHostWith400) {
  auto mw = host_check(HostAllowList("http://127.0.0.1:8080", {"plumbline.test"}), {"/healthz"});
  int calls = 0;
  auto good = with_hosts("/", {"localhost:8080"});
  EXPECT_EQ(run(mw, good, &calls).status, 200);
  auto extra = with_hosts("/", {"PLUMBLINE.test:443"});
  EXPECT_EQ(run(mw, extra, &calls).status, 200);
  EXPECT_EQ(calls, 2);
  auto evil = with_hosts("/dev/mail", {"evil.example:8080"});
  evil.error_format = ErrorFormat::json;
  auto res = run(mw, evil, &calls);
  EXPECT_EQ(res.status, 421);
  EXPECT_NE(res.body.find("misdirected_request"), std::string::npos);
  auto none = with_hosts("/", {});
  EXPECT_EQ(run(mw, none, &calls).status, 400);
  auto two = with_hosts("/", {"localhost", "evil.example"});
  EXPECT_EQ(run(mw, two, &calls).status, 400);
  EXPECT_EQ(calls, 2) << "refused requests never reach the route";
  auto probe = with_hosts("/healthz", {"10.0.0.7:8080"});
  EXPECT_EQ(run(mw, probe, &calls).status, 200) << "health checks are exempt";
}

TEST(SharedSecretBearer, OnlyTheExactTokenPasses) {
  const std::string token = "metrics-token-0123456789abcdef-0123";
  auto mw = shared_secret_bearer(token);
  int calls = 0;
  for (std::string header :
       std::vector<std::string>{"", "Bearer ", "Bearer wrong", "Bearer " + token + "x",
                                "Basic " + token, "bearer" + token}) {
    Request r;
    if (!header.empty()) r.headers = {{"authorization", header}};
    auto res = run(mw, r, &calls);
    EXPECT_EQ(res.status, 401) << header;
    EXPECT_TRUE(res.header("WWW-Authenticate")) << header;
  }
  Request ok;
  ok.headers = {{"authorization", "Bearer " + token}};
  EXPECT_EQ(run(mw, ok, &calls).status, 200);
  EXPECT_EQ(calls, 1);
}

}  // namespace
}  // namespace plumbline::http
