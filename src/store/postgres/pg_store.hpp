// PostgreSQL 15 + PostGIS implementation of the store (libpq, a connection pool).
#pragma once
#include <chrono>
#include <memory>
#include <string>

#include "store/store.hpp"

namespace plumbline::store {

// Connects to a postgres:// URL; throws StoreError(connection_lost) when the server cannot be
// reached.
std::unique_ptr<Store> make_postgres_store(const std::string& url, const StoreOptions& options);

// A store for reads that may be a little stale (reports, dashboards): they go to the streaming
// replica at `replica_url` while it has replayed what the primary had at most `max_lag` ago, and
// to `primary` otherwise (replica down, behind, or not replaying); everything else goes to
// `primary`. Connects lazily: a replica that is down at start is picked up when it answers.
std::unique_ptr<Store> make_replica_reads(Store& primary, const std::string& primary_url,
                                          const std::string& replica_url,
                                          const StoreOptions& options,
                                          std::chrono::milliseconds max_lag);

}  // namespace plumbline::store
