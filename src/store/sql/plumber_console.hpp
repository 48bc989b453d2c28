// The SQL of the plumbers console (search with filters and keyset paging, the messages and disputes
// of one plumber), written once for both backends (PostgreSQL placeholders; see statement.hpp).
// Only the area test differs: each backend passes its own (see the .cpp files).
#pragma once
#include "domain/plumber_console.hpp"
#include "store/sql/disputes.hpp"
#include "store/sql/outbox.hpp"
#include "store/sql/row.hpp"
#include "store/sql/statement.hpp"

// The search: one row per plumber with its balance and last activity (the later of the newest
// session seen and the newest successful sign-in). Every filter is optional ("" / 0 / -1 = any;
// the casts keep PostgreSQL from typing a parameter compared with 0 as a 32-bit integer).
//   $1 name prefix, $2 e-mail prefix (lower case; compared with substr so '_' and '%' are plain),
//   $3 phone digits, $4 id, $5 state (a review status or 'closed'), $6 plan status, $7 service,
//   $8 area on (1/0) with $9 lat, $10 lng, $11 ZIP, $12 within miles (0 = the plumber's own
//   area), $13/$14 signed up [from, to), $15/$16 last active [from, to), $17/$18 balance
//   min/max (-1 = open), $19 after id, $20 after name, $21 after number, $22 limit.
// AREA is the backend's test of "the plumber's base is within $12 miles of ($9, $10), or within
// their own radius when $12 = 0".
#define PLUMBER_SEARCH_INNER(AREA)                                                              \
  "SELECT u.id, p.business_name, p.contact_name, u.email, p.phone_e164, p.status, "             \
  "p.plan_status, p.base_zip, p.radius_miles, coalesce(b.balance, 0) AS balance, "              \
  "u.created_at, u.closed_at, "                                                                 \
  "coalesce((SELECT max(s.last_seen_at) FROM sessions s WHERE s.user_id = u.id), 0) AS seen, "  \
  "coalesce((SELECT max(a.at) FROM login_attempts a WHERE a.user_id = u.id AND a.success), 0) " \
  "AS signed_in, lower(p.business_name) AS name_key "                                           \
  "FROM plumbers p JOIN users u ON u.id = p.user_id "                                           \
  "LEFT JOIN credit_balances b ON b.user_id = p.user_id "                                       \
  "WHERE (($1 = '' AND $2 = '' AND $3 = '' AND CAST($4 AS BIGINT) = 0) "                        \
  "OR ($1 <> '' AND (substr(lower(p.business_name), 1, length($1)) = $1 "                       \
  "OR substr(lower(p.contact_name), 1, length($1)) = $1)) "                                     \
  "OR ($2 <> '' AND substr(u.email, 1, length($2)) = $2) "                                      \
  "OR ($3 <> '' AND p.phone_e164 LIKE '%' || $3 || '%') OR u.id = $4) "                         \
  "AND ($5 = '' OR ($5 = 'closed' AND u.closed_at IS NOT NULL) "                                \
  "OR ($5 <> 'closed' AND u.closed_at IS NULL AND p.status = $5)) "                             \
  "AND ($6 = '' OR p.plan_status = $6) "                                                        \
  "AND ($7 = '' OR EXISTS (SELECT 1 FROM plumber_services ps WHERE ps.user_id = p.user_id "     \
  "AND ps.service_type = $7)) "                                                                 \
  "AND (CAST($8 AS BIGINT) = 0 OR (p.base_zip <> '' AND " AREA                                  \
  ") "                                                                                          \
  "OR (CAST($12 AS BIGINT) = 0 AND EXISTS (SELECT 1 FROM plumber_extra_zips z "                 \
  "WHERE z.user_id = p.user_id AND z.zip = $11))) "                                             \
  "AND (CAST($13 AS BIGINT) = 0 OR u.created_at >= $13) "                                       \
  "AND (CAST($14 AS BIGINT) = 0 OR u.created_at < $14) "                                        \
  "AND (CAST($17 AS BIGINT) < 0 OR coalesce(b.balance, 0) >= $17) "                             \
  "AND (CAST($18 AS BIGINT) < 0 OR coalesce(b.balance, 0) <= $18)"

// The outer query: last activity, its filter, the keyset cursor and the order of one sort. Each
// sort's cursor uses $20 or $21, not both: the IS NOT NULL tests (always true: both are always
// bound) name the other, so that PostgreSQL can type every parameter.
#define PLUMBER_SEARCH(AREA, CURSOR, ORDER) \
  "SELECT id, business_name, contact_name, email, phone_e164, status, plan_status, base_zip, " \
  "radius_miles, balance, created_at, closed_at, last_active, name_key FROM ("                  \
  "SELECT t.*, CASE WHEN seen > signed_in THEN seen ELSE signed_in END AS last_active FROM ("   \
  PLUMBER_SEARCH_INNER(AREA) ") t) r "                                                          \
  "WHERE (CAST($15 AS BIGINT) = 0 OR last_active >= $15) "                                      \
  "AND (CAST($16 AS BIGINT) = 0 OR last_active < $16) "                                         \
  "AND (CAST($19 AS BIGINT) = 0 OR " CURSOR ") "                                               \
  "AND CAST($20 AS TEXT) IS NOT NULL AND CAST($21 AS BIGINT) IS NOT NULL "                    \
  "ORDER BY " ORDER " LIMIT $22"

#define PLUMBER_CURSOR_NEWEST "id < $19"
#define PLUMBER_ORDER_NEWEST "id DESC"
#define PLUMBER_CURSOR_NAME "(name_key > $20 OR (name_key = $20 AND id > $19))"
#define PLUMBER_ORDER_NAME "name_key, id"
#define PLUMBER_CURSOR_BALANCE "(balance < CAST($21 AS BIGINT) OR (balance = $21 AND id < $19))"
#define PLUMBER_ORDER_BALANCE "balance DESC, id DESC"
#define PLUMBER_CURSOR_ACTIVE \
  "(last_active < CAST($21 AS BIGINT) OR (last_active = $21 AND id < $19))"
#define PLUMBER_ORDER_ACTIVE "last_active DESC, id DESC"

namespace plumbline::store::sql {

// Reads a PLUMBER_SEARCH row.
template <RowReader R>
domain::PlumberRow read_plumber_row(const R& r) {
  domain::PlumberRow p;
  int i = 0;
  p.id = r.int64(i++);
  p.business_name = r.text(i++);
  p.contact_name = r.text(i++);
  p.email = r.text(i++);
  p.phone_e164 = r.text(i++);
  p.status = r.text(i++);
  p.plan_status = r.text(i++);
  p.base_zip = r.text(i++);
  p.radius_miles = static_cast<int>(r.int64(i++));
  p.balance = r.int64(i++);
  p.created_at = r.int64(i++);
  p.closed_at = r.opt_int64(i++);
  p.last_active_at = r.int64(i++);
  return p;
}

}  // namespace plumbline::store::sql

namespace plumbline::store::sql::plumber_console {

// Messages to one e-mail address or phone number, newest first (migration 0022's index).
inline constexpr Statement plumber_messages{
    "console_plumber_messages",
    "SELECT " OUTBOX_COLUMNS
    " FROM outbox WHERE recipient = $1 OR ($2 <> '' AND recipient = $2) ORDER BY id DESC LIMIT $3"};
inline constexpr Statement plumber_disputes{
    "console_plumber_disputes",
    "SELECT " DISPUTE_COLUMNS " FROM disputes WHERE plumber_id = $1 ORDER BY id DESC LIMIT $2"};

}  // namespace plumbline::store::sql::plumber_console
