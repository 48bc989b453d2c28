// Late matching store contract on SQLite and PostgreSQL: the open leads a plumber now matches and
// was not sent (open, unexpired, not full, not a duplicate, not matched yet, in the area, a
// service they offer), the newest-first window, and agreement with intake's match_plumbers.
#include <map>

#include "store_fixture.hpp"

namespace plumbline::store::late_matching_test {
namespace {

using namespace market_test;  // the shared fixture (store_fixture.hpp)

constexpr Millis late_now = t0 + 10 * 3'600'000;  // ten hours after the first leads
constexpr Millis late_expiry_ms = 72LL * 3'600'000;

class LateMatching : public accounts_test::AccountsFixture {
 protected:
  std::int64_t plumber(int n, const PlumberSpec& s = {}) {
    std::int64_t id = 0;
    write([&](Tx& tx) { id = add_plumber(tx, n, s); });
    return id;
  }
  std::int64_t lead(const domain::NewLead& l) {
    std::int64_t id = 0;
    write([&](Tx& tx) { id = tx.insert_lead(l).value; });
    return id;
  }
  void set_status(std::int64_t lead_id, domain::LeadStatus to) {
    write([&](Tx& tx) {
      ASSERT_TRUE(tx.update_lead_status(domain::LeadId{lead_id}, domain::LeadStatus::open, to,
                                        domain::to_string(to), t0 + 99));
    });
  }
  std::vector<domain::LeadMatch> late(std::int64_t plumber_id, int limit = 20,
                                      Millis created_since = late_now - late_expiry_ms) {
    constexpr Millis now = late_now;
    domain::LateMatchQuery q;
    q.plumber_id = domain::UserId{plumber_id};
    q.live_since = created_since;
    q.cap_since = now - 86'400'000;
    q.now = now;
    q.limit = limit;
    return read<std::vector<domain::LeadMatch>>([&](Tx& tx) { return tx.late_matches(q); });
  }
  std::vector<std::int64_t> late_ids(std::int64_t plumber_id, int limit = 20) {
    std::vector<std::int64_t> out;
    for (const auto& m : late(plumber_id, limit)) out.push_back(m.lead_id.value);
    return out;
  }
};

TEST_P(LateMatching, OnlyOpenUnsentLeadsInTheAreaForAServiceOffered) {
  // Manhattan, 25 miles, leak repair, plus Princeton (~45 miles away) as an extra ZIP.
  auto p = plumber(1, {.extra_zips = {"08540"}});
  auto other = plumber(2);
  auto in_area = lead(market_lead(1, "10001", "leak_repair", t0));
  auto extra_zip = lead(market_lead(2, "08540", "leak_repair", t0 + 1));
  auto sent_to_other = lead(market_lead(3, "11201", "leak_repair", t0 + 2));
  write([&](Tx& tx) {
    tx.insert_lead_matches({store::lead_match_row(sent_to_other, other, 1.0, t0 + 2)});
  });
  // Each of these is left out for one reason.
  auto expired = lead(market_lead(10, "10001", "leak_repair", t0 + 3));
  set_status(expired, domain::LeadStatus::expired);
  auto full = lead(market_lead(11, "10001", "leak_repair", t0 + 4));
  set_status(full, domain::LeadStatus::full);
  auto closed = lead(market_lead(12, "10001", "leak_repair", t0 + 5));
  set_status(closed, domain::LeadStatus::closed);
  lead(market_lead(13, "10001", "leak_repair",
                   late_now - late_expiry_ms - 1));  // past the expiry, still open
  auto dup = market_lead(14, "10001", "leak_repair", t0 + 6);
  dup.duplicate_of = domain::LeadId{in_area};
  lead(dup);
  auto already = lead(market_lead(15, "10001", "leak_repair", t0 + 7));
  write([&](Tx& tx) { tx.insert_lead_matches({store::lead_match_row(already, p, 0.5, t0 + 7)}); });
  lead(market_lead(16, "94110", "leak_repair", t0 + 8));     // out of area
  lead(market_lead(17, "10001", "drain_cleaning", t0 + 9));  // a service not offered

  auto got = late(p);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0].lead_id, domain::LeadId{sent_to_other});  // newest first
  EXPECT_EQ(got[1].lead_id, domain::LeadId{extra_zip});
  EXPECT_EQ(got[2].lead_id, domain::LeadId{in_area});
  for (const auto& m : got) {
    EXPECT_EQ(m.plumber_id, domain::UserId{p});
    EXPECT_EQ(m.matched_at, late_now);
  }
  // Distances from the base point, as intake measures them; the extra ZIP lies outside the radius.
  EXPECT_NEAR(got[0].distance_miles, miles_between(zip("10001"), zip("11201")), 1e-6);
  EXPECT_NEAR(got[1].distance_miles, miles_between(zip("10001"), zip("08540")), 1e-6);
  EXPECT_GT(got[1].distance_miles, 25.0);
  EXPECT_NEAR(got[2].distance_miles, 0.0, 1e-6);
  // Sent: asked again, nothing.
  write([&](Tx& tx) { tx.insert_lead_matches(got); });
  EXPECT_TRUE(late(p).empty());
  // The other plumber still gets what they were not sent.
  EXPECT_EQ(late_ids(other), (std::vector<std::int64_t>{already, in_area}));
}

