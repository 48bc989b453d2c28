// The outbox worker against a real database (SQLite, and PostgreSQL with TEST_PG_URL) with a slow
// provider: a send starts only in the first half of the batch's lease, the rest of the batch goes
// back untried (attempts unchanged) for any worker to take at once, and no message is sent twice
// when a second worker takes over leases that ran out.
#include "worker/outbox_worker.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <functional>
#include <set>

#include "../source_root.hpp"
#include "database_test.hpp"
#include "services/message_templates.hpp"
#include "store/store.hpp"

namespace plumbline::outbox_worker_test {
namespace {

constexpr domain::Millis ow_t0 = 1'800'000'000'000;
constexpr domain::Millis ow_lease = 10'000;

// Each send takes `send_ms` of the fixed clock's time, as a slow SMTP server would; every address
// handed over is added to `log` (shared by the workers of a test). `before_send` runs first.
struct SlowMailer final : integrations::Mailer {
  services::FixedClock& clock;
  domain::Millis send_ms;
  std::vector<std::string>& log;
  std::function<void()> before_send;
  SlowMailer(services::FixedClock& c, domain::Millis ms, std::vector<std::string>& l)
      : clock(c), send_ms(ms), log(l) {}
  domain::SendResult send(const integrations::Email& e) override {
    if (before_send) before_send();
    clock.advance_ms(send_ms);
    log.push_back(e.to);
    return {domain::SendOutcome::sent, "id-" + std::to_string(log.size()), ""};
  }
  std::string describe() const override { return "slow"; }
};

class OutboxWorkerTest : public testing::DatabaseTest {
 protected:
  void SetUp() override { open_database(); }

  std::unique_ptr<worker::OutboxWorker> make_worker(integrations::Mailer& mailer) {
    worker::OutboxWorkerOptions o;
    o.owner = "test";
    o.batch = 5;
    o.lease_ms = ow_lease;
    o.templates_dir = (testing::source_root() / "templates").string();
    o.base_url = "https://plumbline.example";
    o.secret_key = "test-secret-0123456789abcdef0123456789";
    o.branding = {"Plumbline", "help@plumbline.example", "(555) 010-0000"};
    return std::make_unique<worker::OutboxWorker>(*store_, mailer, nullptr, clock_, o);
  }

  // Queues n account notices, due now, to r<i>@example.com.
  void enqueue(int n) {
    store_->write_tx([&](store::Tx& tx) {
      for (int i = 0; i < n; ++i) {
        domain::OutboundMessage m;
        m.kind = m.template_name = "account_locked";
        m.channel = domain::channel_email;
        m.recipient = "r" + std::to_string(i) + "@example.com";
        m.data_json =
            boost::json::serialize(services::message_sample_data("account_locked", "", {}));
        m.idempotency_key = "locked:" + std::to_string(i);
        m.transactional = true;
        m.event_at = m.due_at = clock_.now_ms();
        m.max_attempts = 3;
        tx.enqueue_message(m);
      }
      return true;
    });
  }

  std::vector<domain::OutboxMessage> with_status(const std::string& status) {
    return store_->read<std::vector<domain::OutboxMessage>>(
        [&](store::Tx& tx) { return tx.messages_by_status(status, 100); });
  }

  services::FixedClock clock_{ow_t0};
};

TEST_P(OutboxWorkerTest, ASlowProviderSendsOnlyInTheFirstHalfOfTheLeaseAndGivesTheRestBack) {
  enqueue(5);
  std::vector<std::string> sent;
  SlowMailer slow(clock_, 3'000, sent);
  auto w = make_worker(slow);
  // Sends start at t0 and t0 + 3 s; at t0 + 6 s half the 10 s lease has gone.
  EXPECT_EQ(w->run_once("a"), 5);
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(with_status("sent").size(), 2u);
  auto back = with_status("pending");
  ASSERT_EQ(back.size(), 3u);
  for (const auto& m : back) {
    EXPECT_EQ(m.attempts, 0) << m.recipient;  // given back untried
    EXPECT_EQ(m.lease_owner, "") << m.recipient;
    EXPECT_LE(m.due_at, clock_.now_ms()) << m.recipient;  // due at once, not after the lease
  }
  EXPECT_TRUE(with_status("sending").empty());
}

TEST_P(OutboxWorkerTest, AWorkerNeverSendsWhatAnotherTookOverWhenItsLeaseRanOut) {
  enqueue(5);
  std::vector<std::string> sent;
  SlowMailer slow(clock_, 3'000, sent);
  SlowMailer fast(clock_, 0, sent);
  auto a = make_worker(slow);
  auto b = make_worker(fast);
  // Worker B runs the moment A is about to send past its lease: it takes over every message
  // whose lease ran out. A worker that kept going through its stale batch would then send a
  // message B has sent already.
  bool b_ran = false;
  slow.before_send = [&] {
    if (b_ran || clock_.now_ms() <= ow_t0 + ow_lease) return;
    b_ran = true;
    b->run_once("b");
  };
  a->run_once("a");
  b->run_once("b");
  EXPECT_EQ(with_status("sent").size(), 5u);
  std::set<std::string> once(sent.begin(), sent.end());
  EXPECT_EQ(once.size(), 5u);
  EXPECT_EQ(sent.size(), 5u) << "a message was sent twice";
}

INSTANTIATE_TEST_SUITE_P(Backends, OutboxWorkerTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace plumbline::outbox_worker_test
