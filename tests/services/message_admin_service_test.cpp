// The console's message and status services on both databases with a fixed clock: staff's retry
// and cancel (reasons, conflicts, audit rows in the same transaction, the outbox doorbell), what
// support staff see masked, the rendered content, and the status gathered with stale heartbeats
// and integration outcomes (issue 15, points 7 and 8).
#include <gtest/gtest.h>

#include <cstdlib>

#include "../source_root.hpp"
#include "crypto/sealed.hpp"
#include "database_test.hpp"
#include "services/message_admin.hpp"
#include "services/system_status.hpp"
#include "store/store.hpp"

namespace plumbline::message_admin_test {
namespace {

constexpr domain::Millis ma_t0 = 1'800'000'000'000;
constexpr const char* tracking_token = "Zq3xT0kenOfTheHomeowner22";

class CountingBell final : public services::OutboxNotifier {
 public:
  void messages_queued() override { ++rings; }
  int rings = 0;
};

class MessageAdminTest : public testing::DatabaseTest {
 protected:
  void SetUp() override {
    open_database();
    if (IsSkipped()) return;
    messages_ = std::make_unique<services::MessageAdminService>(
        *store_, clock_, bell_, (testing::source_root() / "templates").string(),
        services::MessageRenderSettings{"https://plumbline.test", "secret"});
    status_ = std::make_unique<services::SystemStatusService>(
        *store_, clock_, services::StatusSettings{"9.9.9", ".", true, false, true});
  }

  // A confirmation to jane@example.com in `status`, its last error quoting the address, its
  // tracking link sealed as the intake seals it.
  std::int64_t message(domain::MessageStatus status) {
    domain::OutboundMessage m;
    m.kind = "lead_confirmation";
    m.channel = domain::channel_email;
    m.recipient = "jane@example.com";
    m.template_name = "lead_confirmation";
    m.data_json = R"({"service_label":"Leak repair","city":"San Francisco"})";
    m.sealed_json = crypto::seal("secret", R"({"tracking_url":"https://plumbline.test/t/)" +
                                               std::string(tracking_token) + "\"}");
    m.idempotency_key = "key-" + std::to_string(++serial_);
    m.event_at = m.due_at = ma_t0 + 60'000;
    std::int64_t id = 0;
    store_->write_tx([&](store::Tx& tx) {
      id = tx.enqueue_message(m);
      if (status == domain::MessageStatus::dead)
        tx.mark_message_dead(id, "550 5.1.1 <jane@example.com>: unknown", ma_t0);
      if (status == domain::MessageStatus::sent) tx.mark_message_sent(id, ma_t0, "<x@y>");
      return true;
    });
    return id;
  }
  domain::OutboxMessage get(std::int64_t id) {
    return *store_->read<std::optional<domain::OutboxMessage>>(
        [&](store::Tx& tx) { return tx.message_by_id(id); });
  }
  std::vector<domain::AuditEntry> audit(const std::string& action) {
    domain::AuditFilter f;
    f.action = action;
    return store_->read<std::vector<domain::AuditEntry>>(
        [&](store::Tx& tx) { return tx.list_audit(f); });
  }

  const domain::Actor admin_{domain::UserId{1}, "ops@plumbline.test", domain::Role::admin, "::1"};
  const domain::Actor support_{domain::UserId{2}, "help@plumbline.test", domain::Role::support,
                               "::1"};
  services::FixedClock clock_{ma_t0};
  CountingBell bell_;
  std::unique_ptr<services::MessageAdminService> messages_;
  std::unique_ptr<services::SystemStatusService> status_;
  int serial_ = 0;
};

TEST_P(MessageAdminTest, RetryOfADeadMessageQueuesItNowWithAnAuditRow) {
  auto id = message(domain::MessageStatus::dead);
  auto refused = messages_->retry(admin_, id, "   ");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, domain::ErrorCode::invalid_input);
  EXPECT_EQ(get(id).status, domain::MessageStatus::dead);
  EXPECT_TRUE(audit("message.retry").empty());
  EXPECT_EQ(bell_.rings, 0);

