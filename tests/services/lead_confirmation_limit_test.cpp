// Intake as a weapon (issue 12, point 9): confirmations are limited per e-mail address and phone
// number per day, past the limit the lead is still stored and matched, and no message to the
// unverified requester carries what they typed; on SQLite and PostgreSQL.
#include <algorithm>

#include "marketplace_fixture.hpp"

namespace plumbline::confirmation_limit_test {
using namespace market_test;

namespace {

using ConfirmationLimit = MarketTest;

// A request with the given e-mail, phone and service (the fixture's submit() varies them).
services::SubmittedLead submit_as(services::LeadService& leads, const std::string& email,
                                  const std::string& phone,
                                  const std::string& service = "drain_cleaning",
                                  const std::string& name = "Maria Lopez") {
  domain::LeadInput in;
  in.service_type = service;
  in.urgency = "flexible";
  in.zip = "94103";
  in.description = "Kitchen sink drains slowly since last week.";
  in.name = name;
  in.phone = phone;
  in.email = email;
  in.address = "1 Valencia St";
  in.contact_method = "text";
  in.best_time = "Evenings";
  in.consent = true;
  auto r = leads.submit(in, {"203.0.113.9", "test", "web", 0});
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.ok() ? r.value() : services::SubmittedLead{};
}

// The lead's confirmations by channel ("email", "sms").
std::vector<std::string> channels(const std::vector<domain::OutboxMessage>& all,
                                  domain::LeadId lead_id) {
  std::vector<std::string> out;
  for (const auto& m : all)
    if (m.lead_id == domain::LeadId{lead_id.value}) out.push_back(m.channel);
  std::sort(out.begin(), out.end());
  return out;
}

const std::vector<std::string> both = {"email", "sms"};
const std::vector<std::string> sms_only = {"sms"}, email_only = {"email"}, none = {};

TEST_P(ConfirmationLimit, FourthRequestToOneAddressIsStoredAndMatchedWithoutAConfirmation) {
  plumber("ann");
  std::vector<services::SubmittedLead> sent;
  // One mailbox however it is written; a different phone (and service) each time, so no duplicates.
  const char* addresses[] = {"victim@example.com", "Victim@Example.com", "victim+x@example.com",
                             "VICTIM+again@example.com"};
  const char* services[] = {"drain_cleaning", "leak_repair", "water_heater", "drain_cleaning"};
  for (int i = 0; i < 4; ++i)
    sent.push_back(
        submit_as(*leads_, addresses[i], "(415) 555-30" + std::to_string(10 + i), services[i]));
  auto confirmations = messages("lead_confirmation");
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(channels(confirmations, sent[i].id), both) << i;
    EXPECT_TRUE(sent[i].confirmations_withheld.empty()) << i;
  }
  // The fourth: no e-mail (its own phone still gets its SMS), yet stored, open and matched.
  EXPECT_EQ(channels(confirmations, sent[3].id), sms_only);
  EXPECT_EQ(sent[3].confirmations_withheld, email_only);
  EXPECT_FALSE(sent[3].duplicate);
  EXPECT_EQ(sent[3].matched, 1);
  EXPECT_EQ(lead(sent[3].id).status, domain::LeadStatus::open);
  EXPECT_EQ(lead(sent[3].id).email, "VICTIM+again@example.com");
  EXPECT_EQ(channels(messages("lead_alert"), sent[3].id), email_only);  // ann's alert
  EXPECT_TRUE(leads_->track(sent[3].tracking_token).ok());  // the link on the page works

  // Another address still gets its confirmation.
  auto other = submit_as(*leads_, "neighbour@example.com", "(415) 555-3020");
  EXPECT_EQ(channels(messages("lead_confirmation"), other.id), both);

