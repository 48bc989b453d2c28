// Unit tests for lead validation: every field's rules and the consent record.
#include "domain/lead_rules.hpp"

#include <gtest/gtest.h>

namespace plumbline::domain {
namespace {

Catalog test_catalog() {
  Catalog c;
  c.services = {{"leak_repair", "Leak repair", 2, true},
                {"drain_cleaning", "Drain cleaning", 2, true},
                {"retired", "Retired", 2, false}};
  c.urgencies = {{"emergency", "Emergency", 1}, {"flexible", "Flexible", 0}};
  return c;
}

const geo::ZipTable& test_zips() {
  static const auto t = geo::ZipTable::parse(
      "# test\n94110\t37.75\t-122.415\tSan Francisco\tCA\n00601\t18.18\t-66.75\t\tPR\n");
  return t;
}

LeadInput valid_input() {
  LeadInput in;
  in.service_type = "leak_repair";
  in.description = "Water under the kitchen sink";
  in.urgency = "emergency";
  in.zip = "94110";
  in.name = "Maria Lopez";
  in.phone = "(415) 555-0134";
  in.email = "maria@example.com";
  in.contact_method = "text";
  in.consent = true;
  return in;
}

RequestContext ctx() {
  return {"203.0.113.9", "Mozilla/5.0", "web", 1700000000000};
}

std::vector<std::string> fields_of(const Result<NewLead>& r) {
  std::vector<std::string> f;
  if (!r)
    for (const auto& d : r.error().details) f.push_back(d.field);
  return f;
}

TEST(LeadRules, ValidInputIsNormalised) {
  auto in = valid_input();
  in.zip = "94110-1234";
  in.name = "  Maria Lopez ";
  auto r = validate_lead(in, test_catalog(), test_zips(), ctx());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->zip, "94110");
  EXPECT_EQ(r->city, "San Francisco");
  EXPECT_EQ(r->state, "CA");
  EXPECT_DOUBLE_EQ(r->lat, 37.75);
  EXPECT_EQ(r->name, "Maria Lopez");
  EXPECT_EQ(r->phone_e164, "+14155550134");
  EXPECT_EQ(r->consent_text, consent_text(3));
  EXPECT_EQ(r->consent_ip, "203.0.113.9");
  EXPECT_EQ(r->consent_user_agent, "Mozilla/5.0");
  EXPECT_EQ(r->consent_at, 1700000000000);
  EXPECT_EQ(r->source, "web");
}

TEST(LeadRules, EmptyInputReportsEveryRequiredFieldInFormOrder) {
  auto r = validate_lead(LeadInput{}, test_catalog(), test_zips(), ctx());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::invalid_input);
  EXPECT_EQ(fields_of(r),
            (std::vector<std::string>{"service_type", "description", "urgency", "zip", "name",
                                      "phone", "email", "contact_method", "consent"}));
}

struct FieldCase {
  const char* field;
  void (*mutate)(LeadInput&);
};

class InvalidField : public ::testing::TestWithParam<FieldCase> {};

TEST_P(InvalidField, IsReportedAlone) {
  auto in = valid_input();
  GetParam().mutate(in);
  auto r = validate_lead(in, test_catalog(), test_zips(), ctx());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(fields_of(r), std::vector<std::string>{GetParam().field});
  EXPECT_FALSE(r.error().details.front().message.empty());
}

