// Claims on SQLite and PostgreSQL (the Market suite): slots up to the cap under concurrency, round
// trips, claimants, outcomes, refunds and stats.
#include "store_fixture.hpp"

namespace plumbline::store::market_test {
namespace {

TEST_P(Market, TakeClaimSlotCountsUpToTheCap) {
  auto l = lead(market_lead(1, "10001", "leak_repair", t0, "within_24h", 2, 3));
  auto take = [&](std::int64_t id) {
    std::optional<int> out;
    write([&](Tx& tx) { out = tx.take_claim_slot(domain::LeadId{id}, t0 + 10); });
    return out;
  };
  EXPECT_EQ(take(l), std::optional<int>(1));
  EXPECT_EQ(get_lead(l).status, domain::LeadStatus::open);
  EXPECT_EQ(take(l), std::optional<int>(2));
  EXPECT_EQ(get_lead(l).claims_count, 2);
  EXPECT_EQ(get_lead(l).status, domain::LeadStatus::open);
  EXPECT_EQ(take(l), std::optional<int>(3));
  auto full = get_lead(l);
  EXPECT_EQ(full.status, domain::LeadStatus::full);
  EXPECT_EQ(full.claims_count, 3);
  EXPECT_EQ(take(l), std::nullopt);
  EXPECT_EQ(get_lead(l).claims_count, 3);
  EXPECT_EQ(get_lead(l).status, domain::LeadStatus::full);

  // max_claims 1: the first slot is the last.
  auto one = lead(market_lead(2, "10001", "leak_repair", t0, "within_24h", 2, 1));
  EXPECT_EQ(take(one), std::optional<int>(1));
  EXPECT_EQ(get_lead(one).status, domain::LeadStatus::full);
  EXPECT_EQ(take(one), std::nullopt);

  // Not open: no change.
  auto closed = lead(market_lead(3, "10001", "leak_repair"));
  set_status(closed, domain::LeadStatus::closed);
  EXPECT_EQ(take(closed), std::nullopt);
  EXPECT_EQ(get_lead(closed).claims_count, 0);
  EXPECT_EQ(get_lead(closed).status, domain::LeadStatus::closed);
  auto expired = lead(market_lead(4, "10001", "leak_repair"));
  set_status(expired, domain::LeadStatus::expired);
  EXPECT_EQ(take(expired), std::nullopt);
  EXPECT_EQ(take(expired + 1000), std::nullopt);  // unknown lead

  // Rolled back with its transaction.
  auto rb = lead(market_lead(5, "10001", "leak_repair", t0, "within_24h", 2, 1));
  store_->write_tx([&](Tx& tx) {
    EXPECT_EQ(tx.take_claim_slot(domain::LeadId{rb}, t0), std::optional<int>(1));
    return false;
  });
  EXPECT_EQ(get_lead(rb).claims_count, 0);
  EXPECT_EQ(get_lead(rb).status, domain::LeadStatus::open);
}

TEST_P(Market, ConcurrentClaimSlotsNeverExceedTheCap) {
  constexpr int threads = 50, rounds = 40;
  std::vector<std::int64_t> leads;
  write([&](Tx& tx) {
    for (int r = 0; r < rounds; ++r)
      leads.push_back(
          tx.insert_lead(market_lead(r, "10001", "leak_repair", t0, "within_24h", 2, 1 + r % 5))
              .value);
  });
  // A second store with a bigger pool, so that many PostgreSQL transactions really overlap.
  StoreOptions options;
  options.read_pool_size = 16;
  auto st = open_store(db_->url(), options);
  std::vector<std::atomic<int>> wins(rounds);
  std::atomic<int> errors{0}, over{0};
  std::barrier sync(threads);
  std::vector<std::thread> ts;
  for (int t = 0; t < threads; ++t)
    ts.emplace_back([&] {
      for (int r = 0; r < rounds; ++r) {
        sync.arrive_and_wait();
        try {
          st->write_tx([&](Tx& tx) {
            auto n = tx.take_claim_slot(domain::LeadId{leads[r]}, t0 + r);
            if (!n) return false;
            if (*n > 1 + r % 5) ++over;
            ++wins[r];
            return true;
          });
        } catch (const std::exception&) {
          ++errors;
        }
      }
    });
  for (auto& t : ts) t.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(over.load(), 0);
  for (int r = 0; r < rounds; ++r) {
    auto l = get_lead(leads[r]);
    EXPECT_EQ(wins[r].load(), l.max_claims) << "round " << r;
    EXPECT_EQ(l.claims_count, l.max_claims) << "round " << r;
    EXPECT_EQ(l.status, domain::LeadStatus::full) << "round " << r;
  }
}

TEST_P(Market, ClaimsRoundTripAndUniquePerLeadAndPlumber) {
  auto p = plumber(1), q = plumber(2), r = plumber(3);
  auto l1 = lead(market_lead(1, "10001", "leak_repair", t0));
  auto l2 = lead(market_lead(2, "11201", "drain_cleaning", t0 + 1));
  auto c1 = claim(l1, p, t0 + 10, 3);
  EXPECT_GT(c1, 0);
  EXPECT_EQ(failure([&](Tx& tx) { tx.insert_claim(make_claim(l1, p, t0 + 11)); }),
            std::optional(StoreErrorKind::unique_violation));
  // A double claim inside the claim transaction rolls its slot back with it.
  EXPECT_EQ(failure([&](Tx& tx) {
              EXPECT_EQ(tx.take_claim_slot(domain::LeadId{l1}, t0 + 11), std::optional<int>(1));
              tx.insert_claim(make_claim(l1, p, t0 + 11));
            }),
            std::optional(StoreErrorKind::unique_violation));
  EXPECT_EQ(get_lead(l1).claims_count, 0);
  EXPECT_EQ(get_lead(l1).status, domain::LeadStatus::open);
  EXPECT_EQ(
      read<std::int64_t>([&](Tx& tx) { return tx.count_claims_for_plumber(domain::UserId{p}); }),
      1);
  auto c2 = claim(l1, q, t0 + 12);
  auto c3 = claim(l2, p, t0 + 20, 4);
  EXPECT_NE(c1, c2);

  auto c = get_claim(c1);
  EXPECT_EQ(c.id, domain::ClaimId{c1});
  EXPECT_EQ(c.lead_id, domain::LeadId{l1});
  EXPECT_EQ(c.plumber_id, domain::UserId{p});
  EXPECT_EQ(c.price_credits, 3);
  EXPECT_EQ(c.outcome, domain::ClaimOutcome::new_);
  EXPECT_EQ(c.job_value_cents, 0);
  EXPECT_EQ(c.notes, "");
  EXPECT_EQ(c.refunded_at, std::nullopt);
  EXPECT_EQ(c.created_at, t0 + 10);
  EXPECT_EQ(c.updated_at, t0 + 10);
  EXPECT_EQ(read<std::optional<domain::Claim>>(
                [&](Tx& tx) { return tx.claim_by_id(domain::ClaimId{c3 + 100}); }),
            std::nullopt);

  auto cf = read<std::optional<domain::Claim>>(
      [&](Tx& tx) { return tx.claim_for(domain::LeadId{l1}, domain::UserId{q}); });
  ASSERT_TRUE(cf);
  EXPECT_EQ(cf->id, domain::ClaimId{c2});
  EXPECT_EQ(read<std::optional<domain::Claim>>(
                [&](Tx& tx) { return tx.claim_for(domain::LeadId{l1}, domain::UserId{r}); }),
            std::nullopt);
  EXPECT_EQ(read<std::optional<domain::Claim>>(
                [&](Tx& tx) { return tx.claim_for(domain::LeadId{l2}, domain::UserId{q}); }),
            std::nullopt);

  // claims_for_lead: oldest first.
  auto fl = read<std::vector<domain::Claim>>(
      [&](Tx& tx) { return tx.claims_for_lead(domain::LeadId{l1}); });
  ASSERT_EQ(fl.size(), 2u);
  EXPECT_EQ(fl[0].id, domain::ClaimId{c1});
  EXPECT_EQ(fl[1].id, domain::ClaimId{c2});

  // claims_for_plumber: newest first, with the lead (contact details) and dispute status.
  auto mine = read<std::vector<domain::ClaimWithLead>>(
      [&](Tx& tx) { return tx.claims_for_plumber(domain::UserId{p}, 50, 0); });
  ASSERT_EQ(mine.size(), 2u);
  EXPECT_EQ(mine[0].claim.id, domain::ClaimId{c3});
  EXPECT_EQ(mine[0].claim.price_credits, 4);
  EXPECT_EQ(mine[0].lead.id, domain::LeadId{l2});
  EXPECT_EQ(mine[0].lead.zip, "11201");
  EXPECT_EQ(mine[0].lead.service_type, "drain_cleaning");
  EXPECT_EQ(mine[0].lead.name, "Homeowner 2");
  EXPECT_EQ(mine[0].lead.phone_e164, market_lead(2, "11201", "drain_cleaning").phone_e164);
  EXPECT_EQ(mine[0].lead.email, market_lead(2, "11201", "drain_cleaning").email);
  EXPECT_EQ(mine[0].lead.address, "12 Main St");
  EXPECT_EQ(mine[0].dispute_status, std::nullopt);
  EXPECT_EQ(mine[1].claim.id, domain::ClaimId{c1});
  EXPECT_EQ(mine[1].lead.id, domain::LeadId{l1});

  domain::Dispute d;
  d.claim_id = domain::ClaimId{c1};
  d.plumber_id = domain::UserId{p};
  d.lead_id = domain::LeadId{l1};
  d.reason = domain::dispute_wrong_contact;
  d.created_at = t0 + 30;
  write([&](Tx& tx) { tx.insert_dispute(d); });
  mine = read<std::vector<domain::ClaimWithLead>>(
      [&](Tx& tx) { return tx.claims_for_plumber(domain::UserId{p}, 50, 0); });
  ASSERT_EQ(mine.size(), 2u);
  EXPECT_EQ(mine[0].dispute_status, std::nullopt);
  EXPECT_EQ(mine[1].dispute_status, std::optional(domain::DisputeStatus::pending));

  auto paged = read<std::vector<domain::ClaimWithLead>>(
      [&](Tx& tx) { return tx.claims_for_plumber(domain::UserId{p}, 1, 1); });
  ASSERT_EQ(paged.size(), 1u);
  EXPECT_EQ(paged[0].claim.id, domain::ClaimId{c1});
  EXPECT_TRUE(read<std::vector<domain::ClaimWithLead>>([&](Tx& tx) {
                return tx.claims_for_plumber(domain::UserId{r}, 50, 0);
              }).empty());
  auto count = [&](std::int64_t id) {
    return read<std::int64_t>(
        [&](Tx& tx) { return tx.count_claims_for_plumber(domain::UserId{id}); });
  };
  EXPECT_EQ(count(p), 2);
  EXPECT_EQ(count(q), 1);
  EXPECT_EQ(count(r), 0);
}

TEST_P(Market, ClaimantsOutcomesAndRefunds) {
  auto admin = add_user(make_user("admin@example.com", domain::Role::admin));
  auto p = plumber(1), q = plumber(2), r = plumber(3);
  domain::PlumberReview rev;
  rev.status = domain::PlumberStatus::approved;
  rev.licence_verified_on = "2026-10-01";
  rev.insurance_valid_until = "2028-01-31";
  rev.reviewed_by = domain::UserId{admin};
  rev.reviewed_at = t0;
  write([&](Tx& tx) { tx.set_plumber_review(domain::UserId{q}, rev); });
  auto l = lead(market_lead(1, "10001", "leak_repair"));
  auto cq = claim(l, q, t0 + 10);
  auto cp = claim(l, p, t0 + 20);
  auto cr = claim(l, r, t0 + 30);

  auto cl =
      read<std::vector<domain::Claimant>>([&](Tx& tx) { return tx.claimants(domain::LeadId{l}); });
  ASSERT_EQ(cl.size(), 3u);
  EXPECT_EQ(cl[0].plumber_id, domain::UserId{q});
  EXPECT_EQ(cl[0].business_name, profile_input(2, {}).business_name);
  EXPECT_EQ(cl[0].phone_e164, profile_input(2, {}).phone_e164);
  EXPECT_EQ(cl[0].licence_number, "LIC-2");
  EXPECT_EQ(cl[0].licence_state, "NY");
  EXPECT_EQ(cl[0].licence_verified_on, "2026-10-01");
  EXPECT_EQ(cl[0].insurance_valid_until, "2028-01-31");
  EXPECT_EQ(cl[0].claimed_at, t0 + 10);
  EXPECT_EQ(cl[1].plumber_id, domain::UserId{p});
  EXPECT_EQ(cl[2].plumber_id, domain::UserId{r});

  // Refund once; refunded claimants disappear from the homeowner's list, not from claims_for_lead.
  bool first = false, second = true;
  write([&](Tx& tx) { first = tx.mark_claim_refunded(domain::ClaimId{cp}, t0 + 40); });
  write([&](Tx& tx) { second = tx.mark_claim_refunded(domain::ClaimId{cp}, t0 + 50); });
  EXPECT_TRUE(first);
  EXPECT_FALSE(second);
  EXPECT_EQ(get_claim(cp).refunded_at, std::optional<Millis>(t0 + 40));
  EXPECT_EQ(get_claim(cq).refunded_at, std::nullopt);
  cl = read<std::vector<domain::Claimant>>([&](Tx& tx) { return tx.claimants(domain::LeadId{l}); });
  ASSERT_EQ(cl.size(), 2u);
  EXPECT_EQ(cl[0].plumber_id, domain::UserId{q});
  EXPECT_EQ(cl[1].plumber_id, domain::UserId{r});
  EXPECT_EQ(read<std::vector<domain::Claim>>([&](Tx& tx) {
              return tx.claims_for_lead(domain::LeadId{l});
            }).size(),
            3u);
  write([&](Tx& tx) { EXPECT_FALSE(tx.mark_claim_refunded(domain::ClaimId{cr + 100}, t0)); });

  // Outcomes: only the claim's own plumber may change it.
  domain::ClaimOutcomeUpdate u{domain::ClaimOutcome::won, 125'000,
                               "Replaced the water heater — paid."};
  bool ok = true;
  write([&](Tx& tx) {
    ok = tx.update_claim_outcome(domain::ClaimId{cq}, domain::UserId{p}, u, t0 + 60);
  });
  EXPECT_FALSE(ok);
  auto c = get_claim(cq);
  EXPECT_EQ(c.outcome, domain::ClaimOutcome::new_);
  EXPECT_EQ(c.job_value_cents, 0);
  EXPECT_EQ(c.notes, "");
  EXPECT_EQ(c.updated_at, t0 + 10);
  write([&](Tx& tx) {
    ok = tx.update_claim_outcome(domain::ClaimId{cq}, domain::UserId{q}, u, t0 + 61);
  });
  EXPECT_TRUE(ok);
  c = get_claim(cq);
  EXPECT_EQ(c.outcome, domain::ClaimOutcome::won);
  EXPECT_EQ(c.job_value_cents, 125'000);
  EXPECT_EQ(c.notes, u.notes);
  EXPECT_EQ(c.updated_at, t0 + 61);
  EXPECT_EQ(c.created_at, t0 + 10);
  write([&](Tx& tx) {
    ok = tx.update_claim_outcome(domain::ClaimId{cq}, domain::UserId{q},
                                 {domain::ClaimOutcome::contacted, 0, ""}, t0 + 62);
  });
  EXPECT_TRUE(ok);
  c = get_claim(cq);
  EXPECT_EQ(c.outcome, domain::ClaimOutcome::contacted);
  EXPECT_EQ(c.notes, "");
  write([&](Tx& tx) {
    ok = tx.update_claim_outcome(domain::ClaimId{cq + 1000}, domain::UserId{q}, u, t0 + 63);
  });
  EXPECT_FALSE(ok);
}

TEST_P(Market, CountClaimsSinceAndStats) {
  auto p = plumber(1), q = plumber(2);
  const Millis month = t0 + 1'000'000;
  std::vector<std::int64_t> ls;
  for (int i = 0; i < 6; ++i) ls.push_back(lead(market_lead(i, "10001", "leak_repair")));
  auto old_won = claim(ls[0], p, month - 10, 5);      // before the month
  auto old_refunded = claim(ls[1], p, month - 5, 3);  // before the month, refunded
  auto won = claim(ls[2], p, month, 2);               // at the month's start: this month
  auto lost = claim(ls[3], p, month + 10, 4);
  auto open = claim(ls[4], p, month + 20, 3);
  claim(ls[0], q, month + 30, 9);  // another plumber
  write([&](Tx& tx) {
    ASSERT_TRUE(tx.update_claim_outcome(domain::ClaimId{old_won}, domain::UserId{p},
                                        {domain::ClaimOutcome::won, 10'000, ""}, month));
    ASSERT_TRUE(tx.update_claim_outcome(domain::ClaimId{won}, domain::UserId{p},
                                        {domain::ClaimOutcome::won, 2'550, ""}, month));
    ASSERT_TRUE(tx.update_claim_outcome(domain::ClaimId{lost}, domain::UserId{p},
                                        {domain::ClaimOutcome::lost, 0, ""}, month));
    ASSERT_TRUE(tx.mark_claim_refunded(domain::ClaimId{old_refunded}, month));
  });
  (void)open;
  auto since = [&](std::int64_t id, Millis at) {
    return read<int>([&](Tx& tx) { return tx.count_claims_since(domain::UserId{id}, at); });
  };
  EXPECT_EQ(since(p, month), 3);
  EXPECT_EQ(since(p, month + 1), 2);
  EXPECT_EQ(since(p, month + 21), 0);
  EXPECT_EQ(since(q, month), 1);
  EXPECT_EQ(since(q + 100, 0), 0);

  auto s = read<domain::PlumberStats>(
      [&](Tx& tx) { return tx.plumber_stats(domain::UserId{p}, month); });
  EXPECT_EQ(s.claims_this_month, 3);
  EXPECT_EQ(s.won, 2);
  EXPECT_EQ(s.lost, 1);
  EXPECT_EQ(s.credits_spent, 5 + 2 + 4 + 3);  // the refunded claim's 3 credits do not count
  EXPECT_EQ(s.won_value_cents, 12'550);
  auto none = read<domain::PlumberStats>(
      [&](Tx& tx) { return tx.plumber_stats(domain::UserId{q + 100}, month); });
  EXPECT_EQ(none.claims_this_month, 0);
  EXPECT_EQ(none.won, 0);
  EXPECT_EQ(none.lost, 0);
  EXPECT_EQ(none.credits_spent, 0);
  EXPECT_EQ(none.won_value_cents, 0);
  auto qs = read<domain::PlumberStats>(
      [&](Tx& tx) { return tx.plumber_stats(domain::UserId{q}, month); });
  EXPECT_EQ(qs.claims_this_month, 1);
  EXPECT_EQ(qs.credits_spent, 9);
}

// Issue 12.7: lead and claim prices beyond 32 bits, and their sum in the stats, read back exactly.
TEST_P(Market, PricesAbove2To31RoundTripOnLeadsClaimsCardsAndStats) {
  auto p = plumber(1);
  const Millis month = t0 + 1'000'000;
  auto l1 = lead(market_lead(1, "10001", "leak_repair", t0, "within_24h", 3'000'000'000));
  auto l2 = lead(market_lead(2, "10001", "leak_repair", t0, "within_24h", 2'000'000'000));
  EXPECT_EQ(get_lead(l1).price_credits, 3'000'000'000);
  auto c1 = claim(l1, p, month, 3'000'000'000);
  claim(l2, p, month + 1, 2'000'000'000);
  EXPECT_EQ(get_claim(c1).price_credits, 3'000'000'000);
  auto card = read<std::optional<LeadCard>>(
      [&](Tx& tx) { return tx.lead_card(domain::LeadId{l2}, domain::UserId{p}); });
  ASSERT_TRUE(card);
  EXPECT_EQ(card->price_credits, 2'000'000'000);
  auto s = read<domain::PlumberStats>(
      [&](Tx& tx) { return tx.plumber_stats(domain::UserId{p}, month); });
  EXPECT_EQ(s.credits_spent, 5'000'000'000);
  EXPECT_EQ(s.claims_this_month, 2);
}

}  // namespace
}  // namespace plumbline::store::market_test
