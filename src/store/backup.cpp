// SQLite's online backup API, the check of a backup file, and the restore that replaces the
// database while no Plumbline process has it open (an flock beside the database tells).
#include "store/backup.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <map>

#include "store/migrations.hpp"
#include "store/sqlite/sqlite_db.hpp"

namespace plumbline::store {

namespace fs = std::filesystem;

namespace {

std::string sqlite_path(const std::string& url) {
  if (url.starts_with("postgres://") || url.starts_with("postgresql://"))
    throw BackupError(
        "PostgreSQL is backed up with its own tools: pg_dump -Fc for a copy, pgBackRest for "
        "point-in-time recovery (docs/operations.md, \"PostgreSQL: point-in-time recovery with "
        "pgBackRest\")");
  if (!url.starts_with("sqlite:")) throw BackupError("DATABASE_URL must start with sqlite:");
  return url.substr(7);
}

std::string lock_path(const std::string& db_path) {
  return db_path + "-lock";
}

// Opens <db>-lock and takes the lock `op` (LOCK_SH or LOCK_EX) without waiting; -1 when another
// process holds a conflicting one.
int take_lock(const std::string& db_path, int op) {
  int fd = ::open(lock_path(db_path).c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) throw BackupError("cannot open " + lock_path(db_path) + ": " + std::strerror(errno));
  if (::flock(fd, op | LOCK_NB) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// Writes the file's and its folder's data to disk, so that a rename that follows survives a crash.
void sync_file_and_folder(const std::string& path) {
  for (const auto& p : {fs::path(path), fs::path(path).parent_path()}) {
    int fd = ::open(p.empty() ? "." : p.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
      ::fsync(fd);
      ::close(fd);
    }
  }
}

int highest_version(sqlite::Connection& c) {
  auto st = c.prepare("SELECT coalesce(max(version), 0) FROM schema_migrations");
  return st.step() ? static_cast<int>(st.int64(0)) : 0;
}

}  // namespace

DatabaseInUse::DatabaseInUse(const std::string& db_path) {
  fd_ = take_lock(db_path, LOCK_SH);
  if (fd_ < 0)
    throw BackupError("a restore is replacing the database " + db_path +
                      "; start again once it is done");
}

DatabaseInUse::~DatabaseInUse() {
  if (fd_ >= 0) ::close(fd_);
}

BackupResult backup_database(const std::string& database_url, const std::string& file) {
  const std::string path = sqlite_path(database_url);
  if (!fs::exists(path)) throw BackupError("there is no database at " + path);
  DatabaseInUse in_use(path);  // a restore must not swap the file under the copy
  const std::string partial = file + ".partial";
  std::error_code ec;
  fs::remove(partial, ec);
  if (auto parent = fs::path(file).parent_path(); !parent.empty()) fs::create_directories(parent);
  try {
    sqlite::Connection source(path, true);
    {
      sqlite::Connection copy(partial, false);
      // One step copies every page inside one read transaction: a consistent snapshot, while the
      // server's writer goes on committing to the WAL.
      sqlite3_backup* b = sqlite3_backup_init(copy.handle(), "main", source.handle(), "main");
      if (!b) sqlite::throw_sqlite(copy.handle(), sqlite3_errcode(copy.handle()), "backup");
      int rc = sqlite3_backup_step(b, -1);
      sqlite3_backup_finish(b);
      if (rc != SQLITE_DONE) sqlite::throw_sqlite(copy.handle(), rc, "backup");
      // A rollback-journal file: the backup is one file, and opening it read-only changes nothing.
      copy.exec("PRAGMA journal_mode=DELETE");
    }
    sync_file_and_folder(partial);
    fs::rename(partial, file);
    sync_file_and_folder(file);
  } catch (const StoreError& e) {
    fs::remove(partial, ec);
    throw BackupError(std::string("backup failed: ") + e.what());
  }
  sqlite::Connection check(file, true);
  return BackupResult{file, static_cast<std::int64_t>(fs::file_size(file)), highest_version(check)};
}

BackupCheck check_backup(const std::string& file) {
  if (!fs::is_regular_file(file)) throw BackupError(file + " is not a file");
  BackupCheck out;
  try {
    sqlite::Connection c(file, true);
    {
      auto st = c.prepare("PRAGMA integrity_check(1)");
      out.integrity = st.step() ? st.text(0) : "no answer";
    }
    if (out.integrity != "ok") return out;
    {
      auto st = c.prepare(
          "SELECT count(*) FROM sqlite_master WHERE type='table' AND name='schema_migrations'");
      if (!st.step() || st.int64(0) == 0) return out;  // version 0: not a Plumbline database
    }
    std::map<int, std::string> applied;  // version → checksum
    {
      auto st = c.prepare("SELECT version, checksum FROM schema_migrations");
      while (st.step()) applied[static_cast<int>(st.int64(0))] = st.text(1);
    }
    out.version = applied.empty() ? 0 : applied.rbegin()->first;
    std::map<int, const EmbeddedMigration*> known;
    for (const auto& m : embedded_sqlite_migrations()) known[migration_version(m)] = &m;
    for (const auto& [v, sum] : applied) {
      auto it = known.find(v);
      if (it == known.end())
        out.unknown.push_back(std::to_string(v));
      else if (migration_checksum(*it->second) != sum)
        out.mismatched.emplace_back(it->second->name);
    }
    for (const auto& [v, m] : known)
      if (!applied.count(v)) out.pending.emplace_back(m->name);
  } catch (const StoreError& e) {
    // Not a database at all (SQLite says "file is not a database"), or unreadable.
    out.integrity = e.what();
  }
  return out;
}

BackupCheck restore_database(const std::string& database_url, const std::string& from,
                             std::int64_t now_ms) {
  const std::string path = sqlite_path(database_url);
  BackupCheck check = check_backup(from);
  if (check.integrity != "ok")
    throw BackupError(from + " is damaged or not a database: " + check.integrity);
  if (check.version == 0) throw BackupError(from + " is not a Plumbline database");
  if (!check.unknown.empty())
    throw BackupError(from + " was written by a newer Plumbline (migration " +
                      check.unknown.back() + "); restore it with that version");
  if (!check.mismatched.empty())
    throw BackupError(from + " has migration " + check.mismatched.front() +
                      " applied with different SQL than this binary's");
  if (auto parent = fs::path(path).parent_path(); !parent.empty()) fs::create_directories(parent);
  int fd = take_lock(path, LOCK_EX);
  if (fd < 0)
    throw BackupError(
        "a Plumbline server, worker or command has " + path +
        " open; stop them first (systemctl stop plumbline plumbline-worker), then restore");
  struct Unlock {
    int fd;
    ~Unlock() { ::close(fd); }
  } unlock{fd};
  const std::string incoming = path + ".restoring";
  fs::copy_file(from, incoming, fs::copy_options::overwrite_existing);
  sync_file_and_folder(incoming);
  if (fs::exists(path)) {
    // Fold the WAL into the old file so that it is whole on its own, then keep it aside; its WAL
    // must not meet the new file (SQLite would replay it into the restored database).
    const std::string kept = path + ".before-restore-" + std::to_string(now_ms);
    try {
      sqlite::Connection old(path, false);
      old.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    } catch (const StoreError&) {
      // A damaged old database: its WAL is kept beside it, as it is.
    }
    fs::rename(path, kept);
    if (fs::exists(path + "-wal")) fs::rename(path + "-wal", kept + "-wal");
  }
  std::error_code ec;
  fs::remove(path + "-wal", ec);
  fs::remove(path + "-shm", ec);
  fs::rename(incoming, path);
  sync_file_and_folder(path);
  return check;
}

}  // namespace plumbline::store
