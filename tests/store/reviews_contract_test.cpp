// Hires, review invitations, reviews, replies, hiding and the profile's figures on SQLite and
// PostgreSQL (the Market suite, issue 17): one review per hire, only for the hired claim.
#include "store_fixture.hpp"

namespace plumbline::store::market_test {
namespace {

TEST_P(Market, HireIsRecordedOnceAndTheHiredClaimIsWon) {
  auto p = plumber(1), q = plumber(2);
  auto l = lead(market_lead(1, "10001", "leak_repair"));
  auto cp = claim(l, p, t0 + 1), cq = claim(l, q, t0 + 2);
  EXPECT_EQ(read<std::optional<domain::LeadHire>>(
                [&](Tx& tx) { return tx.lead_hire(domain::LeadId{l}); }),
            std::nullopt);
  write([&](Tx& tx) {
    EXPECT_TRUE(tx.set_lead_hired(domain::LeadId{l}, domain::ClaimId{cp}, t0 + 10));
    EXPECT_FALSE(tx.set_lead_hired(domain::LeadId{l}, domain::ClaimId{cq},
                                   t0 + 11));  // the first choice stands
    EXPECT_TRUE(tx.mark_claim_hired(domain::ClaimId{cp}, t0 + 10));
  });
  auto hire = read<std::optional<domain::LeadHire>>(
      [&](Tx& tx) { return tx.lead_hire(domain::LeadId{l}); });
  ASSERT_TRUE(hire);
  EXPECT_EQ(hire->claim_id, std::optional<domain::ClaimId>(domain::ClaimId{cp}));
  EXPECT_EQ(hire->plumber_id, std::optional<domain::UserId>(domain::UserId{p}));
  EXPECT_EQ(hire->hired_at, t0 + 10);
  EXPECT_EQ(get_claim(cp).outcome, domain::ClaimOutcome::won);
  EXPECT_EQ(get_claim(cq).outcome, domain::ClaimOutcome::new_);
  // "Someone else": a hire with no claim.
  auto l2 = lead(market_lead(2, "10001", "leak_repair"));
  write([&](Tx& tx) { EXPECT_TRUE(tx.set_lead_hired(domain::LeadId{l2}, std::nullopt, t0 + 12)); });
  hire = read<std::optional<domain::LeadHire>>(
      [&](Tx& tx) { return tx.lead_hire(domain::LeadId{l2}); });
  ASSERT_TRUE(hire);
  EXPECT_EQ(hire->claim_id, std::nullopt);
  EXPECT_EQ(hire->plumber_id, std::nullopt);
}

TEST_P(Market, DueHiresAndSingleUseInvitations) {
  auto p = plumber(1), q = plumber(2);
  auto l1 = lead(market_lead(1, "10001", "leak_repair"));
  auto l2 = lead(market_lead(2, "10001", "leak_repair"));
  auto l3 = lead(market_lead(3, "10001", "leak_repair"));
  auto c1 = claim(l1, p, t0 + 1), c2 = claim(l2, q, t0 + 2);
  claim(l3, p, t0 + 3);
  write([&](Tx& tx) {
    tx.set_lead_hired(domain::LeadId{l1}, domain::ClaimId{c1}, t0 + 100);
    tx.set_lead_hired(domain::LeadId{l2}, domain::ClaimId{c2}, t0 + 200);
    tx.set_lead_hired(domain::LeadId{l3}, std::nullopt, t0 + 50);  // someone else: never asked
  });
  auto due = [&](Millis before) {
    return read<std::vector<domain::DueReviewRequest>>(
        [&](Tx& tx) { return tx.hires_due_for_review(before, 10); });
  };
  EXPECT_TRUE(due(t0 + 99).empty());
  auto d = due(t0 + 150);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].lead_id, domain::LeadId{l1});
  EXPECT_EQ(d[0].claim_id, domain::ClaimId{c1});
  EXPECT_EQ(d[0].plumber_id, domain::UserId{p});
  EXPECT_EQ(d[0].email, "zoe@example.com");
  EXPECT_EQ(d[0].hired_at, t0 + 100);
  EXPECT_FALSE(d[0].business_name.empty());
  EXPECT_EQ(due(t0 + 300).size(), 2u);

