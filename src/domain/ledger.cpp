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

namespace {

// The reason without a trailing "(Stripe …)" and a leading "Lead #N: " or "Refund for lead #N: ".
std::string ledger_clean_reason(std::string r) {
  if (auto p = r.rfind(" (Stripe "); p != std::string::npos && !r.empty() && r.back() == ')')
    r.erase(p);
  for (std::string_view prefix : {"Lead #", "Refund for lead #"}) {
    if (r.rfind(prefix, 0) != 0) continue;
    auto i = prefix.size();
    while (i < r.size() && r[i] >= '0' && r[i] <= '9') ++i;
    if (i > prefix.size() && r.compare(i, 2, ": ") == 0) r.erase(0, i + 2);
  }
  return r;
}

std::string ledger_after_prefix(const std::string& s, std::string_view prefix) {
  return s.rfind(prefix, 0) == 0 ? s.substr(prefix.size()) : std::string();
}

}  // namespace

std::string ledger_entry_label(const LedgerEntry& e) {
  auto reason = ledger_clean_reason(e.reason);
  auto with = [&](const char* label) {
    return reason.empty() ? std::string(label) : std::string(label) + ": " + reason;
  };
  if (e.kind == ledger_purchase) return std::to_string(e.amount) + "-credit pack";
  if (e.kind == ledger_claim) return with("Lead claimed");
  if (e.kind == ledger_refund) return with("Refund");
  if (e.kind == ledger_grant && e.reference.rfind("grant:invoice:", 0) == 0) {
    std::string_view old_tail = " monthly credits";  // older reasons: "Plan Pro monthly credits"
    if (reason.rfind("Plan ", 0) == 0 && reason.size() > 5 + old_tail.size() &&
        reason.compare(reason.size() - old_tail.size(), old_tail.size(), old_tail) == 0)
      return reason.substr(5, reason.size() - 5 - old_tail.size()) + " plan, monthly credits";
    return reason.empty() ? "Plan, monthly credits" : reason;
  }
  if (e.kind == ledger_grant) return with("Credits added");
  if (e.kind == ledger_adjustment) return with("Adjustment");
  return reason;
}

std::string ledger_payment_ref(const LedgerEntry& e) {
  if (auto id = ledger_after_prefix(e.reference, "purchase:"); !id.empty()) return id;
  return ledger_after_prefix(e.reference, "grant:invoice:");
}

std::optional<std::int64_t> ledger_claim_id(const LedgerEntry& e) {
  auto id = ledger_after_prefix(e.reference, e.kind == ledger_refund ? "refund:claim:" : "claim:");
  if (id.empty() || id.size() > 18 || id.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  return std::stoll(id);
}

}  // namespace plumbline::domain
