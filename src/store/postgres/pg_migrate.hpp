// The PostgreSQL migration runner: schema_migrations bookkeeping against the embedded migrations.
#pragma once
#include <string>
#include <vector>

#include "store/migrations.hpp"
#include "store/postgres/pg_conn.hpp"

namespace plumbline::store::pg {

// Compares the applied migrations with the embedded ones (runs outside any transaction).
MigrationStatus migration_status(Conn& c);
// Applies each pending migration in its own transaction under an advisory lock; returns their
// names. Throws StoreError(schema) when an applied migration's checksum differs from the embedded
// SQL.
std::vector<std::string> migrate(Conn& c);

}  // namespace plumbline::store::pg
