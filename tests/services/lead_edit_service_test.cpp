// Staff's requests by hand against a real database with a fixed clock: a phone-in goes through
// intake with source "phone", its consent record and creator, matched now or held; an edit
// records only the changed fields and e-mails claimants only when asked; re-run matching alerts
// only plumbers who were not sent the request; every refusal changes nothing.
#include <boost/json.hpp>
#include <set>

#include "domain/lead_rules.hpp"
#include "marketplace_fixture.hpp"
#include "services/lead_edit.hpp"

namespace plumbline::lead_edit_test {
using namespace market_test;

namespace {

class LeadEditTest : public MarketTest {
 protected:
  void SetUp() override {
    MarketTest::SetUp();
    if (IsSkipped()) return;
    edits_ = std::make_unique<services::LeadEditService>(
        *store_, zips(), clock_, *catalog_, *leads_, *matching_, events_, notify_, settings_);
    staff_ = {admin_, "admin@example.com", domain::Role::admin, "198.51.100.7"};
  }

  static services::PhoneLead phone_in(bool notify_now = true) {
    services::PhoneLead p;
    p.fields.service_type = "leak_repair";
    p.fields.urgency = "within_24h";
    p.fields.zip = "94103";
    p.fields.description = "Water drips from the ceiling under the bathroom.";
    p.fields.name = "Sam Caller";
    p.fields.phone = "(415) 555-7788";
    p.fields.email = "sam@example.com";
    p.fields.contact_method = "phone";
    p.consent_read = true;
    p.notify_now = notify_now;
    return p;
  }
  std::set<domain::UserId> matched_to(domain::LeadId id) {
    std::set<domain::UserId> out;
    for (const auto& m : store_->read<std::vector<domain::LeadMatch>>(
             [&](store::Tx& tx) { return tx.lead_matches(id); }))
      out.insert(m.plumber_id);
    return out;
  }
  std::size_t alerts_to(const std::string& email) {
    std::size_t n = 0;
    for (const auto& m : messages("lead_alert")) n += m.recipient == email ? 1 : 0;
    return n;
  }
  std::vector<domain::AuditEntry> audit(const std::string& action) {
    domain::AuditFilter f;
    f.action = action;
    return store_->read<std::vector<domain::AuditEntry>>(
        [&](store::Tx& tx) { return tx.list_audit(f); });
  }
  static boost::json::object json_of(const std::string& s) {
    return boost::json::parse(s).as_object();
  }

  std::unique_ptr<services::LeadEditService> edits_;
  domain::Actor staff_;
};

TEST_P(LeadEditTest, PhoneInIsStoredWithItsSourceConsentRecordAndCreatorAndMatched) {
  plumber("ann");
  auto r = edits_->create_by_phone(staff_, phone_in());
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->matched, 1);
  auto l = lead(r->id);
  EXPECT_EQ(l.source, "phone");
  ASSERT_TRUE(l.created_by.has_value());
  EXPECT_EQ(*l.created_by, admin_);
  EXPECT_EQ(l.consent_text, domain::consent_text(settings_.marketplace().max_claims_per_lead));
  EXPECT_EQ(l.consent_text, edits_->consent_wording());
  EXPECT_EQ(l.consent_ip, "198.51.100.7");
  EXPECT_EQ(l.consent_user_agent, "phone: read by admin@example.com");
  EXPECT_EQ(l.phone_e164, "+14155557788");
  EXPECT_EQ(matched_to(r->id).size(), 1u);
  EXPECT_GE(alerts_to("ann@example.com"), 1u);
  // The homeowner's usual confirmation, with the tracking link, by e-mail.
  auto confirmations = messages("lead_confirmation");
  ASSERT_EQ(confirmations.size(), 1u);
  EXPECT_EQ(confirmations[0].recipient, "sam@example.com");
  auto rows = audit("lead.create");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].target_id, std::to_string(r->id.value));
  ASSERT_TRUE(rows[0].actor_user_id.has_value());
  EXPECT_EQ(*rows[0].actor_user_id, admin_);
  EXPECT_EQ(json_of(rows[0].after_json).at("source").as_string(), "phone");
  EXPECT_EQ(json_of(rows[0].after_json).at("matched").as_int64(), 1);
}

// Staff's note on the call is the audit row's reason; one that is too long is refused by name and
// nothing is stored.
TEST_P(LeadEditTest, PhoneInNoteIsTheAuditReason) {
  auto in = phone_in(false);
  in.reason = std::string(501, 'x');
  auto refused = edits_->create_by_phone(staff_, in);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().details.at(0).field, "reason");
  EXPECT_EQ(store_->read<std::int64_t>([](store::Tx& tx) { return tx.count_leads(); }), 0);
  in.reason = "  The caller has no internet  ";
  ASSERT_TRUE(edits_->create_by_phone(staff_, in).ok());
  ASSERT_EQ(audit("lead.create").size(), 1u);
  EXPECT_EQ(audit("lead.create")[0].reason, "The caller has no internet");
}

