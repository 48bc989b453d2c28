// Unit tests for the Stripe client: form encoding, and its requests, retries and error parsing
// against a loopback HTTP server run inside the test.
#include "integrations/stripe_client.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace plumbline::integrations {
namespace {

struct Seen {
  std::string method, target, body;
  std::map<std::string, std::string> headers;  // names lower-cased
};

// What the server does with one request: answer it, close the connection without answering, or
// hold it open without answering until the test ends.
struct Step {
  enum Kind { answer, drop, hang } kind = answer;
  int status = 200;
  std::string body = "{}";
  std::vector<std::string> headers;
};

// One thread, one connection at a time; each request consumes the next step (the last repeats).
class LoopbackServer {
 public:
  explicit LoopbackServer(std::vector<Step> steps) : steps_(steps.begin(), steps.end()) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    ::setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd_, 8) != 0)
      throw std::runtime_error("loopback server: bind/listen failed");
    socklen_t len = sizeof addr;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { run(); });
  }

  ~LoopbackServer() {
    {
      std::lock_guard lk(mu_);
      stopping_ = true;
    }
    cv_.notify_all();
    ::shutdown(fd_, SHUT_RDWR);  // unblocks accept
    thread_.join();
    ::close(fd_);
  }

  std::string base() const { return "http://127.0.0.1:" + std::to_string(port_); }

  std::vector<Seen> seen() {
    std::lock_guard lk(mu_);
    return seen_;
  }

 private:
  void run() {
    for (;;) {
      int c = ::accept(fd_, nullptr, nullptr);
      if (c < 0) return;
      Seen s;
      bool complete = read_request(c, s);
      Step step;
      {
        std::lock_guard lk(mu_);
        if (stopping_) {
          ::close(c);
          return;
        }
        if (complete) seen_.push_back(s);
        step = steps_.front();
        if (steps_.size() > 1) steps_.pop_front();
      }
      if (step.kind == Step::answer) {
        std::string reply = "HTTP/1.1 " + std::to_string(step.status) + " X\r\n";
        reply += "Content-Type: application/json\r\nConnection: close\r\n";
        for (const auto& h : step.headers) reply += h + "\r\n";
        reply += "Content-Length: " + std::to_string(step.body.size()) + "\r\n\r\n" + step.body;
        write_all(c, reply);
      } else if (step.kind == Step::hang) {
        std::unique_lock lk(mu_);
        cv_.wait(lk, [&] { return stopping_; });
      }
      ::close(c);
    }
  }

  static void write_all(int c, const std::string& s) {
    std::size_t off = 0;
    while (off < s.size()) {
      auto n = ::send(c, s.data() + off, s.size() - off, MSG_NOSIGNAL);
      if (n <= 0) return;
      off += static_cast<std::size_t>(n);
    }
  }

  static bool read_request(int c, Seen& s) {
    std::string buf;
    char tmp[4096];
    std::size_t head_end;
    while ((head_end = buf.find("\r\n\r\n")) == std::string::npos) {
      auto n = ::recv(c, tmp, sizeof tmp, 0);
      if (n <= 0) return false;
      buf.append(tmp, static_cast<std::size_t>(n));
    }
    std::string head = buf.substr(0, head_end);
    auto line_end = head.find("\r\n");
    std::string request_line = head.substr(0, line_end);
    auto sp1 = request_line.find(' '), sp2 = request_line.rfind(' ');
    s.method = request_line.substr(0, sp1);
    s.target = request_line.substr(sp1 + 1, sp2 - sp1 - 1);
    std::size_t pos = line_end == std::string::npos ? head.size() : line_end + 2;
    while (pos < head.size()) {
      auto e = head.find("\r\n", pos);
      if (e == std::string::npos) e = head.size();
      auto line = head.substr(pos, e - pos);
      auto colon = line.find(':');
      if (colon != std::string::npos) {
        std::string name = line.substr(0, colon);
        for (auto& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        auto v = line.substr(colon + 1);
        while (!v.empty() && v.front() == ' ') v.erase(0, 1);
        s.headers[name] = v;
      }
      pos = e + 2;
    }
    std::size_t want =
        s.headers.count("content-length") ? std::stoul(s.headers["content-length"]) : 0;
    s.body = buf.substr(head_end + 4);
    while (s.body.size() < want) {
      auto n = ::recv(c, tmp, sizeof tmp, 0);
      if (n <= 0) return false;
      s.body.append(tmp, static_cast<std::size_t>(n));
    }
    return true;
  }

  int fd_ = -1;
  int port_ = 0;
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::deque<Step> steps_;
  std::vector<Seen> seen_;
};

StripeOptions options_for(const LoopbackServer& s) {
  StripeOptions o;
  o.api_base = s.base() + "/";
  o.secret_key = "sk_test_unit";
  o.max_attempts = 3;
  o.backoff = std::chrono::milliseconds(1);
  o.timeout = std::chrono::milliseconds(5000);
  return o;
}

