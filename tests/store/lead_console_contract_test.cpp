// The console's request-list storage contract on SQLite and PostgreSQL: every search kind and
// filter finds exactly its leads, both orders, keyset pages in both directions without gaps or
// repeats, the capped count, and that the CSV's page-by-page read is the same set as the list.
#include <set>

#include "crypto/tokens.hpp"
#include "store_fixture.hpp"

namespace plumbline::store::lead_console_test {
namespace {

using namespace market_test;  // Market, market_lead, make_claim (store_fixture.hpp)
using domain::LeadQuery;
using domain::LeadSearchKind;

constexpr Millis minute = 60'000;

class LeadConsole : public Market {
 protected:
  // Twelve leads a minute apart (ids ascending with time) with distinct contacts, and the
  // interesting ones marked: duplicates, flags, a pending and a decided dispute, matches.
  void SetUp() override {
    Market::SetUp();
    if (IsSkipped()) return;
    const char* zips[] = {"10001", "94103", "60601"};
    const char* services[] = {"leak_repair", "drain_cleaning"};
    for (int i = 0; i < 12; ++i) {
      auto l = market_lead(i + 1, zips[i % 3], services[i % 2], t0 + i * minute,
                           i % 4 == 0 ? "emergency" : "within_24h");
      l.name =
          i == 5 ? "Zoë Smithers" : (i == 6 ? "Smith, Anna" : "Homeowner " + std::to_string(i));
      l.phone_e164 = "+1212555" + std::to_string(1000 + i);
      l.email = "Owner" + std::to_string(i) + "@Example.com";
      l.source = i == 7 ? "api" : "web";
      l.tracking_hash = crypto::sha256_hex("token-" + std::to_string(i));
      if (i == 9 || i == 10)
        l.duplicate_of = ids.empty() ? std::nullopt : std::optional{domain::LeadId{ids[1]}};
      ids.push_back(lead(l));
    }
    auto p1 = plumber(1), p2 = plumber(2);
    write([&](Tx& tx) {
      // Matches for every lead but 3 and 8; two plumbers for lead 0.
      std::vector<domain::LeadMatch> ms;
      for (int i = 0; i < 12; ++i)
        if (i != 3 && i != 8) ms.push_back(store::lead_match_row(ids[i], p1, 1.5, t0 + i * minute));
      ms.push_back(store::lead_match_row(ids[0], p2, 2.5, t0));
      tx.insert_lead_matches(ms);
      tx.take_claim_slot(domain::LeadId{ids[0]}, t0);
      tx.take_claim_slot(domain::LeadId{ids[0]}, t0);
      tx.set_lead_flag(domain::LeadId{ids[4]}, domain::lead_flag_never_requested, t0);
      tx.set_lead_flag(domain::LeadId{ids[11]}, domain::lead_flag_removed,
                       t0);  // removed is not "flagged"
      auto pending = tx.insert_claim(make_claim(ids[2], p1, t0));
      auto decided = tx.insert_claim(make_claim(ids[6], p1, t0));
      domain::Dispute d;
      d.claim_id = domain::ClaimId{pending};
      d.plumber_id = domain::UserId{p1};
      d.lead_id = domain::LeadId{ids[2]};
      d.reason = "wrong_contact";
      d.created_at = t0;
      tx.insert_dispute(d);
      d.claim_id = domain::ClaimId{decided};
      d.lead_id = domain::LeadId{ids[6]};
      d.status = domain::DisputeStatus::denied;
      tx.insert_dispute(d);
    });
    write([&](Tx& tx) {
      tx.update_lead_status(domain::LeadId{ids[1]}, domain::LeadStatus::open,
                            domain::LeadStatus::closed, "spam", t0);
    });
  }

  std::vector<domain::LeadListRow> rows(LeadQuery q) {
    return read<std::vector<domain::LeadListRow>>([&](Tx& tx) { return tx.search_leads(q); });
  }
  // The positions (0–11) of the leads a query returns, in the order returned.
  std::vector<int> found(LeadQuery q) {
    std::vector<int> out;
    for (const auto& r : rows(q))
      out.push_back(static_cast<int>(std::find(ids.begin(), ids.end(), r.id) - ids.begin()));
    return out;
  }
  std::int64_t count(const LeadQuery& q, std::int64_t cap = 1000) {
    return read<std::int64_t>([&](Tx& tx) { return tx.count_matching_leads(q, cap); });
  }
  static LeadQuery search(LeadSearchKind kind, std::string value) {
    LeadQuery q;
    q.search = kind;
    q.search_value = std::move(value);
    return q;
  }

