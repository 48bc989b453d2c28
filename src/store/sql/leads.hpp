// The SQL of leads and their history, written once for both backends (PostgreSQL placeholders; see
// statement.hpp), and the lead row mapper.
#pragma once
#include "domain/lead.hpp"
#include "store/sql/lead_answers.hpp"
#include "store/sql/row.hpp"
#include "store/sql/statement.hpp"

// Every lead column, qualified with the alias `l`, in the order read_lead expects (a macro so that
// statements can splice it into their literals).
#define LEAD_COLUMNS                                                                           \
  "l.id, l.status, l.closed_reason, l.service_type, l.description, l.urgency, l.zip, l.city, " \
  "l.state, l.lat, l.lng, l.address, l.name, l.phone_e164, l.email, l.contact_method, "        \
  "l.best_time, l.consent_text, l.consent_at, l.consent_ip, l.consent_user_agent, "            \
  "l.utm_source, l.utm_medium, l.utm_campaign, l.referrer, l.source, l.tracking_hash, "        \
  "l.duplicate_of, l.price_credits, l.max_claims, l.claims_count, l.flag, l.extra_details, "   \
  "l.created_at, l.updated_at, l.created_by, l.answers, l.live_since"

namespace plumbline::store::sql {

inline constexpr int lead_column_count = 38;

// Reads LEAD_COLUMNS starting at column `first`.
template <RowReader R>
domain::Lead read_lead(const R& r, int first = 0) {
  domain::Lead l;
  int i = first;
  l.id = id_column<domain::LeadId>(r, i++);
  l.status = status_column<domain::LeadStatus>(r, i++);
  l.closed_reason = r.text(i++);
  l.service_type = r.text(i++);
  l.description = r.text(i++);
  l.urgency = r.text(i++);
  l.zip = r.text(i++);
  l.city = r.text(i++);
  l.state = r.text(i++);
  l.lat = r.real(i++);
  l.lng = r.real(i++);
  l.address = r.text(i++);
  l.name = r.text(i++);
  l.phone_e164 = r.text(i++);
  l.email = r.text(i++);
  l.contact_method = r.text(i++);
  l.best_time = r.text(i++);
  l.consent_text = r.text(i++);
  l.consent_at = r.int64(i++);
  l.consent_ip = r.text(i++);
  l.consent_user_agent = r.text(i++);
  l.utm_source = r.text(i++);
  l.utm_medium = r.text(i++);
  l.utm_campaign = r.text(i++);
  l.referrer = r.text(i++);
  l.source = r.text(i++);
  l.tracking_hash = r.text(i++);
  l.duplicate_of = opt_id_column<domain::LeadId>(r, i++);
  l.price_credits = r.int64(i++);
  l.max_claims = static_cast<int>(r.int64(i++));
  l.claims_count = static_cast<int>(r.int64(i++));
  l.flag = r.text(i++);
  l.extra_details = r.text(i++);
  l.created_at = r.int64(i++);
  l.updated_at = r.int64(i++);
  l.created_by = opt_id_column<domain::UserId>(r, i++);
  l.answers = lead_answers_from_json(r.text(i++));
  l.live_since = r.int64(i++);
  return l;
}

// A lead_history row: lead_id, at, from_status ('' for the first entry), to_status, actor, note.
template <RowReader R>
domain::LeadHistoryEntry read_lead_history_entry(const R& r) {
  domain::LeadHistoryEntry e;
  e.lead_id = id_column<domain::LeadId>(r, 0);
  e.at = r.int64(1);
  if (!r.text(2).empty()) e.from_status = status_column<domain::LeadStatus>(r, 2);
  e.to_status = status_column<domain::LeadStatus>(r, 3);
  e.actor = r.text(4);
  e.note = r.text(5);
  return e;
}

}  // namespace plumbline::store::sql

