// Whole-database copies of a SQLite database: an online backup while others write, a check of a
// backup file, and a restore that refuses while a server or worker has the database open.
// PostgreSQL is backed up with its own tools (pg_dump, pgBackRest): these refuse it with a hint.
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace plumbline::store {

// What a backup file holds, checked before a restore uses it.
struct BackupCheck {
  std::string integrity;                // "ok", or the first problem PRAGMA integrity_check found
  int version = 0;                      // highest migration applied in the file
  std::vector<std::string> pending;     // this binary's migrations the file lacks (migrate after)
  std::vector<std::string> unknown;     // migrations in the file this binary does not know (newer)
  std::vector<std::string> mismatched;  // applied migrations whose SQL differs from this binary's
  // A restore may use it: intact, a Plumbline schema, not newer than this binary.
  bool usable() const {
    return integrity == "ok" && version > 0 && unknown.empty() && mismatched.empty();
  }
};

struct BackupResult {
  std::string file;
  std::int64_t bytes = 0;
  int version = 0;  // highest migration applied in the copy
};

// Thrown for a PostgreSQL URL, a restore refused or a file that is not a usable backup; the
// message is for the operator.
struct BackupError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Copies the SQLite database of `database_url` into `file` (written as file.partial, then renamed)
// as one consistent snapshot, while the server goes on writing. The copy is a single file (no
// WAL). Throws BackupError for PostgreSQL.
BackupResult backup_database(const std::string& database_url, const std::string& file);

// Checks a backup file without changing it.
BackupCheck check_backup(const std::string& file);

// Replaces the SQLite database of `database_url` with a copy of `from` after check_backup() found
// it usable. Refuses (BackupError) while any Plumbline process has the database open; the database
// it replaces is kept beside it as <db>.before-restore-<unix ms>. Returns the check of `from`.
BackupCheck restore_database(const std::string& database_url, const std::string& from,
                             std::int64_t now_ms);

// Held (shared) by every process that opens the SQLite database, so that a restore can tell the
// database is in use: an flock on <db>-lock, let go when the process ends, even by kill -9.
class DatabaseInUse {
 public:
  // Throws BackupError when a restore holds the database.
  explicit DatabaseInUse(const std::string& db_path);
  ~DatabaseInUse();
  DatabaseInUse(const DatabaseInUse&) = delete;
  DatabaseInUse& operator=(const DatabaseInUse&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace plumbline::store
