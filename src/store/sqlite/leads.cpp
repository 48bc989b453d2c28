// SQLite: leads, their history, flags, added details and expiry.
#include "store/sql/leads.hpp"

#include "store/sqlite/sqlite_tx.hpp"

namespace plumbline::store::sqlite {

namespace {

// SQLite only: char(10) for the newline, where PostgreSQL writes E'\n'.
constexpr const char* append_details_sql =
    "UPDATE leads SET extra_details = CASE WHEN extra_details = '' THEN ?2 "
    "ELSE extra_details || char(10) || char(10) || ?2 END, updated_at = ?3 WHERE id = ?1";
// SQLite only: pick then update (one writer); PostgreSQL does it in one statement with SKIP LOCKED.
constexpr const char* expirable_sql =
    "SELECT id FROM leads WHERE status = 'open' AND live_since < ?1 "
    "ORDER BY live_since, id LIMIT ?2";
constexpr const char* expire_sql =
    "UPDATE leads SET status = 'expired', closed_reason = 'expired', updated_at = ?2 "
    "WHERE id = ?1 AND status = 'open'";
}  // namespace

domain::LeadId SqliteTx::insert_lead(const domain::NewLead& l) {
  auto st = c_.prepare<sql::leads::insert_lead>();
  st.bind(1, l.service_type)
      .bind(2, l.description)
      .bind(3, l.urgency)
      .bind(4, l.zip)
      .bind(5, l.city);
  st.bind(6, l.state)
      .bind(7, l.lat)
      .bind(8, l.lng)
      .bind(9, l.address)
      .bind(10, l.name)
      .bind(11, l.phone_e164);
  st.bind(12, l.email).bind(13, l.contact_method).bind(14, l.best_time).bind(15, l.consent_text);
  st.bind(16, l.consent_at)
      .bind(17, l.consent_ip)
      .bind(18, l.consent_user_agent)
      .bind(19, l.utm_source);
  st.bind(20, l.utm_medium).bind(21, l.utm_campaign).bind(22, l.referrer).bind(23, l.source);
  st.bind(24, l.tracking_hash).bind(25, l.duplicate_of).bind(26, l.price_credits);
  st.bind(27, l.max_claims).bind(28, l.created_at).bind(29, l.created_by);
  return domain::LeadId{st.run_returning_id()};
}

bool SqliteTx::update_lead_fields(domain::LeadId id, const domain::NewLead& l, domain::Millis at) {
  auto st = c_.prepare<sql::leads::update_lead_fields>();
  st.bind(1, id).bind(2, l.service_type).bind(3, l.description).bind(4, l.urgency).bind(5, l.zip);
  st.bind(6, l.city).bind(7, l.state).bind(8, l.lat).bind(9, l.lng).bind(10, l.address);
  st.bind(11, l.name).bind(12, l.phone_e164).bind(13, l.email).bind(14, l.contact_method);
  st.bind(15, l.best_time).bind(16, l.price_credits).bind(17, at);
  st.run();
  return sqlite3_changes(c_.handle()) == 1;
}

std::optional<domain::Lead> SqliteTx::lead_by_id(domain::LeadId id) {
  auto st = c_.prepare<sql::leads::lead_by_id>();
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return sql::read_lead(st);
}

std::optional<domain::Lead> SqliteTx::lead_by_tracking_hash(const std::string& tracking_hash) {
  auto st = c_.prepare<sql::leads::lead_by_tracking_hash>();
  st.bind(1, tracking_hash);
  if (!st.step()) return std::nullopt;
  return sql::read_lead(st);
}

std::optional<domain::LeadId> SqliteTx::recent_lead_for_phone(const std::string& phone_e164,
                                                              const std::string& service_type,
                                                              domain::Millis since) {
  auto st = c_.prepare<sql::leads::recent_lead_for_phone>();
  st.bind(1, phone_e164).bind(2, service_type).bind(3, since);
  if (!st.step()) return std::nullopt;
  return domain::LeadId{st.int64(0)};
}

bool SqliteTx::update_lead_status(domain::LeadId id, domain::LeadStatus from, domain::LeadStatus to,
                                  const std::string& closed_reason, domain::Millis at) {
  auto st = c_.prepare<sql::leads::update_lead_status>();
  st.bind(1, id)
      .bind(2, domain::to_string(from))
      .bind(3, domain::to_string(to))
      .bind(4, closed_reason)
      .bind(5, at);
  st.run();
  return sqlite3_changes(c_.handle()) == 1;
}

std::int64_t SqliteTx::count_leads() {
  auto st = c_.prepare<sql::leads::count_leads>();
  st.step();
  return st.int64(0);
}

std::int64_t SqliteTx::count_report_fact_mismatches() {
  auto st = c_.prepare<sql::leads::count_report_fact_mismatches>();
  st.step();
  return st.int64(0);
}

void SqliteTx::insert_lead_history(const domain::LeadHistoryEntry& e) {
  auto st = c_.prepare<sql::leads::insert_lead_history>();
  st.bind(1, e.lead_id)
      .bind(2, e.at)
      .bind(3, sql::status_word(e.from_status))
      .bind(4, e.to_status)
      .bind(5, e.actor)
      .bind(6, e.note);
  st.run();
}

std::vector<domain::LeadHistoryEntry> SqliteTx::lead_history(domain::LeadId lead_id) {
  std::vector<domain::LeadHistoryEntry> out;
  auto st = c_.prepare<sql::leads::lead_history>();
  st.bind(1, lead_id);
  while (st.step()) out.push_back(sql::read_lead_history_entry(st));
  return out;
}

void SqliteTx::set_lead_flag(domain::LeadId lead_id, const std::string& flag, domain::Millis at) {
  auto st = c_.prepare<sql::leads::set_lead_flag>();
  st.bind(1, lead_id).bind(2, flag).bind(3, at);
  st.run();
}

void SqliteTx::append_lead_details(domain::LeadId lead_id, const std::string& text,
                                   domain::Millis at) {
  auto st = c_.prepare(append_details_sql);
  st.bind(1, lead_id).bind(2, text).bind(3, at);
  st.run();
}

// Selects first so the ids come back oldest first (RETURNING has no order); the writer is single,
// so nothing changes between the two steps.
void SqliteTx::set_lead_live_since(domain::LeadId id, domain::Millis at) {
  c_.prepare<sql::leads::set_lead_live_since>().bind(1, id).bind(2, at).run();
}

std::vector<domain::LeadId> SqliteTx::expire_open_leads(domain::Millis live_before,
                                                        domain::Millis at, int limit) {
  if (limit <= 0) return {};
  std::vector<domain::LeadId> ids;
  {
    auto st = c_.prepare(expirable_sql);
    st.bind(1, live_before).bind(2, limit);
    while (st.step()) ids.push_back(sql::id_column<domain::LeadId>(st, 0));
  }
  for (auto id : ids) {
    auto st = c_.prepare(expire_sql);
    st.bind(1, id).bind(2, at);
    st.run();
  }
  return ids;
}

void SqliteTx::set_lead_answers(domain::LeadId id, const std::vector<domain::LeadAnswer>& answers) {
  c_.prepare<sql::leads::set_lead_answers>()
      .bind(1, id)
      .bind(2, sql::lead_answers_json(answers))
      .run();
}

}  // namespace plumbline::store::sqlite