  clock_.advance_ms(5'000);
  auto r = messages_->retry(admin_, id, "Mailbox fixed");
  ASSERT_TRUE(r.ok()) << r.error().message;
  auto m = get(id);
  EXPECT_EQ(m.status, domain::MessageStatus::pending);
  EXPECT_EQ(m.attempts, 0);
  EXPECT_EQ(m.due_at, ma_t0 + 5'000);
  EXPECT_EQ(bell_.rings, 1);
  auto rows = audit("message.retry");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].reason, "Mailbox fixed");
  EXPECT_EQ(rows[0].target_id, std::to_string(id));
  EXPECT_EQ(rows[0].actor_email, "ops@plumbline.test");
  EXPECT_EQ(rows[0].before_json, R"({"status":"dead"})");
  EXPECT_EQ(rows[0].after_json, R"({"status":"pending"})");
}

TEST_P(MessageAdminTest, RetryOfAPendingMessageMakesItDueNow) {
  auto id = message(domain::MessageStatus::pending);  // due at t0 + 60 s
  ASSERT_TRUE(messages_->retry(support_, id, "The homeowner is waiting").ok());
  EXPECT_EQ(get(id).due_at, ma_t0);
  EXPECT_EQ(audit("message.retry").at(0).actor_role, "support");
}

TEST_P(MessageAdminTest, SentMessagesAreNeitherRetriedNorCancelled) {
  auto id = message(domain::MessageStatus::sent);
  auto r = messages_->retry(admin_, id, "Again");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, domain::ErrorCode::conflict);
  EXPECT_NE(r.error().message.find("sent already"), std::string::npos);
  EXPECT_EQ(messages_->cancel(admin_, id, "Stop").error().code, domain::ErrorCode::conflict);
  EXPECT_EQ(get(id).status, domain::MessageStatus::sent);
  EXPECT_TRUE(audit("message.").empty());
  EXPECT_EQ(messages_->retry(admin_, 999'999, "x").error().code, domain::ErrorCode::not_found);
}

TEST_P(MessageAdminTest, CancelStopsAPendingMessageOnce) {
  auto id = message(domain::MessageStatus::pending);
  auto r = messages_->cancel(support_, id, "Asked us not to write");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, domain::MessageStatus::dead);
  EXPECT_EQ(r->last_error, "cancelled by staff: Asked us not to write");
  EXPECT_EQ(audit("message.cancel").size(), 1u);
  EXPECT_EQ(messages_->cancel(support_, id, "Again").error().code, domain::ErrorCode::conflict);
  EXPECT_EQ(audit("message.cancel").size(), 1u);
}

TEST_P(MessageAdminTest, SupportSeesTheRecipientMaskedAdminsWhole) {
  auto id = message(domain::MessageStatus::dead);
  auto as_support = messages_->list(support_, {});
  ASSERT_TRUE(as_support.ok());
  ASSERT_EQ(as_support->messages.size(), 1u);
  const auto& seen = as_support->messages[0].message;
  EXPECT_EQ(seen.recipient, "j\u2022\u2022\u2022@example.com");
  EXPECT_EQ(seen.last_error, "550 5.1.1 <j\u2022\u2022\u2022@example.com>: unknown");
  auto as_admin = messages_->message(admin_, id);
  ASSERT_TRUE(as_admin.ok());
  EXPECT_EQ(as_admin->listed.message.recipient, "jane@example.com");
  auto detail = messages_->message(support_, id);
  ASSERT_TRUE(detail.ok());
  EXPECT_EQ(detail->listed.message.recipient, "j\u2022\u2022\u2022@example.com");
  // The content as the worker renders it: the template's subject with the message's data.
  EXPECT_NE(detail->rendered.subject.find("Leak repair"), std::string::npos)
      << detail->rendered.subject << detail->render_error;
  EXPECT_FALSE(detail->rendered.html.empty());
  EXPECT_EQ(messages_->message(admin_, id + 1).error().code, domain::ErrorCode::not_found);
}

TEST_P(MessageAdminTest, NoStaffMemberSeesASealedLinkOnlyThatItWasHidden) {
  auto id = message(domain::MessageStatus::sent);
  for (const auto& viewer : {support_, admin_}) {
    auto detail = messages_->message(viewer, id);
    ASSERT_TRUE(detail.ok());
    ASSERT_TRUE(detail->render_error.empty()) << detail->render_error;
    const auto all = detail->rendered.subject + detail->rendered.text + detail->rendered.html;
    EXPECT_EQ(all.find(tracking_token), std::string::npos) << all;
    EXPECT_NE(detail->rendered.text.find(services::sealed_placeholder), std::string::npos)
        << detail->rendered.text;
  }
  // The worker's rendering of the same message still carries the link.
  auto sent = services::render_message(
      services::load_message_templates((testing::source_root() / "templates").string()),
      services::MessageRenderSettings{"https://plumbline.test", "secret"}, get(id));
  EXPECT_NE(sent.text.find(tracking_token), std::string::npos) << sent.text;
}

TEST_P(MessageAdminTest, ListPagesByKeyset) {
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 5; ++i) ids.push_back(message(domain::MessageStatus::pending));
  domain::OutboxFilter f;
  f.limit = 2;
  auto page = messages_->list(admin_, f);
  ASSERT_EQ(page->messages.size(), 2u);
  EXPECT_EQ(page->messages[0].message.id, ids[4]);
  EXPECT_EQ(page->next_before_id, ids[3]);
  f.before_id = ids[1];
  page = messages_->list(admin_, f);
  ASSERT_EQ(page->messages.size(), 1u);
  EXPECT_EQ(page->next_before_id, 0);  // the last page
}

