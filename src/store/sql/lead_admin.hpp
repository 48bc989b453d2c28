// The SQL of the staff's lead page, written once for both backends (PostgreSQL placeholders; see
// statement.hpp).
#pragma once
#include "domain/lead_admin.hpp"
#include "store/sql/disputes.hpp"
#include "store/sql/outbox.hpp"
#include "store/sql/row.hpp"
#include "store/sql/statement.hpp"

namespace plumbline::store::sql {

template <RowReader R>
domain::LeadNote read_lead_note(const R& r) {
  domain::LeadNote n;
  int i = 0;
  n.id = r.int64(i++);
  n.lead_id = sql::id_column<domain::LeadId>(r, i++);
  n.author_user_id = sql::opt_id_column<domain::UserId>(r, i++);
  n.author_email = r.text(i++);
  n.body = r.text(i++);
  n.created_at = r.int64(i++);
  return n;
}

template <RowReader R>
domain::LeadMatchRow read_lead_match_row(const R& r) {
  domain::LeadMatchRow m;
  int i = 0;
  m.plumber_id = sql::id_column<domain::UserId>(r, i++);
  m.business_name = r.text(i++);
  m.email = r.text(i++);
  m.distance_miles = r.real(i++);
  m.matched_at = r.int64(i++);
  return m;
}

// The outbox columns, then the plumber id (column 25).
template <RowReader R>
domain::LeadAlert read_lead_alert(const R& r) {
  domain::LeadAlert a;
  a.message = read_message(r);
  a.plumber_id = sql::id_column<domain::UserId>(r, 25);
  return a;
}

}  // namespace plumbline::store::sql

namespace plumbline::store::sql::lead_admin {

inline constexpr Statement insert_note{
    "lead_admin_insert_note",
    "INSERT INTO lead_notes (lead_id, author_user_id, author_email, body, created_at) "
    "VALUES ($1, $2, $3, $4, $5) RETURNING id"};
inline constexpr Statement notes{
    "lead_admin_notes",
    "SELECT id, lead_id, author_user_id, author_email, body, created_at FROM lead_notes "
    "WHERE lead_id = $1 ORDER BY id DESC"};
inline constexpr Statement match_rows{
    "lead_admin_match_rows",
    "SELECT m.plumber_id, coalesce(p.business_name, ''), coalesce(u.email, ''), "
    "m.distance_miles, m.matched_at FROM lead_matches m "
    "LEFT JOIN plumbers p ON p.user_id = m.plumber_id LEFT JOIN users u ON u.id = m.plumber_id "
    "WHERE m.lead_id = $1 ORDER BY m.distance_miles, m.plumber_id"};
// An alert's idempotency key is "lead_alert:<channel>:<lead>:<plumber>"
// (services/marketplace_messages.cpp): the join finds the match it went to.
inline constexpr Statement alerts{
    "lead_admin_alerts",
    "WITH a AS (SELECT " OUTBOX_COLUMNS
    " FROM outbox WHERE lead_id = $1 AND kind = 'lead_alert') "
    "SELECT a.*, m.plumber_id FROM a JOIN lead_matches m ON m.lead_id = a.lead_id "
    "AND a.idempotency_key = 'lead_alert:' || a.channel || ':' || CAST(m.lead_id AS text) || ':' "
    "|| CAST(m.plumber_id AS text) ORDER BY m.plumber_id, a.channel, a.id"};
inline constexpr Statement disputes{"lead_admin_disputes",
                                    "SELECT " DISPUTE_COLUMNS
                                    " FROM disputes WHERE lead_id = $1 ORDER BY id"};
inline constexpr Statement stop_alerts{
    "lead_admin_stop_alerts",
    "UPDATE outbox SET status = 'dead', last_error = $2, updated_at = $3 "
    "WHERE lead_id = $1 AND kind = 'lead_alert' AND status = 'pending'"};

}  // namespace plumbline::store::sql::lead_admin