const std::string kCustomer = R"({"id":"cus_1","object":"customer"})";
const std::string kServerError =
    R"({"error":{"type":"api_error","message":"An unknown error occurred"}})";

TEST(StripeFormEncode, BracketParamsAreEncodedAsStripeExpects) {
  StripeParams p{{"line_items[0][price]", "price_123"},
                 {"metadata[plumber_id]", "42"},
                 {"expand[]", "latest_charge"},
                 {"success_url", "http://x/billing/done?session_id={CHECKOUT_SESSION_ID}"},
                 {"name", "Joe's Plumbing & Co"}};
  EXPECT_EQ(stripe_form_encode(p),
            "line_items%5B0%5D%5Bprice%5D=price_123&metadata%5Bplumber_id%5D=42&expand%5B%5D="
            "latest_charge&success_url=http%3A%2F%2Fx%2Fbilling%2Fdone%3Fsession_id%3D%7BCHECKOUT_"
            "SESSION_ID%7D&name=Joe%27s+Plumbing+%26+Co");
  EXPECT_EQ(stripe_form_encode({}), "");
}

TEST(StripeClient, PostSendsAuthVersionKeyAndFormBody) {
  LoopbackServer server(std::vector<Step>{{Step::answer, 200, kCustomer, {"Request-Id: req_abc"}}});
  auto client = make_stripe_client(options_for(server));
  auto r = client->post("/v1/customers", {{"email", "a@b.c"}, {"metadata[plumber_id]", "7"}},
                        "plumbline-customer-7");
  ASSERT_TRUE(r.ok) << r.error_message;
  EXPECT_EQ(r.http_status, 200);
  EXPECT_EQ(r.attempts, 1);
  EXPECT_EQ(r.request_id, "req_abc");
  EXPECT_EQ(r.body.at("id").as_string(), "cus_1");
  auto seen = server.seen();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].method, "POST");
  EXPECT_EQ(seen[0].target, "/v1/customers");
  EXPECT_EQ(seen[0].headers["authorization"], "Bearer sk_test_unit");
  EXPECT_EQ(seen[0].headers["stripe-version"], "2026-10-28.endive");
  EXPECT_EQ(seen[0].headers["idempotency-key"], "plumbline-customer-7");
  EXPECT_EQ(seen[0].headers["content-type"], "application/x-www-form-urlencoded");
  EXPECT_EQ(seen[0].body, "email=a%40b.c&metadata%5Bplumber_id%5D=7");
}

TEST(StripeClient, GetPutsParamsInTheQueryAndSendsNoIdempotencyKey) {
  LoopbackServer server(
      std::vector<Step>{{Step::answer, 200, R"({"object":"list","data":[],"has_more":false})"}});
  auto client = make_stripe_client(options_for(server));
  auto r = client->get("/v1/events", {{"limit", "100"}, {"types[]", "invoice.paid"}});
  ASSERT_TRUE(r.ok);
  auto seen = server.seen();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].method, "GET");
  EXPECT_EQ(seen[0].target, "/v1/events?limit=100&types%5B%5D=invoice.paid");
  EXPECT_EQ(seen[0].headers.count("idempotency-key"), 0u);
  EXPECT_EQ(seen[0].headers["stripe-version"], "2026-10-28.endive");
}

TEST(StripeClient, RetryAfterADroppedConnectionSendsTheSameKey) {
  LoopbackServer server(std::vector<Step>{{Step::drop}, {Step::answer, 200, kCustomer}});
  auto client = make_stripe_client(options_for(server));
  auto r = client->post("/v1/customers", {{"email", "a@b.c"}}, "key-dropped-1");
  ASSERT_TRUE(r.ok) << r.error_message;
  EXPECT_EQ(r.attempts, 2);
  auto seen = server.seen();
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].headers["idempotency-key"], "key-dropped-1");
  EXPECT_EQ(seen[1].headers["idempotency-key"], "key-dropped-1");
  EXPECT_EQ(seen[0].body, seen[1].body);
}

TEST(StripeClient, ServerErrorsAreRetriedThenReported) {
  LoopbackServer server(
      std::vector<Step>{{Step::answer, 500, kServerError, {"Request-Id: req_500"}}});
  auto client = make_stripe_client(options_for(server));
  auto r = client->post("/v1/customers", {}, "key-500");
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.http_status, 500);
  EXPECT_EQ(r.attempts, 3);
  EXPECT_EQ(server.seen().size(), 3u);
  EXPECT_EQ(r.error_type, "api_error");
  EXPECT_EQ(r.request_id, "req_500");
  for (const auto& s : server.seen()) EXPECT_EQ(s.headers.at("idempotency-key"), "key-500");
}

