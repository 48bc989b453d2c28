// Whose transaction this is: the principal PostgreSQL's row-level security policies read.
#pragma once
#include "domain/ids.hpp"

namespace plumbline::store {

// system: the worker, intake, webhooks, matching, CLI commands (sees every row); staff: the
// operator's console (sees every row); plumber: one plumber's own requests (sees only that
// plumber's claims, ledger, balance, profile and sessions — migration 0042).
struct Principal {
  enum class Kind { system, staff, plumber };
  Kind kind = Kind::system;
  domain::UserId user_id;  // set for plumber
};

// The principal of the store calls made on this thread: system unless a PrincipalScope is alive.
// A request runs on one handler thread from its middleware to its response, so the scope the
// route group opens covers every transaction its handler starts (a stream's later reads are
// system).
Principal current_principal();

// Sets the thread's principal for its lifetime and restores the previous one after.
class PrincipalScope {
 public:
  explicit PrincipalScope(Principal p);
  ~PrincipalScope();
  PrincipalScope(const PrincipalScope&) = delete;
  PrincipalScope& operator=(const PrincipalScope&) = delete;

 private:
  Principal previous_;
};

}  // namespace plumbline::store
