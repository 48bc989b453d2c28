// Matching gives the same answer on both backends and equals a brute-force oracle (10,000
// plumbers).
#include "store_fixture.hpp"

namespace plumbline::store::market_identical_test {
namespace {

using namespace market_test;  // the shared fixture (store_fixture.hpp)

// The same 10,000 plumbers over real ZIPs on SQLite and PostgreSQL: ~300 leads give the same
// (plumber, distance) lists on both, and both equal the brute-force answer.
TEST(MarketIdentical, TenThousandPlumbersSameMatchesOnBothBackends) {
  if (pg_url().empty())
    GTEST_SKIP() << "TEST_PG_URL is not set; start one with scripts/pg-temp.sh start DIR";
  auto ps = generate_plumbers(10000, 0x0123'4567'89ab'cdefULL);
  auto leads = generate_leads(300, ps, 0xfeed'beefULL);
  plumbline::testing::TempDb lite_db("sqlite", "", false), pg_db("postgres", pg_url(), false);
  StoreOptions options;
  auto lite = open_store(lite_db.url(), options);
  auto pg = open_store(pg_db.url(), options);
  lite->migrate();
  pg->migrate();
  const Millis since = t0;
  auto lite_ids = load_plumbers(*lite, ps, since);
  auto pg_ids = load_plumbers(*pg, ps, since);
  // Compare by fixture index, not by the ids each database assigned.
  std::unordered_map<std::int64_t, std::int64_t> lite_index, pg_index;
  for (std::size_t i = 0; i < ps.size(); ++i) {
    lite_index[lite_ids[i]] = static_cast<std::int64_t>(i);
    pg_index[pg_ids[i]] = static_cast<std::int64_t>(i);
  }
  auto indexed = [](std::vector<Expected> v, const auto& index) {
    for (auto& e : v) {
      auto it = index.find(e.plumber_id);
      e.plumber_id = it == index.end() ? -1 - e.plumber_id : it->second;
    }
    return v;
  };
  std::vector<std::int64_t> positions(ps.size());
  for (std::size_t i = 0; i < ps.size(); ++i) positions[i] = static_cast<std::int64_t>(i);

  std::size_t total = 0, nonempty = 0;
  for (const auto& l : leads) {
    auto q = match_at_zip(l.zip, l.service, since);
    auto a = indexed(as_expected(lite->read<std::vector<MatchCandidate>>(
                         [&](Tx& tx) { return tx.match_plumbers(q); })),
                     lite_index);
    auto b = indexed(as_expected(pg->read<std::vector<MatchCandidate>>(
                         [&](Tx& tx) { return tx.match_plumbers(q); })),
                     pg_index);
    auto want = brute_force_matches(ps, positions, l);
    EXPECT_EQ(diff_matches(a, b), "")
        << "sqlite vs postgres, lead at " << l.zip << " for " << l.service;
    EXPECT_EQ(diff_matches(want, a), "") << "sqlite vs brute force, lead at " << l.zip;
    EXPECT_EQ(diff_matches(want, b), "") << "postgres vs brute force, lead at " << l.zip;
    total += want.size();
    nonempty += want.empty() ? 0 : 1;
  }
  EXPECT_GT(total, 1000u);
  EXPECT_GT(nonempty, 150u);
  std::printf("[ info ] 10,000 plumbers, %zu leads: %zu matches, %zu leads with at least one\n",
              leads.size(), total, nonempty);
}

}  // namespace
}  // namespace plumbline::store::market_identical_test
