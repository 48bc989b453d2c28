// Disputes on SQLite and PostgreSQL (the Market suite): the lifecycle of a dispute over a claim.
#include "store_fixture.hpp"

namespace plumbline::store::market_test {
namespace {

TEST_P(Market, DisputesLifecycle) {
  auto admin = add_user(make_user("admin@example.com", domain::Role::admin));
  auto p = plumber(1), q = plumber(2);
  auto l1 = lead(market_lead(1, "10001", "leak_repair"));
  auto l2 = lead(market_lead(2, "10001", "leak_repair"));
  auto c1 = claim(l1, p, t0 + 1), c2 = claim(l1, q, t0 + 2), c3 = claim(l2, p, t0 + 3);
  auto dispute = [&](std::int64_t claim_id, std::int64_t plumber_id, std::int64_t lead_id,
                     const char* reason, Millis at) {
    domain::Dispute d;
    d.claim_id = domain::ClaimId{claim_id};
    d.plumber_id = domain::UserId{plumber_id};
    d.lead_id = domain::LeadId{lead_id};
    d.reason = reason;
    d.details = "The number rings a pizzeria — \"Luigi's\".";
    d.created_at = at;
    std::int64_t id = 0;
    write([&](Tx& tx) { id = tx.insert_dispute(d).value; });
    return id;
  };
  auto d1 = dispute(c1, p, l1, domain::dispute_wrong_contact, t0 + 10);
  auto d2 = dispute(c2, q, l1, domain::dispute_outside_area, t0 + 11);
  auto d3 = dispute(c3, p, l2, domain::dispute_duplicate, t0 + 12);
  EXPECT_EQ(failure([&](Tx& tx) {
              domain::Dispute d;
              d.claim_id = domain::ClaimId{c1};
              d.plumber_id = domain::UserId{p};
              d.lead_id = domain::LeadId{l1};
              d.reason = domain::dispute_service_not_offered;
              d.created_at = t0 + 13;
              tx.insert_dispute(d);
            }),
            std::optional(StoreErrorKind::unique_violation));

  auto get = [&](std::int64_t id) {
    auto d = read<std::optional<domain::Dispute>>(
        [&](Tx& tx) { return tx.dispute_by_id(domain::DisputeId{id}); });
    if (!d) throw std::runtime_error("no dispute");
    return *d;
  };
  auto d = get(d1);
  EXPECT_EQ(d.id, domain::DisputeId{d1});
  EXPECT_EQ(d.claim_id, domain::ClaimId{c1});
  EXPECT_EQ(d.plumber_id, domain::UserId{p});
  EXPECT_EQ(d.lead_id, domain::LeadId{l1});
  EXPECT_EQ(d.reason, domain::dispute_wrong_contact);
  EXPECT_EQ(d.details, "The number rings a pizzeria — \"Luigi's\".");
  EXPECT_EQ(d.status, domain::DisputeStatus::pending);
  EXPECT_EQ(d.resolution, "");
  EXPECT_EQ(d.resolved_by, std::nullopt);
  EXPECT_EQ(d.created_at, t0 + 10);
  EXPECT_EQ(d.resolved_at, std::nullopt);
  EXPECT_EQ(read<std::optional<domain::Dispute>>(
                [&](Tx& tx) { return tx.dispute_by_id(domain::DisputeId{d3 + 9}); }),
            std::nullopt);
  auto fc = read<std::optional<domain::Dispute>>(
      [&](Tx& tx) { return tx.dispute_for_claim(domain::ClaimId{c2}); });
  ASSERT_TRUE(fc);
  EXPECT_EQ(fc->id, domain::DisputeId{d2});
  EXPECT_EQ(fc->reason, domain::dispute_outside_area);
  auto c4 = claim(l2, q, t0 + 4);
  EXPECT_EQ(read<std::optional<domain::Dispute>>(
                [&](Tx& tx) { return tx.dispute_for_claim(domain::ClaimId{c4}); }),
            std::nullopt);

  auto list = [&](std::optional<domain::DisputeStatus> status, int limit = 50, int offset = 0) {
    std::vector<std::int64_t> out;
    for (const auto& x : read<std::vector<domain::Dispute>>(
             [&](Tx& tx) { return tx.list_disputes(status, limit, offset); }))
      out.push_back(x.id.value);
    return out;
  };
  using V = std::vector<std::int64_t>;
  EXPECT_EQ(list(domain::DisputeStatus::pending), (V{d1, d2, d3}));
  EXPECT_EQ(list(domain::DisputeStatus::pending, 2, 1), (V{d2, d3}));
  EXPECT_TRUE(list(domain::DisputeStatus::approved).empty());

  auto resolve = [&](std::int64_t id, domain::DisputeStatus status, const std::string& why,
                     std::optional<std::int64_t> by, Millis at) {
    bool ok = false;
    write([&](Tx& tx) { ok = tx.resolve_dispute(domain::DisputeId{id}, status, why, by, at); });
    return ok;
  };
  EXPECT_TRUE(
      resolve(d2, domain::DisputeStatus::approved, "Outside the area: refunded", admin, t0 + 20));
  EXPECT_FALSE(resolve(d2, domain::DisputeStatus::denied, "changed my mind", admin, t0 + 21));
  EXPECT_TRUE(resolve(d3, domain::DisputeStatus::denied, "Not a duplicate", std::nullopt, t0 + 22));
  EXPECT_FALSE(resolve(d3 + 100, domain::DisputeStatus::denied, "x", admin, t0 + 23));
  d = get(d2);
  EXPECT_EQ(d.status, domain::DisputeStatus::approved);
  EXPECT_EQ(d.resolution, "Outside the area: refunded");
  EXPECT_EQ(d.resolved_by, std::optional{domain::UserId{admin}});
  EXPECT_EQ(d.resolved_at, std::optional<Millis>(t0 + 20));
  d = get(d3);
  EXPECT_EQ(d.status, domain::DisputeStatus::denied);
  EXPECT_EQ(d.resolved_by, std::nullopt);
  EXPECT_EQ(d.resolved_at, std::optional<Millis>(t0 + 22));

  EXPECT_EQ(list(domain::DisputeStatus::pending), (V{d1}));
  EXPECT_EQ(list(domain::DisputeStatus::approved), (V{d2}));
  EXPECT_EQ(list(domain::DisputeStatus::denied), (V{d3}));
  // The plumbers' claim lists follow the dispute status.
  auto theirs = read<std::vector<domain::ClaimWithLead>>(
      [&](Tx& tx) { return tx.claims_for_plumber(domain::UserId{q}, 50, 0); });
  ASSERT_EQ(theirs.size(), 2u);
  EXPECT_EQ(theirs[0].claim.id, domain::ClaimId{c4});
  EXPECT_EQ(theirs[0].dispute_status, std::nullopt);
  EXPECT_EQ(theirs[1].claim.id, domain::ClaimId{c2});
  EXPECT_EQ(theirs[1].dispute_status, std::optional(domain::DisputeStatus::approved));
  auto mine = read<std::vector<domain::ClaimWithLead>>(
      [&](Tx& tx) { return tx.claims_for_plumber(domain::UserId{p}, 50, 0); });
  ASSERT_EQ(mine.size(), 2u);
  EXPECT_EQ(mine[0].claim.id, domain::ClaimId{c3});
  EXPECT_EQ(mine[0].dispute_status, std::optional(domain::DisputeStatus::denied));
  EXPECT_EQ(mine[1].dispute_status, std::optional(domain::DisputeStatus::pending));
  EXPECT_EQ(list(std::nullopt), (V{d1, d2, d3}));
  EXPECT_EQ(list(std::nullopt, 1, 2), (V{d3}));
}

}  // namespace
}  // namespace plumbline::store::market_test
