// The reports' daily rollups on SQLite and PostgreSQL: migration 0030's triggers mark the hour of
// every row written more than an hour after it was created (inserted late, changed, deleted; a
// dispute marks its claim's and its request's hours) and never a fresh row's; built days and
// their rows round-trip; a day is stored once; clearing a mark drops the days it touches and keeps
// a mark bumped since it was read.
#include "services/clock.hpp"
#include "store_fixture.hpp"

namespace plumbline::store::market_test {
namespace {

constexpr Millis rollup_hour = 3'600'000;

class ReportRollupStore : public Market {
 protected:
  std::vector<domain::StaleHour> marks() {
    return read<std::vector<domain::StaleHour>>([](Tx& tx) { return tx.report_stale_hours(100); });
  }
  std::vector<std::int64_t> marked_hours() {
    std::vector<std::int64_t> out;
    for (const auto& m : marks()) out.push_back(m.hour);
    return out;
  }
  void clear_marks() {
    write([&](Tx& tx) {
      for (const auto& m : tx.report_stale_hours(100)) tx.report_rollup_clear_stale(m);
    });
  }
};

TEST_P(ReportRollupStore, OldRowsWrittenLateMarkTheirHourAndFreshRowsDoNot) {
  auto a = plumber(1), b = plumber(2);
  clear_marks();                                 // whatever setting up the plumbers wrote
  const Millis old = t0 + 5 * rollup_hour + 17;  // long ago
  const Millis fresh = services::SystemClock{}.now_ms();
  auto stale_lead = lead(market_lead(1, "10001", "leak_repair", old));
  EXPECT_EQ(marked_hours(), (std::vector<std::int64_t>{old / rollup_hour}));
  clear_marks();
  EXPECT_TRUE(marks().empty());

  auto fresh_lead = lead(market_lead(2, "10001", "leak_repair", fresh));
  claim(fresh_lead, a, fresh);
  write([&](Tx& tx) {
    ASSERT_TRUE(tx.update_lead_status(domain::LeadId{fresh_lead}, domain::LeadStatus::open,
                                      domain::LeadStatus::expired, "expired", fresh));
  });
  EXPECT_TRUE(marks().empty()) << "a row created now changes nothing rolled up";

  // A change to the old request marks its hour; a second one bumps the version.
  set_status(stale_lead, domain::LeadStatus::expired);
  auto first = marks();
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].hour, old / rollup_hour);
  write([&](Tx& tx) {
    ASSERT_TRUE(tx.update_lead_status(domain::LeadId{stale_lead}, domain::LeadStatus::expired,
                                      domain::LeadStatus::open, "reopened", fresh));
  });
  EXPECT_GT(marks().at(0).version, first[0].version);
  clear_marks();

  // A claim made now on the old request: the request's facts change (claims_count), so its hour.
  const Millis claim_at = t0 + 30 * rollup_hour;
  auto k = claim(stale_lead, b, claim_at);
  auto hours = marked_hours();
  EXPECT_EQ(hours, (std::vector<std::int64_t>{old / rollup_hour, claim_at / rollup_hour}));
  clear_marks();

  // A dispute marks its claim's hour and its request's hour.
  write([&](Tx& tx) {
    domain::Dispute d;
    d.claim_id = domain::ClaimId{k};
    d.plumber_id = domain::UserId{b};
    d.lead_id = domain::LeadId{stale_lead};
    d.reason = "wrong_contact";
    d.created_at = fresh;
    tx.insert_dispute(d);
  });
  EXPECT_EQ(marked_hours(), (std::vector<std::int64_t>{old / rollup_hour, claim_at / rollup_hour}));
}

