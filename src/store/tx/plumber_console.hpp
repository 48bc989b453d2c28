// PlumberConsoleTx: the staff console's reads about plumbers (search with filters and keyset
// paging, and the parts of the detail page no other aggregate reads);
// store/{sqlite,postgres}/plumber_console.cpp implement it.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "domain/account.hpp"
#include "domain/marketplace.hpp"
#include "domain/outbox.hpp"
#include "domain/plumber_console.hpp"
#include "store/tx/method.hpp"

// One M(return type, name, (parameters)) per method (see store/tx/method.hpp).
#define PLUMBLINE_PLUMBER_CONSOLE_TX(M)                                                          \
  /* Plumbers matching every filter of q, in q.sort's order, after q's cursor, at most */        \
  /* q.limit. The area test is the great-circle distance from the base ZIP (the sphere of */     \
  /* geo::earth_radius_m, as matching), so both backends return the same rows. */                \
  M(std::vector<domain::PlumberRow>, search_plumbers, (const domain::PlumberSearch& q))          \
  /* Outbox rows addressed to the e-mail address or (when not empty) the phone number, newest */ \
  /* first (privacy's messages_to gives the oldest first, for the export). */                    \
  M(std::vector<domain::OutboxMessage>, plumber_messages,                                        \
    (const std::string& email, const std::string& phone_e164, int limit))                        \
  /* The plumber's disputes, newest first. */                                                    \
  M(std::vector<domain::Dispute>, plumber_disputes, (domain::UserId plumber_id, int limit))

namespace plumbline::store {

class PlumberConsoleTx {
 public:
  PLUMBLINE_PLUMBER_CONSOLE_TX(PLUMBLINE_TX_PURE)

 protected:
  ~PlumberConsoleTx() = default;
};

}  // namespace plumbline::store