  // The window slides: once the first three are more than 24 h old, the address gets one again.
  clock_.advance_ms(day);
  auto still = submit_as(*leads_, "victim@example.com", "(415) 555-3021");
  EXPECT_EQ(channels(messages("lead_confirmation"), still.id), sms_only);
  clock_.advance_ms(1);
  auto next_day = submit_as(*leads_, "victim@example.com", "(415) 555-3022");
  EXPECT_EQ(channels(messages("lead_confirmation"), next_day.id), both);
}

TEST_P(ConfirmationLimit, FourthRequestToOnePhoneGetsNoSms) {
  std::vector<services::SubmittedLead> sent;
  for (int i = 0; i < 4; ++i)  // the same number: the later ones are duplicates, and still count
    sent.push_back(submit_as(*leads_, "caller" + std::to_string(i) + "@example.com",
                             i % 2 ? "+1 415 555 3030" : "(415) 555-3030"));
  auto confirmations = messages("lead_confirmation");
  for (int i = 0; i < 3; ++i) EXPECT_EQ(channels(confirmations, sent[i].id), both) << i;
  EXPECT_EQ(channels(confirmations, sent[3].id), email_only);
  EXPECT_EQ(sent[3].confirmations_withheld, sms_only);
  EXPECT_TRUE(sent[3].duplicate);
  EXPECT_EQ(lead(sent[3].id).phone_e164, "+14155553030");
}

TEST_P(ConfirmationLimit, TheLimitIsASetting) {
  services::NotificationSettings n{"https://plumbline.test", secret, true, 8};
  n.confirmations_per_recipient_per_day = 1;
  services::LeadService strict(*store_, zips(), clock_, *catalog_, *matching_, events_, n,
                               settings_);
  auto a = submit_as(strict, "once@example.com", "(415) 555-3040");
  auto b = submit_as(strict, "once@example.com", "(415) 555-3041");
  auto c = submit_as(strict, "twice@example.com", "(415) 555-3041", "leak_repair");
  auto confirmations = messages("lead_confirmation");
  EXPECT_EQ(channels(confirmations, a.id), both);
  EXPECT_EQ(channels(confirmations, b.id), sms_only);
  EXPECT_EQ(channels(confirmations, c.id), email_only);
  EXPECT_EQ(c.confirmations_withheld, sms_only);
  EXPECT_NE(lead(b.id).id, domain::LeadId{});
}

TEST_P(ConfirmationLimit, ConfirmationsCarryNothingTheRequesterTyped) {
  auto ann = plumber("ann");
  const std::string name = "Click http://evil.example now";
  domain::LeadInput in;
  in.service_type = "drain_cleaning";
  in.urgency = "flexible";
  in.zip = "94103";
  in.description = "Your account is locked, visit http://evil.example/desc today";
  in.name = name;
  in.phone = "(415) 555-3050";
  in.email = "target@example.com";
  in.address = "http://evil.example/address";
  in.best_time = "http://evil.example/time";
  in.contact_method = "text";
  in.consent = true;
  auto r = leads_->submit(in, {"203.0.113.9", "test", "web", 0});
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_TRUE(claims_->claim(ann, r->id).ok());

  int to_requester = 0;
  for (const char* kind : {"lead_confirmation", "lead_claimed"})
    for (const auto& m : messages(kind)) {
      ++to_requester;
      EXPECT_TRUE(m.recipient == "target@example.com" || m.recipient == "+14155553050");
      EXPECT_EQ(everything(m).find("evil.example"), std::string::npos)
          << kind << " " << m.channel << ": " << everything(m);
    }
  EXPECT_EQ(to_requester, 4);  // e-mail and SMS of each
  // The plumber who paid for the lead still gets every detail (sealed at rest).
  auto claimed = messages("claim_confirmation");
  ASSERT_EQ(claimed.size(), 1u);
  auto full = everything(claimed[0]);
  for (const auto& s : {name, in.description, in.address, in.best_time})
    EXPECT_NE(full.find(s), std::string::npos) << s;
}

INSTANTIATE_TEST_SUITE_P(Backends, ConfirmationLimit, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace plumbline::confirmation_limit_test
