// Outbound webhooks end to end below HTTP, on SQLite and PostgreSQL (issue 20 item 3): registration
// refuses private targets, the worker signs and pins the checked address, refuses a host that
// resolves somewhere private by delivery time (DNS rebinding), retries with backoff, signs with
// both secrets during a rotation's grace, redelivers with the same event id, and gives the
// homeowner's contact details to the claimant's endpoints only.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <map>

#include "../source_root.hpp"
#include "database_test.hpp"
#include "integrations/stripe_signature.hpp"
#include "services/webhook_events.hpp"
#include "services/webhooks.hpp"
#include "worker/outbox_worker.hpp"

namespace plumbline::webhooks_service_test {
namespace {

constexpr domain::Millis wh_t0 = 1'800'000'000'000;
const std::string wh_secret_key = "test-secret-0123456789abcdef0123456789";

// The network: host names resolve as `dns` says; every POST is recorded and answered `status`.
struct FakeWebhookNet final : integrations::WebhookClient {
  std::map<std::string, std::vector<std::string>> dns;
  int status = 200;
  struct Post {
    std::string host, address, body, signature;
  };
  std::vector<Post> posts;
  std::vector<std::string> resolve(const std::string& host, std::string& error) override {
    auto it = dns.find(host);
    if (it == dns.end()) {
      error = "unknown host";
      return {};
    }
    return it->second;
  }
  integrations::WebhookResponse post(
      const domain::WebhookTarget& t, const std::string& address, const std::string& body,
      const std::vector<std::pair<std::string, std::string>>& headers) override {
    Post p{t.host, address, body, ""};
    for (const auto& [k, v] : headers)
      if (k == integrations::webhook_signature_header_name) p.signature = v;
    posts.push_back(p);
    return {status, 7, status == 200 ? "" : "HTTP " + std::to_string(status)};
  }
};

struct NoMail final : integrations::Mailer {
  domain::SendResult send(const integrations::Email&) override {
    return {domain::SendOutcome::sent, "x", ""};
  }
  std::string describe() const override { return "none"; }
};

struct NoBell final : services::OutboxNotifier {
  void messages_queued() override {}
};

class WebhooksServiceTest : public testing::DatabaseTest {
 protected:
  void SetUp() override {
    open_database();
    if (IsSkipped()) return;
    net_.dns["hooks.example.com"] = {"93.184.216.34"};
    service_ = std::make_unique<services::WebhookService>(
        *store_, clock_, bell_, net_, services::WebhookSettings{wh_secret_key, {}});
    worker::OutboxWorkerOptions o;
    o.owner = "test";
    o.templates_dir = (plumbline::testing::source_root() / "templates").string();
    o.secret_key = wh_secret_key;
    o.webhook_client = &net_;
    o.webhook_retry_first_ms = 1000;
    worker_ = std::make_unique<worker::OutboxWorker>(*store_, mail_, nullptr, clock_, o);
    plumber_ = user("pat@example.com");
    other_ = user("ola@example.com");
  }

  domain::UserId user(const std::string& email) {
    std::int64_t id = 0;
    store_->write_tx([&](store::Tx& tx) {
      domain::User u;
      u.email = email;
      u.password_hash = "x";
      u.role = domain::Role::plumber;
      u.created_at = u.updated_at = wh_t0;
      id = tx.insert_user(u).value;
      return true;
    });
    return domain::UserId{id};
  }

  services::WebhookSecretShown add(std::optional<domain::UserId> owner,
                                   const std::string& url = "https://hooks.example.com/in",
                                   std::vector<std::string> events = {"claim.created"}) {
    auto r = service_->create(actor_, owner, {url, "", events});
    EXPECT_TRUE(r) << (r ? "" : r.error().message);
    return r ? *r : services::WebhookSecretShown{};
  }

  void emit(const std::string& type, std::vector<domain::UserId> plumbers,
            boost::json::object private_data = {}) {
    store_->write_tx([&](store::Tx& tx) {
      services::WebhookEvent ev;
      ev.type = type;
      ev.plumbers = std::move(plumbers);
      ev.data = {{"lead_id", 7}};
      ev.private_data = std::move(private_data);
      services::queue_webhook_events(tx, wh_secret_key, {ev}, clock_.now_ms());
      return true;
    });
  }

  std::vector<domain::WebhookDelivery> log(std::int64_t endpoint) {
    return store_->read<std::vector<domain::WebhookDelivery>>(
        [&](store::Tx& tx) { return tx.webhook_deliveries(endpoint, 0, 50); });
  }

