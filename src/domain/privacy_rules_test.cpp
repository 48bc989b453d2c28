// Unit tests for the privacy rules: who may delete, placeholders, closure reasons, cutoffs.
#include <gtest/gtest.h>

#include "domain/lead_rules.hpp"
#include "domain/privacy.hpp"

namespace plumbline::domain {
namespace {

TEST(PrivacyRules, HomeownerDeletesOnlyFinishedRequests) {
  EXPECT_TRUE(homeowner_can_delete(LeadStatus::closed));
  EXPECT_TRUE(homeowner_can_delete(LeadStatus::expired));
  EXPECT_FALSE(homeowner_can_delete(LeadStatus::open));
  EXPECT_FALSE(homeowner_can_delete(LeadStatus::full));
}

TEST(PrivacyRules, AnonymisedContactCannotMatchAnyone) {
  Lead l;
  l.name = "Maria Lopez";
  l.phone_e164 = "+14155550134";
  l.email = "maria@example.com";
  l.address = "1 Valencia St";
  l.consent_ip = "203.0.113.9";
  EXPECT_FALSE(lead_anonymised(l));
  anonymise_contact(l);
  EXPECT_TRUE(lead_anonymised(l));
  EXPECT_EQ(l.name, "Deleted homeowner");
  EXPECT_TRUE(l.phone_e164.empty() && l.email.empty() && l.address.empty());
  EXPECT_TRUE(l.consent_ip.empty());
  apply_contact_copy(l,
                     {1, "Maria Lopez", "+14155550134", "maria@example.com", "1 Valencia St", 0});
  EXPECT_EQ(l.phone_e164, "+14155550134");
  EXPECT_FALSE(lead_anonymised(l));
}

TEST(PrivacyRules, ClosureReasonIsRequiredAndBounded) {
  EXPECT_TRUE(closure_reason_problem("  "));
  EXPECT_EQ(closure_reason_problem("no")->details.at(0).field, "reason");
  EXPECT_FALSE(closure_reason_problem("Fake licence, confirmed with the state board."));
  EXPECT_TRUE(closure_reason_problem(std::string(501, 'x')));
}

TEST(PrivacyRules, AnonymisedEmailIsUniqueAndUndeliverable) {
  EXPECT_EQ(anonymised_email(42), "closed-42@closed.invalid");
  EXPECT_NE(anonymised_email(42), anonymised_email(43));
}

TEST(PrivacyRules, RetentionCutoffCountsWholeDays) {
  EXPECT_EQ(retention_cutoff(400 * privacy_day_ms, 365), 35 * privacy_day_ms);
  EXPECT_EQ(retention_cutoff(31 * privacy_day_ms, 30), privacy_day_ms);
}

TEST(PrivacyRules, ConsentTextSaysWhatHappensToTheDetails) {
  std::string text = consent_text(3);
  EXPECT_NE(text.find("keep the contact details they were given"), std::string::npos);
  EXPECT_NE(text.find("delete my details"), std::string::npos);
  EXPECT_NE(text.find("retention period"), std::string::npos);
}

}  // namespace
}  // namespace plumbline::domain
