// SQLite: disputes over claims and their resolution.
#include "store/sql/disputes.hpp"

#include "store/sql/live_events.hpp"
#include "store/sqlite/sqlite_tx.hpp"

namespace plumbline::store::sqlite {

domain::DisputeId SqliteTx::insert_dispute(const domain::Dispute& d) {
  auto st = c_.prepare<sql::disputes::insert_dispute>();
  st.bind(1, d.claim_id).bind(2, d.plumber_id).bind(3, d.lead_id).bind(4, d.reason);
  st.bind(5, d.details).bind(6, d.status).bind(7, d.resolution).bind(8, d.resolved_by);
  st.bind(9, d.created_at).bind(10, d.resolved_at);
  return domain::DisputeId{st.run_returning_id()};
}

std::optional<domain::Dispute> SqliteTx::dispute_by_id(domain::DisputeId id) {
  auto st = c_.prepare<sql::disputes::dispute_by_id>();
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return sql::read_dispute(st);
}

std::optional<domain::Dispute> SqliteTx::dispute_for_claim(domain::ClaimId claim_id) {
  auto st = c_.prepare<sql::disputes::dispute_for_claim>();
  st.bind(1, claim_id);
  if (!st.step()) return std::nullopt;
  return sql::read_dispute(st);
}

std::vector<domain::Dispute> SqliteTx::list_disputes(std::optional<domain::DisputeStatus> status,
                                                     int limit, int offset) {
  if (limit <= 0) return {};  // a negative LIMIT means "no limit" to SQLite
  auto st = c_.prepare<sql::disputes::list_disputes>();
  st.bind(1, sql::status_word(status)).bind(2, limit).bind(3, offset < 0 ? 0 : offset);
  std::vector<domain::Dispute> out;
  while (st.step()) out.push_back(sql::read_dispute(st));
  return out;
}

bool SqliteTx::resolve_dispute(domain::DisputeId id, domain::DisputeStatus status,
                               const std::string& resolution,
                               std::optional<std::int64_t> resolved_by, domain::Millis at) {
  auto st = c_.prepare<sql::disputes::resolve_dispute>();
  st.bind(1, id).bind(2, status).bind(3, resolution).bind(4, resolved_by).bind(5, at);
  st.run();
  return sqlite3_changes(c_.handle()) == 1;
}

}  // namespace plumbline::store::sqlite