  std::vector<domain::OutboxMessage> with_status(const std::string& status) {
    return store_->read<std::vector<domain::OutboxMessage>>(
        [&](store::Tx& tx) { return tx.messages_by_status(status, 100); });
  }

  // The v1 signatures of a header that verify against `secret`.
  static int verifying(const std::string& header, const std::string& secret,
                       const std::string& body) {
    auto parsed = integrations::parse_stripe_signature(header);
    if (!parsed) return 0;
    int n = 0;
    for (const auto& v1 : parsed->v1)
      n += v1 == integrations::stripe_signature(secret, parsed->timestamp, body) ? 1 : 0;
    return n;
  }

  services::FixedClock clock_{wh_t0};
  FakeWebhookNet net_;
  NoMail mail_;
  NoBell bell_;
  domain::Actor actor_{domain::UserId{}, "admin@example.com", domain::Role::admin, "127.0.0.1"};
  std::unique_ptr<services::WebhookService> service_;
  std::unique_ptr<worker::OutboxWorker> worker_;
  domain::UserId plumber_, other_;
};

TEST_P(WebhooksServiceTest, RegistrationRefusesPrivateTargetsAndShowsTheSecretOnce) {
  net_.dns["intranet.example.com"] = {"93.184.216.34", "10.0.0.5"};  // one private is enough
  net_.dns["meta.example.com"] = {"169.254.169.254"};
  for (const char* url :
       {"https://intranet.example.com/", "https://meta.example.com/", "https://127.0.0.1/",
        "http://hooks.example.com/", "https://nowhere.example.com/"}) {
    auto r = service_->create(actor_, plumber_, {url, "", {"claim.created"}});
    ASSERT_FALSE(r) << url;
    EXPECT_EQ(r.error().code, domain::ErrorCode::invalid_input) << url;
  }
  EXPECT_FALSE(service_->create(actor_, plumber_, {"https://hooks.example.com/", "", {"nope"}}));
  auto shown = add(plumber_);
  EXPECT_TRUE(shown.secret.starts_with("whsec_"));
  auto stored = store_->read<std::optional<domain::WebhookEndpoint>>(
      [&](store::Tx& tx) { return tx.webhook_endpoint(shown.endpoint.id); });
  EXPECT_EQ(stored->secret_sealed.find(shown.secret), std::string::npos);  // sealed at rest
  // Another owner cannot see or touch it.
  EXPECT_FALSE(service_->detail(other_, shown.endpoint.id));
  EXPECT_FALSE(service_->detail(std::nullopt, shown.endpoint.id));
  EXPECT_FALSE(service_->remove(actor_, other_, shown.endpoint.id));
}

TEST_P(WebhooksServiceTest, SignsPinsTheCheckedAddressAndLogs) {
  auto shown = add(plumber_);
  emit("claim.created", {plumber_});
  worker_->run_once("w");
  ASSERT_EQ(net_.posts.size(), 1u);
  EXPECT_EQ(net_.posts[0].address, "93.184.216.34");
  EXPECT_EQ(verifying(net_.posts[0].signature, shown.secret, net_.posts[0].body), 1);
  EXPECT_EQ(verifying(net_.posts[0].signature, "whsec_other", net_.posts[0].body), 0);
  auto body = boost::json::parse(net_.posts[0].body).as_object();
  EXPECT_EQ(body["type"].as_string(), "claim.created");
  auto rows = log(shown.endpoint.id);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].status_code, 200);
  EXPECT_EQ(rows[0].response_ms, 7);
  EXPECT_EQ(rows[0].event_id, std::string(body["id"].as_string()));
  EXPECT_EQ(with_status("sent").size(), 1u);
}

TEST_P(WebhooksServiceTest, AHostThatResolvesPrivatelyByDeliveryTimeIsRefused) {
  auto shown = add(plumber_);
  net_.dns["hooks.example.com"] = {"127.0.0.1"};  // DNS rebinding after registration
  emit("claim.created", {plumber_});
  worker_->run_once("w");
  EXPECT_TRUE(net_.posts.empty());
  auto rows = log(shown.endpoint.id);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].status_code, 0);
  EXPECT_NE(rows[0].error.find("refused"), std::string::npos);
  EXPECT_EQ(with_status("dead").size(), 1u);
}

