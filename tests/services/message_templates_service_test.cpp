// Message templates against a real database (SQLite, and PostgreSQL with TEST_PG_URL): every
// shipped template passes its own checks with its sample data; a saved override is what the
// outbox worker renders; a broken stored override falls back to the shipped file (the message is
// still sent); a refused save changes nothing; revert restores the shipped text; each is audited.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdlib>

#include "../source_root.hpp"
#include "database_test.hpp"
#include "services/message_templates.hpp"
#include "store/store.hpp"
#include "worker/outbox_worker.hpp"

namespace plumbline::template_service_test {
namespace {

constexpr domain::Millis tt_t0 = 1'800'000'000'000;

struct RecordingMailer final : integrations::Mailer {
  std::vector<integrations::Email> sent;
  domain::SendResult send(const integrations::Email& e) override {
    sent.push_back(e);
    return {domain::SendOutcome::sent, "id-" + std::to_string(sent.size()), ""};
  }
  std::string describe() const override { return "recording"; }
};

struct NoBell final : services::OutboxNotifier {
  void messages_queued() override {}
};

class MessageTemplatesTest : public testing::DatabaseTest {
 protected:
  void SetUp() override {
    open_database();
    if (IsSkipped()) return;
    cache_ = std::make_unique<services::TemplateOverrideCache>(*store_, clock_);
    services::TemplatesSettings ts;
    ts.templates_dir = (testing::source_root() / "templates").string();
    ts.base_url = "https://plumbline.example";
    ts.branding = {"Plumbline", "help@plumbline.example", "(555) 010-0000"};
    service_ =
        std::make_unique<services::MessageTemplateService>(*store_, clock_, *cache_, bell_, ts);
    worker::OutboxWorkerOptions o;
    o.owner = "test";
    o.templates_dir = ts.templates_dir;
    o.base_url = ts.base_url;
    o.secret_key = "test-secret-0123456789abcdef0123456789";
    o.branding = ts.branding;
    o.template_override = [this](const std::string& n) { return cache_->find(n); };
    worker_ = std::make_unique<worker::OutboxWorker>(*store_, mailer_, nullptr, clock_, o);
  }

  // Queues a lead alert with the data a real one carries, and delivers it; the e-mail sent.
  integrations::Email deliver_lead_alert() {
    auto data = services::message_sample_data("lead_alert", "", {});
    for (const char* k : {"site_url", "platform_name", "support_email", "support_phone"})
      data.erase(k);
    domain::OutboundMessage m;
    m.kind = m.template_name = "lead_alert";
    m.channel = domain::channel_email;
    m.recipient = "pat@example.com";
    m.data_json = boost::json::serialize(data);
    m.idempotency_key = "alert:" + std::to_string(++queued_);
    m.transactional = true;
    m.event_at = m.due_at = clock_.now_ms();
    m.expires_at = clock_.now_ms() + 3'600'000;
    m.max_attempts = 3;
    store_->write_tx([&](store::Tx& tx) {
      tx.enqueue_message(m);
      return true;
    });
    EXPECT_EQ(worker_->run_once("test"), 1);
    EXPECT_FALSE(mailer_.sent.empty());
    return mailer_.sent.empty() ? integrations::Email{} : mailer_.sent.back();
  }

  std::vector<domain::AuditEntry> audit_rows() {
    return store_->read<std::vector<domain::AuditEntry>>(
        [](store::Tx& tx) { return tx.list_audit({}); });
  }

  domain::Actor admin_{domain::UserId{1}, "admin@example.com", domain::Role::admin, "203.0.113.5"};
  services::FixedClock clock_{tt_t0};
  NoBell bell_;
  RecordingMailer mailer_;
  int queued_ = 0;
  std::unique_ptr<services::TemplateOverrideCache> cache_;
  std::unique_ptr<services::MessageTemplateService> service_;
  std::unique_ptr<worker::OutboxWorker> worker_;
};

// The sample data is exactly what each message provides: every shipped part passes the checks
// an override must pass, so a staff member can always save the shipped text back.
TEST_P(MessageTemplatesTest, EveryShippedTemplatePassesItsOwnChecks) {
  auto list = service_->list();
  ASSERT_TRUE(list.ok());
  EXPECT_GE(list->size(), 20u);
  for (const auto& t : *list) {
    auto ed = service_->editor(t.key);
    ASSERT_TRUE(ed.ok()) << t.key;
    for (const auto& [part, problems] : ed->rendering.problems)
      ADD_FAILURE() << t.key << " " << part << ": " << problems.front().message << " at line "
                    << problems.front().line;
    EXPECT_FALSE(ed->variables.empty()) << t.key;
  }
}

TEST_P(MessageTemplatesTest, SavedOverrideIsWhatTheWorkerSends) {
  EXPECT_EQ(deliver_lead_alert().subject.find("Custom"), std::string::npos);
  auto saved = service_->save(
      admin_, "email.lead_alert",
      {{"subject", "Custom: {{{service_label}}} near {{zip}} from {{platform_name}}\r\n"}},
      "Shorter subject");
  ASSERT_TRUE(saved.ok()) << saved.error().message;
  auto mail = deliver_lead_alert();
  EXPECT_EQ(mail.subject, "Custom: Leak repair near 95112 from Plumbline");
  EXPECT_NE(mail.text.find("Leak repair"), std::string::npos);  // the text part is still shipped
  auto rows = audit_rows();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].action, "template.update");
  EXPECT_EQ(rows[0].target_id, "email.lead_alert");
  EXPECT_EQ(rows[0].reason, "Shorter subject");
  EXPECT_NE(rows[0].after_json.find("Custom:"), std::string::npos);
  EXPECT_NE(rows[0].before_json.find("subject"), std::string::npos);

