// SQLite implementation of the store: WAL, one group-committing writer thread, a pool of readers.
#pragma once
#include <memory>
#include <string>

#include "store/store.hpp"

namespace plumbline::store {

// Opens (creating if needed) the database file at path; its folder must exist or be creatable.
std::unique_ptr<Store> make_sqlite_store(const std::string& path, const StoreOptions& options);

}  // namespace plumbline::store
