// Reads that may be a little stale (reports, dashboards) on a streaming replica, while it has
// replayed what the primary had written at most max_lag ago; on the primary otherwise.
#include <chrono>
#include <mutex>
#include <optional>

#include "log/log.hpp"
#include "store/postgres/pg_conn.hpp"
#include "store/postgres/pg_store.hpp"

namespace plumbline::store {

namespace {

using Steady = std::chrono::steady_clock;

constexpr pg::Sql primary_lsn_sql{"replica_primary_lsn", "SELECT pg_current_wal_lsn()::text"};
// NULL (not reached) on a server that is not replaying: a promoted or misconfigured replica.
constexpr pg::Sql replica_reached_sql{
    "replica_reached", "SELECT COALESCE(pg_last_wal_replay_lsn() >= $1::pg_lsn, false)"};

class ReplicaReads final : public Store {
 public:
  ReplicaReads(Store& primary, std::string primary_url, std::string replica_url,
               const StoreOptions& options, std::chrono::milliseconds max_lag)
      : primary_(primary),
        primary_url_(std::move(primary_url)),
        replica_url_(std::move(replica_url)),
        options_(options),
        max_lag_(max_lag),
        probe_every_(
            std::max<std::chrono::milliseconds>(max_lag / 5, std::chrono::milliseconds(50))) {}

  std::string backend() const override { return primary_.backend(); }
  void write_tx(const std::function<bool(Tx&)>& fn) override { primary_.write_tx(fn); }

  void read_tx(const std::function<void(Tx&)>& fn) override {
    if (Store* replica = fresh_replica()) {
      try {
        replica->read_tx(fn);
        return;
      } catch (const StoreError& e) {
        // Lost, or cancelled by a conflict with replay (40001, busy): read it from the primary.
        if (e.kind() != StoreErrorKind::connection_lost && e.kind() != StoreErrorKind::busy) throw;
        mark_down(e.what());
      }
    }
    primary_.read_tx(fn);
  }

  MigrationStatus migration_status() override { return primary_.migration_status(); }
  std::vector<std::string> migrate() override { return primary_.migrate(); }
  bool ping() override { return primary_.ping(); }
  PoolStats pool_stats() override { return primary_.pool_stats(); }
  std::unique_ptr<Listener> listen(const char* channel) override {
    return primary_.listen(channel);
  }
  std::unique_ptr<SessionLock> session_lock(std::int64_t key) override {
    return primary_.session_lock(key);
  }

 private:
  struct Sample {
    std::string lsn;
    Steady::time_point at;
  };

  // The replica when it is known to be at most max_lag behind, else null. Probes at most every
  // probe_every_, one caller at a time; the others go by the last probe.
  Store* fresh_replica() {
    std::unique_lock lk(mu_, std::try_to_lock);
    if (lk.owns_lock() && Steady::now() - probed_at_ >= probe_every_) probe();
    std::lock_guard state(state_mu_);
    bool fresh = replica_ && fresh_as_of_ && Steady::now() - *fresh_as_of_ <= max_lag_;
    if (fresh != using_replica_) {
      using_replica_ = fresh;
      log::info(fresh ? "replica_reads_on" : "replica_reads_off", {});
    }
    return fresh ? replica_.get() : nullptr;
  }

  // The replica is at most (now - fresh_as_of_) behind once it has replayed a primary WAL position
  // read at fresh_as_of_. Holds mu_.
  void probe() {
    probed_at_ = Steady::now();
    try {
      if (!primary_conn_) primary_conn_ = std::make_unique<pg::Conn>(primary_url_);
      if (!replica_conn_) replica_conn_ = std::make_unique<pg::Conn>(replica_url_);
      {
        std::lock_guard state(state_mu_);
        if (!replica_) replica_ = make_postgres_store(replica_url_, options_);
      }
      auto reached = [&](const Sample& s) {
        return replica_conn_->run(replica_reached_sql, s.lsn).boolean(0, 0);
      };
      auto sample = [&] {
        auto at = Steady::now();  // before the read: the position is at least this recent
        return Sample{primary_conn_->run(primary_lsn_sql).text(0, 0), at};
      };
      if (!pending_) pending_ = sample();
      if (!reached(*pending_)) return;
      set_fresh(pending_->at);
      pending_ = sample();
      if (reached(*pending_)) {
        set_fresh(pending_->at);
        pending_.reset();
      }
    } catch (const std::exception& e) {
      primary_conn_.reset();
      replica_conn_.reset();
      pending_.reset();
      mark_down(e.what());
    }
  }

  void set_fresh(Steady::time_point at) {
    std::lock_guard state(state_mu_);
    fresh_as_of_ = at;
  }

  void mark_down(const std::string& why) {
    std::lock_guard state(state_mu_);
    if (fresh_as_of_) log::warn("replica_unavailable", {{"error", why}});
    fresh_as_of_.reset();
  }

  Store& primary_;
  const std::string primary_url_, replica_url_;
  const StoreOptions options_;
  const std::chrono::milliseconds max_lag_, probe_every_;
  std::mutex mu_;  // the probe and its connections
  std::unique_ptr<pg::Conn> primary_conn_, replica_conn_;
  std::optional<Sample> pending_;  // a primary position the replica has not replayed yet
  Steady::time_point probed_at_{};
  std::mutex state_mu_;  // what readers look at
  std::unique_ptr<Store> replica_;
  std::optional<Steady::time_point> fresh_as_of_;
  bool using_replica_ = false;
};

}  // namespace

std::unique_ptr<Store> make_replica_reads(Store& primary, const std::string& primary_url,
                                          const std::string& replica_url,
                                          const StoreOptions& options,
                                          std::chrono::milliseconds max_lag) {
  return std::make_unique<ReplicaReads>(primary, primary_url, replica_url, options, max_lag);
}

}  // namespace plumbline::store
