// The SQL of lead cards, written once for both backends (PostgreSQL placeholders; see
// statement.hpp).
#pragma once
#include "domain/marketplace.hpp"
#include "store/sql/lead_answers.hpp"
#include "store/sql/row.hpp"
#include "store/sql/statement.hpp"

#define CARD_COLUMNS                                                                             \
  "l.id, l.service_type, l.urgency, l.city, l.state, l.zip, l.description, l.status, "           \
  "l.price_credits, l.max_claims, l.claims_count, coalesce(m.distance_miles, 0), l.created_at, " \
  "CASE WHEN l.duplicate_of IS NULL THEN 1 ELSE 0 END, "                                         \
  "CASE WHEN l.consent_at > 0 AND l.consent_text <> '' THEN 1 ELSE 0 END, "                      \
  "CASE WHEN l.phone_verified_at IS NOT NULL THEN 'phone' "                                      \
  "WHEN l.email_verified_at IS NOT NULL THEN 'email' ELSE '' END, l.answers, " /* issue 17 */    \
  "l.live_since"

namespace plumbline::store::sql {

template <RowReader R>
domain::LeadCard read_card(const R& r) {
  domain::LeadCard c;
  int i = 0;
  c.lead_id = id_column<domain::LeadId>(r, i++);
  c.service_type = r.text(i++);
  c.urgency = r.text(i++);
  c.city = r.text(i++);
  c.state = r.text(i++);
  c.zip = r.text(i++);
  c.description = r.text(i++);
  c.status = status_column<domain::LeadStatus>(r, i++);
  c.price_credits = r.int64(i++);
  c.max_claims = static_cast<int>(r.int64(i++));
  c.claims_count = static_cast<int>(r.int64(i++));
  c.distance_miles = r.real(i++);
  c.created_at = r.int64(i++);
  c.quality.duplicate_check_passed = r.int64(i++) == 1;
  c.quality.consent_recorded = r.int64(i++) == 1;
  c.quality.contact_verified = r.text(i++);  // issue 17
  c.answers = lead_answers_from_json(r.text(i++));
  c.live_since = r.int64(i++);
  return c;
}

}  // namespace plumbline::store::sql

namespace plumbline::store::sql::lead_cards {

inline constexpr Statement lead_card{"lead_card",
                                     "SELECT " CARD_COLUMNS
                                     " FROM leads l LEFT JOIN lead_matches m "
                                     "ON m.lead_id = l.id AND m.plumber_id = $2 WHERE l.id = $1"};

}  // namespace plumbline::store::sql::lead_cards
