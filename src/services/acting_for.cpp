// Maps a signed-in user's role to the store principal.
#include "services/acting_for.hpp"

#include "domain/account.hpp"

namespace plumbline::services {

namespace {
store::Principal principal_for(domain::UserId user, std::optional<domain::Role> role) {
  store::Principal p;
  if (role == domain::Role::plumber) {
    p.kind = store::Principal::Kind::plumber;
    p.user_id = user;
  } else if (domain::is_staff(role)) {
    p.kind = store::Principal::Kind::staff;
  }
  return p;
}
}  // namespace

ActingFor::ActingFor(domain::UserId user, std::optional<domain::Role> role)
    : scope_(principal_for(user, role)) {}

}  // namespace plumbline::services
