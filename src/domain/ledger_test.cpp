// Unit tests for the credits ledger checks: kinds, signs per kind, reasons.
#include "domain/ledger.hpp"

#include <gtest/gtest.h>

namespace plumbline::domain {
namespace {

LedgerEntry entry(const char* kind, int amount, std::string reason = "test") {
  LedgerEntry e;
  e.user_id = 1;
  e.kind = kind;
  e.amount = amount;
  e.reason = std::move(reason);
  return e;
}

TEST(Ledger, KnownKinds) {
  for (const char* k : {ledger_grant, ledger_purchase, ledger_claim, ledger_refund,
                        ledger_adjustment})
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
  for (const char* k : {ledger_grant, ledger_purchase, ledger_claim, ledger_refund,
                        ledger_adjustment})
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

}  // namespace
}  // namespace plumbline::domain
