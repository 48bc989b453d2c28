// PostgreSQL LISTEN connections and session-level advisory locks for several processes on one
// database.
#include "store/postgres/pg_fleet.hpp"

#include <stdexcept>

#include "store/postgres/pg_conn.hpp"

namespace plumbline::store::pg {

namespace {

constexpr Sql try_lock_sql{"fleet_try_lock", "SELECT pg_try_advisory_lock($1)"};

class PgListener final : public Listener {
 public:
  PgListener(const std::string& url, const char* channel) : conn_(url) {
    std::string name(channel);
    for (char ch : name)
      if (!((ch >= 'a' && ch <= 'z') || ch == '_'))
        throw std::invalid_argument("LISTEN channel must be lower-case letters and underscores");
    conn_.exec(("LISTEN " + name).c_str());
  }
  bool wait(std::chrono::milliseconds timeout) override {
    return conn_.await_notification(timeout);
  }

 private:
  Conn conn_;
};

class PgSessionLock final : public SessionLock {
 public:
  PgSessionLock(const std::string& url, std::int64_t key) : conn_(url), key_(key) {}
  bool try_hold() override {
    try {
      // A session lock lasts as long as its session: once taken, an answering connection holds it.
      if (held_) return conn_.exec("SELECT 1").rows() == 1;
      held_ = conn_.run(try_lock_sql, key_).boolean(0, 0);
      return held_;
    } catch (...) {
      held_ = false;
      throw;
    }
  }

 private:
  Conn conn_;
  std::int64_t key_;
  bool held_ = false;
};

}  // namespace

std::unique_ptr<Listener> make_listener(const std::string& url, const char* channel) {
  return std::make_unique<PgListener>(url, channel);
}

std::unique_ptr<SessionLock> make_session_lock(const std::string& url, std::int64_t key) {
  return std::make_unique<PgSessionLock>(url, key);
}

}  // namespace plumbline::store::pg
