// The credits ledger: append-only entries whose sum is a plumber's balance, and their pure checks.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/credits.hpp"
#include "domain/lead.hpp"

namespace plumbline::domain {

inline constexpr const char* ledger_grant = "grant";            // admin gift or plan allowance
inline constexpr const char* ledger_purchase = "purchase";      // a paid credit pack
inline constexpr const char* ledger_claim = "claim";            // a lead claimed (debit)
inline constexpr const char* ledger_refund = "refund";          // a claim given back
inline constexpr const char* ledger_adjustment = "adjustment";  // admin correction, either sign

inline constexpr std::size_t ledger_reason_max = 500;

struct LedgerEntry {
  std::int64_t id = 0;
  UserId user_id;
  std::string kind;
  Credits amount = 0;  // negative for debits; at most credits_entry_max either way
  std::string reason;
  std::optional<UserId> actor_user_id;  // the admin who made it; none for the system
  std::string reference;  // e.g. an invoice or claim id; (kind, reference) is unique when non-empty
  Millis created_at = 0;
};

bool is_ledger_kind(std::string_view kind);

// Why the entry may not be written, or nullopt when it is well-formed.
std::optional<std::string> ledger_entry_problem(const LedgerEntry& entry);

// The highest balance this entry may leave, or nullopt when none applies: a grant, purchase or
// adjustment that adds credits may not pass credits_balance_max; a debit or a refund (credits a
// claim took, given back) is never refused for it. The store holds it in its conditional update.
std::optional<Credits> balance_ceiling(const LedgerEntry& entry);

// What a plumber reads for an entry, without internal ids: "20-credit pack", "Lead claimed: Drain
// cleaning in Oakland 94601", "Refund: dispute approved (…)", "Credits added: welcome bonus".
// Older entries kept Stripe and lead ids in their reason ("Credit pack pack_20 (Stripe checkout
// cs_…)", "Lead #12: …"); those parts are left out.
std::string ledger_entry_label(const LedgerEntry& entry);
// The Stripe object behind a payment's entry (checkout session or invoice id), or "".
std::string ledger_payment_ref(const LedgerEntry& entry);
// The claim an entry is about (a claim's debit or its refund), or nullopt.
std::optional<std::int64_t> ledger_claim_id(const LedgerEntry& entry);

}  // namespace plumbline::domain
