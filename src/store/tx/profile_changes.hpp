// ProfileChangesTx: verified facts changed after a check (migration 0008);
// store/{sqlite,postgres}/profile_changes.cpp implement it.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/marketplace.hpp"
#include "store/tx/method.hpp"

// One M(return type, name, (parameters)) per method (see store/tx/method.hpp).
#define PLUMBLINE_PROFILE_CHANGES_TX(M)                                                            \
  /* Inserts a pending change (id, reviewed_at and reviewed_by are ignored) and returns its id. */ \
  M(std::int64_t, insert_profile_change, (const domain::ProfileChange& change))                    \
  /* The plumber's changes, pending first, then newest first (created_at, then id); at most */     \
  /* `limit`. */                                                                                   \
  M(std::vector<domain::ProfileChange>, profile_changes, (domain::UserId plumber_id, int limit))   \
  /* Pending changes over all plumbers (the admin dashboard's count). */                           \
  M(std::int64_t, count_pending_profile_changes, ())                                               \
  /* The plumbers with at least one pending change, the longest-waiting first (oldest pending */   \
  /* created_at, then user id), and how many there are. */                                         \
  M(std::vector<std::int64_t>, plumbers_with_pending_changes, (int limit, int offset))             \
  M(std::int64_t, count_plumbers_with_pending_changes, ())                                         \
  /* Closes every pending change of the plumber (reviewed_by, reviewed_at); returns how many. */   \
  M(int, close_profile_changes,                                                                    \
    (domain::UserId plumber_id, std::optional<std::int64_t> reviewed_by, domain::Millis at))

namespace plumbline::store {

class ProfileChangesTx {
 public:
  PLUMBLINE_PROFILE_CHANGES_TX(PLUMBLINE_TX_PURE)

 protected:
  ~ProfileChangesTx() = default;
};

}  // namespace plumbline::store