INSTANTIATE_TEST_SUITE_P(
    Fields, InvalidField,
    ::testing::Values(
        FieldCase{"service_type", [](LeadInput& i) { i.service_type = "roofing"; }},
        FieldCase{"service_type", [](LeadInput& i) { i.service_type = "retired"; }},
        FieldCase{"description", [](LeadInput& i) { i.description = "short"; }},
        FieldCase{"description", [](LeadInput& i) { i.description = std::string(2001, 'x'); }},
        FieldCase{"description",
                  [](LeadInput& i) { i.description = "ten chars and \x01 control"; }},
        FieldCase{"urgency", [](LeadInput& i) { i.urgency = "yesterday"; }},
        FieldCase{"zip", [](LeadInput& i) { i.zip = "9411"; }},
        FieldCase{"zip", [](LeadInput& i) { i.zip = "abcde"; }},
        FieldCase{"zip", [](LeadInput& i) { i.zip = "99999"; }},
        FieldCase{"address", [](LeadInput& i) { i.address = std::string(201, 'a'); }},
        FieldCase{"name", [](LeadInput& i) { i.name = "M"; }},
        FieldCase{"name", [](LeadInput& i) { i.name = std::string(101, 'm'); }},
        FieldCase{"phone", [](LeadInput& i) { i.phone = "555-0134"; }},
        FieldCase{"phone", [](LeadInput& i) { i.phone = "+44 20 7946 0958"; }},
        FieldCase{"phone", [](LeadInput& i) { i.phone = "(015) 555-0134"; }},
        FieldCase{"email", [](LeadInput& i) { i.email = "maria.example.com"; }},
        FieldCase{"email", [](LeadInput& i) { i.email = "maria@localhost"; }},
        FieldCase{"contact_method", [](LeadInput& i) { i.contact_method = "fax"; }},
        FieldCase{"best_time", [](LeadInput& i) { i.best_time = std::string(101, 'b'); }},
        FieldCase{"consent", [](LeadInput& i) { i.consent = false; }}));

TEST(LeadRules, DescriptionLengthCountsCharactersNotBytes) {
  auto in = valid_input();
  in.description = "Fuga en baño";  // 12 characters, 13 bytes
  EXPECT_TRUE(validate_lead(in, test_catalog(), test_zips(), ctx()).ok());
  std::string two_thousand_e_acute;
  for (int i = 0; i < 2000; ++i) two_thousand_e_acute += "\xc3\xa9";
  in.description = two_thousand_e_acute;
  EXPECT_TRUE(validate_lead(in, test_catalog(), test_zips(), ctx()).ok());
}

TEST(LeadRules, MarketingFieldsAreClippedNotRejected) {
  auto in = valid_input();
  in.utm_source = std::string(500, 's');
  in.referrer = std::string(2000, 'r');
  auto r = validate_lead(in, test_catalog(), test_zips(), ctx());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->utm_source.size(), 100u);
  EXPECT_EQ(r->referrer.size(), 500u);
}

TEST(LeadRules, TerritoryZipWithoutCityIsAccepted) {
  auto in = valid_input();
  in.zip = "00601";
  auto r = validate_lead(in, test_catalog(), test_zips(), ctx());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->state, "PR");
}

TEST(LeadRules, StatusesTheHomeownerMayCancel) {
  EXPECT_TRUE(homeowner_can_cancel(LeadStatus::open));
  EXPECT_TRUE(homeowner_can_cancel(LeadStatus::full));
  EXPECT_FALSE(homeowner_can_cancel(LeadStatus::closed));
  EXPECT_FALSE(homeowner_can_cancel(LeadStatus::expired));
}

}  // namespace
TEST(LeadRules, ConsentNamesTheConfiguredClaimsCap) {
  EXPECT_NE(consent_text(5).find("with up to 5 licensed plumbers"), std::string::npos);
  auto in = valid_input();
  auto c = ctx();
  c.max_claims = 7;
  auto r = validate_lead(in, test_catalog(), test_zips(), c);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->consent_text, consent_text(7));
}

}  // namespace plumbline::domain

TEST(TrackingToken, OnlyPlausibleTokensAreLookedUp) {
  EXPECT_TRUE(plumbline::domain::plausible_tracking_token(std::string(32, 'a')));
  EXPECT_TRUE(plumbline::domain::plausible_tracking_token("abcDEF012-_abcDEF012-_"));
  EXPECT_FALSE(plumbline::domain::plausible_tracking_token(""));
  EXPECT_FALSE(plumbline::domain::plausible_tracking_token(std::string(21, 'a')));
  EXPECT_FALSE(plumbline::domain::plausible_tracking_token(std::string(65, 'a')));
  EXPECT_FALSE(plumbline::domain::plausible_tracking_token(std::string(30, 'a') + "/.."));
}
