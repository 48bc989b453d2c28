// PostgreSQL: the staff's lead page (notes, matches with names, alerts, disputes, stopping alerts).
#include "store/sql/lead_admin.hpp"

#include "store/postgres/pg_tx.hpp"

namespace plumbline::store::pg {

std::int64_t PgTx::insert_lead_note(const domain::LeadNote& n) {
  auto r = c_.run(sql::lead_admin::insert_note, n.lead_id, n.author_user_id, n.author_email, n.body,
                  n.created_at);
  return r.int64(0, 0);
}

std::vector<domain::LeadNote> PgTx::lead_notes(domain::LeadId lead_id) {
  auto r = c_.run(sql::lead_admin::notes, lead_id);
  std::vector<domain::LeadNote> out;
  out.reserve(static_cast<std::size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i) out.push_back(sql::read_lead_note(r.row(i)));
  return out;
}

std::vector<domain::LeadMatchRow> PgTx::lead_match_rows(domain::LeadId lead_id) {
  auto r = c_.run(sql::lead_admin::match_rows, lead_id);
  std::vector<domain::LeadMatchRow> out;
  out.reserve(static_cast<std::size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i) out.push_back(sql::read_lead_match_row(r.row(i)));
  return out;
}

std::vector<domain::LeadAlert> PgTx::lead_alerts(domain::LeadId lead_id) {
  auto r = c_.run(sql::lead_admin::alerts, lead_id);
  std::vector<domain::LeadAlert> out;
  out.reserve(static_cast<std::size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i) out.push_back(sql::read_lead_alert(r.row(i)));
  return out;
}

std::vector<domain::Dispute> PgTx::disputes_for_lead(domain::LeadId lead_id) {
  auto r = c_.run(sql::lead_admin::disputes, lead_id);
  std::vector<domain::Dispute> out;
  out.reserve(static_cast<std::size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i) out.push_back(sql::read_dispute(r.row(i)));
  return out;
}

int PgTx::stop_lead_alerts(domain::LeadId lead_id, const std::string& why, domain::Millis at) {
  return static_cast<int>(c_.run(sql::lead_admin::stop_alerts, lead_id, why, at).affected());
}

}  // namespace plumbline::store::pg
