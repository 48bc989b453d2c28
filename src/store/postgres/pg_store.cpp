// PostgreSQL store: transactions over the connection pool, migrations, ping; make_postgres_store.
#include "store/postgres/pg_store.hpp"

#include "store/postgres/pg_fleet.hpp"
#include "store/postgres/pg_migrate.hpp"
#include "store/postgres/pg_pool.hpp"
#include "store/postgres/pg_tx.hpp"

namespace plumbline::store {

namespace {
using pg::Conn;
using pg::Pool;

constexpr const char* begin_write_sql = "BEGIN";
// A consistent snapshot for the whole read (READ COMMITTED would take one per statement).
constexpr const char* begin_read_sql = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";

void rollback_quietly(Conn& c) {
  try {
    c.exec("ROLLBACK");
  } catch (...) {  // the connection is broken; the pool drops it
  }
}

class PgStore final : public Store {
 public:
  PgStore(const std::string& url, const StoreOptions& options)
      : url_(url), pool_(url, options.read_pool_size) {}

  std::string backend() const override { return "postgres"; }

  void write_tx(const std::function<bool(Tx&)>& fn) override {
    auto lease = checkout(begin_write_sql);
    pg::PgTx tx(*lease);
    bool commit = false;
    try {
      commit = fn(tx);
    } catch (...) {
      rollback_quietly(*lease);
      throw;
    }
    if (!commit) {
      rollback_quietly(*lease);
      return;
    }
    if (lease->in_failed_tx()) {
      // fn swallowed a failed statement; PostgreSQL has already aborted the transaction.
      rollback_quietly(*lease);
      throw StoreError(lease->last_error_kind(),
                       "transaction rolled back after an earlier error: " + lease->last_error());
    }
    lease->exec("COMMIT");
    pool_.count_commit();
  }

  void read_tx(const std::function<void(Tx&)>& fn) override {
    auto lease = checkout(begin_read_sql);
    pg::PgTx tx(*lease);
    try {
      fn(tx);
    } catch (...) {
      rollback_quietly(*lease);
      throw;
    }
    if (lease->in_failed_tx()) {
      rollback_quietly(*lease);
      throw StoreError(lease->last_error_kind(), "read failed: " + lease->last_error());
    }
    lease->exec("COMMIT");
  }

  MigrationStatus migration_status() override {
    auto lease = checkout(nullptr);
    return pg::migration_status(*lease);
  }

  std::vector<std::string> migrate() override {
    auto lease = checkout(nullptr);
    return pg::migrate(*lease);
  }

  bool ping() override {
    try {
      checkout("SELECT 1");
      return true;
    } catch (const std::exception&) {
      return false;
    }
  }

  PoolStats pool_stats() override { return pool_.stats(); }

  std::unique_ptr<Listener> listen(const char* channel) override {
    return pg::make_listener(url_, channel);
  }
  std::unique_ptr<SessionLock> session_lock(std::int64_t key) override {
    return pg::make_session_lock(url_, key);
  }

 private:
  // Lends a connection and runs its first statement (BEGIN, or SELECT 1 when first_sql is null).
  // Pooled connections go stale when the server restarts; as nothing has run yet, a failure with a
  // lost connection is retried on another (or a newly opened) connection.
  Pool::Lease checkout(const char* first_sql) {
    for (int attempt = 0;; ++attempt) {
      auto lease = pool_.acquire();
      try {
        lease->exec(first_sql ? first_sql : "SELECT 1");
        return lease;
      } catch (const StoreError& e) {
        if (e.kind() != StoreErrorKind::connection_lost || attempt >= pool_.capacity()) throw;
      }
    }
  }

  const std::string url_;
  Pool pool_;
};
}  // namespace

std::unique_ptr<Store> make_postgres_store(const std::string& url, const StoreOptions& options) {
  return std::make_unique<PgStore>(url, options);
}

}  // namespace plumbline::store