  std::vector<std::int64_t> ids;
};

using V = std::vector<int>;

TEST_P(LeadConsole, NewestFirstByDefaultAndOldestFirstOnRequest) {
  EXPECT_EQ(found({}), (V{11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0}));
  LeadQuery q;
  q.sort = domain::LeadSort::oldest;
  EXPECT_EQ(found(q), (V{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}));
  EXPECT_EQ(count({}), 12);
}

TEST_P(LeadConsole, RowsCarryTheListColumns) {
  auto r = rows(search(LeadSearchKind::id, std::to_string(ids[0])));
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].id, ids[0]);
  EXPECT_EQ(r[0].created_at, t0);
  EXPECT_EQ(r[0].status, "open");
  EXPECT_EQ(r[0].service_type, "leak_repair");
  EXPECT_EQ(r[0].urgency, "emergency");
  EXPECT_EQ(r[0].source, "web");
  EXPECT_EQ(r[0].zip, "10001");
  EXPECT_FALSE(r[0].city.empty());
  EXPECT_EQ(r[0].state, "NY");
  EXPECT_EQ(r[0].name, "Homeowner 0");
  EXPECT_EQ(r[0].phone_e164, "+12125551000");
  EXPECT_EQ(r[0].email, "Owner0@Example.com");
  EXPECT_EQ(r[0].matches_count, 2);
  EXPECT_EQ(r[0].claims_count, 2);
  EXPECT_FALSE(r[0].duplicate_of);
  EXPECT_FALSE(r[0].flagged);
  auto dup = rows(search(LeadSearchKind::id, std::to_string(ids[9])));
  ASSERT_EQ(dup.size(), 1u);
  EXPECT_EQ(dup[0].duplicate_of, ids[1]);
  EXPECT_EQ(dup[0].matches_count, 1);
}

TEST_P(LeadConsole, EachSearchKindFindsItsLead) {
  EXPECT_EQ(found(search(LeadSearchKind::id, std::to_string(ids[3]))), V{3});
  EXPECT_EQ(found(search(LeadSearchKind::id, "999999")), V{});
  EXPECT_EQ(found(search(LeadSearchKind::tracking, crypto::sha256_hex("token-7"))), V{7});
  EXPECT_EQ(found(search(LeadSearchKind::phone, "+12125551004")), V{4});
  // E-mail: exact, compared lower-cased (stored as typed).
  EXPECT_EQ(found(search(LeadSearchKind::email, "owner8@example.com")), V{8});
  EXPECT_EQ(found(search(LeadSearchKind::email, "owner8@example.co")), V{});
  // Name: a case-insensitive prefix, not a substring.
  EXPECT_EQ(found(search(LeadSearchKind::name, "smith")), (V{6}));
  EXPECT_EQ(found(search(LeadSearchKind::name, "homeowner 1")), (V{11, 10, 1}));
  EXPECT_EQ(found(search(LeadSearchKind::name, "anna")), V{});
  EXPECT_EQ(found(search(LeadSearchKind::zip, "94103")), (V{10, 7, 4, 1}));
  auto city = rows(search(LeadSearchKind::id, std::to_string(ids[2])))[0].city;
  std::string lower;
  for (char c : city) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  EXPECT_EQ(found(search(LeadSearchKind::city, lower)), (V{11, 8, 5, 2}));
}

TEST_P(LeadConsole, EachFilterNarrowsToItsLeads) {
  LeadQuery q;
  q.status = "closed";
  EXPECT_EQ(found(q), V{1});
  q = {};
  q.service = "drain_cleaning";
  EXPECT_EQ(found(q), (V{11, 9, 7, 5, 3, 1}));
  q = {};
  q.urgency = "emergency";
  EXPECT_EQ(found(q), (V{8, 4, 0}));
  q = {};
  q.source = "api";
  EXPECT_EQ(found(q), V{7});
  q = {};
  q.from = t0 + 3 * minute;  // [from, to)
  q.to = t0 + 6 * minute;
  EXPECT_EQ(found(q), (V{5, 4, 3}));
  q = {};
  q.duplicates_only = true;
  EXPECT_EQ(found(q), (V{10, 9}));
  q = {};
  q.flagged_only = true;  // never requested (4), a pending dispute (2); not denied (6) or removed
  EXPECT_EQ(found(q), (V{4, 2}));
  q = {};
  q.unmatched_only = true;
  EXPECT_EQ(found(q), (V{8, 3}));
  auto flagged = rows(search(LeadSearchKind::id, std::to_string(ids[2])));
  EXPECT_TRUE(flagged[0].flagged);
}

