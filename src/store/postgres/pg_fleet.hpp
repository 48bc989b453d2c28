// PostgreSQL's fleet coordination (store/fleet.hpp): LISTEN and session advisory locks, each on
// a connection of its own outside the pool.
#pragma once
#include <cstdint>
#include <memory>
#include <string>

#include "store/fleet.hpp"

namespace plumbline::store::pg {

// Connects and LISTENs on `channel` (letters and underscores); throws StoreError(connection_lost).
std::unique_ptr<Listener> make_listener(const std::string& url, const char* channel);
// Connects; the lock is tried by SessionLock::try_hold. Throws StoreError(connection_lost).
std::unique_ptr<SessionLock> make_session_lock(const std::string& url, std::int64_t key);

}  // namespace plumbline::store::pg
