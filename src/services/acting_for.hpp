// Whose request the service calls serve: the store principal that PostgreSQL's row-level security
// reads (migration 0042), opened by the web layer around a signed-in request's handler.
#pragma once
#include <optional>

#include "domain/ids.hpp"
#include "domain/statuses.hpp"
#include "store/principal.hpp"

namespace plumbline::services {

// For its lifetime, this thread's transactions run as a plumber's (role "plumber": only that
// plumber's rows), as staff (admin, support: every row), or else as the system.
class ActingFor {
 public:
  ActingFor(domain::UserId user, std::optional<domain::Role> role);

 private:
  store::PrincipalScope scope_;
};

}  // namespace plumbline::services
