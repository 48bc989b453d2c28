// LeadConsoleTx: the console's request list (search, filters, keyset pages, a capped count);
// store/{sqlite,postgres}/lead_console.cpp implement it.
#pragma once
#include <cstdint>
#include <vector>

#include "domain/lead_query.hpp"
#include "store/tx/method.hpp"

// One M(return type, name, (parameters)) per method (see store/tx/method.hpp).
#define PLUMBLINE_LEAD_CONSOLE_TX(M)                                                             \
  /* One page (query.limit rows) after query.after in the list's order, or before it when        \
     query.before; always returned in the list's order. */                                       \
  M(std::vector<domain::LeadListRow>, search_leads, (const domain::LeadQuery& query))            \
  /* How many leads match (the cursor ignored), counting no further than cap + 1: a result above \
     cap means "more than cap". */                                                               \
  M(std::int64_t, count_matching_leads, (const domain::LeadQuery& query, std::int64_t cap))

namespace plumbline::store {

class LeadConsoleTx {
 public:
  PLUMBLINE_LEAD_CONSOLE_TX(PLUMBLINE_TX_PURE)

 protected:
  ~LeadConsoleTx() = default;
};

}  // namespace plumbline::store
