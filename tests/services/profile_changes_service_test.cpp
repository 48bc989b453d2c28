// Verification that follows the facts, with a fixed clock on SQLite and PostgreSQL: a checked
// plumber who changes a verified fact loses that fact's check but keeps working, the change waits
// in the admin's queue with its old and new values, and the admin's new check closes it.
#include "marketplace_fixture.hpp"

namespace plumbline::profile_changes_test {
using namespace market_test;

namespace {

using ProfileChangeFlows = MarketTest;

TEST_P(ProfileChangeFlows, ALicenceChangeClearsTheCheckQueuesTheChangeAndTheReviewClosesIt) {
  auto p = plumber("lic");
  auto in = profiles_->profile(p)->plumber.profile;
  const auto old_licence = in.licence_number;
  clock_.advance_ms(hour);
  in.licence_number = "C36-999999";
  auto saved = profiles_->save_profile(p, in);
  ASSERT_TRUE(saved.ok()) << saved.error().message;

  // The licence check is gone, the insurance check and the approval stay.
  const auto& review = saved->plumber.review;
  EXPECT_EQ(review.status, domain::PlumberStatus::approved);
  EXPECT_EQ(review.licence_verified_on, "");
  EXPECT_EQ(review.insurance_valid_until, approval().insurance_valid_until);
  EXPECT_EQ(saved->plumber.profile.licence_number, "C36-999999");
  EXPECT_EQ(saved->plumber.updated_at, t0 + hour);

  // The change waits with its old and new values.
  ASSERT_EQ(saved->changes.size(), 1u);
  const auto& c = saved->changes[0];
  EXPECT_EQ(c.field, "licence_number");
  EXPECT_EQ(c.old_value, old_licence);
  EXPECT_EQ(c.new_value, "C36-999999");
  EXPECT_EQ(c.created_at, t0 + hour);
  EXPECT_TRUE(c.pending());
  auto queue = admin_tools_->list_plumbers({.pending_changes = true});
  ASSERT_TRUE(queue.ok());
  EXPECT_EQ(queue->total, 1);
  ASSERT_EQ(queue->plumbers.size(), 1u);
  EXPECT_EQ(queue->plumbers[0].plumber.user_id, p);
  EXPECT_EQ(queue->plumbers[0].changes.size(), 1u);
  EXPECT_EQ(
      store_->read<std::int64_t>([](store::Tx& tx) { return tx.count_pending_profile_changes(); }),
      1);

  // The plumber keeps working; the homeowner sees no licence date for them.
  auto lead = submit();
  ASSERT_TRUE(claims_->claim(p, lead.id).ok());
  auto claimants = store_->read<std::vector<domain::Claimant>>(
      [&](store::Tx& tx) { return tx.claimants(lead.id); });
  ASSERT_EQ(claimants.size(), 1u);
  EXPECT_EQ(claimants[0].licence_number, "C36-999999");
  EXPECT_EQ(claimants[0].licence_verified_on, "");
  EXPECT_EQ(claimants[0].insurance_valid_until, approval().insurance_valid_until);

  // Approval needs both dates again; the new check closes the change.
  clock_.advance_ms(hour);
  EXPECT_FALSE(admin_tools_
                   ->review(domain::Actor{admin_}, p,
                            {domain::PlumberStatus::approved, "", "", "2027-12-31", {}, 0})
                   .ok());
  EXPECT_EQ(profiles_->profile(p)->changes.size(), 1u);  // a refused review closes nothing
  auto checked = admin_tools_->review(
      domain::Actor{admin_}, p,
      {domain::PlumberStatus::approved, "", "2027-01-16", "2027-12-31", {}, 0});
  ASSERT_TRUE(checked.ok()) << checked.error().message;
  EXPECT_EQ(checked->plumber.review.licence_verified_on, "2027-01-16");
  EXPECT_TRUE(checked->changes.empty());
  EXPECT_EQ(admin_tools_->list_plumbers({.pending_changes = true})->total, 0);
  auto history = store_->read<std::vector<domain::ProfileChange>>(
      [&](store::Tx& tx) { return tx.profile_changes(p, 10); });
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0].reviewed_by, std::optional{admin_});
  EXPECT_EQ(history[0].reviewed_at, std::optional<domain::Millis>(t0 + 2 * hour));
}

