// Unit tests for verified-fact changes: what counts as a change, which check it clears, when the
// rule applies, and the labels a plumber reads.
#include "domain/profile_change_rules.hpp"

#include <gtest/gtest.h>

namespace plumbline::domain {
namespace {

constexpr Millis now = 1'800'000'000'000;

PlumberProfileInput stored() {
  PlumberProfileInput p;
  p.business_name = "Pat's Plumbing";
  p.contact_name = "Pat Lee";
  p.phone_e164 = "+14155550134";
  p.licence_number = "C36-123456";
  p.licence_state = "CA";
  p.insurance_carrier = "Acme Mutual";
  p.insurance_expires_on = "2028-02-29";
  p.services = {"drain_cleaning"};
  p.base_zip = "94110";
  p.radius_miles = 25;
  return p;
}

PlumberReview approved() {
  return {PlumberStatus::approved, "", "2027-01-10", "2028-02-29", UserId{1}, now - 1000};
}

std::vector<std::string> fields(const std::vector<ProfileChange>& cs) {
  std::vector<std::string> out;
  for (const auto& c : cs) out.push_back(c.field);
  return out;
}

TEST(ProfileChanges, NothingVerifiedChangedGivesNoChange) {
  auto in = stored();
  in.contact_name = "Someone Else";
  in.phone_e164 = "+14155550199";
  in.description = "New words.";
  in.services = {"water_heater", "repiping"};
  in.base_zip = "94607";
  in.radius_miles = 80;
  in.extra_zips = {"94103"};
  in.years_in_business = 30;
  EXPECT_TRUE(verified_fact_changes(UserId{7}, stored(), in, now).empty());
}

TEST(ProfileChanges, ComparesAfterNormalisation) {
  auto in = stored();
  in.business_name = "  pat's   PLUMBING ";
  in.licence_number = "c36-123456";
  in.licence_state = "ca";
  in.insurance_carrier = "ACME\tmutual";
  EXPECT_TRUE(verified_fact_changes(UserId{7}, stored(), in, now).empty());
}

TEST(ProfileChanges, EachVerifiedFactIsAChangeWithOldAndNewValues) {
  auto in = stored();
  in.business_name = "Pat & Sons";
  in.licence_number = "C36-999999";
  in.licence_state = "NV";
  in.insurance_carrier = "Other Mutual";
  in.insurance_expires_on = "2029-01-31";
  auto cs = verified_fact_changes(UserId{7}, stored(), in, now);
  EXPECT_EQ(fields(cs),
            (std::vector<std::string>{fact_business_name, fact_licence_number, fact_licence_state,
                                      fact_insurance_carrier, fact_insurance_expires_on}));
  ASSERT_EQ(cs.size(), 5u);
  EXPECT_EQ(cs[1].old_value, "C36-123456");
  EXPECT_EQ(cs[1].new_value, "C36-999999");
  for (const auto& c : cs) {
    EXPECT_EQ(c.plumber_id, UserId{7});
    EXPECT_EQ(c.created_at, now);
    EXPECT_TRUE(c.pending());
    EXPECT_TRUE(is_verified_fact(c.field));
  }
  EXPECT_FALSE(is_verified_fact("radius_miles"));
}

TEST(ProfileChanges, ClearingAFactIsAChange) {
  auto in = stored();
  in.insurance_expires_on.clear();
  auto cs = verified_fact_changes(UserId{7}, stored(), in, now);
  ASSERT_EQ(cs.size(), 1u);
  EXPECT_EQ(cs[0].old_value, "2028-02-29");
  EXPECT_EQ(cs[0].new_value, "");
}

TEST(ProfileChanges, LicenceChangeClearsOnlyTheLicenceCheckAndKeepsTheStatus) {
  for (const char* field : {fact_business_name, fact_licence_number, fact_licence_state}) {
    auto r = review_after_changes(approved(), {ProfileChange{0, UserId{7}, field, "a", "b", now}});
    EXPECT_EQ(r.licence_verified_on, "") << field;
    EXPECT_EQ(r.insurance_valid_until, "2028-02-29") << field;
    EXPECT_EQ(r.status, PlumberStatus::approved) << field;
    EXPECT_EQ(r.reviewed_by, std::optional{domain::UserId{1}});
    EXPECT_EQ(r.reviewed_at, now - 1000);
  }
}

TEST(ProfileChanges, InsuranceChangeClearsOnlyTheInsuranceCheck) {
  for (const char* field : {fact_insurance_carrier, fact_insurance_expires_on}) {
    auto r = review_after_changes(approved(), {ProfileChange{0, UserId{7}, field, "a", "b", now}});
    EXPECT_EQ(r.licence_verified_on, "2027-01-10") << field;
    EXPECT_EQ(r.insurance_valid_until, "") << field;
    EXPECT_EQ(r.status, PlumberStatus::approved);
  }
  EXPECT_EQ(review_after_changes(approved(), {}).licence_verified_on, "2027-01-10");
}

TEST(ProfileChanges, AppliesToApprovedAndCheckedSuspendedPlumbersOnly) {
  EXPECT_TRUE(verified_facts_apply(approved()));
  auto r = approved();
  r.status = PlumberStatus::suspended;
  EXPECT_TRUE(verified_facts_apply(r));
  r.licence_verified_on.clear();
  EXPECT_TRUE(verified_facts_apply(r));
  r.insurance_valid_until.clear();
  EXPECT_FALSE(verified_facts_apply(r));
  for (auto s : {PlumberStatus::pending, PlumberStatus::rejected}) {
    auto other = approved();
    other.status = s;
    EXPECT_FALSE(verified_facts_apply(other)) << to_string(s);
  }
}

TEST(ProfileChanges, LabelsNameEachWaitingFactOnceInOrder) {
  std::vector<ProfileChange> cs{
      {0, UserId{7}, fact_insurance_carrier, "a", "b", now},
      {0, UserId{7}, fact_licence_number, "a", "b", now},
      {0, UserId{7}, fact_licence_number, "b", "c", now},
      {0, UserId{7}, fact_business_name, "a", "b", now, now, UserId{1}}};  // closed
  EXPECT_EQ(facts_waiting_for_check(cs),
            (std::vector<std::string>{"licence number", "insurance carrier"}));
  EXPECT_EQ(verified_fact_label(fact_insurance_expires_on), "insurance expiry date");
  EXPECT_EQ(verified_fact_label("other"), "other");
}

}  // namespace
}  // namespace plumbline::domain
