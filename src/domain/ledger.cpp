// The credits ledger's pure checks.
#include "domain/ledger.hpp"

#include <array>

#include "domain/contact.hpp"

namespace plumbline::domain {

bool is_ledger_kind(std::string_view kind) {
  static constexpr std::array<std::string_view, 5> kinds{
      ledger_grant, ledger_purchase, ledger_claim, ledger_refund, ledger_adjustment};
  for (auto k : kinds)
    if (k == kind) return true;
  return false;
}

std::optional<std::string> ledger_entry_problem(const LedgerEntry& e) {
  if (!is_ledger_kind(e.kind)) return "unknown ledger kind: " + e.kind;
  if (e.amount == 0) return std::string("amount must not be zero");
  if (e.amount > credits_entry_max || e.amount < -credits_entry_max)
    return "one entry moves at most " + credits_text(credits_entry_max);
  if (e.kind == ledger_claim && e.amount > 0) return std::string("a claim must be a debit");
  if ((e.kind == ledger_grant || e.kind == ledger_purchase || e.kind == ledger_refund) &&
      e.amount < 0)
    return e.kind + " must be a credit";
  if (e.reason.empty()) return std::string("a reason is required");
  if (e.reason.size() > ledger_reason_max) return std::string("the reason is too long");
  if (has_control_chars(e.reason, false)) return std::string("Remove unusual control characters.");
  return std::nullopt;
}

std::optional<Credits> balance_ceiling(const LedgerEntry& e) {
  if (e.amount <= 0 || e.kind == ledger_refund) return std::nullopt;
  return credits_balance_max;
}

}  // namespace plumbline::domain
