// Lead cards on SQLite and PostgreSQL (the AvailableLeads suite): sorting, filters, paging, what a
// plumber sees.
#include "store_fixture.hpp"

namespace plumbline::store::available_leads_test {
namespace {

using namespace market_test;  // the shared fixture (store_fixture.hpp)

TEST_P(AvailableLeads, SortsWithTies) {
  using V = std::vector<std::int64_t>;
  // newest: created_at desc, then id desc.
  EXPECT_EQ(available_ids(q(domain::sort_newest)), (V{E, D, C, B, A, F}));
  // nearest: distance asc; ties newest first.
  EXPECT_EQ(available_ids(q(domain::sort_nearest)), (V{E, B, C, A, F, D}));
  // cheapest: price asc; ties newest first (D and C tie on age too: id desc).
  EXPECT_EQ(available_ids(q(domain::sort_cheapest)), (V{D, A, F, C, B, E}));
  EXPECT_EQ(available(q()).total, 6);
  // The other plumber sees only G (F is claimed by them).
  auto theirs = q();
  theirs.plumber_id = domain::UserId{other};
  EXPECT_EQ(available_ids(theirs), (V{G}));
  EXPECT_EQ(available(theirs).total, 1);
  // A plumber with no matches sees nothing.
  auto nobody = q();
  nobody.plumber_id = domain::UserId{other + 1000};
  EXPECT_TRUE(available_ids(nobody).empty());
  EXPECT_EQ(available(nobody).total, 0);
}

TEST_P(AvailableLeads, FiltersAndPaging) {
  using V = std::vector<std::int64_t>;
  auto f = q();
  f.service_type = "leak_repair";
  EXPECT_EQ(available_ids(f), (V{D, A, F}));
  EXPECT_EQ(available(f).total, 3);
  f = q();
  f.urgency = "emergency";
  EXPECT_EQ(available_ids(f), (V{D, B}));
  f = q();
  f.max_distance = 5.0;  // inclusive
  EXPECT_EQ(available_ids(f), (V{E, C, B, A}));
  EXPECT_EQ(available(f).total, 4);
  f.max_distance = 0.5;
  EXPECT_TRUE(available_ids(f).empty());
  f = q(domain::sort_nearest);
  f.service_type = "leak_repair";
  f.max_distance = 10.0;
  EXPECT_EQ(available_ids(f), (V{A, F}));
  f.urgency = "emergency";
  EXPECT_TRUE(available_ids(f).empty());
  EXPECT_EQ(available(f).total, 0);

  auto page = [&](int limit, int offset, const std::string& sort) {
    auto p = q(sort);
    p.limit = limit;
    p.offset = offset;
    return available(p);
  };
  auto p0 = page(2, 0, domain::sort_newest);
  EXPECT_EQ(p0.total, 6);
  ASSERT_EQ(p0.leads.size(), 2u);
  EXPECT_EQ(p0.leads[0].lead_id, domain::LeadId{E});
  EXPECT_EQ(p0.leads[1].lead_id, domain::LeadId{D});
  auto p1 = page(2, 2, domain::sort_newest);
  EXPECT_EQ(p1.total, 6);
  ASSERT_EQ(p1.leads.size(), 2u);
  EXPECT_EQ(p1.leads[0].lead_id, domain::LeadId{C});
  EXPECT_EQ(p1.leads[1].lead_id, domain::LeadId{B});
  auto p2 = page(4, 4, domain::sort_cheapest);
  EXPECT_EQ(p2.total, 6);
  ASSERT_EQ(p2.leads.size(), 2u);
  EXPECT_EQ(p2.leads[0].lead_id, domain::LeadId{B});
  EXPECT_EQ(p2.leads[1].lead_id, domain::LeadId{E});
  auto p3 = page(2, 6, domain::sort_newest);
  EXPECT_EQ(p3.total, 6);
  EXPECT_TRUE(p3.leads.empty());
  auto pf = q();
  pf.service_type = "leak_repair";
  pf.limit = 1;
  pf.offset = 1;
  auto pfp = available(pf);
  EXPECT_EQ(pfp.total, 3);
  ASSERT_EQ(pfp.leads.size(), 1u);
  EXPECT_EQ(pfp.leads[0].lead_id, domain::LeadId{A});
}

TEST_P(AvailableLeads, CardsCarryTheLeadAsThisPlumberSeesIt) {
  auto all = available(q()).leads;
  ASSERT_EQ(all.size(), 6u);
  const LeadCard* f = nullptr;
  for (const auto& c : all)
    if (c.lead_id.value == F) f = &c;
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->service_type, "leak_repair");
  EXPECT_EQ(f->urgency, "within_24h");
  EXPECT_EQ(f->zip, "11201");
  EXPECT_EQ(f->city, zip("11201").city);
  EXPECT_EQ(f->state, "NY");
  EXPECT_EQ(f->description, "Request 6");
  EXPECT_EQ(f->status, domain::LeadStatus::open);
  EXPECT_EQ(f->price_credits, 2);
  EXPECT_EQ(f->max_claims, 3);
  EXPECT_EQ(f->claims_count, 1);
  EXPECT_EQ(f->slots_left(), 2);
  EXPECT_DOUBLE_EQ(f->distance_miles, 7.5);
  EXPECT_EQ(f->created_at, t0 + 5);