namespace plumbline::store::sql::leads {

inline constexpr Statement lead_by_id{"lead_by_id",
                                      "SELECT " LEAD_COLUMNS " FROM leads l WHERE l.id = $1"};
inline constexpr Statement lead_by_tracking_hash{
    "lead_by_tracking_hash", "SELECT " LEAD_COLUMNS " FROM leads l WHERE l.tracking_hash = $1"};
inline constexpr Statement recent_lead_for_phone{
    "recent_lead_for_phone",
    "SELECT id FROM leads WHERE phone_e164 = $1 AND service_type = $2 AND created_at >= $3 "
    "ORDER BY created_at DESC, id DESC LIMIT 1"};
// Conditional update: the row count says whether the lead was in `from`.
inline constexpr Statement update_lead_status{
    "update_lead_status",
    "UPDATE leads SET status = $3, closed_reason = $4, updated_at = $5 "
    "WHERE id = $1 AND status = $2"};
inline constexpr Statement count_leads{"count_leads", "SELECT count(*) FROM leads"};
// The report facts rebuilt from the raw rows and compared (migration 0023).
inline constexpr Statement count_report_fact_mismatches{
    "count_report_fact_mismatches",
    "SELECT count(*) FROM leads l "
    "LEFT JOIN (SELECT lead_id, count(*) AS n FROM lead_matches GROUP BY lead_id) m "
    "ON m.lead_id = l.id "
    "LEFT JOIN (SELECT lead_id, count(*) AS n, min(created_at) AS first_at FROM claims "
    "GROUP BY lead_id) k ON k.lead_id = l.id "
    "WHERE l.match_count <> coalesce(m.n, 0) OR l.claims_count <> coalesce(k.n, 0) "
    "OR coalesce(l.first_claim_at, -1) <> coalesce(k.first_at, -1)"};
inline constexpr Statement insert_lead_history{
    "insert_lead_history",
    "INSERT INTO lead_history (lead_id, at, from_status, to_status, actor, note) "
    "VALUES ($1, $2, $3, $4, $5, $6)"};
inline constexpr Statement lead_history{
    "lead_history",
    "SELECT lead_id, at, from_status, to_status, actor, note FROM lead_history WHERE lead_id = $1 "
    "ORDER BY id"};
// Staff reopened the request: it is on the market again from `at` (expiry counts from here).
inline constexpr Statement set_lead_live_since{
    "set_lead_live_since", "UPDATE leads SET live_since = $2, updated_at = $2 WHERE id = $1"};
inline constexpr Statement set_lead_flag{
    "set_lead_flag", "UPDATE leads SET flag = $2, updated_at = $3 WHERE id = $1"};

// location is a generated column (from lng, lat); it is never written here.
inline constexpr Statement insert_lead{
    "insert_lead",
    "INSERT INTO leads (status, service_type, description, urgency, zip, city, state, lat, lng, "
    "address, name, phone_e164, email, contact_method, best_time, consent_text, consent_at, "
    "consent_ip, consent_user_agent, utm_source, utm_medium, utm_campaign, referrer, source, "
    "tracking_hash, duplicate_of, price_credits, max_claims, created_at, updated_at, created_by, "
    "live_since) "
    "VALUES ('open', $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, "
    "$18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $28, $29, $28) RETURNING id"};
// The homeowner's answers to the service's questions (issue 17), written by intake after
// insert_lead in the same transaction.
inline constexpr Statement set_lead_answers{"set_lead_answers",
                                            "UPDATE leads SET answers = $2 WHERE id = $1"};
// Staff's edit of a request (services/lead_edit.cpp): the fields a homeowner typed, the place
// the ZIP resolves to and the price for later claims; location follows lat/lng (generated).
inline constexpr Statement update_lead_fields{
    "update_lead_fields",
    "UPDATE leads SET service_type = $2, description = $3, urgency = $4, zip = $5, city = $6, "
    "state = $7, lat = $8, lng = $9, address = $10, name = $11, phone_e164 = $12, email = $13, "
    "contact_method = $14, best_time = $15, price_credits = $16, updated_at = $17 WHERE id = $1"};

}  // namespace plumbline::store::sql::leads
