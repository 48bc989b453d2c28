// The audit trail: staff actions are appended in the transaction that makes them (audit_entry +
// tx.append_audit); security events outside one through AuditService::record. Read by the
// console's audit page.
#pragma once
#include <string>
#include <vector>

#include "domain/account.hpp"
#include "domain/audit.hpp"
#include "domain/error.hpp"
#include "services/clock.hpp"
#include "store/store.hpp"

namespace plumbline::services {

// A row for `actor` doing `action` to a target, stamped `at`; callers add the reason and the
// before/after values.
domain::AuditEntry audit_entry(const domain::Actor& actor, domain::Millis at, std::string action,
                               std::string target_type = "", std::string target_id = "");
// A security event of an account about itself (sign-in, second factor, password): the account is
// both the actor and the target ("user", its id).
domain::AuditEntry account_event(const domain::User& user, const std::string& ip, domain::Millis at,
                                 std::string action);

class AuditService {
 public:
  AuditService(store::Store& store, const Clock& clock) : store_(store), clock_(clock) {}

  // Appends one row in its own write transaction (sign-in, failed second factor, ...); returns
  // its id.
  domain::Result<std::int64_t> record(domain::AuditEntry entry);
  domain::Result<std::vector<domain::AuditEntry>> list(domain::AuditFilter filter);

 private:
  store::Store& store_;
  const Clock& clock_;
};

}  // namespace plumbline::services
