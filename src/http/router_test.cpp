// Unit tests for the router: params, rest params, 404/405, groups, body limits, middleware order,
// and what a handler that throws answers.
#include "http/router.hpp"

#include <gtest/gtest.h>

#include "domain/error.hpp"

namespace plumbline::http {
namespace {

Response echo(Request& r) {
  return Response::text(200, r.route + "|" + r.param("token") + "|" + r.param("path"));
}

Router make_router(std::vector<std::string>* trace = nullptr) {
  Router r;
  auto html = std::make_shared<Group>(Group{"public", ErrorFormat::html, {}});
  auto json = std::make_shared<Group>(Group{"api", ErrorFormat::json, {}, 1024});
  if (trace) {
    Group g{"traced", ErrorFormat::html, {}};
    g.chain.push_back([trace](Request& q, const Handler& next) {
      trace->push_back("a-before");
      auto res = next(q);
      trace->push_back("a-after");
      return res;
    });
    g.chain.push_back([trace](Request& q, const Handler& next) {
      trace->push_back("b");
      return next(q);
    });
    r.add(std::make_shared<Group>(std::move(g)), "GET", "/traced", [trace](Request&) {
      trace->push_back("handler");
      return Response::text(200, "ok");
    });
  }
  r.add(html, "GET", "/", echo);
  r.add(html, "GET", "/t/{token}", echo);
  r.add(html, "POST", "/t/{token}/cancel", echo);
  r.add(html, "GET", "/static/{hash}/{path...}", echo);
  r.add(json, "POST", "/api/v1/leads", echo, 4096);
  return r;
}

Response call(const Router& r, const std::string& method, const std::string& path) {
  Request req;
  req.method = method;
  req.path = path;
  return r.dispatch(req);
}

TEST(Router, MatchesLiteralAndParams) {
  auto r = make_router();
  EXPECT_EQ(call(r, "GET", "/").body, "/||");
  EXPECT_EQ(call(r, "GET", "/t/abc").body, "/t/{token}|abc|");
  EXPECT_EQ(call(r, "POST", "/t/abc/cancel").body, "/t/{token}/cancel|abc|");
  EXPECT_EQ(call(r, "GET", "/static/h1/css/app.css").body, "/static/{hash}/{path...}||css/app.css");
}

TEST(Router, HeadIsServedByGet) {
  EXPECT_EQ(call(make_router(), "HEAD", "/t/x").status, 200);
}

TEST(Router, UnknownPathIs404InTheGroupFormat) {
  auto r = make_router();
  auto page = call(r, "GET", "/nope");
  EXPECT_EQ(page.status, 404);
  EXPECT_NE(page.header("Content-Type")->find("text/html"), std::string::npos);
  auto api = call(r, "GET", "/api/v1/nope");
  EXPECT_EQ(api.status, 404);
  EXPECT_EQ(*api.header("Content-Type"), "application/json");
  EXPECT_NE(api.body.find("\"code\":\"not_found\""), std::string::npos);
  EXPECT_EQ(call(r, "GET", "/t").status, 404);
  EXPECT_EQ(call(r, "GET", "/t/a/b").status, 404);
  EXPECT_EQ(call(r, "GET", "/t/abc/").status, 404);
}

TEST(Router, WrongMethodIs405WithAllow) {
  auto r = make_router();
  auto res = call(r, "DELETE", "/t/abc");
  EXPECT_EQ(res.status, 405);
  EXPECT_EQ(*res.header("Allow"), "GET, HEAD");
  auto api = call(r, "GET", "/api/v1/leads");
  EXPECT_EQ(api.status, 405);
  EXPECT_EQ(*api.header("Content-Type"), "application/json");
}

TEST(Router, BodyLimitsPerRouteAndDefault) {
  auto r = make_router();
  EXPECT_EQ(r.body_limit_for("POST", "/api/v1/leads"), 4096u);
  EXPECT_EQ(r.body_limit_for("POST", "/t/x/cancel"), default_body_limit);
  EXPECT_EQ(r.body_limit_for("POST", "/unknown"), default_body_limit);
}

TEST(Router, AMultipartLimitAppliesToMultipartBodiesOnly) {
  Router r;
  auto html = std::make_shared<Group>(Group{"public", ErrorFormat::html, {}});
  auto ok = [](Request&) { return Response::text(200, "ok"); };
  r.add(html, "POST", "/upload", ok, 0, 1 << 20);
  r.add(html, "POST", "/form", ok);
  EXPECT_EQ(r.body_limit_for("POST", "/upload", "multipart/form-data; boundary=x1"), 1u << 20);
  EXPECT_EQ(r.body_limit_for("POST", "/upload", "Multipart/Form-Data; boundary=\"a b\""), 1u << 20);
  for (const char* other : {"application/x-www-form-urlencoded", "application/json", "",
                            "multipart/form-data", "multipart/mixed; boundary=x1"})
    EXPECT_EQ(r.body_limit_for("POST", "/upload", other), default_body_limit) << other;
  EXPECT_EQ(r.body_limit_for("POST", "/form", "multipart/form-data; boundary=x1"),
            default_body_limit);
}

TEST(Router, MiddlewareRunsOutermostFirst) {
  std::vector<std::string> trace;
  auto r = make_router(&trace);
  EXPECT_EQ(call(r, "GET", "/traced").status, 200);
  EXPECT_EQ(trace, (std::vector<std::string>{"a-before", "b", "handler", "a-after"}));
}

TEST(Router, OuterChainWrapsErrorsToo) {
  auto r = make_router();
  r.set_outer_chain({[](Request& q, const Handler& next) {
    auto res = next(q);
    res.set_header("X-Outer", "1");
    return res;
  }});
  EXPECT_EQ(*call(r, "GET", "/nope").header("X-Outer"), "1");
  EXPECT_EQ(*call(r, "GET", "/").header("X-Outer"), "1");
}

TEST(Router, RefusesAResponseWhoseHeaderWouldSplitIt) {
  Router r;
  auto html = std::make_shared<Group>(Group{"public", ErrorFormat::html, {}});
  r.add(html, "GET", "/to", [](Request& q) { return Response::redirect(q.query); });
  r.add(html, "GET", "/name", [](Request&) {
    Response res = Response::text(200, "x");
    res.set_header("X-Bad Name", "v");
    return res;
  });
  auto follow = [&r](std::string where) {
    Request req;
    req.method = "GET";
    req.path = "/to";
    req.query = std::move(where);
    return r.dispatch(req);
  };
  EXPECT_EQ(follow("/fine?a=b").status, 303);
  for (const std::string& bad : std::vector<std::string>{
           "/x\r\nSet-Cookie: a=1", std::string("/x\0y", 4), "/x\ny", "/x\ry"}) {
    auto res = follow(bad);
    EXPECT_EQ(res.status, 500) << bad;
    EXPECT_EQ(res.header("Location"), nullptr) << bad;
  }
  EXPECT_EQ(call(r, "GET", "/name").status, 500);
}

TEST(Response, HeaderFieldSafety) {
  EXPECT_TRUE(header_field_safe("Location", "/a?b=c\td"));
  EXPECT_FALSE(header_field_safe("Location", "/a\r\nX: y"));
  EXPECT_FALSE(header_field_safe("Location", "/a\x7f"));
  EXPECT_FALSE(header_field_safe("", "v"));
  EXPECT_FALSE(header_field_safe("X:Y", "v"));
  EXPECT_FALSE(header_field_safe("X\nY", "v"));
}

TEST(Router, GuardsRunInsideTheOuterChainBeforeRoutesAndNotFound) {
  auto r = make_router();
  r.set_outer_chain({[](Request& q, const Handler& next) {
    auto res = next(q);
    res.set_header("X-Outer", "1");
    return res;
  }});
  r.set_guards({[](Request& q, const Handler& next) {
    if (q.header("host") != std::optional<std::string_view>("ok")) return Response::text(421, "no");
    return next(q);
  }});
  for (std::string path : {"/", "/nope"}) {
    auto refused = call(r, "GET", path);
    EXPECT_EQ(refused.status, 421) << path;
    EXPECT_EQ(*refused.header("X-Outer"), "1") << path;
  }
  Request ok;
  ok.method = "GET";
  ok.path = "/";
  ok.headers = {{"host", "ok"}};
  EXPECT_EQ(r.dispatch(ok).status, 200);
  Request protocol_error;
  protocol_error.method = "GET";
  protocol_error.path = "/";
  EXPECT_EQ(r.respond(protocol_error, [](Request&) { return Response::text(400, "bad"); }).status,
            400)
      << "protocol errors skip the guards";
}

}  // namespace
}  // namespace plumbline::http

