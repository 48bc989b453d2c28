// Unit tests for SQLite backups: the copy is a whole, current database; a restore checks the file
// first, refuses while the database is open, and keeps the database it replaces.
#include "store/backup.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "store/sqlite/sqlite_db.hpp"
#include "store/store.hpp"

namespace plumbline::store {
namespace {

namespace fs = std::filesystem;

struct Folder {
  fs::path dir = fs::temp_directory_path() / ("plumbline-backup-" + std::to_string(::getpid()));
  Folder() { fs::create_directories(dir); }
  ~Folder() { fs::remove_all(dir); }
  std::string url(const std::string& name) const { return "sqlite:" + (dir / name).string(); }
  std::string path(const std::string& name) const { return (dir / name).string(); }
};

void migrated(const std::string& url) {
  open_store(url, {})->migrate();
}

std::int64_t count_rows(const std::string& file, const char* sql) {
  sqlite::Connection c(file, true);
  auto st = c.prepare(sql);
  return st.step() ? st.int64(0) : -1;
}

TEST(SqliteBackup, CopiesACurrentDatabaseIntoOneCheckedFile) {
  Folder f;
  migrated(f.url("live.db"));
  auto r = backup_database(f.url("live.db"), f.path("copies/one.db"));
  EXPECT_GT(r.bytes, 0);
  EXPECT_FALSE(fs::exists(f.path("copies/one.db.partial")));
  EXPECT_FALSE(fs::exists(f.path("copies/one.db-wal"))) << "one file, no WAL";
  auto check = check_backup(f.path("copies/one.db"));
  EXPECT_TRUE(check.usable()) << check.integrity;
  EXPECT_EQ(check.version, r.version);
  EXPECT_TRUE(check.pending.empty());
}

TEST(SqliteBackup, RestoreRefusesWhileTheDatabaseIsOpenAndKeepsTheOldOne) {
  Folder f;
  migrated(f.url("live.db"));
  backup_database(f.url("live.db"), f.path("b.db"));
  {
    auto open = open_store(f.url("live.db"), {});
    try {
      restore_database(f.url("live.db"), f.path("b.db"), 1000);
      FAIL() << "restored under an open store";
    } catch (const BackupError& e) {
      EXPECT_NE(std::string(e.what()).find("stop them first"), std::string::npos) << e.what();
    }
  }
  auto check = restore_database(f.url("live.db"), f.path("b.db"), 1000);
  EXPECT_TRUE(check.usable());
  EXPECT_TRUE(fs::exists(f.path("live.db.before-restore-1000")));
  EXPECT_TRUE(open_store(f.url("live.db"), {})->migration_status().up_to_date());
}

TEST(SqliteBackup, RestoreRefusesADamagedFileAndOneFromANewerVersion) {
  Folder f;
  migrated(f.url("live.db"));
  std::ofstream(f.path("junk.db")) << std::string(8192, 'x');
  EXPECT_THROW(restore_database(f.url("live.db"), f.path("junk.db"), 1), BackupError);
  backup_database(f.url("live.db"), f.path("newer.db"));
  {
    sqlite::Connection c(f.path("newer.db"), false);
    c.exec(
        "INSERT INTO schema_migrations (version, name, checksum, applied_at) "
        "VALUES (9999, '9999_future', 'x', 0)");
  }
  auto check = check_backup(f.path("newer.db"));
  EXPECT_FALSE(check.usable());
  EXPECT_EQ(check.unknown, std::vector<std::string>{"9999"});
  try {
    restore_database(f.url("live.db"), f.path("newer.db"), 1);
    FAIL() << "restored a newer schema";
  } catch (const BackupError& e) {
    EXPECT_NE(std::string(e.what()).find("newer"), std::string::npos) << e.what();
  }
  EXPECT_GT(count_rows(f.path("live.db"), "SELECT count(*) FROM schema_migrations"), 0)
      << "the live database is untouched";
  EXPECT_FALSE(fs::exists(f.path("live.db.before-restore-1")));
}

TEST(SqliteBackup, PostgresIsPointedToItsOwnTools) {
  try {
    backup_database("postgres://u@localhost/db", "/tmp/x.db");
    FAIL();
  } catch (const BackupError& e) {
    EXPECT_NE(std::string(e.what()).find("pgBackRest"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("pg_dump"), std::string::npos);
  }
}

}  // namespace
}  // namespace plumbline::store