TEST(StripeClient, ConflictIsRetriedAndCanSucceed) {
  LoopbackServer server(
      std::vector<Step>{{Step::answer, 409, R"({"error":{"type":"idempotency_error"}})"},
                        {Step::answer, 200, kCustomer}});
  auto client = make_stripe_client(options_for(server));
  auto r = client->post("/v1/customers", {}, "key-409");
  EXPECT_TRUE(r.ok);
  EXPECT_EQ(r.attempts, 2);
}

TEST(StripeClient, BadRequestIsNotRetriedAndItsErrorIsParsed) {
  LoopbackServer server(
      std::vector<Step>{{Step::answer,
                         400,
                         R"({"error":{"type":"invalid_request_error","code":"resource_missing",)"
                         R"("message":"No such customer: 'cus_x'","param":"customer"}})",
                         {"Request-Id: req_400"}}});
  auto client = make_stripe_client(options_for(server));
  auto r = client->post("/v1/checkout/sessions", {{"customer", "cus_x"}}, "key-400");
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.http_status, 400);
  EXPECT_EQ(r.attempts, 1);
  EXPECT_EQ(server.seen().size(), 1u);
  EXPECT_EQ(r.error_type, "invalid_request_error");
  EXPECT_EQ(r.error_code, "resource_missing");
  EXPECT_EQ(r.error_message, "No such customer: 'cus_x'");
  EXPECT_EQ(r.request_id, "req_400");
}

TEST(StripeClient, StripeShouldRetryFalseStopsARetry) {
  LoopbackServer server(
      std::vector<Step>{{Step::answer, 503, kServerError, {"Stripe-Should-Retry: false"}}});
  auto client = make_stripe_client(options_for(server));
  auto r = client->post("/v1/customers", {}, "key-503");
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.attempts, 1);
  EXPECT_EQ(server.seen().size(), 1u);
}

TEST(StripeClient, RateLimitIsRetriedOnlyWhenStripeSaysSo) {
  const std::string limited = R"({"error":{"type":"invalid_request_error","code":"rate_limit"}})";
  {
    LoopbackServer server(std::vector<Step>{{Step::answer, 429, limited}});
    auto r = make_stripe_client(options_for(server))->get("/v1/subscriptions/sub_1");
    EXPECT_EQ(r.attempts, 1);
    EXPECT_EQ(r.error_code, "rate_limit");
  }
  {
    LoopbackServer server(
        std::vector<Step>{{Step::answer, 429, limited, {"Stripe-Should-Retry: true"}},
                          {Step::answer, 200, R"({"id":"sub_1"})"}});
    auto r = make_stripe_client(options_for(server))->get("/v1/subscriptions/sub_1");
    EXPECT_TRUE(r.ok);
    EXPECT_EQ(r.attempts, 2);
  }
}

TEST(StripeClient, ANonJsonSuccessIsAnInvalidResponse) {
  LoopbackServer server(std::vector<Step>{{Step::answer, 200, "<html>proxy</html>"}});
  auto r = make_stripe_client(options_for(server))->get("/v1/subscriptions/sub_1");
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.http_status, 200);
  EXPECT_EQ(r.error_type, "invalid_response");
  EXPECT_EQ(r.attempts, 1);
}

TEST(StripeClient, ATimeoutIsANetworkError) {
  LoopbackServer server(std::vector<Step>{{Step::hang}});
  auto o = options_for(server);
  o.timeout = std::chrono::milliseconds(200);
  o.max_attempts = 2;
  auto r = make_stripe_client(o)->post("/v1/customers", {}, "key-timeout");
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.http_status, 0);
  EXPECT_EQ(r.error_type, "network_error");
  EXPECT_EQ(r.attempts, 2);
}

TEST(StripeClient, AMissingOrOverlongKeyIsRejectedWithoutSending) {
  LoopbackServer server(std::vector<Step>{{Step::answer, 200, kCustomer}});
  auto client = make_stripe_client(options_for(server));
  EXPECT_FALSE(client->post("/v1/customers", {}, "").ok);
  auto r = client->post("/v1/customers", {}, std::string(256, 'k'));
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.attempts, 0);
  EXPECT_TRUE(client->post("/v1/customers", {}, std::string(255, 'k')).ok);
  EXPECT_EQ(server.seen().size(), 1u);
}

TEST(StripeClient, SetApiBaseRedirectsLaterCalls) {
  LoopbackServer first(std::vector<Step>{{Step::answer, 200, kCustomer}});
  LoopbackServer second(std::vector<Step>{{Step::answer, 200, kCustomer}});
  auto client = make_stripe_client(options_for(first));
  client->set_api_base(second.base());
  EXPECT_TRUE(client->get("/v1/customers/cus_1").ok);
  EXPECT_EQ(first.seen().size(), 0u);
  EXPECT_EQ(second.seen().size(), 1u);
}

}  // namespace
}  // namespace plumbline::integrations
