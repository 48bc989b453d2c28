// PostgreSQL: leads, their history, flags, added details and expiry.
#include "store/sql/leads.hpp"

#include "store/postgres/pg_tx.hpp"
#include "store/sql/leads.hpp"

namespace plumbline::store::pg {

namespace {

// PostgreSQL only: E'\n' for the newline, where SQLite writes char(10).
// A blank line separates each later paragraph from what the homeowner wrote before.
constexpr Sql append_details_sql{
    "append_lead_details",
    "UPDATE leads SET extra_details = CASE WHEN extra_details = '' THEN $2 "
    "ELSE extra_details || E'\\n\\n' || $2 END, updated_at = $3 WHERE id = $1"};
// PostgreSQL only: FOR UPDATE SKIP LOCKED in a MATERIALIZED CTE; SQLite has one writer.
// The pick runs once (a MATERIALIZED CTE): as an IN (subquery) the planner may rescan it per
// row, and a rescan skips the rows this statement already changed, so LIMIT would not hold.
// SKIP LOCKED: a lead being claimed right now is left for the next run instead of blocking the
// worker; the status check in the UPDATE re-applies to a row that changed meanwhile.
constexpr Sql expire_open_sql{
    "expire_open_leads",
    "WITH picked AS MATERIALIZED (SELECT id FROM leads WHERE status = 'open' AND live_since < $1 "
    "ORDER BY live_since, id LIMIT $3 FOR UPDATE SKIP LOCKED), "
    "expired AS (UPDATE leads l SET status = 'expired', closed_reason = 'expired', updated_at = $2 "
    "FROM picked WHERE l.id = picked.id AND l.status = 'open' RETURNING l.id, l.live_since) "
    "SELECT id FROM expired ORDER BY live_since, id"};
}  // namespace

domain::LeadId PgTx::insert_lead(const domain::NewLead& l) {
  auto r = c_.run(sql::leads::insert_lead, l.service_type, l.description, l.urgency, l.zip, l.city,
                  l.state, l.lat, l.lng, l.address, l.name, l.phone_e164, l.email, l.contact_method,
                  l.best_time, l.consent_text, l.consent_at, l.consent_ip, l.consent_user_agent,
                  l.utm_source, l.utm_medium, l.utm_campaign, l.referrer, l.source, l.tracking_hash,
                  l.duplicate_of, l.price_credits, l.max_claims, l.created_at, l.created_by);
  return domain::LeadId{r.int64(0, 0)};
}

bool PgTx::update_lead_fields(domain::LeadId id, const domain::NewLead& l, domain::Millis at) {
  return c_.run(sql::leads::update_lead_fields, id, l.service_type, l.description, l.urgency, l.zip,
                l.city, l.state, l.lat, l.lng, l.address, l.name, l.phone_e164, l.email,
                l.contact_method, l.best_time, l.price_credits, at)
             .affected() == 1;
}

std::optional<domain::Lead> PgTx::lead_by_id(domain::LeadId id) {
  auto r = c_.run(sql::leads::lead_by_id, id);
  if (r.rows() == 0) return std::nullopt;
  return sql::read_lead(r.row(0), 0);
}

std::optional<domain::Lead> PgTx::lead_by_tracking_hash(const std::string& tracking_hash) {
  auto r = c_.run(sql::leads::lead_by_tracking_hash, tracking_hash);
  if (r.rows() == 0) return std::nullopt;
  return sql::read_lead(r.row(0), 0);
}

std::optional<domain::LeadId> PgTx::recent_lead_for_phone(const std::string& phone_e164,
                                                          const std::string& service_type,
                                                          domain::Millis since) {
  auto r = c_.run(sql::leads::recent_lead_for_phone, phone_e164, service_type, since);
  if (r.rows() == 0) return std::nullopt;
  return domain::LeadId{r.int64(0, 0)};
}

bool PgTx::update_lead_status(domain::LeadId id, domain::LeadStatus from, domain::LeadStatus to,
                              const std::string& closed_reason, domain::Millis at) {
  return c_.run(sql::leads::update_lead_status, id, domain::to_string(from), domain::to_string(to),
                closed_reason, at)
             .affected() == 1;
}

std::int64_t PgTx::count_leads() {
  return c_.run(sql::leads::count_leads).int64(0, 0);
}

std::int64_t PgTx::count_report_fact_mismatches() {
  return c_.run(sql::leads::count_report_fact_mismatches).int64(0, 0);
}

void PgTx::insert_lead_history(const domain::LeadHistoryEntry& e) {
  c_.run(sql::leads::insert_lead_history, e.lead_id, e.at, sql::status_word(e.from_status),
         e.to_status, e.actor, e.note);
}

std::vector<domain::LeadHistoryEntry> PgTx::lead_history(domain::LeadId lead_id) {
  auto r = c_.run(sql::leads::lead_history, lead_id);
  std::vector<domain::LeadHistoryEntry> out;
  out.reserve(static_cast<std::size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i) out.push_back(sql::read_lead_history_entry(r.row(i)));
  return out;
}

void PgTx::set_lead_flag(domain::LeadId lead_id, const std::string& flag, domain::Millis at) {
  c_.run(sql::leads::set_lead_flag, lead_id, flag, at);
}

void PgTx::append_lead_details(domain::LeadId lead_id, const std::string& text, domain::Millis at) {
  c_.run(append_details_sql, lead_id, text, at);
}

void PgTx::set_lead_live_since(domain::LeadId id, domain::Millis at) {
  c_.run(sql::leads::set_lead_live_since, id, at);
}

std::vector<domain::LeadId> PgTx::expire_open_leads(domain::Millis live_before, domain::Millis at,
                                                    int limit) {
  if (limit <= 0) return {};
  auto r = c_.run(expire_open_sql, live_before, at, limit);
  std::vector<domain::LeadId> ids;
  ids.reserve(static_cast<std::size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i) ids.push_back(domain::LeadId{r.int64(i, 0)});
  return ids;
}

void PgTx::set_lead_answers(domain::LeadId id, const std::vector<domain::LeadAnswer>& answers) {
  c_.run(sql::leads::set_lead_answers, id, sql::lead_answers_json(answers));
}

}  // namespace plumbline::store::pg
