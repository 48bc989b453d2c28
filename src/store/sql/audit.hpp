// The SQL of the audit trail, written once for both backends (PostgreSQL placeholders; see
// statement.hpp).
#pragma once
#include "domain/audit.hpp"
#include "store/sql/row.hpp"
#include "store/sql/statement.hpp"

namespace plumbline::store::sql {

template <RowReader R>
domain::AuditEntry read_audit_entry(const R& r) {
  domain::AuditEntry e;
  int i = 0;
  e.id = r.int64(i++);
  e.at = r.int64(i++);
  e.actor_user_id = sql::opt_id_column<domain::UserId>(r, i++);
  e.actor_email = r.text(i++);
  e.actor_role = r.text(i++);
  e.action = r.text(i++);
  e.target_type = r.text(i++);
  e.target_id = r.text(i++);
  e.reason = r.text(i++);
  e.before_json = r.text(i++);
  e.after_json = r.text(i++);
  e.ip = r.text(i++);
  return e;
}

}  // namespace plumbline::store::sql

namespace plumbline::store::sql::audit {

// An actor known by id alone (an API bearer token carries no e-mail) is named from users.
inline constexpr Statement append{
    "audit_append",
    "INSERT INTO audit_log (at, actor_user_id, actor_email, actor_role, action, target_type, "
    "target_id, reason, before_json, after_json, ip) "
    "VALUES ($1, $2, coalesce(nullif($3, ''), (SELECT email FROM users WHERE id = $2), ''), "
    "coalesce(nullif($4, ''), (SELECT role FROM users WHERE id = $2), ''), "
    "$5, $6, $7, $8, $9, $10, $11) RETURNING id"};
// Every filter is optional (the casts keep PostgreSQL from typing a parameter as a 32-bit
// integer from its comparison with 0) ("" / 0 / -1 = any). An action ending in '.' matches by
// prefix: the comparison is on substr, not LIKE, so that '_' and '%' in it are plain characters.
inline constexpr Statement list{
    "audit_list",
    "SELECT id, at, actor_user_id, actor_email, actor_role, action, target_type, target_id, "
    "reason, before_json, after_json, ip FROM audit_log "
    "WHERE (CAST($1 AS BIGINT) < 0 OR actor_user_id = $1) "
    "AND ($2 = '' OR action = $2 OR (substr($2, length($2), 1) = '.' "
    "AND substr(action, 1, length($2)) = $2)) "
    "AND ($3 = '' OR target_type = $3) AND ($4 = '' OR target_id = $4) "
    "AND (CAST($5 AS BIGINT) = 0 OR at >= $5) AND (CAST($6 AS BIGINT) = 0 OR at < $6) "
    "AND (CAST($7 AS BIGINT) = 0 OR id < $7) AND ($9 = '' OR actor_email = $9) "
    "ORDER BY id DESC LIMIT $8"};

}  // namespace plumbline::store::sql::audit
