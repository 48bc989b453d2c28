// The billing contract on SQLite and PostgreSQL: plan and pack editing, the Stripe customer link,
// Checkout Sessions we created, payments with refunds and disputes, and the pending cancellation.
#include "store_fixture.hpp"

namespace plumbline::store::billing_test {
namespace {

using namespace accounts_test;  // the shared fixture (store_fixture.hpp)

class Billing : public AccountsFixture {
 protected:
  std::int64_t add_plumber(const std::string& email) {
    auto id = add_user(email);
    write([&](Tx& tx) {
      tx.insert_plumber(domain::Plumber{domain::UserId{id}, "Pipes", "Joe", "+12125550199"});
    });
    return id;
  }
  domain::Payment payment(std::int64_t user_id, const std::string& stripe_id, Millis at) {
    domain::Payment p;
    p.user_id = domain::UserId{user_id};
    p.kind = "pack";
    p.stripe_id = stripe_id;
    p.payment_intent = "pi_" + stripe_id;
    p.item_id = "pack_5";
    p.description = "5 credits";
    p.credits = 5;
    p.amount_cents = 5000;
    p.currency = "usd";
    p.created_at = at;
    p.updated_at = at;
    return p;
  }
  std::optional<domain::Payment> by_stripe_id(const std::string& id) {
    return read<std::optional<domain::Payment>>(
        [&](Tx& tx) { return tx.payment_by_stripe_id(id); });
  }
  std::vector<std::string> listed(const domain::PaymentListQuery& q) {
    auto rows = read<std::vector<domain::Payment>>([&](Tx& tx) { return tx.list_payments(q); });
    std::vector<std::string> ids;
    for (const auto& p : rows) ids.push_back(p.stripe_id);
    return ids;
  }
};

TEST_P(Billing, SavePlanAndPackInsertOrReplaceEveryField) {
  domain::PaymentPlan plan{"starter", "Starter Plus", 5900, 7, "price_starter_v2", false};
  write([&](Tx& tx) { tx.save_plan(plan); });
  domain::PaymentPlan fresh{"team", "Team", 29900, 40, "price_team", true};
  write([&](Tx& tx) { tx.save_plan(fresh); });
  auto got =
      read<std::optional<domain::PaymentPlan>>([](Tx& tx) { return tx.plan_by_id("starter"); });
  ASSERT_TRUE(got);
  EXPECT_EQ(got->name, "Starter Plus");
  EXPECT_EQ(got->price_cents, 5900);
  EXPECT_EQ(got->monthly_credits, 7);
  EXPECT_EQ(got->stripe_price_id, "price_starter_v2");
  EXPECT_FALSE(got->active);
  EXPECT_FALSE(read<std::optional<domain::PaymentPlan>>(
      [](Tx& tx) { return tx.plan_by_price("price_starter_monthly"); }));
  auto team = read<std::optional<domain::PaymentPlan>>(
      [](Tx& tx) { return tx.plan_by_price("price_team"); });
  ASSERT_TRUE(team);
  EXPECT_EQ(team->monthly_credits, 40);
  EXPECT_EQ(read<std::vector<domain::PaymentPlan>>([](Tx& tx) { return tx.list_plans(); }).size(),
            3u);
  // A price belongs to one plan.
  domain::PaymentPlan clash{"pro", "Pro", 12900, 15, "price_team", true};
  EXPECT_EQ(failure([&](Tx& tx) { tx.save_plan(clash); }), StoreErrorKind::unique_violation);

  domain::CreditPack pack{"pack_5", 6, 5500, "price_pack_5_v2", false};
  write([&](Tx& tx) { tx.save_pack(pack); });
  domain::CreditPack big{"pack_100", 100, 70000, "price_pack_100", true};
  write([&](Tx& tx) { tx.save_pack(big); });
  auto p5 = read<std::optional<domain::CreditPack>>([](Tx& tx) { return tx.pack_by_id("pack_5"); });
  ASSERT_TRUE(p5);
  EXPECT_EQ(p5->credits, 6);
  EXPECT_EQ(p5->price_cents, 5500);
  EXPECT_EQ(p5->stripe_price_id, "price_pack_5_v2");
  EXPECT_FALSE(p5->active);
  auto p100 =
      read<std::optional<domain::CreditPack>>([](Tx& tx) { return tx.pack_by_id("pack_100"); });
  ASSERT_TRUE(p100);
  EXPECT_EQ(p100->credits, 100);
  EXPECT_TRUE(p100->active);
  EXPECT_EQ(read<std::vector<domain::CreditPack>>([](Tx& tx) { return tx.list_packs(); }).size(),
            4u);
}

TEST_P(Billing, TheStripeCustomerIsSetOnlyOnce) {
  auto joe = add_plumber("joe@example.com");
  bool first = false, second = true;
  write([&](Tx& tx) { first = tx.set_stripe_customer(domain::UserId{joe}, "cus_1"); });
  write([&](Tx& tx) { second = tx.set_stripe_customer(domain::UserId{joe}, "cus_2"); });
  EXPECT_TRUE(first);
  EXPECT_FALSE(second);
  EXPECT_EQ(read<std::optional<domain::PlumberBilling>>([&](Tx& tx) {
              return tx.plumber_billing(domain::UserId{joe});
            })->stripe_customer_id,
            "cus_1");
  bool unknown = true;
  write([&](Tx& tx) { unknown = tx.set_stripe_customer(domain::UserId{joe + 100}, "cus_3"); });
  EXPECT_FALSE(unknown);
}

TEST_P(Billing, RacingCustomerCreationsHaveOneWinner) {
  auto joe = add_plumber("joe@example.com");
  int n = 0;
  std::mutex mu;
  int wins = race([&](Tx& tx) {
    std::string id;
    {
      std::lock_guard lk(mu);
      id = "cus_race_" + std::to_string(++n);
    }
    return tx.set_stripe_customer(domain::UserId{joe}, id);
  });
  EXPECT_EQ(wins, 1);
}

TEST_P(Billing, CancelAtPeriodEndRoundTrips) {
  auto joe = add_plumber("joe@example.com");
  auto b = *read<std::optional<domain::PlumberBilling>>(
      [&](Tx& tx) { return tx.plumber_billing(domain::UserId{joe}); });
  EXPECT_FALSE(b.cancel_at_period_end);
  b.stripe_subscription_id = "sub_1";
  b.plan_id = "pro";
  b.plan_status = domain::PlanStatus::active;
  b.stripe_state_at = 100;
  b.cancel_at_period_end = true;
  write([&](Tx& tx) { ASSERT_TRUE(tx.save_plumber_billing(b, t0)); });
  EXPECT_TRUE(read<std::optional<domain::PlumberBilling>>([&](Tx& tx) {
                return tx.plumber_billing(domain::UserId{joe});
              })->cancel_at_period_end);
  b.cancel_at_period_end = false;
  b.stripe_state_at = 200;
  write([&](Tx& tx) { ASSERT_TRUE(tx.save_plumber_billing(b, t0 + 1)); });
  EXPECT_FALSE(read<std::optional<domain::PlumberBilling>>([&](Tx& tx) {
                 return tx.plumber_billing(domain::UserId{joe});
               })->cancel_at_period_end);
}

TEST_P(Billing, CheckoutSessionsAreRecordedAndCompletedOnce) {
  auto joe = add_plumber("joe@example.com");
  domain::CheckoutRecord sub;
  sub.id = "cs_sub";
  sub.user_id = domain::UserId{joe};
  sub.mode = "subscription";
  sub.plan_id = "pro";
  sub.created_at = t0;
  domain::CheckoutRecord pack;
  pack.id = "cs_pack";
  pack.user_id = domain::UserId{joe};
  pack.mode = "payment";
  pack.pack_id = "pack_20";
  pack.created_at = t0 + 1;
  write([&](Tx& tx) {
    tx.insert_checkout_session(sub);
    tx.insert_checkout_session(pack);
  });
  auto got = read<std::optional<domain::CheckoutRecord>>(
      [](Tx& tx) { return tx.checkout_session("cs_sub"); });
  ASSERT_TRUE(got);
  EXPECT_EQ(got->user_id, domain::UserId{joe});
  EXPECT_EQ(got->mode, "subscription");
  EXPECT_EQ(got->plan_id, "pro");
  EXPECT_EQ(got->pack_id, "");
  EXPECT_EQ(got->created_at, t0);
  EXPECT_EQ(got->completed_at, 0);
  EXPECT_EQ(got->subscription_id, "");
  EXPECT_FALSE(read<std::optional<domain::CheckoutRecord>>(
      [](Tx& tx) { return tx.checkout_session("cs_forged"); }));

  bool done = false;
  write([&](Tx& tx) { done = tx.complete_checkout_session("cs_sub", "sub_9", t0 + 10); });
  EXPECT_TRUE(done);
  write([&](Tx& tx) { done = tx.complete_checkout_session("cs_sub", "sub_other", t0 + 20); });
  EXPECT_FALSE(done) << "completed once";
  write([&](Tx& tx) { done = tx.complete_checkout_session("cs_forged", "", t0 + 20); });
  EXPECT_FALSE(done) << "unknown session";
  got = read<std::optional<domain::CheckoutRecord>>(
      [](Tx& tx) { return tx.checkout_session("cs_sub"); });
  EXPECT_EQ(got->completed_at, t0 + 10);
  EXPECT_EQ(got->subscription_id, "sub_9");

  write([&](Tx& tx) { done = tx.complete_checkout_session("cs_pack", "", t0 + 11); });
  EXPECT_TRUE(done);
  got = read<std::optional<domain::CheckoutRecord>>(
      [](Tx& tx) { return tx.checkout_session("cs_pack"); });
  EXPECT_EQ(got->pack_id, "pack_20");
  EXPECT_EQ(got->completed_at, t0 + 11);
  EXPECT_EQ(got->subscription_id, "");

  // The same session id twice, or a record naming neither a plan nor a pack, is refused.
  EXPECT_EQ(failure([&](Tx& tx) { tx.insert_checkout_session(sub); }),
            StoreErrorKind::unique_violation);
  auto neither = sub;
  neither.id = "cs_neither";
  neither.plan_id = "";
  EXPECT_TRUE(failure([&](Tx& tx) { tx.insert_checkout_session(neither); }));
}

TEST_P(Billing, RacingCompletionsHaveOneWinner) {
  auto joe = add_plumber("joe@example.com");
  domain::CheckoutRecord r;
  r.id = "cs_race";
  r.user_id = domain::UserId{joe};
  r.mode = "payment";
  r.pack_id = "pack_5";
  r.created_at = t0;
  write([&](Tx& tx) { tx.insert_checkout_session(r); });
  EXPECT_EQ(race([](Tx& tx) { return tx.complete_checkout_session("cs_race", "", t0 + 1); }), 1);
}

TEST_P(Billing, APaymentIsInsertedOnceAndFoundByEveryStripeId) {
  auto joe = add_plumber("joe@example.com");
  auto p = payment(joe, "cs_1", t0);
  p.receipt_url = "https://pay.stripe.com/receipts/r1";
  bool inserted = false;
  write([&](Tx& tx) { inserted = tx.insert_payment(p); });
  EXPECT_TRUE(inserted);
  auto again = p;
  again.amount_cents = 1;
  write([&](Tx& tx) { inserted = tx.insert_payment(again); });
  EXPECT_FALSE(inserted) << "a repeat records nothing";

  auto got = by_stripe_id("cs_1");
  ASSERT_TRUE(got);
  EXPECT_GT(got->id, 0);
  EXPECT_EQ(got->user_id, domain::UserId{joe});
  EXPECT_EQ(got->kind, "pack");
  EXPECT_EQ(got->payment_intent, "pi_cs_1");
  EXPECT_EQ(got->charge_id, "");
  EXPECT_EQ(got->item_id, "pack_5");
  EXPECT_EQ(got->description, "5 credits");
  EXPECT_EQ(got->credits, 5);
  EXPECT_EQ(got->amount_cents, 5000);
  EXPECT_EQ(got->currency, "usd");
  EXPECT_EQ(got->receipt_url, "https://pay.stripe.com/receipts/r1");
  EXPECT_EQ(got->amount_refunded_cents, 0);
  EXPECT_EQ(got->dispute_status, "");
  EXPECT_EQ(got->created_at, t0);
  EXPECT_EQ(got->updated_at, t0);

  auto by_pi =
      read<std::optional<domain::Payment>>([](Tx& tx) { return tx.payment_by_intent("pi_cs_1"); });
  ASSERT_TRUE(by_pi);
  EXPECT_EQ(by_pi->id, got->id);
  EXPECT_FALSE(read<std::optional<domain::Payment>>(
      [](Tx& tx) { return tx.payment_by_intent("pi_other"); }));
  EXPECT_FALSE(by_stripe_id("in_1"));

  // Unknown ids are never matched by an empty key, even with several payments lacking them.
  auto bare = payment(joe, "in_1", t0 + 1);
  bare.kind = "subscription";
  bare.payment_intent = "";
  write([&](Tx& tx) { ASSERT_TRUE(tx.insert_payment(bare)); });
  auto bare2 = bare;
  bare2.stripe_id = "in_2";
  write([&](Tx& tx) { ASSERT_TRUE(tx.insert_payment(bare2)); });
  EXPECT_FALSE(
      read<std::optional<domain::Payment>>([](Tx& tx) { return tx.payment_by_intent(""); }));
  EXPECT_FALSE(
      read<std::optional<domain::Payment>>([](Tx& tx) { return tx.payment_by_charge(""); }));
  EXPECT_EQ(by_stripe_id("in_1")->payment_intent, "");
}

TEST_P(Billing, UpdatePaymentWritesRefundDisputeAndStripeIds) {
  auto joe = add_plumber("joe@example.com");
  write([&](Tx& tx) { ASSERT_TRUE(tx.insert_payment(payment(joe, "cs_1", t0))); });
  auto p = *by_stripe_id("cs_1");
  p.charge_id = "ch_1";
  p.receipt_url = "https://pay.stripe.com/receipts/r1";
  p.amount_refunded_cents = 2500;
  p.dispute_status = "needs_response";
  p.dispute_reason = "fraudulent";
  p.updated_at = t0 + 9;
  p.amount_cents = 1;  // not an updatable field
  p.credits = 99;      // nor this
  write([&](Tx& tx) { tx.update_payment(p); });
  auto got =
      read<std::optional<domain::Payment>>([](Tx& tx) { return tx.payment_by_charge("ch_1"); });
  ASSERT_TRUE(got);
  EXPECT_EQ(got->stripe_id, "cs_1");
  EXPECT_EQ(got->charge_id, "ch_1");
  EXPECT_EQ(got->receipt_url, "https://pay.stripe.com/receipts/r1");
  EXPECT_EQ(got->amount_refunded_cents, 2500);
  EXPECT_EQ(got->dispute_status, "needs_response");
  EXPECT_EQ(got->dispute_reason, "fraudulent");
  EXPECT_EQ(got->updated_at, t0 + 9);
  EXPECT_EQ(got->created_at, t0);
  EXPECT_EQ(got->amount_cents, 5000);
  EXPECT_EQ(got->credits, 5);
  // A refund never exceeds the database's sanity checks: negative amounts are refused.
  p.amount_refunded_cents = -1;
  EXPECT_TRUE(failure([&](Tx& tx) { tx.update_payment(p); }));
}

TEST_P(Billing, ListingIsNewestFirstByUserAndProblems) {
  auto joe = add_plumber("joe@example.com");
  auto ann = add_plumber("ann@example.com");
  write([&](Tx& tx) {
    tx.insert_payment(payment(joe, "cs_old", t0));
    tx.insert_payment(payment(ann, "cs_ann", t0 + 1));
    tx.insert_payment(payment(joe, "cs_new", t0 + 2));
    tx.insert_payment(payment(joe, "cs_tie_a", t0 + 3));
    tx.insert_payment(payment(joe, "cs_tie_b", t0 + 3));
  });
  using V = std::vector<std::string>;
  domain::PaymentListQuery all;
  EXPECT_EQ(listed(all), (V{"cs_tie_b", "cs_tie_a", "cs_new", "cs_ann", "cs_old"}));
  domain::PaymentListQuery joes;
  joes.user_id = domain::UserId{joe};
  EXPECT_EQ(listed(joes), (V{"cs_tie_b", "cs_tie_a", "cs_new", "cs_old"}));
  joes.limit = 2;
  joes.offset = 1;
  EXPECT_EQ(listed(joes), (V{"cs_tie_a", "cs_new"}));

  domain::PaymentListQuery problems;
  problems.problems_only = true;
  EXPECT_EQ(listed(problems), V{});
  auto refunded = *by_stripe_id("cs_old");
  refunded.amount_refunded_cents = 100;
  auto disputed = *by_stripe_id("cs_ann");
  disputed.dispute_status = "needs_response";
  write([&](Tx& tx) {
    tx.update_payment(refunded);
    tx.update_payment(disputed);
  });
  EXPECT_EQ(listed(problems), (V{"cs_ann", "cs_old"}));
  problems.user_id = domain::UserId{ann};
  EXPECT_EQ(listed(problems), V{"cs_ann"});
}

// Issue 12.7: plan and pack prices and credits, and a payment's credits, beyond 32 bits read back
// exactly (the domain caps what an admin may save; the columns do not wrap).
TEST_P(Billing, PricesAndCreditsAbove2To31RoundTrip) {
  domain::PaymentPlan plan{"huge", "Huge", 0, 0, "price_huge", true};
  plan.price_cents = 3'000'000'000;
  plan.monthly_credits = 4'000'000'000;
  domain::CreditPack pack{"pack_huge", 0, 0, "price_pack_huge", true};
  pack.credits = 5'000'000'000;
  pack.price_cents = 6'000'000'000;
  write([&](Tx& tx) {
    tx.save_plan(plan);
    tx.save_pack(pack);
  });
  auto got_plan =
      read<std::optional<domain::PaymentPlan>>([](Tx& tx) { return tx.plan_by_id("huge"); });
  ASSERT_TRUE(got_plan);
  EXPECT_EQ(got_plan->price_cents, 3'000'000'000);
  EXPECT_EQ(got_plan->monthly_credits, 4'000'000'000);
  auto got_pack =
      read<std::optional<domain::CreditPack>>([](Tx& tx) { return tx.pack_by_id("pack_huge"); });
  ASSERT_TRUE(got_pack);
  EXPECT_EQ(got_pack->credits, 5'000'000'000);
  EXPECT_EQ(got_pack->price_cents, 6'000'000'000);

  auto joe = add_plumber("joe@example.com");
  auto p = payment(joe, "cs_huge", t0);
  p.credits = 7'000'000'000;
  p.amount_cents = 8'000'000'000;
  write([&](Tx& tx) { ASSERT_TRUE(tx.insert_payment(p)); });
  auto got = by_stripe_id("cs_huge");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->credits, 7'000'000'000);
  EXPECT_EQ(got->amount_cents, 8'000'000'000);
}

INSTANTIATE_TEST_SUITE_P(Backends, Billing, ::testing::Values("sqlite", "postgres"), backend_name);

}  // namespace
}  // namespace plumbline::store::billing_test