  domain::ReviewInvite inv{
      domain::ClaimId{c1}, domain::LeadId{l1}, domain::UserId{p}, "hash-1", t0 + 150,
      t0 + 1000,           std::nullopt};
  write([&](Tx& tx) {
    EXPECT_TRUE(tx.insert_review_invite(inv));
    auto again = inv;
    again.token_hash = "hash-2";
    EXPECT_FALSE(tx.insert_review_invite(again));  // one per hire
  });
  d = due(t0 + 300);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].claim_id, domain::ClaimId{c2});
  auto got = read<std::optional<domain::ReviewInvite>>(
      [&](Tx& tx) { return tx.review_invite_by_hash("hash-1"); });
  ASSERT_TRUE(got);
  EXPECT_EQ(got->claim_id, c1);
  EXPECT_EQ(got->expires_at, t0 + 1000);
  EXPECT_EQ(got->used_at, std::nullopt);
  write([&](Tx& tx) {
    EXPECT_FALSE(tx.use_review_invite(domain::ClaimId{c1}, t0 + 1000));  // expired at expires_at
    EXPECT_TRUE(tx.use_review_invite(domain::ClaimId{c1}, t0 + 999));
    EXPECT_FALSE(tx.use_review_invite(domain::ClaimId{c1}, t0 + 999));  // single use
  });
  got = read<std::optional<domain::ReviewInvite>>(
      [&](Tx& tx) { return tx.review_invite_by_hash("hash-1"); });
  EXPECT_EQ(got->used_at, t0 + 999);
}

