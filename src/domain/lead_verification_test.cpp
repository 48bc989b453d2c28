// Unit tests for the rules of verification codes (issue 17 item 1).
#include "domain/lead_verification.hpp"

#include <gtest/gtest.h>

#include "domain/lead_decision.hpp"
#include "domain/settings.hpp"

namespace plumbline::domain {
namespace {

VerificationCode fresh_code(Millis now) {
  VerificationCode c;
  c.created_at = now;
  c.expires_at = now + verification_code_ttl_ms;
  return c;
}

TEST(LeadVerificationRules, ACodeIsUsableForTenMinutesOnly) {
  auto c = fresh_code(1'000);
  EXPECT_EQ(code_state(c, 1'000), CodeState::usable);
  EXPECT_EQ(code_state(c, 1'000 + verification_code_ttl_ms - 1), CodeState::usable);
  EXPECT_EQ(code_state(c, 1'000 + verification_code_ttl_ms), CodeState::expired);
}

TEST(LeadVerificationRules, FiveAttemptsLockTheCodeAndAUsedCodeStaysUsed) {
  auto c = fresh_code(0);
  c.attempts = verification_max_attempts - 1;
  EXPECT_EQ(code_state(c, 1), CodeState::usable);
  c.attempts = verification_max_attempts;
  EXPECT_EQ(code_state(c, 1), CodeState::locked);
  c.attempts = 1;
  c.used_at = 5;
  EXPECT_EQ(code_state(c, 6), CodeState::used);
}

TEST(LeadVerificationRules, ResendWaitsSixtySecondsAfterTheLatestCode) {
  EXPECT_EQ(verification_resend_wait_ms(std::nullopt, 0), 0);
  auto c = fresh_code(10'000);
  EXPECT_EQ(verification_resend_wait_ms(c, 10'000), verification_resend_after_ms);
  EXPECT_EQ(verification_resend_wait_ms(c, 10'000 + 59'999), 1);
  EXPECT_EQ(verification_resend_wait_ms(c, 10'000 + 60'000), 0);
}

TEST(LeadVerificationRules, TypedCodesAreSixDigitsWithOptionalSeparators) {
  EXPECT_EQ(normalize_verification_code("123456"), "123456");
  EXPECT_EQ(normalize_verification_code(" 123 456 "), "123456");
  EXPECT_EQ(normalize_verification_code("123-456"), "123456");
  EXPECT_EQ(normalize_verification_code("12345"), "");
  EXPECT_EQ(normalize_verification_code("1234567"), "");
  EXPECT_EQ(normalize_verification_code("12345a"), "");
  EXPECT_EQ(normalize_verification_code(""), "");
}

TEST(LeadVerificationRules, PolicyNamesAndBadges) {
  EXPECT_EQ(parse_verification_policy("badge"), VerificationPolicy::badge);
  EXPECT_EQ(parse_verification_policy("required"), VerificationPolicy::required);
  EXPECT_FALSE(parse_verification_policy("Required"));
  EXPECT_STREQ(to_string(VerificationPolicy::required), "required");
  LeadVerification v;
  EXPECT_EQ(verification_badge(v), "");
  v.email_verified_at = 1;
  EXPECT_EQ(verification_badge(v), "E-mail verified");
  v.phone_verified_at = 2;
  EXPECT_EQ(verification_badge(v), "Phone verified");
}

TEST(LeadVerificationRules, PlumbersSeeTheConfirmedContactFirstAmongTheSignals) {
  LeadQuality q{true, true, "phone"};
  auto signals = quality_signals(q);
  ASSERT_EQ(signals.size(), 3u);
  EXPECT_EQ(signals[0].slug, "phone_verified");
  EXPECT_EQ(signals[0].label, "Phone verified");
  q.contact_verified = "email";
  EXPECT_EQ(quality_signals(q)[0].label, "E-mail verified");
  q.contact_verified = "";
  EXPECT_EQ(quality_signals(q).size(), 2u);
}

TEST(LeadVerificationRules, ThePolicySettingTakesOnlyItsTwoWords) {
  auto ok = apply_settings(BusinessSettings{}, {{"phone_verification", " required "}}, {});
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok.value().phone_verification, "required");
  EXPECT_EQ(BusinessSettings{}.phone_verification, "badge");
  for (const char* bad : {"", "Required", "badge|required", "bad", "badg"}) {
    auto r = apply_settings(BusinessSettings{}, {{"phone_verification", bad}}, {});
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().details.at(0).message, "Enter badge or required.");
  }
}

}  // namespace
}  // namespace plumbline::domain
