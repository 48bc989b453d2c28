// Lead changes on SQLite and PostgreSQL (the Market suite): flags, added details, expiry and
// reopening (live_since).
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
  write([&](Tx& tx) {
    tx.set_lead_flag(domain::LeadId{l}, domain::lead_flag_never_requested, t0 + 1);
  });
  EXPECT_EQ(get_lead(l).flag, domain::lead_flag_never_requested);
  write([&](Tx& tx) { tx.set_lead_flag(domain::LeadId{l}, domain::lead_flag_removed, t0 + 2); });
  EXPECT_EQ(get_lead(l).flag, domain::lead_flag_removed);
  write([&](Tx& tx) { tx.set_lead_flag(domain::LeadId{l}, "", t0 + 3); });
  EXPECT_EQ(get_lead(l).flag, "");

  write([&](Tx& tx) {
    tx.append_lead_details(domain::LeadId{l}, "The leak is under the sink.", t0 + 4);
  });
  EXPECT_EQ(get_lead(l).extra_details, "The leak is under the sink.");
  write([&](Tx& tx) {
    tx.append_lead_details(domain::LeadId{l}, "Gate code: 1234 — ring twice.", t0 + 5);
  });
  EXPECT_EQ(get_lead(l).extra_details,
            "The leak is under the sink.\n\nGate code: 1234 — ring twice.");
  write([&](Tx& tx) { tx.append_lead_details(domain::LeadId{l}, "Third.", t0 + 6); });
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
    write([&](Tx& tx) {
      for (auto id : tx.expire_open_leads(t0 + 4, t0 + 100, limit)) out.push_back(id.value);
    });
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

// Issue 15: expiry, late matching and "newest" count from live_since (created_at at intake, moved
// on when staff reopen a request), so a reopened old request is not swept at once, is found by late
// matching and heads the available list; an old one never reopened is swept. created_at stays.
TEST_P(Market, AReopenedOldRequestCountsFromItsReopening) {
  constexpr Millis hour = 3'600'000;
  constexpr Millis expiry = 72 * hour;
  const Millis now = t0 + 100 * hour;
  auto me = plumber(1);
  auto old = lead(market_lead(1, "10001", "leak_repair", t0));
  auto reopened = lead(market_lead(2, "10001", "leak_repair", t0 + 1));
  auto recent = lead(market_lead(3, "10001", "leak_repair", t0 + 50 * hour));
  EXPECT_EQ(get_lead(old).live_since, t0) << "intake sets live_since to created_at";
  // Staff closed and reopened `reopened` at `now` (LeadAdminService::reopen_lead's steps).
  set_status(reopened, domain::LeadStatus::closed);
  write([&](Tx& tx) {
    ASSERT_TRUE(tx.update_lead_status(domain::LeadId{reopened}, domain::LeadStatus::closed,
                                      domain::LeadStatus::open, "", now));
    tx.set_lead_live_since(domain::LeadId{reopened}, now);
  });
  auto r = get_lead(reopened);
  EXPECT_EQ(r.live_since, now);
  EXPECT_EQ(r.created_at, t0 + 1) << "reports keep when it was requested";

  // Late matching over what is still inside the expiry window finds the reopened one only.
  domain::LateMatchQuery late;
  late.plumber_id = domain::UserId{me};
  late.live_since = now - expiry;
  late.cap_since = now - 24 * hour;
  late.now = now;
  std::vector<std::int64_t> found;
  for (const auto& m :
       read<std::vector<domain::LeadMatch>>([&](Tx& tx) { return tx.late_matches(late); }))
    found.push_back(m.lead_id.value);
  EXPECT_EQ(found, (std::vector<std::int64_t>{reopened, recent}));

  // Matched to all three, "newest" puts the reopened one first (on the market most recently).
  write([&](Tx& tx) {
    tx.insert_lead_matches({store::lead_match_row(old, me, 1.0, t0),
                            store::lead_match_row(reopened, me, 1.0, t0),
                            store::lead_match_row(recent, me, 1.0, t0)});
  });
  AvailableQuery q;
  q.plumber_id = domain::UserId{me};
  q.sort = domain::sort_newest;
  EXPECT_EQ(available_ids(q), (std::vector<std::int64_t>{reopened, recent, old}));

  // The sweep expires the old one only; the reopened one stays open and available.
  std::vector<domain::LeadId> swept;
  write([&](Tx& tx) { swept = tx.expire_open_leads(now - expiry, now, 10); });
  EXPECT_EQ(swept, (std::vector<domain::LeadId>{domain::LeadId{old}}));
  EXPECT_EQ(get_lead(old).status, domain::LeadStatus::expired);
  EXPECT_EQ(get_lead(reopened).status, domain::LeadStatus::open);
  EXPECT_EQ(available_ids(q), (std::vector<std::int64_t>{reopened, recent}));
  // Once its own window has passed, the reopened one expires too.
  write([&](Tx& tx) { swept = tx.expire_open_leads(now + expiry + 1, now + expiry + 1, 10); });
  EXPECT_EQ(swept, (std::vector<domain::LeadId>{domain::LeadId{recent}, domain::LeadId{reopened}}));
}

}  // namespace
}  // namespace plumbline::store::market_test
