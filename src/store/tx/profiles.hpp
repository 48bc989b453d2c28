// ProfilesTx: plumber profiles, settings, reviews and plans; store/{sqlite,postgres}/profiles.cpp
// implement it.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/marketplace.hpp"
#include "store/tx/method.hpp"

// One M(return type, name, (parameters)) per method (see store/tx/method.hpp).
#define PLUMBLINE_PROFILES_TX(M)                                                                  \
  /* The full record, or nullopt when the user is not a plumber. */                               \
  M(std::optional<domain::PlumberProfile>, plumber_profile, (domain::UserId user_id))             \
  /* Replaces the plumber-editable fields, the services and the extra ZIPs, and keeps the area */ \
  /* index (R*Tree on SQLite, the generated geography on PostgreSQL) in step. Input is */         \
  /* validated. */                                                                                \
  M(void, save_plumber_profile,                                                                   \
    (domain::UserId user_id, const domain::PlumberProfileInput& profile, domain::Millis at))      \
  M(void, save_plumber_settings,                                                                  \
    (domain::UserId user_id, const domain::PlumberSettings& settings, domain::Millis at))         \
  /* Records an admin's decision (status, reason, verification dates, reviewer, time). */         \
  M(void, set_plumber_review, (domain::UserId user_id, const domain::PlumberReview& review))      \
  M(void, set_plumber_plan,                                                                       \
    (domain::UserId user_id, domain::PlanStatus plan_status, domain::Millis at))                  \
  /* Ordered by user id; empty status = every status. */                                          \
  M(std::vector<domain::PlumberProfile>, list_plumbers, (const domain::PlumberListQuery& q))      \
  M(std::int64_t, count_plumbers, (std::optional<domain::PlumberStatus> status))

namespace plumbline::store {

class ProfilesTx {
 public:
  PLUMBLINE_PROFILES_TX(PLUMBLINE_TX_PURE)

 protected:
  ~ProfilesTx() = default;
};

}  // namespace plumbline::store