TEST_P(LateMatching, NothingForAPlumberWhoCannotReceiveLeads) {
  std::map<std::string, std::int64_t> ids;
  ids["pending"] = plumber(1, {.status = domain::PlumberStatus::pending});
  ids["suspended"] = plumber(2, {.status = domain::PlumberStatus::suspended});
  ids["no plan"] = plumber(3, {.plan = domain::PlanStatus::none});
  ids["canceled"] = plumber(4, {.plan = domain::PlanStatus::canceled});  // period end unknown (0)
  ids["paused"] = plumber(5, {.paused = true});
  ids["cap 0"] = plumber(6, {.daily_cap = 0});
  ids["at cap"] = plumber(7, {.daily_cap = 1});
  ids["closed"] = plumber(8);
  auto eligible = plumber(9);
  auto l = lead(market_lead(1, "10001", "leak_repair", t0));
  auto filler = lead(market_lead(2, "94110", "other", t0));
  write([&](Tx& tx) {
    tx.insert_claim(make_claim(filler, ids["at cap"], late_now - 1000));
    tx.close_user(domain::UserId{ids["closed"]}, "bye", {}, t0);
  });
  for (const auto& [why, id] : ids) EXPECT_TRUE(late(id).empty()) << why;
  EXPECT_EQ(late_ids(eligible), (std::vector<std::int64_t>{l}));
  // An unknown plumber or a zero window: nothing.
  EXPECT_TRUE(late(eligible + 1000).empty());
  EXPECT_TRUE(late(eligible, 0).empty());
}

TEST_P(LateMatching, LooksOnlyAtTheNewestLeadsSentOrNot) {
  auto p = plumber(1);
  std::vector<std::int64_t> leads;  // oldest first; two share a creation time (id breaks the tie)
  for (int i = 0; i < 6; ++i)
    leads.push_back(lead(market_lead(i, "10001", "leak_repair", t0 + (i == 5 ? 4 : i))));
  write([&](Tx& tx) { tx.insert_lead_matches({store::lead_match_row(leads[5], p, 0, t0 + 5)}); });
  // The 3 newest are leads 5 (sent), 4 and 3: only 4 and 3 come back, never the older 2.
  EXPECT_EQ(late_ids(p, 3), (std::vector<std::int64_t>{leads[4], leads[3]}));
  write([&](Tx& tx) { tx.insert_lead_matches(late(p, 3)); });
  EXPECT_TRUE(late(p, 3).empty());  // a second event with nothing new sends nothing
  EXPECT_EQ(late_ids(p, 20), (std::vector<std::int64_t>{leads[2], leads[1], leads[0]}));
}

// On a generated population, a plumber's late matches are exactly the leads intake would have
// sent them: those whose match_plumbers holds them, at the same distance.
TEST_P(LateMatching, AgreesWithIntakeMatching) {
  auto ps = generate_plumbers(60, 1313);
  constexpr Millis cap_since = late_now - 86'400'000;
  auto ids = load_plumbers(*store_, ps, cap_since);
  auto gen = generate_leads(150, ps, 1314);
  std::vector<std::pair<std::int64_t, GenLead>> leads;
  write([&](Tx& tx) {
    for (std::size_t i = 0; i < gen.size(); ++i)
      leads.emplace_back(tx.insert_lead(market_lead(static_cast<int>(i), gen[i].zip, gen[i].service,
                                                    t0 + static_cast<Millis>(i)))
                             .value,
                         gen[i]);
  });
  // Expected{lead id, distance} per plumber, newest first (diff_matches names them "plumber").
  std::map<std::int64_t, std::vector<Expected>> want;
  for (auto it = leads.rbegin(); it != leads.rend(); ++it) {
    auto q = match_at_zip(it->second.zip, it->second.service, cap_since);
    q.now = late_now;
    for (const auto& m :
         read<std::vector<domain::MatchCandidate>>([&](Tx& tx) { return tx.match_plumbers(q); }))
      want[m.plumber_id.value].push_back({it->first, m.distance_miles});
  }
  int compared = 0;
  for (auto id : ids) {
    std::vector<Expected> got;
    // From t0: load_plumbers' filler lead (older) holds the claims that put plumbers at the cap.
    for (const auto& m : late(id, 1000, t0)) got.push_back({m.lead_id.value, m.distance_miles});
    EXPECT_EQ(diff_matches(want[id], got), "") << "plumber " << id;
    compared += static_cast<int>(got.size());
  }
  EXPECT_GT(compared, 20);  // the population really exercises the query
}

INSTANTIATE_TEST_SUITE_P(Backends, LateMatching, ::testing::Values("sqlite", "postgres"),
                         backend_name);

}  // namespace
}  // namespace plumbline::store::late_matching_test
