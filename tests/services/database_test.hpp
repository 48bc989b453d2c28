// A service test on a fresh, migrated database of the backend its parameter names ("sqlite" or
// "postgres"); PostgreSQL tests skip without TEST_PG_URL.
#pragma once
#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>
#include <string>

#include "../id_compare.hpp"
#include "../store/temp_db.hpp"
#include "store/store.hpp"

namespace plumbline::testing {

class DatabaseTest : public ::testing::TestWithParam<std::string> {
 protected:
  // Call first in SetUp, then `if (IsSkipped()) return;`.
  void open_database() {
    const char* pg = std::getenv("TEST_PG_URL");
    if (GetParam() == "postgres" && !pg) GTEST_SKIP() << "TEST_PG_URL is not set";
    db_ = std::make_unique<TempDb>(GetParam(), pg ? pg : "", false);
    store_ = store::open_store(db_->url(), {});
    store_->migrate();
  }

  // Base members outlive the test's own: its services close before the store, the store before
  // the database is dropped.
  std::unique_ptr<TempDb> db_;
  std::unique_ptr<store::Store> store_;
};

}  // namespace plumbline::testing