TEST_P(LeadEditTest, HeldPhoneInReachesNobodyUntilMatchingIsReRun) {
  plumber("ann");
  auto r = edits_->create_by_phone(staff_, phone_in(false));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->matched, 0);
  EXPECT_TRUE(matched_to(r->id).empty());
  EXPECT_EQ(alerts_to("ann@example.com"), 0u);
  EXPECT_EQ(messages("lead_confirmation").size(), 1u);  // the homeowner still hears from us
  EXPECT_EQ(json_of(audit("lead.create")[0].after_json).at("notify_now").as_bool(), false);
  EXPECT_EQ(audit("lead.create")[0].reason, "Taken by phone");  // no note: the call itself

  auto n = edits_->rematch(staff_, r->id, "Caller confirmed the address");
  ASSERT_TRUE(n.ok()) << n.error().message;
  EXPECT_EQ(*n, 1);
  EXPECT_EQ(matched_to(r->id).size(), 1u);
  EXPECT_GE(alerts_to("ann@example.com"), 1u);
  auto rows = audit("lead.rematch");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].reason, "Caller confirmed the address");
  EXPECT_EQ(json_of(rows[0].after_json).at("new_matches").as_int64(), 1);
}

TEST_P(LeadEditTest, ARequestHeldForThePhoneCodeIsNotSentByARematch) {
  plumber("ann");
  auto r = edits_->create_by_phone(staff_, phone_in(false));
  ASSERT_TRUE(r.ok()) << r.error().message;
  // Held as the `required` phone policy holds a homeowner's request (issue 17).
  store_->write_tx([&](store::Tx& tx) {
    tx.set_lead_awaiting_verification(r->id, true);
    return true;
  });
  auto n = edits_->rematch(staff_, r->id, "Caller asked again");
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(n.error().code, domain::ErrorCode::conflict);
  EXPECT_NE(n.error().message.find("confirm their phone"), std::string::npos);
  EXPECT_TRUE(matched_to(r->id).empty());
  EXPECT_EQ(alerts_to("ann@example.com"), 0u);
  EXPECT_TRUE(audit("lead.rematch").empty());
  // Confirmed (released), staff may send it.
  store_->write_tx([&](store::Tx& tx) {
    tx.set_lead_awaiting_verification(r->id, false);
    return true;
  });
  auto sent = edits_->rematch(staff_, r->id, "Caller asked again");
  ASSERT_TRUE(sent.ok()) << sent.error().message;
  EXPECT_EQ(*sent, 1);
}

TEST_P(LeadEditTest, PhoneInWithoutTheConsentBoxOrWithBadFieldsStoresNothing) {
  plumber("ann");
  auto p = phone_in();
  p.consent_read = false;
  p.fields.zip = "1234";
  auto r = edits_->create_by_phone(staff_, p);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, domain::ErrorCode::invalid_input);
  std::set<std::string> fields;
  for (const auto& d : r.error().details) fields.insert(d.field);
  EXPECT_EQ(fields, (std::set<std::string>{"zip", "consent"}));
  EXPECT_EQ(store_->read<std::int64_t>([](store::Tx& tx) { return tx.count_leads(); }), 0);
  EXPECT_TRUE(audit("lead.create").empty());
  EXPECT_TRUE(messages("lead_confirmation").empty());
}

TEST_P(LeadEditTest, EditRecordsOnlyTheChangedFieldsAndTellsClaimantsWhenAsked) {
  auto ann = plumber("ann");
  auto s = submit("leak_repair", "flexible", "94103");
  auto claim = claims_->claim(ann, s.id);
  ASSERT_TRUE(claim.ok()) << claim.error().message;
  auto before = lead(s.id);
  auto paid = before.price_credits;

  services::LeadEdit e;
  e.description = "Leak under the kitchen sink, now also behind the dishwasher.";
  e.urgency = "emergency";
  e.zip = "94607";
  e.reason = "Homeowner called with more detail";
  e.notify_claimants = true;
  clock_.advance_ms(60'000);
  auto r = edits_->edit(staff_, s.id, e);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->changed, (std::vector<std::string>{"description", "urgency", "zip"}));
  EXPECT_EQ(r->claimants_notified, 1);
  auto after = lead(s.id);
  EXPECT_EQ(after.city, "Oakland");
  EXPECT_EQ(after.zip, "94607");
  EXPECT_EQ(after.name, before.name);
  EXPECT_GT(after.price_credits, paid);  // later claims pay the emergency price
  EXPECT_EQ(claims_->claims(ann, 10, 0).value().claims.at(0).claim.price_credits,
            paid);  // made claims don't

  auto rows = audit("lead.edit");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].reason, "Homeowner called with more detail");
  auto b = json_of(rows[0].before_json), a = json_of(rows[0].after_json);
  EXPECT_EQ(a.at("zip").as_string(), "94607");
  EXPECT_EQ(b.at("zip").as_string(), "94103");
  EXPECT_EQ(a.at("city").as_string(), "Oakland");
  EXPECT_EQ(b.at("urgency").as_string(), "flexible");
  EXPECT_FALSE(a.contains("name"));  // unchanged fields stay out
  EXPECT_FALSE(b.contains("email"));
  auto notices = messages("lead_updated");
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_EQ(notices[0].recipient, "ann@example.com");
  EXPECT_NE(notices[0].data_json.find("the ZIP code"), std::string::npos);

  // The same kind of change without the notice: audited, nobody e-mailed.
  services::LeadEdit quiet;
  quiet.best_time = "After 6 pm";
  quiet.reason = "Caller asked";
  clock_.advance_ms(60'000);
  ASSERT_TRUE(edits_->edit(staff_, s.id, quiet).ok());
  EXPECT_EQ(messages("lead_updated").size(), 1u);
  EXPECT_EQ(audit("lead.edit").size(), 2u);
  EXPECT_EQ(lead(s.id).best_time, "After 6 pm");
}

