// The audit trail: rows for staff actions and security events, and the audit page's query.
#include "services/audit.hpp"

#include <algorithm>

namespace plumbline::services {

domain::AuditEntry audit_entry(const domain::Actor& actor, domain::Millis at, std::string action,
                               std::string target_type, std::string target_id) {
  domain::AuditEntry e;
  e.at = at;
  if (actor.user_id.is_set()) e.actor_user_id = actor.user_id;
  e.actor_email = actor.email;
  if (actor.role) e.actor_role = domain::to_string(*actor.role);
  e.ip = actor.ip;
  e.action = std::move(action);
  e.target_type = std::move(target_type);
  e.target_id = std::move(target_id);
  return e;
}

domain::AuditEntry account_event(const domain::User& user, const std::string& ip, domain::Millis at,
                                 std::string action) {
  return audit_entry({domain::UserId{user.id}, user.email, user.role, ip}, at, std::move(action),
                     "user", std::to_string(user.id.value));
}

domain::Result<std::int64_t> AuditService::record(domain::AuditEntry entry) {
  if (entry.at == 0) entry.at = clock_.now_ms();
  return store_.write<std::int64_t>(
      [&](store::Tx& tx) -> domain::Result<std::int64_t> { return tx.append_audit(entry); });
}

domain::Result<std::vector<domain::AuditEntry>> AuditService::list(domain::AuditFilter filter) {
  filter.limit = std::clamp(filter.limit, 1, 1000);
  try {
    return store_.read<std::vector<domain::AuditEntry>>(
        [&](store::Tx& tx) { return tx.list_audit(filter); });
  } catch (const domain::Failure& f) {
    return f.error;
  }
}

}  // namespace plumbline::services