TEST_P(ReportRollupStore, DaysAndRowsRoundTripAndADayIsStoredOnce) {
  const Millis day = 86'400'000;
  const domain::ReportSpan d1{t0 / day * day, t0 / day * day + day};
  const domain::ReportSpan d2{d1.to_ms, d1.to_ms + day};
  domain::RollupRow r1;
  r1.text = {"drain", "web", "", "", "", "é ü"};
  r1.num = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, -12};
  domain::RollupRow r2;
  r2.num[0] = 1'800'000'000'000;
  std::vector<domain::RollupStatementRows> rows = {{"alpha", {r1, r2}}, {"beta", {r2}}};
  bool stored = false, again = true;
  write([&](Tx& tx) { stored = tx.report_rollup_store_day(d1, 1, t0, rows); });
  write([&](Tx& tx) { again = tx.report_rollup_store_day(d1, 1, t0, {{"alpha", {r2}}}); });
  write([&](Tx& tx) { tx.report_rollup_store_day(d2, 2, t0, {{"alpha", {r2}}}); });
  EXPECT_TRUE(stored);
  EXPECT_FALSE(again) << "a day built already keeps its rows";

  auto alpha = read<std::vector<domain::RollupRow>>(
      [&](Tx& tx) { return tx.report_rollup_rows("alpha", d1.from_ms, d2.to_ms); });
  ASSERT_EQ(alpha.size(), 3u);
  EXPECT_EQ(alpha[0].day_from, d1.from_ms);
  EXPECT_EQ(alpha[0].text, r1.text);
  EXPECT_EQ(alpha[0].num, r1.num);
  EXPECT_EQ(alpha[1].num, r2.num);
  EXPECT_EQ(alpha[2].day_from, d2.from_ms);
  EXPECT_EQ(read<std::vector<domain::RollupRow>>([&](Tx& tx) {
              return tx.report_rollup_rows("beta", d2.from_ms, d2.to_ms);
            }).size(),
            0u);

  auto days = read<std::vector<domain::RollupDay>>(
      [&](Tx& tx) { return tx.report_rollup_days(d1.from_ms, d2.to_ms); });
  ASSERT_EQ(days.size(), 2u);
  EXPECT_EQ(days[0].span.to_ms, d1.to_ms);
  EXPECT_EQ(days[1].version, 2);
  EXPECT_FALSE(days[0].stale);
  // Only days wholly inside the range.
  EXPECT_EQ(read<std::vector<domain::RollupDay>>([&](Tx& tx) {
              return tx.report_rollup_days(d1.from_ms + 1, d2.to_ms);
            }).size(),
            1u);

  // A row of d1 written late: the day reads stale until the mark is cleared, which drops it.
  lead(market_lead(1, "10001", "leak_repair", d1.from_ms + 3 * rollup_hour));
  days = read<std::vector<domain::RollupDay>>(
      [&](Tx& tx) { return tx.report_rollup_days(d1.from_ms, d2.to_ms); });
  EXPECT_TRUE(days[0].stale);
  EXPECT_FALSE(days[1].stale);
  // A mark read at an older version is kept (a write came after the worker read it); the day
  // still goes.
  auto mark = marks().at(0);
  write([&](Tx& tx) { tx.report_rollup_clear_stale({mark.hour, mark.version - 1}); });
  EXPECT_EQ(marks().size(), 1u);
  days = read<std::vector<domain::RollupDay>>(
      [&](Tx& tx) { return tx.report_rollup_days(d1.from_ms, d2.to_ms); });
  ASSERT_EQ(days.size(), 1u);
  EXPECT_EQ(days[0].span.from_ms, d2.from_ms);
  write([&](Tx& tx) { tx.report_rollup_clear_stale(mark); });
  EXPECT_TRUE(marks().empty());
  EXPECT_TRUE(read<std::vector<domain::RollupRow>>([&](Tx& tx) {
                return tx.report_rollup_rows("alpha", d1.from_ms, d1.to_ms);
              }).empty());

  write([&](Tx& tx) { tx.report_rollup_drop_day(d2.from_ms); });
  EXPECT_TRUE(read<std::vector<domain::RollupDay>>([&](Tx& tx) {
                return tx.report_rollup_days(0, d2.to_ms);
              }).empty());
  EXPECT_TRUE(read<std::vector<domain::RollupRow>>([&](Tx& tx) {
                return tx.report_rollup_rows("alpha", 0, d2.to_ms);
              }).empty());
}

TEST_P(ReportRollupStore, FirstActivityIsTheEarliestRowOfAnyKind) {
  EXPECT_EQ(read<std::optional<Millis>>([](Tx& tx) { return tx.report_rollup_first_activity(); }),
            std::nullopt);
  auto a = plumber(1);
  claim(lead(market_lead(2, "10001", "leak_repair", t0 + 900)), a, t0 + 950);
  lead(market_lead(1, "10001", "leak_repair", t0 - 500));
  EXPECT_EQ(read<std::optional<Millis>>([](Tx& tx) { return tx.report_rollup_first_activity(); }),
            std::optional<Millis>(t0 - 500));
}

INSTANTIATE_TEST_SUITE_P(Backends, ReportRollupStore, ::testing::Values("sqlite", "postgres"),
                         backend_name);

}  // namespace
}  // namespace plumbline::store::market_test
