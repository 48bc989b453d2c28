// Chooses the store implementation from the DATABASE_URL scheme.
#include <stdexcept>

#include "store/postgres/pg_store.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store/store.hpp"

namespace plumbline::store {

std::unique_ptr<Store> open_store(const std::string& url, const StoreOptions& options) {
  if (url.starts_with("sqlite:")) return make_sqlite_store(url.substr(7), options);
  if (url.starts_with("postgres://") || url.starts_with("postgresql://"))
    return make_postgres_store(url, options);
  throw std::invalid_argument("DATABASE_URL must start with sqlite: or postgres://");
}

std::unique_ptr<Store> open_replica_reads(Store& primary, const std::string& primary_url,
                                          const std::string& replica_url,
                                          const StoreOptions& options,
                                          std::chrono::milliseconds max_lag) {
  if (primary.backend() != "postgres" ||
      !(replica_url.starts_with("postgres://") || replica_url.starts_with("postgresql://")))
    throw std::invalid_argument(
        "PLUMBLINE_DATABASE_REPLICA_URL needs a PostgreSQL DATABASE_URL and a postgres:// URL");
  return make_replica_reads(primary, primary_url, replica_url, options, max_lag);
}

}  // namespace plumbline::store
