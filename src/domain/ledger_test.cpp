// Unit tests for the credits ledger checks: kinds, signs per kind, reasons, the 64-bit amounts and
// the documented maxima (domain/credits.hpp).
#include "domain/ledger.hpp"

#include <gtest/gtest.h>

namespace plumbline::domain {
namespace {

LedgerEntry entry(const char* kind, Credits amount, std::string reason = "test") {
  LedgerEntry e;
  e.user_id = domain::UserId{1};
  e.kind = kind;
  e.amount = amount;
  e.reason = std::move(reason);
  return e;
}

TEST(Ledger, KnownKinds) {
  for (const char* k :
       {ledger_grant, ledger_purchase, ledger_claim, ledger_refund, ledger_adjustment})
    EXPECT_TRUE(is_ledger_kind(k)) << k;
  EXPECT_FALSE(is_ledger_kind(""));
  EXPECT_FALSE(is_ledger_kind("Grant"));
  EXPECT_FALSE(is_ledger_kind("bonus"));
  EXPECT_TRUE(ledger_entry_problem(entry("bonus", 5)).has_value());
}

TEST(Ledger, WellFormedEntries) {
  EXPECT_EQ(ledger_entry_problem(entry(ledger_grant, 10)), std::nullopt);
  EXPECT_EQ(ledger_entry_problem(entry(ledger_purchase, 25)), std::nullopt);
  EXPECT_EQ(ledger_entry_problem(entry(ledger_claim, -3)), std::nullopt);
  EXPECT_EQ(ledger_entry_problem(entry(ledger_refund, 3)), std::nullopt);
  EXPECT_EQ(ledger_entry_problem(entry(ledger_adjustment, 7)), std::nullopt);
  EXPECT_EQ(ledger_entry_problem(entry(ledger_adjustment, -7)), std::nullopt);
}

TEST(Ledger, ZeroAmountIsRefusedForEveryKind) {
  for (const char* k :
       {ledger_grant, ledger_purchase, ledger_claim, ledger_refund, ledger_adjustment})
    EXPECT_TRUE(ledger_entry_problem(entry(k, 0)).has_value()) << k;
}

TEST(Ledger, SignsPerKind) {
  EXPECT_TRUE(ledger_entry_problem(entry(ledger_claim, 3)).has_value());
  EXPECT_TRUE(ledger_entry_problem(entry(ledger_grant, -1)).has_value());
  EXPECT_TRUE(ledger_entry_problem(entry(ledger_purchase, -1)).has_value());
  EXPECT_TRUE(ledger_entry_problem(entry(ledger_refund, -1)).has_value());
}

TEST(Ledger, ReasonIsRequiredAndBounded) {
  EXPECT_TRUE(ledger_entry_problem(entry(ledger_grant, 1, "")).has_value());
  EXPECT_EQ(ledger_entry_problem(entry(ledger_grant, 1, std::string(500, 'x'))), std::nullopt);
  EXPECT_TRUE(ledger_entry_problem(entry(ledger_grant, 1, std::string(501, 'x'))).has_value());
}

TEST(Ledger, OneEntryMovesAtMostTheEntryMaximum) {
  EXPECT_EQ(credits_entry_max, 100'000);
  EXPECT_EQ(ledger_entry_problem(entry(ledger_grant, 100'000)), std::nullopt);
  EXPECT_EQ(ledger_entry_problem(entry(ledger_adjustment, -100'000)), std::nullopt);
  for (Credits a : {Credits{100'001}, Credits{-100'001}, Credits{3'000'000'000}, INT64_MIN})
    EXPECT_TRUE(ledger_entry_problem(entry(ledger_adjustment, a)).has_value()) << a;
}

TEST(CreditLimits, AmountProblemsNameTheCap) {
  EXPECT_EQ(credits_amount_problem(1), std::nullopt);
  EXPECT_EQ(credits_amount_problem(-100'000), std::nullopt);
  EXPECT_TRUE(credits_amount_problem(0).has_value());
  auto big = credits_amount_problem(100'001);
  ASSERT_TRUE(big.has_value());
  EXPECT_NE(big->find("100,000 credits"), std::string::npos) << *big;
  EXPECT_TRUE(credits_amount_problem(INT64_MIN).has_value());
  EXPECT_TRUE(credits_amount_problem(INT64_MAX).has_value());
}

TEST(CreditLimits, TheBalanceCapRefusesOnlyCreditsThatPassIt) {
  EXPECT_EQ(credits_balance_max, 10'000'000'000);
  EXPECT_GT(credits_balance_max, Credits{1} << 32);
  EXPECT_LT(credits_balance_max, Credits{1} << 53);
  EXPECT_EQ(balance_cap_problem(0, 100'000), std::nullopt);
  EXPECT_EQ(balance_cap_problem(credits_balance_max - 10, 10), std::nullopt);
  auto over = balance_cap_problem(credits_balance_max - 10, 11);
  ASSERT_TRUE(over.has_value());
  EXPECT_NE(over->find("10,000,000,000 credits"), std::string::npos) << *over;
  EXPECT_NE(over->find("at most 10 credits"), std::string::npos) << *over;
  auto full = balance_cap_problem(credits_balance_max, 1);
  ASSERT_TRUE(full.has_value());
  EXPECT_NE(full->find("no credits can be added"), std::string::npos) << *full;
  // Debits never pass it, even from a balance above it; no overflow near the limits.
  EXPECT_EQ(balance_cap_problem(credits_balance_max + 5, -1), std::nullopt);
  EXPECT_TRUE(balance_cap_problem(INT64_MAX, INT64_MAX).has_value());
  EXPECT_TRUE(balance_cap_problem(0, INT64_MAX).has_value());
}

TEST(CreditLimits, CeilingForCreditsButNotForRefundsOrDebits) {
  EXPECT_EQ(balance_ceiling(entry(ledger_grant, 5)), std::optional(credits_balance_max));
  EXPECT_EQ(balance_ceiling(entry(ledger_purchase, 5)), std::optional(credits_balance_max));
  EXPECT_EQ(balance_ceiling(entry(ledger_adjustment, 5)), std::optional(credits_balance_max));
  EXPECT_EQ(balance_ceiling(entry(ledger_refund, 5)), std::nullopt);
  EXPECT_EQ(balance_ceiling(entry(ledger_adjustment, -5)), std::nullopt);
  EXPECT_EQ(balance_ceiling(entry(ledger_claim, -5)), std::nullopt);
}

TEST(CreditLimits, TextGroupsThousands) {
  EXPECT_EQ(credits_text(1), "1 credit");
  EXPECT_EQ(credits_text(0), "0 credits");
  EXPECT_EQ(credits_text(999), "999 credits");
  EXPECT_EQ(credits_text(3'000'000'000), "3,000,000,000 credits");
  EXPECT_EQ(credits_text(-1'234), "-1,234 credits");
  EXPECT_EQ(credits_text(INT64_MIN), "-9,223,372,036,854,775,808 credits");
}

TEST(LedgerLabel, NoStripeOrLeadIdsInWhatPlumbersRead) {
  auto pack = entry(ledger_purchase, 20, "Credit pack pack_20 (Stripe checkout cs_test_a1B2c3)");
  pack.reference = "purchase:cs_test_a1B2c3";
  EXPECT_EQ(ledger_entry_label(pack), "20-credit pack");
  EXPECT_EQ(ledger_payment_ref(pack), "cs_test_a1B2c3");

  auto plan = entry(ledger_grant, 40, "Plan Pro monthly credits (Stripe invoice in_1AbC)");
  plan.reference = "grant:invoice:in_1AbC";
  EXPECT_EQ(ledger_entry_label(plan), "Pro plan, monthly credits");
  EXPECT_EQ(ledger_payment_ref(plan), "in_1AbC");
  plan.reason = "Pro plan, monthly credits";
  EXPECT_EQ(ledger_entry_label(plan), "Pro plan, monthly credits");

  auto claim = entry(ledger_claim, -3, "Lead #12: Drain cleaning in Oakland 94601");
  claim.reference = "claim:7";
  EXPECT_EQ(ledger_entry_label(claim), "Lead claimed: Drain cleaning in Oakland 94601");
  EXPECT_EQ(ledger_claim_id(claim), 7);
  EXPECT_EQ(ledger_payment_ref(claim), "");

  auto refund = entry(ledger_refund, 3, "Refund for lead #12: dispute approved (Duplicate)");
  refund.reference = "refund:claim:7";
  EXPECT_EQ(ledger_entry_label(refund), "Refund: dispute approved (Duplicate)");
  EXPECT_EQ(ledger_claim_id(refund), 7);

  auto gift = entry(ledger_grant, 5, "Welcome bonus");
  EXPECT_EQ(ledger_entry_label(gift), "Credits added: Welcome bonus");
  EXPECT_EQ(ledger_claim_id(gift), std::nullopt);
  EXPECT_EQ(ledger_entry_label(entry(ledger_adjustment, -2, "Correction")),
            "Adjustment: Correction");
  // An admin's own words that merely look like a prefix stay as written.
  EXPECT_EQ(ledger_entry_label(entry(ledger_grant, 1, "Lead #x: goodwill")),
            "Credits added: Lead #x: goodwill");
}

}  // namespace
}  // namespace plumbline::domain
