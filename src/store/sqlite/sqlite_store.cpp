// SQLite store: one writer thread that group-commits queued writes (one fsync per batch), pooled
// readers.
#include "store/sqlite/sqlite_store.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <semaphore>
#include <thread>

#include "store/backup.hpp"
#include "store/sqlite/sqlite_db.hpp"
#include "store/sqlite/sqlite_tx.hpp"

namespace plumbline::store {

namespace {

using sqlite::Connection;
using sqlite::SqliteTx;

struct WriteJob {
  const std::function<bool(Tx&)>* fn = nullptr;
  std::exception_ptr error;
  std::binary_semaphore done{
      0};  // released by the writer once the batch holding this job committed
};

constexpr const char* create_migrations_table =
    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT "
    "NULL, "
    "checksum TEXT NOT NULL, applied_at INTEGER NOT NULL)";

class SqliteStore final : public Store {
 public:
  SqliteStore(std::string path, StoreOptions opts) : path_(std::move(path)), opts_(opts) {
    auto parent = std::filesystem::path(path_).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent);
    // `plumbline restore` refuses while this is held, and this refuses while a restore runs.
    if (path_ != ":memory:") in_use_.emplace(path_);
    writer_ = std::make_unique<Connection>(path_, false);
    writer_->exec("PRAGMA journal_mode=WAL");
    writer_->exec(opts_.synchronous_full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
    writer_->exec("PRAGMA foreign_keys=ON");
    writer_->exec("PRAGMA journal_size_limit=67108864");
    // A larger page cache and memory-mapped reads keep index pages out of pread() on every insert;
    // checkpoints every ~16 MB of WAL instead of 4 MB keep the writer's pauses rarer.
    writer_->exec("PRAGMA cache_size=-65536");
    writer_->exec("PRAGMA mmap_size=268435456");
    writer_->exec("PRAGMA wal_autocheckpoint=4000");
    int readers = std::max(1, opts_.read_pool_size);
    for (int i = 0; i < readers; ++i) {
      auto c = std::make_unique<Connection>(path_, false);
      c->exec("PRAGMA foreign_keys=ON");
      c->exec("PRAGMA query_only=1");
      c->exec("PRAGMA mmap_size=268435456");
      idle_readers_.push_back(c.get());
      readers_.push_back(std::move(c));
    }
    thread_ = std::thread([this] { writer_loop(); });
  }

  ~SqliteStore() override {
    {
      std::lock_guard lk(queue_mu_);
      stopping_ = true;
    }
    queue_cv_.notify_all();
    if (thread_.joinable()) thread_.join();
  }

  std::string backend() const override { return "sqlite"; }

  void write_tx(const std::function<bool(Tx&)>& fn) override {
    WriteJob job;
    job.fn = &fn;
    {
      std::unique_lock lk(queue_mu_);
      if (stopping_) throw StoreError(StoreErrorKind::connection_lost, "store is shutting down");
      queue_.push_back(&job);
    }
    queue_cv_.notify_one();
    job.done.acquire();
    if (job.error) std::rethrow_exception(job.error);
  }

  void read_tx(const std::function<void(Tx&)>& fn) override {
    Connection* c = acquire_reader();
    struct Release {
      SqliteStore* s;
      Connection* c;
      ~Release() { s->release_reader(c); }
    } release{this, c};
    c->exec("BEGIN");
    try {
      SqliteTx tx(*c);
      fn(tx);
      c->exec("COMMIT");
    } catch (...) {
      try {
        c->exec("ROLLBACK");
      } catch (...) {
      }
      throw;
    }
  }

  MigrationStatus migration_status() override {
    std::lock_guard lk(writer_mu_);
    return status_locked();
  }

  std::vector<std::string> migrate() override {
    std::lock_guard lk(writer_mu_);
    std::vector<std::string> applied;
    writer_->exec(create_migrations_table);
    auto status = status_locked();
    if (!status.mismatched.empty())
      throw StoreError(StoreErrorKind::schema,
                       "applied migration was edited: " + status.mismatched.front());
    for (const auto& m : embedded_sqlite_migrations()) {
      if (std::find(status.pending.begin(), status.pending.end(), m.name) == status.pending.end())
        continue;
      writer_->exec("BEGIN IMMEDIATE");
      try {
        // Another process may have applied it between our status read and taking the write lock.
        bool already = false;
        {
          auto check =
              writer_->prepare("SELECT count(*) FROM schema_migrations WHERE version = ?1");
          check.bind(1, migration_version(m));
          already = check.step() && check.int64(0) > 0;
        }
        if (already) {
          writer_->exec("COMMIT");
          continue;
        }
        writer_->exec(m.sql);
        auto st = writer_->prepare(
            "INSERT INTO schema_migrations (version, name, checksum, applied_at) "
            "VALUES (?1, ?2, ?3, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER))");
        st.bind(1, migration_version(m))
            .bind(2, std::string_view(m.name))
            .bind(3, migration_checksum(m));
        st.run();
        writer_->exec("COMMIT");
      } catch (...) {
        writer_->exec("ROLLBACK");
        throw;
      }
      applied.emplace_back(m.name);
    }
    return applied;
  }

