// Unit tests for the business settings' validators, the consent template and catalog checks.
#include "domain/settings.hpp"

#include <gtest/gtest.h>

#include "domain/lead_rules.hpp"

namespace plumbline::domain {
namespace {

bool known_zone(std::string_view z) {
  return z == "America/Chicago" || z == "UTC";
}

// The one error a single change gets, as "field: message"; "" when it is accepted.
std::string refusal(const std::string& key, const std::string& value) {
  auto r = apply_settings(BusinessSettings{}, {{key, value}}, known_zone);
  if (r) return "";
  EXPECT_EQ(r.error().code, ErrorCode::invalid_input);
  EXPECT_EQ(r.error().details.size(), 1u);
  return r.error().details.at(0).field + ": " + r.error().details.at(0).message;
}

TEST(Settings, NumbersMustBeWholeAndInRange) {
  EXPECT_EQ(refusal("max_claims_per_lead", "5"), "");
  EXPECT_EQ(refusal("max_claims_per_lead", " 5 "), "");
  EXPECT_EQ(refusal("max_claims_per_lead", "0"),
            "max_claims_per_lead: Enter a whole number from 1 to 50.");
  EXPECT_NE(refusal("max_claims_per_lead", "-1"), "");
  EXPECT_NE(refusal("max_claims_per_lead", "2.5"), "");
  EXPECT_NE(refusal("max_claims_per_lead", "five"), "");
  EXPECT_NE(refusal("max_claims_per_lead", ""), "");
  EXPECT_NE(refusal("lead_expiry_hours", "99999999999999999999"), "");
  EXPECT_NE(refusal("lead_expiry_hours", "8761"), "");
  EXPECT_EQ(refusal("lead_expiry_hours", "8760"), "");
  EXPECT_EQ(refusal("dispute_window_days", "0"), "");
  EXPECT_NE(refusal("past_due_grace_days", "91"), "");
  EXPECT_NE(refusal("default_daily_cap", "1001"), "");
}

TEST(Settings, QuietHoursAreClockTimes) {
  BusinessSettings s;
  auto r = apply_settings(s, {{"default_quiet_start", "21:30"}, {"default_quiet_end", "07:00"}},
                          known_zone);
  ASSERT_TRUE(r);
  EXPECT_EQ(r.value().default_quiet_start_minute, 21 * 60 + 30);
  EXPECT_EQ(r.value().default_quiet_end_minute, 7 * 60);
  EXPECT_EQ(setting_text(r.value(), *setting_field("default_quiet_start")), "21:30");
  EXPECT_NE(refusal("default_quiet_start", "24:00"), "");
  EXPECT_NE(refusal("default_quiet_start", "9:00"), "");
  EXPECT_NE(refusal("default_quiet_end", "07:60"), "");
}

TEST(Settings, EmailPhoneAndTimeZoneAreChecked) {
  auto r = apply_settings(BusinessSettings{},
                          {{"support_email", " Help@Example.COM "},
                           {"support_phone", "(415) 555-0134"},
                           {"time_zone", "America/Chicago"}},
                          known_zone);
  ASSERT_TRUE(r);
  EXPECT_EQ(r.value().support_email, "help@example.com");
  EXPECT_EQ(r.value().support_phone, "+14155550134");
  EXPECT_EQ(r.value().time_zone, "America/Chicago");
  EXPECT_EQ(refusal("support_email", ""), "");  // no support address is allowed
  EXPECT_EQ(refusal("support_email", "help at example"),
            "support_email: Enter an e-mail address like help@example.com.");
  EXPECT_NE(refusal("support_phone", "12"), "");
  EXPECT_NE(refusal("time_zone", "Mars/Olympus_Mons"), "");  // well formed, not known
  EXPECT_NE(refusal("time_zone", "../etc/passwd"), "");
  EXPECT_NE(refusal("time_zone", ""), "");
}

TEST(Settings, TextsHaveLengthsAndNoControlCharacters) {
  EXPECT_NE(refusal("platform_name", ""), "");
  EXPECT_NE(refusal("platform_name", std::string(81, 'x')), "");
  EXPECT_NE(refusal("platform_name", "Pipes\x01"), "");
  EXPECT_EQ(refusal("terms_text", "One.\n\nTwo."), "");
  EXPECT_NE(refusal("terms_text", std::string(50001, 'x')), "");
  auto r = apply_settings(BusinessSettings{}, {{"privacy_text", "A\r\n\r\nB"}}, known_zone);
  ASSERT_TRUE(r);
  EXPECT_EQ(r.value().privacy_text, "A\n\nB");  // browsers' CR LF kept as LF
}

TEST(Settings, ConsentAllowsOnlyTheClaimsCapPlaceholder) {
  EXPECT_EQ(refusal("consent_template", "Up to {{max_claims}} plumbers may contact me."), "");
  EXPECT_EQ(refusal("consent_template", "Up to {{other}} plumbers may contact me about it."),
            "consent_template: Only {{max_claims}} may appear in double braces.");
  EXPECT_NE(refusal("consent_template", "Too short"), "");
  EXPECT_EQ(render_consent("Up to {{max_claims}} of {{max_claims}}.", 4), "Up to 4 of 4.");
  EXPECT_EQ(render_consent(default_consent_template(), 3), consent_text(3));
  EXPECT_NE(consent_text(3).find("up to 3 licensed plumbers"), std::string::npos);
}

TEST(Settings, EveryProblemIsNamedAndNothingIsApplied) {
  BusinessSettings s;
  auto r = apply_settings(
      s, {{"max_claims_per_lead", "-1"}, {"platform_name", "Fine"}, {"nope", "1"}}, known_zone);
  ASSERT_FALSE(r);
  ASSERT_EQ(r.error().details.size(), 2u);
  EXPECT_EQ(r.error().details[0].field, "max_claims_per_lead");
  EXPECT_EQ(r.error().details[1].field, "nope");
}

TEST(Settings, EveryFieldHasAKeySectionAndOneMember) {
  for (const auto& f : setting_fields()) {
    EXPECT_EQ(setting_field(f.key), &f);
    std::string section = f.section;
    EXPECT_TRUE(section == "rules" || section == "business" || section == "legal") << f.key;
    EXPECT_NE(f.number == nullptr, f.text == nullptr) << f.key;
    // The default of every field passes its own validator.
    BusinessSettings s;
    s.consent_template = default_consent_template();
    EXPECT_FALSE(set_setting(s, f, setting_text(s, f), known_zone) &&
                 std::string(f.key) != "time_zone")
        << f.key;
  }
}

TEST(Settings, CatalogEditsAreChecked) {
  Catalog current;
  current.services = {{"leak_repair", "Leak repair", 2, true}};
  current.urgencies = {{"emergency", "Emergency", 1}};
  Catalog ok = current;
  ok.services.push_back({"radiant_heat", "Radiant heating", 5, true, "Floors", 20});
  EXPECT_FALSE(catalog_refusal(ok, current));
  Catalog bad;
  bad.services = {{"Leak Repair!", "", -1, true, "", -5}, {"x", "X", 2, true}, {"x", "X", 2, true}};
  bad.urgencies = {{"sometime", "Sometime", 0}, {"emergency", "Emergency", 2000}};
  auto e = catalog_refusal(bad, current);
  ASSERT_TRUE(e);
  std::vector<std::string> fields;
  for (const auto& d : e->details) fields.push_back(d.field);
  EXPECT_EQ(fields, (std::vector<std::string>{
                        "services[0].slug", "services[0].label", "services[0].base_price_credits",
                        "services[0].sort_order", "services[2].slug", "urgencies[0].slug",
                        "urgencies[1].surcharge_credits"}));
}

}  // namespace
}  // namespace plumbline::domain
