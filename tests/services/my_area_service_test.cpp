// "Demand in my area" on SQLite and PostgreSQL: an exact fixture (the plumber, rivals in the same
// area, requests inside and outside it) gives known counts for every fate and reason, the
// plumber's claim rate and cost per job won, and the period errors name their field.
#include <algorithm>

#include "marketplace_fixture.hpp"
#include "services/my_area_report.hpp"

namespace plumbline::my_area_service_test {
using namespace market_test;

namespace {

class MyAreaReport : public MarketTest {
 protected:
  void SetUp() override {
    MarketTest::SetUp();
    if (IsSkipped()) return;
    report_ =
        std::make_unique<services::MyAreaReportService>(*store_, local_zones(), clock_, *catalog_);
  }
  domain::Report build(domain::UserId id, std::string preset = "") {
    auto r = report_->build(id.value, preset, "", "");
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.value();
  }
  // The value of `column` in the row whose first cell reads `label`.
  static std::int64_t cell(const domain::Report& r, const std::string& table,
                           const std::string& label, const std::string& column) {
    const auto* t = r.table(table);
    EXPECT_NE(t, nullptr) << table;
    if (!t) return -1;
    std::size_t at = 0;
    while (at < t->columns.size() && t->columns[at].key != column) ++at;
    EXPECT_LT(at, t->columns.size()) << column;
    for (const auto& row : t->rows)
      if (row[0].text == label && at < row.size()) return row[at].number;
    ADD_FAILURE() << "no row " << label << " in " << table;
    return -1;
  }
  static std::int64_t kpi(const domain::Report& r, const std::string& key) {
    for (const auto& k : r.kpis)
      if (k.key == key) return k.value;
    ADD_FAILURE() << "no kpi " << key;
    return -1;
  }
  domain::Claim claim(domain::UserId who, domain::LeadId lead) {
    auto c = claims_->claim(who, lead);
    EXPECT_TRUE(c.ok()) << (c.ok() ? "" : c.error().message);
    return c.value().claim;
  }
  std::unique_ptr<services::MyAreaReportService> report_;
};

TEST_P(MyAreaReport, CountsEveryFateAndReasonOfTheRequestsInTheArea) {
  // Before the plumber exists: a request in their area they were never considered for.
  auto before = submit("drain_cleaning");
  ASSERT_TRUE(leads_->cancel(before.tracking_token).ok());

  PlumberSpec mine;
  mine.services = {"drain_cleaning", "leak_repair"};
  mine.settings.daily_cap = 1;
  auto me = plumber("me", mine);
  auto r1 = plumber("rival1"), r2 = plumber("rival2"), r3 = plumber("rival3");

  auto won = submit("drain_cleaning");                       // claimed by me, then won
  auto other = submit("water_heater");                       // a service I do not offer
  auto far = submit("drain_cleaning", "flexible", "90012");  // Los Angeles: outside my area
  auto filled = submit("leak_repair");                       // three rivals fill it
  auto open = submit("drain_cleaning");                      // sent to me, still open
  auto cancelled = submit("leak_repair");                    // sent to me, closed by the homeowner
  EXPECT_EQ(won.matched, 4);
  EXPECT_EQ(other.matched, 3);
  EXPECT_EQ(far.matched, 0);
  (void)open;
  auto mine_claim = claim(me, won.id);
  domain::ClaimOutcomeUpdate outcome;
  outcome.outcome = domain::ClaimOutcome::won;
  ASSERT_TRUE(claims_->update_outcome(me, mine_claim.id, outcome).ok());
  for (auto rival : {r1, r2, r3}) claim(rival, filled.id);
  ASSERT_TRUE(leads_->cancel(cancelled.tracking_token).ok());

  // One claim today with a cap of 1: over the cap.
  auto capped = submit("drain_cleaning");
  EXPECT_EQ(capped.matched, 3);
  // Paused (twice: the top reason), then the plan lapses.
  domain::PlumberSettings paused = mine.settings;
  paused.paused = true;
  ASSERT_TRUE(profiles_->save_settings(me, paused).ok());
  submit("drain_cleaning");
  submit("leak_repair");
  ASSERT_TRUE(admin_tools_->set_plan(domain::Actor{admin_}, me, "none").ok());
  submit("drain_cleaning");

  auto r = build(me);
  EXPECT_EQ(r.name, "my-area");
  EXPECT_EQ(r.range.preset, "12w");
  EXPECT_EQ(r.range.grain, domain::ReportGrain::week);
  EXPECT_EQ(r.range.zone, "America/Los_Angeles");  // the base ZIP's zone
  EXPECT_EQ(kpi(r, "requests"), 9);                // every request in the area of a service I offer
  EXPECT_EQ(kpi(r, "matched"), 4);                 // won, filled, open, cancelled
  EXPECT_EQ(kpi(r, "claimed"), 1);
  EXPECT_EQ(kpi(r, "missed"), 7);  // filled, cancelled, capped, paused ×2, plan, not recorded
  const auto& missed = r.kpis[3];
  EXPECT_EQ(missed.label, "Missed (mostly: Not sent: you were paused)");
  EXPECT_FALSE(missed.higher_is_better);

  using domain::my_area_reason_label;
  auto outcome_of = [&](std::string_view fate) {
    return cell(r, "outcomes", my_area_reason_label(fate), "requests");
  };
  EXPECT_EQ(outcome_of(domain::fate_claimed), 1);
  EXPECT_EQ(outcome_of(domain::fate_open), 1);
  EXPECT_EQ(outcome_of(domain::fate_filled), 1);
  EXPECT_EQ(outcome_of(domain::fate_unclaimed), 1);
  EXPECT_EQ(outcome_of(domain::miss_daily_cap), 1);
  EXPECT_EQ(outcome_of(domain::miss_paused), 2);
  EXPECT_EQ(outcome_of(domain::miss_plan), 1);
  EXPECT_EQ(outcome_of(domain::fate_not_recorded), 1);
  EXPECT_EQ(outcome_of(domain::fate_not_offered), 1);

  // Every request falls in the last week (the period ends today).
  const auto& week = r.range.buckets.back().label;
  EXPECT_EQ(cell(r, "by_week", week, "drain_cleaning"), 6);
  EXPECT_EQ(cell(r, "by_week", week, "leak_repair"), 3);
  EXPECT_EQ(cell(r, "by_week", week, "water_heater"), 1);
  EXPECT_EQ(cell(r, "by_week", week, "your_services"), 9);
  EXPECT_EQ(cell(r, "by_week", week, "other_services"), 1);
  EXPECT_EQ(cell(r, "my_claims", week, "matches"), 4);
  EXPECT_EQ(cell(r, "my_claims", week, "claims"), 1);
  EXPECT_EQ(cell(r, "my_claims", week, "claim_rate"), 2500);
  EXPECT_EQ(cell(r, "my_claims", week, "credits_spent"), mine_claim.price_credits);
  EXPECT_EQ(cell(r, "my_claims", week, "jobs_won"), 1);
  EXPECT_EQ(cell(r, "my_claims", week, "cost_per_job_won"), mine_claim.price_credits);
  // Earlier weeks are empty, and a week without a job won has no cost per job.
  EXPECT_TRUE(r.table("my_claims")->rows.front().back().missing);
  EXPECT_TRUE(r.table("my_claims")->rows.front()[3].missing);  // no claim rate without matches

  // A rival's report counts their own fates over the same requests, never mine.
  auto rival = build(r1);
  EXPECT_EQ(kpi(rival, "claimed"), 1);
  EXPECT_EQ(kpi(rival, "requests"), 10);  // they offer every service
  EXPECT_EQ(cell(rival, "my_claims", week, "claims"), 1);
}

TEST_P(MyAreaReport, RefusesBadPeriodsNamingTheFieldAndNonPlumbers) {
  auto me = plumber("me");
  auto field_of = [&](std::string preset, std::string from, std::string to) {
    auto r = report_->build(me.value, preset, from, to);
    EXPECT_FALSE(r.ok());
    if (r.ok() || r.error().details.empty()) return std::string();
    EXPECT_EQ(r.error().code, domain::ErrorCode::bad_request);
    return r.error().details[0].field;
  };
  EXPECT_EQ(field_of("3w", "", ""), "preset");
  EXPECT_EQ(field_of("custom", "yesterday", "2027-01-10"), "from");
  EXPECT_EQ(field_of("custom", "2027-01-01", "2030-01-01"), "to");
  auto custom = report_->build(me.value, "custom", "2027-01-04", "2027-01-15");
  ASSERT_TRUE(custom.ok());
  EXPECT_EQ(custom->range.buckets.size(), 2u);  // Monday 4 and Monday 11 January
  EXPECT_EQ(custom->range.buckets[0].label, "2027-01-04");
  auto admin = report_->build(admin_.value, "", "", "");
  ASSERT_FALSE(admin.ok());
  EXPECT_EQ(admin.error().code, domain::ErrorCode::not_found);
}

INSTANTIATE_TEST_SUITE_P(Backends, MyAreaReport, ::testing::Values("sqlite", "postgres"));

}  // namespace
}  // namespace plumbline::my_area_service_test
