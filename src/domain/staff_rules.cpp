// Staff rules: valid roles, and the refusals of role changes and removals.
#include "domain/staff_rules.hpp"

namespace plumbline::domain {

bool valid_staff_role(std::string_view role) {
  auto r = parse<Role>(role);
  return r && is_staff(*r);
}

std::string staff_role_label(Role role) {
  switch (role) {
    case Role::admin:
      return "Admin";
    case Role::support:
      return "Support";
    case Role::plumber:
      return "Plumber";
  }
  return to_string(role);
}

std::optional<Error> staff_change_refusal(std::int64_t actor_id, const User& target,
                                          bool target_closed,
                                          const std::optional<std::string>& new_role,
                                          int open_admins) {
  if (!is_staff(target.role) || target_closed)
    return Error::make(ErrorCode::not_found, "There is no such staff member.");
  if (new_role && !valid_staff_role(*new_role)) {
    auto e = Error::make(ErrorCode::invalid_input, "Choose a role: admin or support.");
    e.details.push_back({"role", "Choose admin or support."});
    return e;
  }
  if (target.id.value == actor_id)
    return Error::make(ErrorCode::forbidden,
                       new_role ? "You cannot change your own role; ask another admin."
                                : "You cannot remove your own access; ask another admin.");
  bool stays_admin = new_role && parse<Role>(*new_role) == Role::admin;
  if (target.role == Role::admin && !stays_admin && open_admins <= 1)
    return Error::make(ErrorCode::conflict,
                       "This is the last admin: make someone else an admin first.");
  return std::nullopt;
}

}  // namespace plumbline::domain