TEST_P(LeadConsole, FiltersAndSearchCombine) {
  auto q = search(LeadSearchKind::zip, "94103");
  q.service = "drain_cleaning";
  EXPECT_EQ(found(q), (V{7, 1}));
  q.source = "api";
  EXPECT_EQ(found(q), V{7});
  EXPECT_EQ(count(q), 1);
  q = {};
  q.unmatched_only = true;
  q.urgency = "emergency";
  EXPECT_EQ(found(q), V{8});
}

TEST_P(LeadConsole, KeysetPagesHaveNoGapsOrRepeatsBothWays) {
  for (auto sort : {domain::LeadSort::newest, domain::LeadSort::oldest}) {
    LeadQuery q;
    q.sort = sort;
    auto all = found(q);
    q.limit = 5;
    std::vector<int> walked;
    std::vector<std::vector<domain::LeadListRow>> pages;
    for (;;) {
      auto page = rows(q);
      for (const auto& r : page)
        walked.push_back(static_cast<int>(std::find(ids.begin(), ids.end(), r.id) - ids.begin()));
      if (page.empty()) break;
      pages.push_back(page);
      q.after = {page.back().created_at, page.back().id};
    }
    EXPECT_EQ(walked, all);
    ASSERT_EQ(pages.size(), 3u);
    // Back from the third page: the second, in list order.
    LeadQuery back;
    back.sort = sort;
    back.limit = 5;
    back.before = true;
    back.after = {pages[2].front().created_at, pages[2].front().id};
    auto prev = rows(back);
    ASSERT_EQ(prev.size(), pages[1].size());
    for (std::size_t i = 0; i < prev.size(); ++i) EXPECT_EQ(prev[i].id, pages[1][i].id);
  }
}

TEST_P(LeadConsole, TiesOnCreatedAtAreOrderedByIdWithoutLoss) {
  std::vector<std::int64_t> same;
  for (int i = 0; i < 4; ++i) {
    auto l = market_lead(100 + i, "10001", "leak_repair", t0 + 100 * minute);
    l.tracking_hash = crypto::sha256_hex("tie-" + std::to_string(i));
    same.push_back(lead(l));
  }
  LeadQuery q;
  q.from = t0 + 100 * minute;
  q.limit = 3;
  auto first = rows(q);
  ASSERT_EQ(first.size(), 3u);
  q.after = {first.back().created_at, first.back().id};
  auto second = rows(q);
  ASSERT_EQ(second.size(), 1u);
  std::vector<std::int64_t> got{first[0].id, first[1].id, first[2].id, second[0].id};
  EXPECT_EQ(got, (std::vector<std::int64_t>{same[3], same[2], same[1], same[0]}));
}

TEST_P(LeadConsole, CountStopsAfterItsCap) {
  EXPECT_EQ(count({}, 5), 6);  // above the cap: "more than 5"
  LeadQuery q;
  q.duplicates_only = true;
  EXPECT_EQ(count(q, 5), 2);
}

TEST_P(LeadConsole, ThePageByPageExportReadIsTheListedSet) {
  LeadQuery q;
  q.service = "leak_repair";
  q.limit = 100;
  auto listed = found(q);
  // What the CSV export does: pages of 2 rows, each after the last one read.
  LeadQuery e = q;
  e.limit = 2;
  std::vector<int> exported;
  for (;;) {
    auto page = rows(e);
    for (const auto& r : page)
      exported.push_back(static_cast<int>(std::find(ids.begin(), ids.end(), r.id) - ids.begin()));
    if (page.size() < 2) break;
    e.after = {page.back().created_at, page.back().id};
  }
  EXPECT_EQ(exported, listed);
  EXPECT_EQ(listed, (V{10, 8, 6, 4, 2, 0}));
}

TEST_P(LeadConsole, SearchValuesAreDataNotSql) {
  EXPECT_EQ(found(search(LeadSearchKind::name, "' or 1=1 --")), V{});
  EXPECT_EQ(found(search(LeadSearchKind::city, "x'); drop table leads; --")), V{});
  EXPECT_EQ(count({}), 12);
}

INSTANTIATE_TEST_SUITE_P(Backends, LeadConsole, ::testing::Values("sqlite", "postgres"),
                         backend_name);

}  // namespace
}  // namespace plumbline::store::lead_console_test
