// CreditsTx: the credit ledger and cached balances; store/{sqlite,postgres}/credits.cpp implement
// it.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/ledger.hpp"
#include "store/tx/method.hpp"

// One M(return type, name, (parameters)) per method (see store/tx/method.hpp).
#define PLUMBLINE_CREDITS_TX(M)                                                                   \
  /* Appends an entry and moves the cached balance in the same transaction. Returns false (and */ \
  /* changes no balance or entry) when the balance would go below zero or above */                \
  /* domain::balance_ceiling(entry); the conditional update holds both bounds against */          \
  /* concurrent writers. A repeated non-empty (kind, reference) throws StoreError */              \
  /* unique_violation. The id is assigned by the database and not set back. Callers check */      \
  /* domain::ledger_entry_problem first; the schema refuses what slips through. Amounts and */    \
  /* balances are 64-bit (migration 0008). */                                                     \
  M(bool, append_ledger_entry, (const domain::LedgerEntry& entry))                                \
  /* The cached balance; 0 for users without entries. */                                          \
  M(domain::Credits, credit_balance, (domain::UserId user_id))                                    \
  /* Newest first. */                                                                             \
  M(std::vector<domain::LedgerEntry>, ledger_entries,                                             \
    (domain::UserId user_id, int limit, int offset))                                              \
  /* SUM(amount) over the user's entries: always equals credit_balance. */                        \
  M(domain::Credits, ledger_sum, (domain::UserId user_id))                                        \
  /* True when a ledger entry with this (kind, reference) exists. */                              \
  M(bool, ledger_reference_exists, (const std::string& kind, const std::string& reference))

namespace plumbline::store {

class CreditsTx {
 public:
  PLUMBLINE_CREDITS_TX(PLUMBLINE_TX_PURE)

 protected:
  ~CreditsTx() = default;
};

}  // namespace plumbline::store
