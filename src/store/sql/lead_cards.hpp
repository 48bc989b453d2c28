// The SQL of lead cards, written once for both backends (PostgreSQL placeholders; see
// statement.hpp).
#pragma once
#include "store/sql/statement.hpp"

#define CARD_COLUMNS                                                                             \
  "l.id, l.service_type, l.urgency, l.city, l.state, l.zip, l.description, l.status, "           \
  "l.price_credits, l.max_claims, l.claims_count, coalesce(m.distance_miles, 0), l.created_at, " \
  "CASE WHEN l.duplicate_of IS NULL THEN 1 ELSE 0 END, "                                         \
  "CASE WHEN l.consent_at > 0 AND l.consent_text <> '' THEN 1 ELSE 0 END"

namespace plumbline::store::sql::lead_cards {

inline constexpr Statement lead_card{"lead_card",
                                     "SELECT " CARD_COLUMNS
                                     " FROM leads l LEFT JOIN lead_matches m "
                                     "ON m.lead_id = l.id AND m.plumber_id = $2 WHERE l.id = $1"};

}  // namespace plumbline::store::sql::lead_cards