TEST_P(ProfileChangeFlows, AnInsuranceChangeClearsOnlyTheInsuranceCheck) {
  auto p = plumber("ins");
  auto in = profiles_->profile(p)->plumber.profile;
  in.insurance_carrier = "Other Mutual";
  in.insurance_expires_on = "2029-06-30";
  auto saved = profiles_->save_profile(p, in);
  ASSERT_TRUE(saved.ok());
  EXPECT_EQ(saved->plumber.review.licence_verified_on, approval().licence_verified_on);
  EXPECT_EQ(saved->plumber.review.insurance_valid_until, "");
  ASSERT_EQ(saved->changes.size(), 2u);
  for (const auto& c : saved->changes)
    EXPECT_TRUE(c.field == "insurance_carrier" || c.field == "insurance_expires_on") << c.field;
}

TEST_P(ProfileChangeFlows, AreaServicesSettingsAndSpellingCreateNothing) {
  auto p = plumber("area");
  auto in = profiles_->profile(p)->plumber.profile;
  in.radius_miles = 60;
  in.base_zip = "94607";
  in.extra_zips = {"94122"};
  in.services = {"water_heater"};
  in.description = "Now also water heaters.";
  in.contact_name = "Someone Else";
  in.years_in_business = 31;
  in.licence_number = " " + in.licence_number + " ";  // the same licence, spelt with spaces
  in.licence_state = "ca";
  ASSERT_TRUE(profiles_->save_profile(p, in).ok());
  domain::PlumberSettings s;
  s.daily_cap = 3;
  s.paused = true;
  ASSERT_TRUE(profiles_->save_settings(p, s).ok());
  auto v = profiles_->profile(p);
  EXPECT_TRUE(v->changes.empty());
  EXPECT_EQ(v->plumber.review.licence_verified_on, approval().licence_verified_on);
  EXPECT_EQ(v->plumber.review.insurance_valid_until, approval().insurance_valid_until);
  EXPECT_EQ(v->plumber.profile.radius_miles, 60);
  EXPECT_EQ(admin_tools_->list_plumbers({.pending_changes = true})->total, 0);
}

TEST_P(ProfileChangeFlows, OnlyCheckedPlumbersRecordChanges) {
  // Pending: the whole profile is reviewed anyway.
  auto pending = plumber("pend", {.approve = false});
  auto in = profiles_->profile(pending)->plumber.profile;
  in.licence_number = "C36-1";
  auto saved = profiles_->save_profile(pending, in);
  ASSERT_TRUE(saved.ok());
  EXPECT_TRUE(saved->changes.empty());
  EXPECT_EQ(saved->plumber.review.status, domain::PlumberStatus::pending);

  // Suspended after a check: the change clears the check and the status stays suspended.
  auto sus = plumber("sus");
  ASSERT_TRUE(admin_tools_
                  ->review(domain::Actor{admin_}, sus,
                           {domain::PlumberStatus::suspended, "Complaints.", "", "", {}, 0})
                  .ok());
  in = profiles_->profile(sus)->plumber.profile;
  in.business_name = "Renamed Plumbing";
  saved = profiles_->save_profile(sus, in);
  ASSERT_TRUE(saved.ok());
  EXPECT_EQ(saved->plumber.review.status, domain::PlumberStatus::suspended);
  EXPECT_EQ(saved->plumber.review.licence_verified_on, "");
  ASSERT_EQ(saved->changes.size(), 1u);
  EXPECT_EQ(saved->changes[0].field, "business_name");
  EXPECT_EQ(saved->changes[0].new_value, "Renamed Plumbing");
  EXPECT_EQ(admin_tools_->list_plumbers({.pending_changes = true})->total, 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, ProfileChangeFlows, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace plumbline::profile_changes_test