  // lead_card: my distance; 0 for a plumber who was not matched; any status; nullopt if unknown.
  auto card = [&](std::int64_t lead_id, std::int64_t plumber_id) {
    return read<std::optional<LeadCard>>(
        [&](Tx& tx) { return tx.lead_card(domain::LeadId{lead_id}, domain::UserId{plumber_id}); });
  };
  auto c = card(F, me);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->lead_id, domain::LeadId{F});
  EXPECT_DOUBLE_EQ(c->distance_miles, 7.5);
  EXPECT_EQ(c->claims_count, 1);
  EXPECT_EQ(c->description, "Request 6");
  c = card(F, other);
  ASSERT_TRUE(c);
  EXPECT_DOUBLE_EQ(c->distance_miles, 2.0);
  c = card(G, me);
  ASSERT_TRUE(c);
  EXPECT_DOUBLE_EQ(c->distance_miles, 0.0);
  c = card(hidden[0], me);  // full
  ASSERT_TRUE(c);
  EXPECT_EQ(c->status, domain::LeadStatus::full);
  EXPECT_DOUBLE_EQ(c->distance_miles, 1.0);
  EXPECT_EQ(card(hidden.back() + 1000, me), std::nullopt);

  // The quality signals as stored: a first request with its consent passes both checks; a
  // duplicate of it does not pass the duplicate check (issue 13).
  EXPECT_TRUE(f->quality.duplicate_check_passed);
  EXPECT_TRUE(f->quality.consent_recorded);
  auto dup = market_lead(40, "10001", "leak_repair", t0 + 90);
  dup.duplicate_of = domain::LeadId{F};
  auto dup_id = lead(dup);
  c = card(dup_id, me);
  ASSERT_TRUE(c);
  EXPECT_FALSE(c->quality.duplicate_check_passed);
  EXPECT_TRUE(c->quality.consent_recorded);
}

TEST_P(AvailableLeads, ClaimingOrClosingRemovesALead) {
  using V = std::vector<std::int64_t>;
  write([&](Tx& tx) {
    ASSERT_EQ(tx.take_claim_slot(domain::LeadId{B}, t0 + 90), std::optional<int>(1));
    tx.insert_claim(make_claim(B, me, t0 + 90));
  });
  set_status(E, domain::LeadStatus::closed);
  EXPECT_EQ(available_ids(q()), (V{D, C, A, F}));
  EXPECT_EQ(available(q()).total, 4);
  // A lead filled by others disappears for me too.
  write([&](Tx& tx) {
    auto p3 = add_plumber(tx, 3, {});
    auto p4 = add_plumber(tx, 4, {});
    for (auto p : {p3, p4}) {
      ASSERT_TRUE(tx.take_claim_slot(domain::LeadId{A}, t0 + 91).has_value());
      tx.insert_claim(make_claim(A, p, t0 + 91));
    }
    EXPECT_EQ(tx.take_claim_slot(domain::LeadId{A}, t0 + 91),
              std::optional<int>(3));  // the last slot
  });
  EXPECT_EQ(available_ids(q()), (V{D, C, F}));
}

INSTANTIATE_TEST_SUITE_P(Backends, AvailableLeads, ::testing::Values("sqlite", "postgres"),
                         backend_name);

}  // namespace
}  // namespace plumbline::store::available_leads_test
