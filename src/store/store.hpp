// THE storage interface: transactions with noun-first methods; SQLite and PostgreSQL implement it
// alike.
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "domain/error.hpp"
#include "log/log.hpp"
#include "store/errors.hpp"
#include "store/fleet.hpp"
#include "store/migrations.hpp"
#include "store/tx/tx.hpp"

namespace plumbline::store {

struct PoolStats {
  int size = 0;               // connections in the pool
  int in_use = 0;             // connections handed out right now
  std::uint64_t waits = 0;    // times a caller had to wait for a connection
  std::uint64_t commits = 0;  // transactions committed (group commits count once on SQLite)
};

struct StoreOptions {
  int read_pool_size = 4;        // SQLite readers / PostgreSQL pool size
  bool synchronous_full = true;  // SQLite: fsync before acknowledging a write
  int max_batch = 256;           // SQLite group commit: most writes in one transaction
};

class Store {
 public:
  virtual ~Store() = default;
  virtual std::string backend() const = 0;  // "sqlite" or "postgres"

  // Runs fn in a write transaction. Returning false rolls back fn's work. Exceptions propagate
  // after rollback. On SQLite, concurrent writes share one commit (group commit); each runs in its
  // own savepoint.
  virtual void write_tx(const std::function<bool(Tx&)>& fn) = 0;
  // Runs fn in a read-only transaction (a consistent snapshot).
  virtual void read_tx(const std::function<void(Tx&)>& fn) = 0;

  virtual MigrationStatus migration_status() = 0;
  // Applies pending migrations in order, each in its own transaction; returns the names applied.
  virtual std::vector<std::string> migrate() = 0;
  // Returns true when the database answers a trivial query.
  virtual bool ping() = 0;
  virtual PoolStats pool_stats() = 0;

  // Fleet coordination (store/fleet.hpp). SQLite serves one process, which needs neither: both
  // return null there, and callers keep their single-process behaviour (poll; run every job).
  // Throw StoreError(connection_lost) when the database cannot be reached.
  virtual std::unique_ptr<Listener> listen(const char* /*channel*/) { return nullptr; }
  virtual std::unique_ptr<SessionLock> session_lock(std::int64_t /*key*/) { return nullptr; }

  // Runs fn in a write transaction; an error result rolls it back. Store failures are mapped here,
  // once: a busy, lost or broken database becomes `unavailable` (log_detail = what()). Unique and
  // check violations still throw StoreError: what they mean depends on the use case (a second
  // claim, an e-mail taken, a price id in use), so the service that wrote the row names them.
  template <typename T>
  domain::Result<T> write(const std::function<domain::Result<T>(Tx&)>& fn) {
    std::optional<domain::Result<T>> out;
    try {
      write_tx([&](Tx& tx) {
        out.emplace(fn(tx));
        return out->ok();
      });
    } catch (const StoreError& e) {
      if (e.kind() == StoreErrorKind::unique_violation ||
          e.kind() == StoreErrorKind::check_violation)
        throw;
      return store_unavailable(e);
    }
    return std::move(*out);
  }
  // Runs fn in a read-only transaction; a store failure throws domain::Failure (unavailable),
  // which the HTTP server answers with 503 and Retry-After.
  template <typename T>
  T read(const std::function<T(Tx&)>& fn) {
    std::optional<T> out;
    try {
      read_tx([&](Tx& tx) { out.emplace(fn(tx)); });
    } catch (const StoreError& e) {
      throw domain::Failure{store_unavailable(e)};
    }
    return std::move(*out);
  }
  // The error a store failure becomes, logged here once; the driver's text reaches no client.
  static domain::Error store_unavailable(const StoreError& e) {
    log::error("store_failure", {{"error", std::string(e.what())}});
    return domain::Error::make(
        domain::ErrorCode::unavailable,
        "We could not save or load that just now. Please try again in a moment.", e.what());
  }
};

// Opens "sqlite:PATH" or "postgres://…" / "postgresql://…"; throws std::invalid_argument for other
// schemes.
std::unique_ptr<Store> open_store(const std::string& url, const StoreOptions& options);

// Reports and dashboards (issue 19): reads on the PostgreSQL streaming replica at `replica_url`
// while it is at most `max_lag` behind `primary`, on `primary` otherwise; writes on `primary`.
// Throws std::invalid_argument unless both URLs are PostgreSQL's.
std::unique_ptr<Store> open_replica_reads(Store& primary, const std::string& primary_url,
                                          const std::string& replica_url,
                                          const StoreOptions& options,
                                          std::chrono::milliseconds max_lag);

}  // namespace plumbline::store
