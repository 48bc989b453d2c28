// PostgreSQL store: transactions over the connection pool, migrations, ping; make_postgres_store.
#include "store/postgres/pg_store.hpp"

#include "store/postgres/pg_fleet.hpp"
#include "store/postgres/pg_migrate.hpp"
#include "store/postgres/pg_pool.hpp"
#include "store/postgres/pg_tx.hpp"
#include "store/principal.hpp"

namespace plumbline::store {

namespace {
using pg::Conn;
using pg::Pool;

constexpr const char* begin_write_sql = "BEGIN";
// A consistent snapshot for the whole read (READ COMMITTED would take one per statement).
constexpr const char* begin_read_sql = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";

// Every pooled connection acts as the role that owns nothing (migration 0042), so that row-level
// security binds the app even when DATABASE_URL logs in as the owner or a superuser (as the test
// clusters do). A login that cannot become it (a database not yet at 0042) keeps its own role.
constexpr const char* adopt_app_role_sql =
    "SELECT set_config('role', 'plumbline_app', false) FROM pg_roles "
    "WHERE rolname = 'plumbline_app' AND pg_has_role(oid, 'MEMBER')";
// Once the role exists (0042), a login that stays a superuser or BYPASSRLS role is not bound.
constexpr pg::Sql bypasses_rls_sql{
    "role_bypasses_rls",
    "SELECT (rolsuper OR rolbypassrls) AND EXISTS (SELECT 1 FROM pg_roles WHERE rolname = "
    "'plumbline_app') FROM pg_roles WHERE rolname = current_user"};

// BEGIN and the thread's principal (store/principal.hpp) for the policies, in one round trip. The
// settings are an enum's name and a number: no caller text reaches this SQL.
std::string begin_as_principal(const char* begin) {
  auto p = current_principal();
  const char* kind = p.kind == Principal::Kind::plumber ? "plumber"
                     : p.kind == Principal::Kind::staff ? "staff"
                                                        : "system";
  std::string sql = begin;
  sql += "; SET LOCAL plumbline.role = '";
  sql += kind;
  sql += "'; SET LOCAL plumbline.user_id = '";
  sql += std::to_string(p.kind == Principal::Kind::plumber ? p.user_id.value : 0);
  sql += "'";
  return sql;
}

void rollback_quietly(Conn& c) {
  try {
    c.exec("ROLLBACK");
  } catch (...) {  // the connection is broken; the pool drops it
  }
}

class PgStore final : public Store {
 public:
  PgStore(const std::string& url, const StoreOptions& options)
      : url_(url), pool_(url, options.read_pool_size, adopt_app_role_sql) {
    auto lease = pool_.acquire();
    if (lease->run(bypasses_rls_sql).boolean(0, 0))
      log::warn("postgres_rls_bypassed",
                {{"detail", "the database role bypasses row-level security; see docs/config.md"}});
  }

  std::string backend() const override { return "postgres"; }

  void write_tx(const std::function<bool(Tx&)>& fn) override {
    auto lease = checkout(begin_as_principal(begin_write_sql).c_str());
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
    auto lease = checkout(begin_as_principal(begin_read_sql).c_str());
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

  // Migrations run as the login role (the schema's owner), on a connection of their own that
  // never joins the pool.
  std::vector<std::string> migrate() override {
    Conn owner(url_);
    auto applied = pg::migrate(owner);
    // Connections opened before 0042 created the role keep the login's; reopen them.
    if (!applied.empty()) pool_.close_idle();
    return applied;
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
