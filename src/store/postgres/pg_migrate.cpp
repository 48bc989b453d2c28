// PostgreSQL migrations: status, and applying pending ones one transaction each under an advisory
// lock.
#include "store/postgres/pg_migrate.hpp"

#include <algorithm>
#include <map>

namespace plumbline::store::pg {

namespace {
// Any fixed key; two processes migrating the same database serialize on it.
constexpr std::int64_t migrate_lock_key = 0x706c756d626c696e;  // "plumblin"

constexpr const char* create_table_sql =
    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT "
    "NULL, "
    "checksum TEXT NOT NULL, applied_at BIGINT NOT NULL)";
constexpr Sql table_exists_sql{"migrations_table_exists",
                               "SELECT to_regclass('schema_migrations') IS NOT NULL"};
constexpr Sql applied_sql{"migrations_applied",
                          "SELECT version, checksum FROM schema_migrations ORDER BY version"};
constexpr Sql lock_sql{"migrations_lock", "SELECT pg_advisory_xact_lock($1)"};
constexpr Sql record_sql{
    "migrations_record",
    "INSERT INTO schema_migrations (version, name, checksum, applied_at) "
    "VALUES ($1, $2, $3, (extract(epoch FROM clock_timestamp()) * 1000)::bigint)"};

std::map<int, std::string> applied_checksums(Conn& c) {
  std::map<int, std::string> out;  // version → checksum
  if (!c.run(table_exists_sql).boolean(0, 0)) return out;
  auto r = c.run(applied_sql);
  for (int i = 0; i < r.rows(); ++i) out[r.int32(i, 0)] = r.text(i, 1);
  return out;
}

MigrationStatus status_from(const std::map<int, std::string>& applied) {
  MigrationStatus s;
  for (const auto& m : embedded_postgres_migrations()) {
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

void rollback_quietly(Conn& c) {
  try {
    c.exec("ROLLBACK");
  } catch (...) {  // a broken connection is dropped by the pool
  }
}
}  // namespace

MigrationStatus migration_status(Conn& c) {
  return status_from(applied_checksums(c));
}

std::vector<std::string> migrate(Conn& c) {
  std::vector<std::string> done;
  for (const auto& m : embedded_postgres_migrations()) {
    int version = migration_version(m);
    // The declared system principal: row-level security (0042) binds an owner that is no
    // superuser too, and a later migration that moves rows must see them all.
    c.exec("BEGIN; SET LOCAL plumbline.role = 'system'");
    try {
      c.run(lock_sql, migrate_lock_key);
      c.exec(create_table_sql);
      // Read under the lock: another process may have applied it while we waited.
      auto status = status_from(applied_checksums(c));
      if (!status.mismatched.empty())
        throw StoreError(StoreErrorKind::schema,
                         "applied migration was edited: " + status.mismatched.front());
      if (std::find(status.pending.begin(), status.pending.end(), m.name) == status.pending.end()) {
        c.exec("COMMIT");
        continue;
      }
      c.exec(m.sql);
      c.run(record_sql, version, m.name, migration_checksum(m));
      c.exec("COMMIT");
    } catch (...) {
      rollback_quietly(c);
      throw;
    }
    done.emplace_back(m.name);
  }
  return done;
}

}  // namespace plumbline::store::pg
