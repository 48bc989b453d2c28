// PostgreSQL: the append-only audit trail.
#include "store/sql/audit.hpp"

#include "store/postgres/pg_tx.hpp"

namespace plumbline::store::pg {

std::int64_t PgTx::append_audit(const domain::AuditEntry& e) {
  auto r = c_.run(sql::audit::append, e.at, e.actor_user_id, e.actor_email, e.actor_role, e.action,
                  e.target_type, e.target_id, e.reason, e.before_json, e.after_json, e.ip);
  return r.int64(0, 0);
}

std::vector<domain::AuditEntry> PgTx::list_audit(const domain::AuditFilter& f) {
  auto r = c_.run(sql::audit::list, f.actor_user_id ? f.actor_user_id->value : -1, f.action,
                  f.target_type, f.target_id, f.from, f.to, f.before_id,
                  static_cast<std::int64_t>(f.limit), f.actor_email);
  std::vector<domain::AuditEntry> out;
  out.reserve(r.rows());
  for (int i = 0; i < r.rows(); ++i) out.push_back(sql::read_audit_entry(r.row(i)));
  return out;
}

}  // namespace plumbline::store::pg
