// The audit trail: who did what to which target, with the values before and after.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "domain/ids.hpp"
#include "domain/lead.hpp"
#include "domain/statuses.hpp"

namespace plumbline::domain {

// Who acts: a signed-in staff member (or, for security events, any account), from a client
// address. An unset user_id is the system or an anonymous caller (a failed sign-in).
struct Actor {
  UserId user_id;
  std::string email;
  std::optional<Role> role;  // none: the system or an anonymous caller
  std::string ip;
};

struct AuditEntry {
  std::int64_t id = 0;
  Millis at = 0;
  std::optional<UserId> actor_user_id;
  std::string actor_email, actor_role;  // actor_role: the stored word, or empty
  std::string action;       // dotted verb, e.g. "lead.close", "plumber.approve", "auth.sign_in"
  std::string target_type;  // "lead", "plumber", "user", "setting", "template", "message", or ""
  std::string target_id;
  std::string reason;
  std::string before_json, after_json;  // JSON objects of the changed values, or empty
  std::string ip;
};

// An audit-page query; empty or zero fields do not filter. Newest first, keyset paged by id.
struct AuditFilter {
  std::optional<UserId> actor_user_id;
  std::string actor_email;  // exact (lower-cased); finds failed sign-ins of unknown addresses too
  std::string action;       // exact action, or a prefix ending in '.' ("lead.")
  std::string target_type, target_id;
  Millis from = 0, to = 0;     // [from, to); 0 = open
  std::int64_t before_id = 0;  // rows with id < before_id; 0 = from the newest
  int limit = 50;
};

}  // namespace plumbline::domain
