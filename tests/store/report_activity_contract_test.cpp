// The Plumbers and Lead sources reports' grouped reads on SQLite and PostgreSQL, against the
// known marketplace of report_activity_seed.hpp: per plumber, per slot, per channel, the totals
// of a period, and approved plumbers at a time.
#include <algorithm>
#include <map>
#include <tuple>

#include "report_activity_seed.hpp"

namespace plumbline::store::report_activity_test {
namespace {

class ReportActivity : public outbox_test::StoreFixture {
 protected:
  template <typename T>
  T read(const std::function<T(Tx&)>& fn) {
    return store_->read<T>(fn);
  }
  // The parts of each plumber added up, by plumber id (what the service does).
  std::vector<domain::PlumberActivityRow> per_plumber(Millis from, Millis to) {
    auto parts = read<std::vector<domain::PlumberActivityRow>>(
        [&](Tx& tx) { return tx.report_plumber_activity(from, to, hour, true).parts; });
    std::map<std::int64_t, domain::PlumberActivityRow> sums;
    for (const auto& p : parts) {
      auto& s = sums[p.plumber_id];
      s.plumber_id = p.plumber_id;
      s.add(p);
    }
    std::vector<domain::PlumberActivityRow> out;
    for (const auto& [id, s] : sums) out.push_back(s);
    return out;
  }
};

TEST_P(ReportActivity, PlumberActivityGroupsEachTableByPlumberWithinThePeriod) {
  auto s = seed_report_activity(*store_);
  auto rows = per_plumber(T, T + period);
  ASSERT_EQ(rows.size(), 5u);  // by plumber id: A B C D E
  auto expect = [&](std::size_t i, std::int64_t id, std::int64_t matched, std::int64_t claimed,
                    std::int64_t won, std::int64_t lost, std::int64_t bought, std::int64_t spent,
                    std::int64_t payments) {
    SCOPED_TRACE(i);
    EXPECT_EQ(rows[i].plumber_id, id);
    EXPECT_EQ(rows[i].matched, matched);
    EXPECT_EQ(rows[i].claimed, claimed);
    EXPECT_EQ(rows[i].won, won);
    EXPECT_EQ(rows[i].lost, lost);
    EXPECT_EQ(rows[i].credits_bought, bought);
    EXPECT_EQ(rows[i].credits_spent, spent);
    EXPECT_EQ(rows[i].payments, payments);
  };
  // A: L1 L2 L3 matched (not Lp, before; not Lout, at the end); bought 20 of its 30; spent 3+2+4.
  expect(0, s.a, 3, 3, 1, 1, 20, 9, 1);
  expect(1, s.b, 2, 2, 1, 0, 0, 5, 0);  // a grant is not bought; its Lp claim is in this period
  expect(2, s.c, 1, 1, 1, 0, 5, 2, 1);
  expect(3, s.d, 0, 0, 0, 0, 0, 0, 1);
  expect(4, s.e, 1, 0, 0, 0, 0, 0, 0);

  auto before = per_plumber(T - period, T);
  ASSERT_EQ(before.size(), 2u);
  EXPECT_EQ(before[0].plumber_id, s.a);
  EXPECT_EQ(before[0].claimed, 1);
  EXPECT_EQ(before[0].credits_bought, 10);
  EXPECT_EQ(before[1].plumber_id, s.b);
  EXPECT_EQ(before[1].matched, 1);
  EXPECT_EQ(before[1].claimed, 0);

  auto names =
      read<std::vector<domain::PlumberName>>([](Tx& tx) { return tx.report_plumber_names(); });
  ASSERT_EQ(names.size(), 5u);
  std::map<std::int64_t, std::string> by_id;
  for (const auto& n : names) by_id[n.plumber_id] = n.business_name;
  EXPECT_EQ(by_id[s.a], "Pipes & Drains #1");
  EXPECT_EQ(by_id[s.e], "Pipes & Drains #5");
}

TEST_P(ReportActivity, NamesOfReadsOnlyTheGivenPlumbersInChunksOfAHundred) {
  auto s = seed_report_activity(*store_);
  auto names_of = [&](const std::vector<std::int64_t>& ids) {
    auto rows = read<std::vector<domain::PlumberName>>(
        [&](Tx& tx) { return tx.report_plumber_names_of(ids); });
    std::map<std::int64_t, std::string> by_id;
    for (const auto& n : rows) by_id[n.plumber_id] = n.business_name;
    return by_id;
  };
  EXPECT_TRUE(names_of({}).empty());
  auto two = names_of({s.e, s.a, 999'999});  // an unknown id has no name
  ASSERT_EQ(two.size(), 2u);
  EXPECT_EQ(two[s.a], "Pipes & Drains #1");
  EXPECT_EQ(two[s.e], "Pipes & Drains #5");
  // Past the statement's hundred placeholders: the second chunk is read too.
  std::vector<std::int64_t> many;
  for (std::int64_t i = 0; i < 150; ++i) many.push_back(1'000'000 + i);
  many[120] = s.c;
  auto one = names_of(many);
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[s.c], "Pipes & Drains #3");
}

// The page's read: report_plumber_figures_of gives the listed plumbers' matches and ledger credits
// of the period, the same as the whole read, in chunks of a hundred ids; without `whole`,
// report_plumber_activity has the same claims and payments but no matches or credits.
TEST_P(ReportActivity, FiguresOfReadMatchesAndCreditsOfTheGivenPlumbersOnly) {
  auto s = seed_report_activity(*store_);
  auto figures_of = [&](Millis from, Millis to, const std::vector<std::int64_t>& ids) {
    auto parts = read<std::vector<domain::PlumberActivityRow>>(
        [&](Tx& tx) { return tx.report_plumber_figures_of(from, to, ids); });
    std::map<std::int64_t, std::tuple<std::int64_t, std::int64_t, std::int64_t>> by_id;
    for (const auto& p : parts) {
      EXPECT_EQ(p.slot, -1);
      EXPECT_EQ(p.claimed + p.won + p.lost + p.payments, 0);
      auto& [matched, bought, spent] = by_id[p.plumber_id];
      matched += p.matched;
      bought += p.credits_bought;
      spent += p.credits_spent;
    }
    return by_id;
  };
  using Figures = std::tuple<std::int64_t, std::int64_t, std::int64_t>;
  EXPECT_TRUE(figures_of(T, T + period, {}).empty());
  // A: 3 matches (not Lp's, before; not Lout's, at the end), bought 20, spent 9; B: matched 2,
  // spent 5 (a grant is not bought); E: matched only; D: a payment only (no figures); unknown.
  auto got = figures_of(T, T + period, {s.a, s.b, s.d, s.e, 999'999});
  std::map<std::int64_t, Figures> want{{s.a, {3, 20, 9}}, {s.b, {2, 0, 5}}, {s.e, {1, 0, 0}}};
  EXPECT_EQ(got, want);
  // The same figures as the whole read for every plumber of it.
  for (const auto& p : per_plumber(T, T + period)) {
    auto one = figures_of(T, T + period, {p.plumber_id});
    Figures f = one.count(p.plumber_id) ? one[p.plumber_id] : Figures{0, 0, 0};
    EXPECT_EQ(f, Figures(p.matched, p.credits_bought, p.credits_spent)) << p.plumber_id;
  }
  // The previous period: Lp matched A and B; A bought 10 then and claimed Lp for 2.
  auto before = figures_of(T - period, T, {s.a, s.b});
  EXPECT_EQ(before, (std::map<std::int64_t, Figures>{{s.a, {1, 10, 2}}, {s.b, {1, 0, 0}}}));
  // Past the statement's hundred placeholders: the second chunk is read too.
  std::vector<std::int64_t> many;
  for (std::int64_t i = 0; i < 150; ++i) many.push_back(1'000'000 + i);
  many[120] = s.a;
  EXPECT_EQ(figures_of(T, T + period, many), (std::map<std::int64_t, Figures>{{s.a, {3, 20, 9}}}));

  // Without `whole`: the claims and payments parts only.
  auto parts_of = [&](bool whole) {
    auto parts = read<std::vector<domain::PlumberActivityRow>>(
        [&](Tx& tx) { return tx.report_plumber_activity(T, T + period, hour, whole).parts; });
    std::vector<std::tuple<std::int64_t, std::int64_t, std::int64_t, std::int64_t, std::int64_t,
                           std::int64_t>>
        out;
    for (const auto& p : parts)
      if (p.slot >= 0 || !whole)
        out.emplace_back(p.plumber_id, p.slot, p.claimed, p.won, p.lost, p.payments);
    std::sort(out.begin(), out.end());
    return out;
  };
  auto partial = read<std::vector<domain::PlumberActivityRow>>(
      [&](Tx& tx) { return tx.report_plumber_activity(T, T + period, hour, false).parts; });
  for (const auto& p : partial) {
    EXPECT_GE(p.slot, 0);
    EXPECT_EQ(p.matched + p.credits_bought + p.credits_spent, 0);
  }
  EXPECT_EQ(parts_of(false), parts_of(true));
  auto responses = [&](bool whole) {
    auto r = read<std::vector<domain::ClaimResponse>>(
        [&](Tx& tx) { return tx.report_plumber_activity(T, T + period, hour, whole).responses; });
    std::vector<std::pair<std::int64_t, Millis>> out;
    for (const auto& c : r) out.emplace_back(c.plumber_id, c.response_ms);
    std::sort(out.begin(), out.end());
    return out;
  };
  EXPECT_FALSE(responses(true).empty());
  EXPECT_EQ(responses(false), responses(true));
}

// Migration 0031: insert_claim stores the claim's response time from its match (the figures the
// report's medians read), and NULL when the plumber has no match for the request: such a claim
// counts as a claim but has no response time.
TEST_P(ReportActivity, ResponseMsIsStoredWithTheClaimFromItsMatchOrNullWithoutOne) {
  auto s = seed_report_activity(*store_);
  std::int64_t unmatched = 0;
  write([&](Tx& tx) { add_claim(tx, unmatched, s.l4, s.d, T + 4 * day + hour, 2); });
  auto responses = read<std::vector<domain::ClaimResponse>>(
      [](Tx& tx) { return tx.report_plumber_activity(T, T + period, hour, true).responses; });
  EXPECT_EQ(responses.size(), 6u);  // the six matched claims of the period, not D's
  for (const auto& r : responses) EXPECT_NE(r.plumber_id, s.d);
  auto totals = read<domain::PlumberActivityTotals>(
      [](Tx& tx) { return tx.report_plumber_totals(T, T + period); });
  EXPECT_EQ(totals.claims, 7);
  auto got = totals.responses;
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, (std::vector<Millis>{30'000, 60'000, 90'000, 120'000, 600'000, 2 * day + hour}));
  auto before = read<domain::PlumberActivityTotals>(
      [](Tx& tx) { return tx.report_plumber_totals(T - period, T); });
  EXPECT_EQ(before.responses, std::vector<Millis>{10'000});
  // The stored column against the raw rows: a claim whose response_ms disagrees with its match
  // (or has one without a match) fails the CHECK on price_credits, so this UPDATE errors.
  const std::string rebuild =
      "UPDATE claims SET price_credits = -1 WHERE EXISTS (SELECT 1 FROM claims k "
      "LEFT JOIN lead_matches m ON m.lead_id = k.lead_id AND m.plumber_id = k.plumber_id "
      "WHERE coalesce(k.response_ms, -1) <> coalesce(k.created_at - m.matched_at, -1))";
  EXPECT_EQ(raw(rebuild), "");
  EXPECT_EQ(raw("UPDATE claims SET response_ms = 5 WHERE id = " + std::to_string(unmatched)), "");
  EXPECT_NE(raw(rebuild), "");  // the check does catch a wrong value
}

TEST_P(ReportActivity, ClaimResponsesAreClaimMinusMatchForClaimsMadeInThePeriod) {
  auto s = seed_report_activity(*store_);
  auto rows = read<std::vector<domain::ClaimResponse>>(
      [](Tx& tx) { return tx.report_plumber_activity(T, T + period, hour, true).responses; });
  std::vector<std::pair<std::int64_t, std::int64_t>> got;
  for (const auto& r : rows) got.emplace_back(r.plumber_id, r.response_ms);
  std::sort(got.begin(), got.end());
  std::vector<std::pair<std::int64_t, std::int64_t>> want{{s.a, 30'000},         {s.a, 60'000},
                                                          {s.a, 90'000},         {s.b, 120'000},
                                                          {s.b, 2 * day + hour}, {s.c, 600'000}};
  std::sort(want.begin(), want.end());
  EXPECT_EQ(got, want);
}

TEST_P(ReportActivity, ClaimsAndPaymentsComePerSlotMatchesAndLedgerRowsWithout) {
  auto s = seed_report_activity(*store_);
  auto parts = read<std::vector<domain::PlumberActivityRow>>(
      [](Tx& tx) { return tx.report_plumber_activity(T, T + period, hour, true).parts; });
  std::vector<std::tuple<std::int64_t, std::int64_t, std::int64_t, std::int64_t>> got;
  for (const auto& p : parts)
    if (p.slot >= 0)
      got.emplace_back(p.slot, p.plumber_id, p.claimed, p.payments);
    else
      EXPECT_EQ(p.claimed + p.payments, 0);
  std::sort(got.begin(), got.end());
  const auto h0 = T / hour;
  std::vector<std::tuple<std::int64_t, std::int64_t, std::int64_t, std::int64_t>> want{
      {h0 + 1, s.a, 1, 0},  {h0 + 1, s.a, 0, 1},  // L1 claim; its pack payment, same hour
      {h0 + 1, s.b, 2, 0},                        // L1 and Lp claims
      {h0 + 24, s.c, 0, 1},                       // payment only
      {h0 + 48, s.a, 1, 0}, {h0 + 48, s.c, 1, 0}, {h0 + 72, s.a, 1, 0}, {h0 + 144, s.d, 0, 1}};
  std::sort(want.begin(), want.end());
  EXPECT_EQ(got, want);
}

TEST_P(ReportActivity, TotalsCountActivePlumbersOnceAndApprovedOnesByReviewTime) {
  auto s = seed_report_activity(*store_);
  (void)s;
  auto now = read<domain::PlumberActivityTotals>(
      [](Tx& tx) { return tx.report_plumber_totals(T, T + period); });
  EXPECT_EQ(now.active, 4);  // A B C D (E was only matched)
  EXPECT_EQ(now.claims, 6);
  EXPECT_EQ(now.won, 3);
  auto before = read<domain::PlumberActivityTotals>(
      [](Tx& tx) { return tx.report_plumber_totals(T - period, T); });
  EXPECT_EQ(before.active, 1);
  EXPECT_EQ(before.claims, 1);
  EXPECT_EQ(before.won, 1);
  EXPECT_EQ(read<std::int64_t>([](Tx& tx) { return tx.report_approved_plumbers(T + period); }), 4);
  EXPECT_EQ(read<std::int64_t>([](Tx& tx) { return tx.report_approved_plumbers(T); }), 3);
}

TEST_P(ReportActivity, LeadChannelsGroupRequestsBySourceUtmAndReferrer) {
  seed_report_activity(*store_);
  auto rows = read<std::vector<domain::LeadChannelRow>>(
      [](Tx& tx) { return tx.report_lead_channels(T, T + period); });
  ASSERT_EQ(rows.size(), 5u);
  auto expect = [&](std::size_t i, const char* source, const char* utm, const char* referrer,
                    std::int64_t matched, std::int64_t claimed, std::int64_t hired,
                    std::int64_t credits, std::int64_t disputes) {
    SCOPED_TRACE(i);
    EXPECT_EQ(rows[i].source, source);
    EXPECT_EQ(rows[i].utm_source, utm);
    EXPECT_EQ(rows[i].referrer, referrer);
    EXPECT_EQ(rows[i].requests, 1);
    EXPECT_EQ(rows[i].matched, matched);
    EXPECT_EQ(rows[i].claimed, claimed);
    EXPECT_EQ(rows[i].hired, hired);
    EXPECT_EQ(rows[i].credits_spent, credits);
    EXPECT_EQ(rows[i].disputes, disputes);
  };
  // Ordered by source, utm_source, utm_medium, utm_campaign, referrer.
  expect(0, "api", "partner", "", 1, 1, 0, 4, 0);
  expect(1, "phone", "", "", 0, 0, 0, 0, 0);
  expect(2, "web", "google", "https://google.com/", 1, 1, 0, 4, 1);
  expect(3, "web", "google", "https://www.google.com/search?q=plumber", 1, 1, 1, 6, 1);
  expect(4, "web", "newsletter", "https://mail.example.com/x", 1, 0, 1, 0, 0);
  EXPECT_EQ(rows[2].utm_medium, "cpc");
  EXPECT_EQ(rows[2].utm_campaign, "spring");

  // The request before the period carries both of its claims' credits, one made in this period.
  auto before = read<std::vector<domain::LeadChannelRow>>(
      [](Tx& tx) { return tx.report_lead_channels(T - period, T); });
  ASSERT_EQ(before.size(), 1u);
  EXPECT_EQ(before[0].credits_spent, 4);
  EXPECT_EQ(before[0].claimed, 1);
}

TEST_P(ReportActivity, EmptyPeriodsReadNothing) {
  seed_report_activity(*store_);
  const Millis far = T + 100 * day;
  EXPECT_TRUE(per_plumber(far, far + day).empty());
  EXPECT_TRUE(read<std::vector<domain::LeadChannelRow>>([&](Tx& tx) {
                return tx.report_lead_channels(far, far + day);
              }).empty());
  auto t = read<domain::PlumberActivityTotals>(
      [&](Tx& tx) { return tx.report_plumber_totals(far, far + day); });
  EXPECT_EQ(t.active, 0);
  EXPECT_EQ(t.claims, 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, ReportActivity, ::testing::Values("sqlite", "postgres"),
                         outbox_test::backend_name);

}  // namespace
}  // namespace plumbline::store::report_activity_test