TEST_P(MessageAdminTest, StatusGathersHeartbeatsIntegrationsAndTheOutbox) {
  message(domain::MessageStatus::dead);
  message(domain::MessageStatus::pending);  // created at t0 + 60 s
  status_->record_heartbeat({"host:1", "host", 1, ma_t0, 0});
  status_->record_integration(domain::integration_smtp, false, "550 no such user");
  clock_.advance_ms(30'000);
  status_->record_integration(domain::integration_smtp, true);
  clock_.advance_ms(60'000);
  auto s = status_->system_status();
  EXPECT_EQ(s.backend, GetParam());
  EXPECT_EQ(s.version, "9.9.9");
  EXPECT_EQ(s.migrations_applied, s.migrations_embedded);
  ASSERT_EQ(s.workers.size(), 1u);
  EXPECT_TRUE(s.workers[0].stale) << "last beat 90 s ago";
  EXPECT_EQ(s.outbox.dead, 1);
  EXPECT_EQ(s.outbox.pending, 1);
  EXPECT_EQ(s.oldest_pending_at, ma_t0 + 60'000);
  ASSERT_EQ(s.integrations.size(), 3u);
  EXPECT_EQ(s.integrations[0].name, "smtp");
  EXPECT_TRUE(s.integrations[0].configured);
  EXPECT_EQ(s.integrations[0].last.last_failure_at, ma_t0);
  EXPECT_EQ(s.integrations[0].last.last_success_at, ma_t0 + 30'000);
  EXPECT_EQ(s.integrations[0].last.last_error, "550 no such user");
  EXPECT_FALSE(s.integrations[1].configured);  // twilio
  EXPECT_TRUE(s.integrations[2].configured);   // stripe
  EXPECT_TRUE(s.disk_free_bytes.has_value());
  status_->record_heartbeat({"host:1", "host", 1, ma_t0, 0});
  EXPECT_FALSE(status_->system_status().workers[0].stale);
  // An unknown integration cannot be stored: recorded as a warning, never thrown at the caller.
  EXPECT_NO_THROW(status_->record_integration("fax", true));
}

INSTANTIATE_TEST_SUITE_P(Backends, MessageAdminTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace plumbline::message_admin_test