TEST_P(Market, OneReviewPerHireAndOnlyForTheHiredClaim) {
  auto p = plumber(1), q = plumber(2);
  auto l1 = lead(market_lead(1, "10001", "leak_repair"));
  auto l2 = lead(market_lead(2, "10001", "leak_repair"));
  auto c1p = claim(l1, p, t0 + 1), c1q = claim(l1, q, t0 + 2), c2p = claim(l2, p, t0 + 3);
  write([&](Tx& tx) { tx.set_lead_hired(domain::LeadId{l1}, domain::ClaimId{c1p}, t0 + 10); });
  auto review = [](std::int64_t claim, std::int64_t lead, std::int64_t plumber) {
    domain::Review r;
    r.claim_id = domain::ClaimId{claim};
    r.lead_id = domain::LeadId{lead};
    r.plumber_id = domain::UserId{plumber};
    r.punctuality = 5;
    r.quality = 4;
    r.price = 3;
    r.body = "On time — \"great\" work.";
    r.created_at = t0 + 20;
    return r;
  };
  auto insert = [&](const domain::Review& r) {
    std::optional<std::int64_t> id;
    write([&](Tx& tx) { id = tx.insert_review(r); });
    return id;
  };
  EXPECT_EQ(insert(review(c1q, l1, q)), std::nullopt);  // a plumber not hired
  EXPECT_EQ(insert(review(c2p, l2, p)), std::nullopt);  // a request not hired
  EXPECT_EQ(insert(review(c2p, l1, p)), std::nullopt);  // another request's claim
  EXPECT_EQ(insert(review(c1p, l1, q)), std::nullopt);  // the wrong plumber
  auto id = insert(review(c1p, l1, p));
  ASSERT_TRUE(id);
  EXPECT_EQ(insert(review(c1p, l1, p)), std::nullopt);  // once
  auto r = read<std::optional<domain::Review>>([&](Tx& tx) { return tx.review_by_id(*id); });
  ASSERT_TRUE(r);
  EXPECT_EQ(r->punctuality, 5);
  EXPECT_EQ(r->quality, 4);
  EXPECT_EQ(r->price, 3);
  EXPECT_EQ(r->body, "On time — \"great\" work.");
  EXPECT_EQ(r->created_at, t0 + 20);
  EXPECT_EQ(r->reply, std::nullopt);
  EXPECT_FALSE(r->hidden());
  EXPECT_FALSE(r->business_name.empty());

  write([&](Tx& tx) {
    EXPECT_FALSE(
        tx.reply_to_review(*id, domain::UserId{q}, "Not mine", t0 + 30));  // another plumber
    EXPECT_TRUE(tx.reply_to_review(*id, domain::UserId{p}, "Thank you!", t0 + 30));
    EXPECT_FALSE(tx.reply_to_review(*id, domain::UserId{p}, "Again", t0 + 31));  // once
  });
  auto admin = add_user(make_user("admin@example.com", domain::Role::admin));
  write([&](Tx& tx) {
    EXPECT_TRUE(tx.hide_review(*id, "abuse", admin, t0 + 40));
    EXPECT_FALSE(tx.hide_review(*id, "personal_data", admin, t0 + 41));
  });
  r = read<std::optional<domain::Review>>([&](Tx& tx) { return tx.review_by_id(*id); });
  EXPECT_EQ(r->reply, "Thank you!");
  EXPECT_EQ(r->replied_at, t0 + 30);
  EXPECT_EQ(r->hidden_reason, "abuse");
  EXPECT_EQ(r->hidden_by, admin);
  EXPECT_EQ(r->hidden_at, t0 + 40);
  EXPECT_EQ(read<std::vector<domain::Review>>([&](Tx& tx) {
              return tx.reviews_for_plumber(domain::UserId{p});
            }).size(),
            1u);
  EXPECT_TRUE(read<std::vector<domain::Review>>([&](Tx& tx) {
                return tx.reviews_for_plumber(domain::UserId{q});
              }).empty());
  EXPECT_EQ(
      read<std::vector<domain::Review>>([&](Tx& tx) { return tx.list_reviews(10, 0); }).size(), 1u);
  // "Negative" is no reason the schema accepts.
  auto l3 = lead(market_lead(3, "10001", "leak_repair"));
  auto c3 = claim(l3, p, t0 + 4);
  write([&](Tx& tx) { tx.set_lead_hired(domain::LeadId{l3}, domain::ClaimId{c3}, t0 + 10); });
  auto id3 = insert(review(c3, l3, p));
  ASSERT_TRUE(id3);
  EXPECT_TRUE(
      failure([&](Tx& tx) { tx.hide_review(*id3, "negative", admin, t0 + 50); }).has_value());
}

TEST_P(Market, ClaimDelaysAndClosedAccounts) {
  auto p = plumber(1);
  auto l1 = lead(market_lead(1, "10001", "leak_repair"));
  auto l2 = lead(market_lead(2, "10001", "leak_repair"));
  auto l3 = lead(market_lead(3, "10001", "leak_repair"));
  write([&](Tx& tx) {
    tx.insert_lead_matches(
        {store::lead_match_row(l1, p, 1.0, t0), store::lead_match_row(l2, p, 1.0, t0 + 1000)});
  });
  claim(l1, p, t0 + 60'000);
  claim(l2, p, t0 + 1000 + 600'000);
  claim(l3, p, t0 + 5);  // never matched (e.g. an admin's hand): not an alert
  auto delays =
      read<std::vector<Millis>>([&](Tx& tx) { return tx.plumber_claim_delays(domain::UserId{p}); });
  std::sort(delays.begin(), delays.end());
  EXPECT_EQ(delays, (std::vector<Millis>{60'000, 600'000}));
  EXPECT_FALSE(read<bool>([&](Tx& tx) { return tx.account_closed(domain::UserId{p}); }));
}

}  // namespace
}  // namespace plumbline::store::market_test