namespace plumbline::http {
namespace {

Router throwing_router(std::function<Response(Request&)> handler) {
  Router r;
  r.add(std::make_shared<Group>(Group{"api", ErrorFormat::json, {}}), "GET", "/boom",
        std::move(handler));
  r.add(std::make_shared<Group>(Group{"public", ErrorFormat::html, {}}), "GET", "/page",
        [](Request&) -> Response { throw std::logic_error("page bug"); });
  r.set_outer_chain({[](Request& q, const Handler& next) {
    q.request_id = "req-42";
    auto res = next(q);
    res.set_header("X-Outer", "yes");
    return res;
  }});
  return r;
}

TEST(Router, ABugIs500WithTheRequestIdAndALogLine) {
  auto r = throwing_router([](Request&) -> Response { throw std::runtime_error("null plan"); });
  testing::internal::CaptureStdout();
  auto res = call(r, "GET", "/boom");
  auto logged = testing::internal::GetCapturedStdout();
  EXPECT_EQ(res.status, 500);
  EXPECT_NE(res.body.find("\"code\":\"internal\""), std::string::npos) << res.body;
  EXPECT_NE(res.body.find("req-42"), std::string::npos) << res.body;
  ASSERT_NE(res.header("X-Outer"), nullptr);  // the outer chain still runs
  EXPECT_EQ(*res.header("X-Outer"), "yes");
  EXPECT_NE(logged.find("unhandled_exception"), std::string::npos) << logged;
  EXPECT_NE(logged.find("req-42"), std::string::npos) << logged;
  EXPECT_NE(logged.find("/boom"), std::string::npos) << logged;
  EXPECT_NE(logged.find("null plan"), std::string::npos) << logged;
  EXPECT_NE(logged.find("\"level\":\"error\""), std::string::npos) << logged;

  testing::internal::CaptureStdout();
  auto page = call(r, "GET", "/page");
  testing::internal::GetCapturedStdout();
  EXPECT_EQ(page.status, 500);
  EXPECT_NE(page.body.find("quote this id: req-42"), std::string::npos) << page.body;
}

TEST(Router, AFailureIsItsErrorWithRetryAfter) {
  auto r = throwing_router([](Request&) -> Response {
    throw domain::Failure{domain::Error::make(domain::ErrorCode::unavailable,
                                              "We could not load that.", "database is locked")};
  });
  testing::internal::CaptureStdout();
  auto res = call(r, "GET", "/boom");
  testing::internal::GetCapturedStdout();
  EXPECT_EQ(res.status, 503);
  EXPECT_NE(res.body.find("\"code\":\"unavailable\""), std::string::npos) << res.body;
  EXPECT_EQ(res.body.find("database is locked"), std::string::npos) << res.body;  // logs only
  EXPECT_TRUE(res.has_header("Retry-After"));
}

TEST(Router, AnythingThrownThatIsNoExceptionIsStillAnswered) {
  auto r = throwing_router([](Request&) -> Response { throw 7; });
  testing::internal::CaptureStdout();
  auto res = call(r, "GET", "/boom");
  auto logged = testing::internal::GetCapturedStdout();
  EXPECT_EQ(res.status, 500);
  EXPECT_NE(logged.find("unhandled_exception"), std::string::npos) << logged;
}

}  // namespace
}  // namespace plumbline::http