  auto reverted = service_->revert(admin_, "email.lead_alert", "");
  ASSERT_TRUE(reverted.ok());
  EXPECT_FALSE(reverted->overridden());
  EXPECT_EQ(deliver_lead_alert().subject.find("Custom"), std::string::npos);
  EXPECT_EQ(audit_rows().front().action, "template.revert");
  EXPECT_EQ(service_->revert(admin_, "email.lead_alert", "").error().code,
            domain::ErrorCode::conflict);
}

TEST_P(MessageTemplatesTest, BrokenStoredOverrideFallsBackToTheShippedFile) {
  store_->write_tx([&](store::Tx& tx) {
    tx.save_template_override({"email/lead_alert.subject", "Broken {{#zip}", tt_t0, 1});
    tx.save_template_override({"email/lead_alert.txt", "Text {{{zip}}}", tt_t0, 1});
    return true;
  });
  cache_->invalidate();
  auto mail = deliver_lead_alert();
  EXPECT_NE(mail.subject.find("Leak repair"), std::string::npos) << mail.subject;
  EXPECT_EQ(mail.subject.find("Broken"), std::string::npos);
  EXPECT_EQ(mail.text, "Text 95112");  // the good override of the other part is still used
  auto counts =
      store_->read<domain::OutboxCounts>([](store::Tx& tx) { return tx.outbox_counts(); });
  EXPECT_EQ(counts.dead, 0);
}

TEST_P(MessageTemplatesTest, RefusedSaveNamesLineAndColumnAndChangesNothing) {
  auto bad =
      service_->save(admin_, "email.lead_alert",
                     {{"txt", "Hello\n{{#has_signals}}\n{{nope}}\n"}, {"subject", "A\nB"}}, "typo");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, domain::ErrorCode::invalid_input);
  ASSERT_EQ(bad.error().details.size(), 2u);
  EXPECT_EQ(bad.error().details[0].field, "subject");
  EXPECT_EQ(bad.error().details[0].message.rfind("Line 1, column 2: ", 0), 0u)
      << bad.error().details[0].message;
  EXPECT_EQ(bad.error().details[1].field, "txt");
  EXPECT_EQ(bad.error().details[1].message.rfind("Line 2, column 1: Unclosed section", 0), 0u)
      << bad.error().details[1].message;
  auto unknown = service_->save(admin_, "sms.lead_alert", {{"txt", "Hi {{nope}}"}}, "x");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.error().details.at(0).message.find("\"nope\""), std::string::npos);
  EXPECT_FALSE(service_->save(admin_, "email.lead_alert", {{"subject", "Fine"}}, " ").ok());
  EXPECT_EQ(service_->save(admin_, "email.nope", {{"subject", "Fine"}}, "x").error().code,
            domain::ErrorCode::not_found);
  EXPECT_TRUE(audit_rows().empty());
  EXPECT_TRUE(store_
                  ->read<std::vector<domain::TemplateOverride>>(
                      [](store::Tx& tx) { return tx.list_template_overrides(); })
                  .empty());
}

TEST_P(MessageTemplatesTest, TestSendQueuesTheSampleToTheStaffMemberAFewPerMinute) {
  for (int i = 0; i < 3; ++i) {
    auto r = service_->send_test(admin_, "email.claim_confirmation");
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(*r, "admin@example.com");
  }
  EXPECT_EQ(service_->send_test(admin_, "email.claim_confirmation").error().code,
            domain::ErrorCode::rate_limited);
  EXPECT_FALSE(service_->send_test(admin_, "sms.lead_alert").ok());
  EXPECT_EQ(worker_->run_once("test"), 3);
  ASSERT_EQ(mailer_.sent.size(), 3u);
  EXPECT_EQ(mailer_.sent[0].to, "admin@example.com");
  EXPECT_NE(mailer_.sent[0].text.find("Maria Lopez"), std::string::npos);  // the sealed sample
  clock_.advance_ms(61'000);
  EXPECT_TRUE(service_->send_test(admin_, "email.claim_confirmation").ok());
}

TEST_P(MessageTemplatesTest, PreviewRendersTypedTextAndWarnsAboutLongSms) {
  auto ed = service_->preview("sms.lead_alert", {{"txt", std::string(200, 'a') + " {{zip}}"}});
  ASSERT_TRUE(ed.ok());
  EXPECT_TRUE(ed->rendering.ok());
  EXPECT_EQ(ed->rendering.rendered.at("txt"), std::string(200, 'a') + " 95112");
  ASSERT_EQ(ed->rendering.warnings.size(), 1u);
  EXPECT_NE(ed->rendering.warnings[0].find("2 segments"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Backends, MessageTemplatesTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace plumbline::template_service_test
