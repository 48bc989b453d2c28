// Lead changes on SQLite and PostgreSQL (the Market suite): flags, added details and expiry.
#include "store_fixture.hpp"

namespace plumbline::store::market_test {
namespace {

TEST_P(Market, FlagsAndExtraDetails) {
  auto l = lead(market_lead(1, "10001", "leak_repair", t0, "emergency", 7, 5));
  auto fresh = get_lead(l);
  EXPECT_EQ(fresh.price_credits, 7);
  EXPECT_EQ(fresh.max_claims, 5);
  EXPECT_EQ(fresh.claims_count, 0);
  EXPECT_EQ(fresh.status, domain::LeadStatus::open);
  auto other = lead(market_lead(2, "10001", "leak_repair"));
  EXPECT_EQ(get_lead(l).flag, "");
  EXPECT_EQ(get_lead(l).extra_details, "");
  write([&](Tx& tx) { tx.set_lead_flag(l, domain::lead_flag_never_requested, t0 + 1); });
  EXPECT_EQ(get_lead(l).flag, domain::lead_flag_never_requested);
  write([&](Tx& tx) { tx.set_lead_flag(l, domain::lead_flag_removed, t0 + 2); });
  EXPECT_EQ(get_lead(l).flag, domain::lead_flag_removed);
  write([&](Tx& tx) { tx.set_lead_flag(l, "", t0 + 3); });
  EXPECT_EQ(get_lead(l).flag, "");

  write([&](Tx& tx) { tx.append_lead_details(l, "The leak is under the sink.", t0 + 4); });
  EXPECT_EQ(get_lead(l).extra_details, "The leak is under the sink.");
  write([&](Tx& tx) { tx.append_lead_details(l, "Gate code: 1234 — ring twice.", t0 + 5); });
  EXPECT_EQ(get_lead(l).extra_details,
            "The leak is under the sink.\n\nGate code: 1234 — ring twice.");
  write([&](Tx& tx) { tx.append_lead_details(l, "Third.", t0 + 6); });
  EXPECT_EQ(get_lead(l).extra_details,
            "The leak is under the sink.\n\nGate code: 1234 — ring twice.\n\nThird.");
  auto o = get_lead(other);
  EXPECT_EQ(o.flag, "");
  EXPECT_EQ(o.extra_details, "");
  EXPECT_EQ(get_lead(l).description, "Request 1");  // the original stays
}

TEST_P(Market, ExpireOpenLeadsOldestFirstWithLimit) {
  // Created out of id order: l3 is the oldest.
  auto l1 = lead(market_lead(1, "10001", "leak_repair", t0 + 2));
  auto l2 = lead(market_lead(2, "10001", "leak_repair", t0 + 3));
  auto l3 = lead(market_lead(3, "10001", "leak_repair", t0 + 1));
  auto at_cut = lead(market_lead(4, "10001", "leak_repair", t0 + 4));  // not before the cut
  auto newer = lead(market_lead(5, "10001", "leak_repair", t0 + 9));
  auto full = lead(market_lead(6, "10001", "leak_repair", t0));
  auto closed = lead(market_lead(7, "10001", "leak_repair", t0));
  set_status(full, domain::LeadStatus::full);
  set_status(closed, domain::LeadStatus::closed);

  auto expire = [&](int limit) {
    std::vector<std::int64_t> out;
    write([&](Tx& tx) { out = tx.expire_open_leads(t0 + 4, t0 + 100, limit); });
    return out;
  };
  EXPECT_EQ(expire(2), (std::vector<std::int64_t>{l3, l1}));
  EXPECT_EQ(get_lead(l2).status, domain::LeadStatus::open);
  EXPECT_EQ(expire(10), (std::vector<std::int64_t>{l2}));
  EXPECT_TRUE(expire(10).empty());
  for (auto id : {l1, l2, l3}) {
    auto l = get_lead(id);
    EXPECT_EQ(l.status, domain::LeadStatus::expired);
    EXPECT_EQ(l.closed_reason, "expired");
  }
  EXPECT_EQ(get_lead(at_cut).status, domain::LeadStatus::open);
  EXPECT_EQ(get_lead(newer).status, domain::LeadStatus::open);
  EXPECT_EQ(get_lead(full).status, domain::LeadStatus::full);
  EXPECT_EQ(get_lead(closed).status, domain::LeadStatus::closed);
  EXPECT_EQ(get_lead(closed).closed_reason, "closed");  // set_status's reason, unchanged
}

}  // namespace
}  // namespace plumbline::store::market_test
