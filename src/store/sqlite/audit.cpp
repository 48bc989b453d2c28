// SQLite: the append-only audit trail.
#include "store/sql/audit.hpp"

#include "store/sqlite/sqlite_tx.hpp"

namespace plumbline::store::sqlite {

std::int64_t SqliteTx::append_audit(const domain::AuditEntry& e) {
  auto st = c_.prepare<sql::audit::append>();
  st.bind(1, e.at).bind(2, e.actor_user_id).bind(3, e.actor_email).bind(4, e.actor_role);
  st.bind(5, e.action).bind(6, e.target_type).bind(7, e.target_id).bind(8, e.reason);
  st.bind(9, e.before_json).bind(10, e.after_json).bind(11, e.ip);
  return st.run_returning_id();
}

std::vector<domain::AuditEntry> SqliteTx::list_audit(const domain::AuditFilter& f) {
  auto st = c_.prepare<sql::audit::list>();
  st.bind(1, f.actor_user_id ? f.actor_user_id->value : -1)
      .bind(2, f.action)
      .bind(3, f.target_type);
  st.bind(4, f.target_id).bind(5, f.from).bind(6, f.to).bind(7, f.before_id).bind(8, f.limit);
  st.bind(9, f.actor_email);
  std::vector<domain::AuditEntry> out;
  while (st.step()) out.push_back(sql::read_audit_entry(st));
  return out;
}

}  // namespace plumbline::store::sqlite