  bool ping() override {
    try {
      read_tx([](Tx& tx) { tx.count_leads(); });
      return true;
    } catch (...) {
      return false;
    }
  }

  PoolStats pool_stats() override {
    std::lock_guard lk(reader_mu_);
    PoolStats s;
    s.size = static_cast<int>(readers_.size()) + 1;
    s.in_use = static_cast<int>(readers_.size() - idle_readers_.size());
    s.waits = reader_waits_;
    s.commits = commits_.load();
    return s;
  }

 private:
  MigrationStatus status_locked() {
    MigrationStatus s;
    std::map<int, std::string> applied;  // version → checksum
    bool has_table = false;
    {
      auto st = writer_->prepare(
          "SELECT count(*) FROM sqlite_master WHERE type='table' AND name='schema_migrations'");
      has_table = st.step() && st.int64(0) > 0;
    }
    if (has_table) {
      auto st = writer_->prepare("SELECT version, checksum FROM schema_migrations");
      while (st.step()) applied[static_cast<int>(st.int64(0))] = st.text(1);
    }
    for (const auto& m : embedded_sqlite_migrations()) {
      int v = migration_version(m);
      s.latest = std::max(s.latest, v);
      auto it = applied.find(v);
      if (it == applied.end())
        s.pending.emplace_back(m.name);
      else if (it->second != migration_checksum(m))
        s.mismatched.emplace_back(m.name);
    }
    if (!applied.empty()) s.current = applied.rbegin()->first;
    return s;
  }

  Connection* acquire_reader() {
    std::unique_lock lk(reader_mu_);
    if (idle_readers_.empty()) ++reader_waits_;
    reader_cv_.wait(lk, [&] { return !idle_readers_.empty(); });
    Connection* c = idle_readers_.back();
    idle_readers_.pop_back();
    return c;
  }
  void release_reader(Connection* c) {
    {
      std::lock_guard lk(reader_mu_);
      idle_readers_.push_back(c);
    }
    reader_cv_.notify_one();
  }

  void writer_loop() {
    for (;;) {
      std::vector<WriteJob*> batch;
      {
        std::unique_lock lk(queue_mu_);
        queue_cv_.wait(lk, [&] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return;  // stopping with nothing left
        while (!queue_.empty() && batch.size() < static_cast<std::size_t>(opts_.max_batch)) {
          batch.push_back(queue_.front());
          queue_.pop_front();
        }
      }
      run_batch(batch);
      // Wake exactly the callers of this batch; each job lives on its caller's stack until then.
      for (auto* j : batch) j->done.release();
    }
  }

  // Runs each job in its own savepoint inside one transaction and commits once.
  void run_batch(std::vector<WriteJob*>& batch) {
    std::lock_guard lk(writer_mu_);
    try {
      writer_->exec("BEGIN IMMEDIATE");
    } catch (...) {
      for (auto* j : batch) j->error = std::current_exception();
      return;
    }
    SqliteTx tx(*writer_);
    for (auto* j : batch) {
      writer_->exec("SAVEPOINT w");
      bool keep = false;
      try {
        keep = (*j->fn)(tx);
      } catch (...) {
        j->error = std::current_exception();
      }
      if (!keep) writer_->exec("ROLLBACK TO w");
      writer_->exec("RELEASE w");
    }
    try {
      writer_->exec("COMMIT");
      ++commits_;
    } catch (...) {
      auto err = std::current_exception();
      try {
        writer_->exec("ROLLBACK");
      } catch (...) {
      }
      for (auto* j : batch)
        if (!j->error) j->error = err;
    }
  }

  std::string path_;
  StoreOptions opts_;
  std::optional<DatabaseInUse> in_use_;
  std::unique_ptr<Connection> writer_;
  std::mutex writer_mu_;  // the writer connection: batches and migrations

  std::mutex queue_mu_;
  std::condition_variable queue_cv_;
  std::deque<WriteJob*> queue_;
  bool stopping_ = false;
  std::thread thread_;
  std::atomic<std::uint64_t> commits_{0};

  std::mutex reader_mu_;
  std::condition_variable reader_cv_;
  std::vector<std::unique_ptr<Connection>> readers_;
  std::vector<Connection*> idle_readers_;
  std::uint64_t reader_waits_ = 0;
};

}  // namespace

std::unique_ptr<Store> make_sqlite_store(const std::string& path, const StoreOptions& options) {
  return std::make_unique<SqliteStore>(path, options);
}

}  // namespace plumbline::store
