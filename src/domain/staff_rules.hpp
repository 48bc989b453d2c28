// Staff rules: which roles staff may hold, and when a role change or a removal is refused.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "domain/account.hpp"
#include "domain/error.hpp"

namespace plumbline::domain {

// "admin" or "support": the roles an invitation or a role change may give.
bool valid_staff_role(std::string_view role);
// "Admin" / "Support" for pages and e-mails.
std::string staff_role_label(Role role);

// Why `actor_id` may not change `target`'s role to `new_role` (nullopt = `target` is removed),
// if they may not: the target must be open staff, nobody changes or removes themselves, and the
// last open admin stays an admin. `open_admins` counts open admin accounts, the target included.
std::optional<Error> staff_change_refusal(std::int64_t actor_id, const User& target,
                                          bool target_closed,
                                          const std::optional<std::string>& new_role,
                                          int open_admins);

}  // namespace plumbline::domain