TEST_P(LeadEditTest, RefusedEditsChangeNothing) {
  auto s = submit("leak_repair", "flexible", "94103");
  auto before = lead(s.id);
  auto refused = [&](const services::LeadEdit& e, domain::ErrorCode code) {
    auto r = edits_->edit(staff_, s.id, e);
    EXPECT_FALSE(r.ok());
    if (!r.ok()) EXPECT_EQ(r.error().code, code);
    return r.ok() ? domain::Error{} : r.error();
  };
  services::LeadEdit no_reason;
  no_reason.description = "A different description of the leak.";
  auto e = refused(no_reason, domain::ErrorCode::invalid_input);
  ASSERT_EQ(e.details.size(), 1u);
  EXPECT_EQ(e.details[0].field, "reason");

  services::LeadEdit bad;
  bad.zip = "00000";
  bad.email = "not-an-address";
  bad.reason = "typo";
  e = refused(bad, domain::ErrorCode::invalid_input);
  std::set<std::string> fields;
  for (const auto& d : e.details) fields.insert(d.field);
  EXPECT_EQ(fields, (std::set<std::string>{"zip", "email"}));

  services::LeadEdit same;
  same.zip = before.zip;
  same.reason = "nothing";
  refused(same, domain::ErrorCode::invalid_input);
  services::LeadEdit ok_edit;
  ok_edit.best_time = "now";
  ok_edit.reason = "x";
  EXPECT_EQ(edits_->edit(staff_, domain::LeadId{s.id.value + 999}, ok_edit).error().code,
            domain::ErrorCode::not_found);

  auto after = lead(s.id);
  EXPECT_EQ(after.description, before.description);
  EXPECT_EQ(after.zip, before.zip);
  EXPECT_EQ(after.email, before.email);
  EXPECT_EQ(after.updated_at, before.updated_at);
  EXPECT_TRUE(audit("lead.edit").empty());
}

TEST_P(LeadEditTest, RematchAfterANewZipAlertsOnlyThePlumbersNotSentItBefore) {
  plumber("ann");  // San Francisco
  PlumberSpec la;
  la.zip = "90012";
  plumber("luis", la);  // Los Angeles
  auto s = submit("leak_repair", "flexible", "94103");
  EXPECT_EQ(matched_to(s.id).size(), 1u);
  auto ann_alerts = alerts_to("ann@example.com");
  EXPECT_GE(ann_alerts, 1u);
  EXPECT_EQ(alerts_to("luis@example.com"), 0u);

  services::LeadEdit e;
  e.zip = "90012";
  e.reason = "Wrong ZIP taken down";
  ASSERT_TRUE(edits_->edit(staff_, s.id, e).ok());
  EXPECT_EQ(alerts_to("luis@example.com"), 0u);  // an edit alone sends nothing

  auto n = edits_->rematch(staff_, s.id, "New ZIP");
  ASSERT_TRUE(n.ok()) << n.error().message;
  EXPECT_EQ(*n, 1);
  EXPECT_EQ(matched_to(s.id).size(), 2u);
  EXPECT_GE(alerts_to("luis@example.com"), 1u);
  EXPECT_EQ(alerts_to("ann@example.com"), ann_alerts);  // not alerted twice

  auto all_messages = messages("lead_alert").size();
  auto again = edits_->rematch(staff_, s.id, "Once more");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 0);
  EXPECT_EQ(messages("lead_alert").size(), all_messages);
  EXPECT_EQ(audit("lead.rematch").size(), 2u);
}

TEST_P(LeadEditTest, RematchNeedsAReasonAndAnOpenRequest) {
  plumber("ann");
  auto s = submit("leak_repair", "flexible", "94103");
  EXPECT_EQ(edits_->rematch(staff_, s.id, "  ").error().code, domain::ErrorCode::invalid_input);
  EXPECT_EQ(edits_->rematch(staff_, domain::LeadId{s.id.value + 999}, "why").error().code,
            domain::ErrorCode::not_found);
  ASSERT_TRUE(leads_->cancel(s.tracking_token).ok());
  EXPECT_EQ(edits_->rematch(staff_, s.id, "why").error().code, domain::ErrorCode::conflict);
  EXPECT_TRUE(audit("lead.rematch").empty());
}

}  // namespace

INSTANTIATE_TEST_SUITE_P(Backends, LeadEditTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace plumbline::lead_edit_test
