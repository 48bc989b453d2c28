// SQLite: the staff's lead page (notes, matches with names, alerts, disputes, stopping alerts).
#include "store/sql/lead_admin.hpp"

#include "store/sqlite/sqlite_tx.hpp"

namespace plumbline::store::sqlite {

std::int64_t SqliteTx::insert_lead_note(const domain::LeadNote& n) {
  auto st = c_.prepare<sql::lead_admin::insert_note>();
  st.bind(1, n.lead_id).bind(2, n.author_user_id).bind(3, n.author_email).bind(4, n.body);
  st.bind(5, n.created_at);
  return st.run_returning_id();
}

std::vector<domain::LeadNote> SqliteTx::lead_notes(domain::LeadId lead_id) {
  auto st = c_.prepare<sql::lead_admin::notes>();
  st.bind(1, lead_id);
  std::vector<domain::LeadNote> out;
  while (st.step()) out.push_back(sql::read_lead_note(st));
  return out;
}

std::vector<domain::LeadMatchRow> SqliteTx::lead_match_rows(domain::LeadId lead_id) {
  auto st = c_.prepare<sql::lead_admin::match_rows>();
  st.bind(1, lead_id);
  std::vector<domain::LeadMatchRow> out;
  while (st.step()) out.push_back(sql::read_lead_match_row(st));
  return out;
}

std::vector<domain::LeadAlert> SqliteTx::lead_alerts(domain::LeadId lead_id) {
  auto st = c_.prepare<sql::lead_admin::alerts>();
  st.bind(1, lead_id);
  std::vector<domain::LeadAlert> out;
  while (st.step()) out.push_back(sql::read_lead_alert(st));
  return out;
}

std::vector<domain::Dispute> SqliteTx::disputes_for_lead(domain::LeadId lead_id) {
  auto st = c_.prepare<sql::lead_admin::disputes>();
  st.bind(1, lead_id);
  std::vector<domain::Dispute> out;
  while (st.step()) out.push_back(sql::read_dispute(st));
  return out;
}

int SqliteTx::stop_lead_alerts(domain::LeadId lead_id, const std::string& why, domain::Millis at) {
  auto st = c_.prepare<sql::lead_admin::stop_alerts>();
  st.bind(1, lead_id).bind(2, why).bind(3, at);
  st.run();
  return sqlite3_changes(c_.handle());
}

}  // namespace plumbline::store::sqlite