TEST_P(WebhooksServiceTest, ReceiverErrorsAreRetriedWithBackoff) {
  auto shown = add(plumber_);
  net_.status = 500;
  emit("claim.created", {plumber_});
  worker_->run_once("w");
  auto pending = with_status("pending");
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_GE(pending[0].due_at, wh_t0 + 800);  // the first delay, 1 s ± 20 %
  EXPECT_LE(pending[0].due_at, wh_t0 + 1200);
  worker_->run_once("w");  // not due yet
  EXPECT_EQ(net_.posts.size(), 1u);
  clock_.advance_ms(1200);
  worker_->run_once("w");
  pending = with_status("pending");
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_GE(pending[0].due_at, clock_.now_ms() + 1600);  // doubled
  net_.status = 200;
  clock_.advance_ms(2400);
  worker_->run_once("w");
  EXPECT_EQ(net_.posts.size(), 3u);
  auto rows = log(shown.endpoint.id);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].status_code, 200);
  EXPECT_EQ(rows[0].attempt, 3);
  EXPECT_EQ(rows[2].status_code, 500);
  EXPECT_EQ(rows[0].event_id, rows[2].event_id);
}

TEST_P(WebhooksServiceTest, RotationSignsWithBothSecretsUntilTheGraceEnds) {
  auto first = add(plumber_);
  auto rotated = service_->rotate_secret(actor_, plumber_, first.endpoint.id);
  ASSERT_TRUE(rotated);
  EXPECT_NE(rotated->secret, first.secret);
  emit("claim.created", {plumber_});
  worker_->run_once("w");
  ASSERT_EQ(net_.posts.size(), 1u);
  const auto& p = net_.posts[0];
  EXPECT_EQ(verifying(p.signature, rotated->secret, p.body), 1);
  EXPECT_EQ(verifying(p.signature, first.secret, p.body), 1);
  clock_.advance_ms(domain::webhook_rotation_grace_ms);
  emit("claim.created", {plumber_});
  worker_->run_once("w");
  ASSERT_EQ(net_.posts.size(), 2u);
  EXPECT_EQ(verifying(net_.posts[1].signature, rotated->secret, net_.posts[1].body), 1);
  EXPECT_EQ(verifying(net_.posts[1].signature, first.secret, net_.posts[1].body), 0);
}

TEST_P(WebhooksServiceTest, RedeliverySendsTheSameEventAgain) {
  auto shown = add(plumber_);
  emit("claim.created", {plumber_});
  worker_->run_once("w");
  auto rows = log(shown.endpoint.id);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_FALSE(service_->redeliver(actor_, other_, rows[0].id));  // not theirs
  auto again = service_->redeliver(actor_, plumber_, rows[0].id);
  ASSERT_TRUE(again);
  worker_->run_once("w");
  ASSERT_EQ(net_.posts.size(), 2u);
  EXPECT_EQ(net_.posts[0].body, net_.posts[1].body);
  rows = log(shown.endpoint.id);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].message_id, *again);
  EXPECT_EQ(rows[0].event_id, rows[1].event_id);
  // A removed endpoint hears nothing more, and its log cannot be redelivered.
  ASSERT_TRUE(service_->remove(actor_, plumber_, shown.endpoint.id));
  EXPECT_FALSE(service_->redeliver(actor_, plumber_, rows[0].id));
}

TEST_P(WebhooksServiceTest, ContactDetailsGoToTheClaimantsEndpointsOnly) {
  auto mine = add(plumber_);
  add(other_);
  auto platform = add(std::nullopt);
  emit("claim.created", {plumber_}, {{"contact", {{"phone", "+15550100"}}}});
  worker_->run_once("w");
  ASSERT_EQ(net_.posts.size(), 2u);  // the claimant's and the platform's; not the other plumber's
  int with_contact = 0;
  for (const auto& p : net_.posts) {
    auto data = boost::json::parse(p.body).as_object()["data"].as_object();
    if (data.contains("contact")) {
      ++with_contact;
      EXPECT_EQ(data["contact"].as_object()["phone"].as_string(), "+15550100");
      EXPECT_EQ(verifying(p.signature, mine.secret, p.body), 1);
    } else {
      EXPECT_EQ(verifying(p.signature, platform.secret, p.body), 1);
    }
  }
  EXPECT_EQ(with_contact, 1);
  // The sealed data is not readable in the outbox.
  for (const auto& m : with_status("sent"))
    EXPECT_EQ(m.sealed_json.find("+15550100"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Backends, WebhooksServiceTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace plumbline::webhooks_service_test
