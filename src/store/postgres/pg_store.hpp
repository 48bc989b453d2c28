// PostgreSQL 15 + PostGIS implementation of the store (libpq, a connection pool).
#pragma once
#include <memory>
#include <string>

#include "store/store.hpp"

namespace plumbline::store {

// Connects to a postgres:// URL; throws StoreError(connection_lost) when the server cannot be
// reached.
std::unique_ptr<Store> make_postgres_store(const std::string& url, const StoreOptions& options);

}  // namespace plumbline::store
