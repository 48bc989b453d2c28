// The payments contract on SQLite and PostgreSQL: seeded plans and packs, Stripe event
// de-duplication (also under a race), a plumber's Stripe link and ledger reference look-ups.
#include "store_fixture.hpp"

namespace plumbline::store::payments_test {
namespace {

using namespace accounts_test;  // the shared fixture (store_fixture.hpp)

class Payments : public AccountsFixture {
 protected:
  std::int64_t add_plumber(const std::string& email) {
    auto id = add_user(email);
    write([&](Tx& tx) {
      tx.insert_plumber(domain::Plumber{domain::UserId{id}, "Pipes", "Joe", "+12125550199"});
    });
    return id;
  }
};

TEST_P(Payments, PlansAndPacksAreSeededWithTheDefaultsCheapestAndSmallestFirst) {
  auto plans = read<std::vector<domain::PaymentPlan>>([](Tx& tx) { return tx.list_plans(); });
  ASSERT_EQ(plans.size(), 2u);
  EXPECT_EQ(plans[0].id, "starter");
  EXPECT_EQ(plans[0].name, "Starter");
  EXPECT_EQ(plans[0].price_cents, 4900);
  EXPECT_EQ(plans[0].monthly_credits, 5);
  EXPECT_EQ(plans[0].stripe_price_id, "price_starter_monthly");
  EXPECT_TRUE(plans[0].active);
  EXPECT_EQ(plans[1].id, "pro");
  EXPECT_EQ(plans[1].price_cents, 12900);
  EXPECT_EQ(plans[1].monthly_credits, 15);
  // By size, not by id ("pack_20" < "pack_5" as text).
  auto packs = read<std::vector<domain::CreditPack>>([](Tx& tx) { return tx.list_packs(); });
  ASSERT_EQ(packs.size(), 3u);
  EXPECT_EQ(packs[0].id, "pack_5");
  EXPECT_EQ(packs[0].price_cents, 5000);
  EXPECT_EQ(packs[1].id, "pack_20");
  EXPECT_EQ(packs[1].credits, 20);
  EXPECT_EQ(packs[1].price_cents, 18000);
  EXPECT_EQ(packs[2].id, "pack_50");
  EXPECT_EQ(packs[2].price_cents, 40000);

  auto pro = read<std::optional<domain::PaymentPlan>>(
      [](Tx& tx) { return tx.plan_by_price("price_pro_monthly"); });
  ASSERT_TRUE(pro);
  EXPECT_EQ(pro->id, "pro");
  EXPECT_FALSE(read<std::optional<domain::PaymentPlan>>(
      [](Tx& tx) { return tx.plan_by_price("price_nope"); }));
  EXPECT_TRUE(
      read<std::optional<domain::PaymentPlan>>([](Tx& tx) { return tx.plan_by_id("starter"); }));
  auto pack =
      read<std::optional<domain::CreditPack>>([](Tx& tx) { return tx.pack_by_id("pack_5"); });
  ASSERT_TRUE(pack);
  EXPECT_EQ(pack->credits, 5);
  EXPECT_FALSE(
      read<std::optional<domain::CreditPack>>([](Tx& tx) { return tx.pack_by_id("pack_7"); }));
}

TEST_P(Payments, AStripeEventIsRecordedOnce) {
  bool first = false, second = true;
  write([&](Tx& tx) {
    first = tx.record_stripe_event("evt_1", "invoice.paid", 1700000000, "applied", t0);
  });
  write([&](Tx& tx) {
    second = tx.record_stripe_event("evt_1", "invoice.paid", 1700000000, "applied", t0 + 1);
  });
  EXPECT_TRUE(first);
  EXPECT_FALSE(second);
  EXPECT_EQ(read<std::int64_t>([](Tx& tx) { return tx.count_stripe_events(); }), 1);
}

TEST_P(Payments, RacingInsertsOfOneEventIdHaveOneWinner) {
  int wins =
      race([](Tx& tx) { return tx.record_stripe_event("evt_race", "invoice.paid", 1, "", t0); });
  EXPECT_EQ(wins, 1);
  EXPECT_EQ(read<std::int64_t>([](Tx& tx) { return tx.count_stripe_events(); }), 1);
}

TEST_P(Payments, BillingRoundTripsAndFindsTheCustomer) {
  auto joe = add_plumber("joe@example.com");
  auto fresh = read<std::optional<domain::PlumberBilling>>(
      [&](Tx& tx) { return tx.plumber_billing(domain::UserId{joe}); });
  ASSERT_TRUE(fresh);
  EXPECT_EQ(fresh->plan_status, "none");
  EXPECT_EQ(fresh->stripe_customer_id, "");
  EXPECT_EQ(fresh->plan_id, "");
  EXPECT_EQ(fresh->current_period_end, 0);

  domain::PlumberBilling b = *fresh;
  b.stripe_customer_id = "cus_1";
  b.stripe_subscription_id = "sub_1";
  b.plan_id = "pro";
  b.plan_status = domain::PlanStatus::active;
  b.current_period_end = 1800000000;
  b.stripe_state_at = 1700000000;
  write([&](Tx& tx) { tx.save_plumber_billing(b, t0 + 5); });
  auto got = read<std::optional<domain::PlumberBilling>>(
      [&](Tx& tx) { return tx.plumber_billing(domain::UserId{joe}); });
  ASSERT_TRUE(got);
  EXPECT_EQ(got->stripe_customer_id, "cus_1");
  EXPECT_EQ(got->stripe_subscription_id, "sub_1");
  EXPECT_EQ(got->plan_id, "pro");
  EXPECT_EQ(got->plan_status, "active");
  EXPECT_EQ(got->current_period_end, 1800000000);
  EXPECT_EQ(got->stripe_state_at, 1700000000);
  auto profile = read<std::optional<domain::PlumberProfile>>(
      [&](Tx& tx) { return tx.plumber_profile(domain::UserId{joe}); });
  ASSERT_TRUE(profile);
  EXPECT_EQ(profile->plan_status, "active");
  EXPECT_EQ(profile->plan_changed_at, t0 + 5);

  EXPECT_EQ(read<std::optional<domain::UserId>>(
                [](Tx& tx) { return tx.plumber_by_stripe_customer("cus_1"); }),
            domain::UserId{joe});
  EXPECT_FALSE(read<std::optional<domain::UserId>>(
      [](Tx& tx) { return tx.plumber_by_stripe_customer("cus_2"); }));
  EXPECT_FALSE(read<std::optional<domain::UserId>>(
      [](Tx& tx) { return tx.plumber_by_stripe_customer(""); }));

  // One customer belongs to one plumber.
  auto ann = add_plumber("ann@example.com");
  domain::PlumberBilling other = b;
  other.user_id = domain::UserId{ann};
  other.stripe_subscription_id = "sub_2";
  EXPECT_EQ(failure([&](Tx& tx) { tx.save_plumber_billing(other, t0); }),
            StoreErrorKind::unique_violation);

  // Clearing writes NULLs back, so two plumbers without a customer do not collide.
  b.stripe_customer_id = "";
  b.plan_id = "";
  write([&](Tx& tx) { tx.save_plumber_billing(b, t0 + 6); });
  other.stripe_customer_id = "";
  write([&](Tx& tx) { tx.save_plumber_billing(other, t0 + 6); });
  EXPECT_EQ(read<std::optional<domain::PlumberBilling>>([&](Tx& tx) {
              return tx.plumber_billing(domain::UserId{ann});
            })->plan_id,
            "pro");
}

TEST_P(Payments, SavingBillingNeverOverwritesANewerOrCanceledState) {
  auto joe = add_plumber("joe@example.com");
  domain::PlumberBilling b;
  b.user_id = domain::UserId{joe};
  b.stripe_customer_id = "cus_1";
  b.stripe_subscription_id = "sub_1";
  b.plan_id = "starter";
  b.plan_status = domain::PlanStatus::active;
  b.stripe_state_at = 200;
  bool saved = false;
  write([&](Tx& tx) { saved = tx.save_plumber_billing(b, t0); });
  EXPECT_TRUE(saved);
  auto older = b;
  older.plan_status = domain::PlanStatus::past_due;
  older.stripe_state_at = 100;
  write([&](Tx& tx) { saved = tx.save_plumber_billing(older, t0 + 1); });
  EXPECT_FALSE(saved) << "an older state is refused";
  auto canceled = b;
  canceled.plan_status = domain::PlanStatus::canceled;
  canceled.stripe_state_at = 300;
  write([&](Tx& tx) { saved = tx.save_plumber_billing(canceled, t0 + 2); });
  EXPECT_TRUE(saved);
  auto revive = b;
  revive.stripe_state_at = 400;
  write([&](Tx& tx) { saved = tx.save_plumber_billing(revive, t0 + 3); });
  EXPECT_FALSE(saved) << "the canceled subscription stays canceled";
  auto got = read<std::optional<domain::PlumberBilling>>(
      [&](Tx& tx) { return tx.plumber_billing(domain::UserId{joe}); });
  EXPECT_EQ(got->plan_status, "canceled");
  EXPECT_EQ(got->stripe_state_at, 300);
  // A new subscription may start after a canceled one.
  auto fresh = revive;
  fresh.stripe_subscription_id = "sub_2";
  write([&](Tx& tx) { saved = tx.save_plumber_billing(fresh, t0 + 4); });
  EXPECT_TRUE(saved);
  EXPECT_EQ(read<std::optional<domain::PlumberBilling>>([&](Tx& tx) {
              return tx.plumber_billing(domain::UserId{joe});
            })->plan_status,
            "active");
}

TEST_P(Payments, LedgerReferenceLookUp) {
  auto joe = add_plumber("joe@example.com");
  domain::LedgerEntry e;
  e.user_id = domain::UserId{joe};
  e.kind = domain::ledger_purchase;
  e.amount = 5;
  e.reason = "pack";
  e.reference = "purchase:cs_1";
  e.created_at = t0;
  write([&](Tx& tx) { ASSERT_TRUE(tx.append_ledger_entry(e)); });
  EXPECT_TRUE(
      read<bool>([](Tx& tx) { return tx.ledger_reference_exists("purchase", "purchase:cs_1"); }));
  EXPECT_FALSE(
      read<bool>([](Tx& tx) { return tx.ledger_reference_exists("grant", "purchase:cs_1"); }));
  EXPECT_FALSE(
      read<bool>([](Tx& tx) { return tx.ledger_reference_exists("purchase", "purchase:cs_2"); }));
}

INSTANTIATE_TEST_SUITE_P(Backends, Payments, ::testing::Values("sqlite", "postgres"), backend_name);

}  // namespace
}  // namespace plumbline::store::payments_test
