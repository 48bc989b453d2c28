// Domain rows for tests, built from the plain ids the store's insert methods return.
#pragma once
#include <cstdint>

#include "domain/marketplace.hpp"

namespace plumbline::store {

// A lead_matches row: `store::lead_match_row(lead, plumber, miles, at)`.
inline domain::LeadMatch lead_match_row(std::int64_t lead_id, std::int64_t plumber_id,
                                        double distance_miles, domain::Millis matched_at) {
  return {domain::LeadId{lead_id}, domain::UserId{plumber_id}, distance_miles, matched_at};
}

}  // namespace plumbline::store
