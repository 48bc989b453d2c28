// Embedded numbered migrations and the status of a database's schema against them.
#pragma once
#include <string>
#include <vector>

namespace plumbline::store {

struct EmbeddedMigration {
  const char* name;  // "0001_init": the number before '_' is the version
  const char* sql;
};

const std::vector<EmbeddedMigration>& embedded_sqlite_migrations();
const std::vector<EmbeddedMigration>& embedded_postgres_migrations();

int migration_version(const EmbeddedMigration& m);           // the leading number
std::string migration_checksum(const EmbeddedMigration& m);  // SHA-256 hex of the SQL text

struct MigrationStatus {
  int current = 0;                   // highest applied version (0 = empty database)
  int latest = 0;                    // highest embedded version
  std::vector<std::string> pending;  // names not yet applied
  std::vector<std::string>
      mismatched;  // applied names whose checksum differs from the embedded SQL
  bool up_to_date() const { return pending.empty() && mismatched.empty(); }
};

}  // namespace plumbline::store
