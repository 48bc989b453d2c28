// Fixture for the accounts contract suites: a fresh migrated store per test, user/token makers and
// a helper that reports which StoreError kind a write raised.
#pragma once
#include <gtest/gtest.h>

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "outbox_fixture.hpp"

namespace plumbline::store::accounts_test {

using domain::Millis;
using outbox_test::backend_name;
using outbox_test::pg_url;
using outbox_test::t0;

// A 64-character hex hash unique per (c, n): c tells sessions, tokens and refresh tokens apart.
inline std::string hash64(char c, int n) {
  std::string s = std::to_string(n);
  return std::string(64 - s.size(), c) + s;
}

inline domain::User make_user(const std::string& email, const char* role = domain::role_plumber) {
  domain::User u;
  u.email = email;
  u.password_hash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo";
  u.role = role;
  u.created_at = t0;
  u.updated_at = t0;
  return u;
}

inline domain::Session make_session(int n, std::int64_t user_id, Millis at = t0) {
  domain::Session s;
  s.id_hash = hash64('5', n);
  s.user_id = user_id;
  s.created_at = at;
  s.last_seen_at = at;
  s.absolute_expires_at = at + 30LL * 24 * 3'600'000;
  s.idle_timeout_ms = 12LL * 3'600'000;
  s.ip = "203.0.113.9";
  s.user_agent = "Mozilla/5.0 (X11; Linux x86_64)";
  return s;
}

inline domain::AuthToken make_token(int n, std::int64_t user_id, const char* purpose) {
  domain::AuthToken t;
  t.token_hash = hash64('a', n);
  t.user_id = user_id;
  t.purpose = purpose;
  t.created_at = t0;
  t.expires_at = t0 + 3'600'000;
  return t;
}

inline domain::RefreshToken make_refresh(int n, std::int64_t user_id, const std::string& family) {
  domain::RefreshToken t;
  t.token_hash = hash64('f', n);
  t.user_id = user_id;
  t.family_id = family;
  t.created_at = t0;
  t.expires_at = t0 + 30LL * 24 * 3'600'000;
  return t;
}

class AccountsFixture : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgres" && pg_url().empty())
      GTEST_SKIP() << "TEST_PG_URL is not set; start one with scripts/pg-temp.sh start DIR";
    db_ = std::make_unique<plumbline::testing::TempDb>(GetParam(), pg_url(), false);
    StoreOptions options;
    options.read_pool_size = 4;
    store_ = open_store(db_->url(), options);
    store_->migrate();
  }
  void TearDown() override {
    store_.reset();  // close connections before the database is dropped
    db_.reset();
  }

  bool is_pg() const { return GetParam() == "postgres"; }

  // Runs fn in a committed write transaction.
  template <typename F>
  void write(F fn) {
    store_->write_tx([&](Tx& tx) {
      fn(tx);
      return true;
    });
  }
  // Runs fn in a write transaction; the kind of StoreError it raised, or nullopt when it committed.
  std::optional<StoreErrorKind> failure(const std::function<void(Tx&)>& fn) {
    try {
      write(fn);
    } catch (const StoreError& e) {
      return e.kind();
    }
    return std::nullopt;
  }
  template <typename T>
  T read(const std::function<T(Tx&)>& fn) {
    return store_->read<T>(fn);
  }

  std::int64_t add_user(const domain::User& u) {
    std::int64_t id = 0;
    write([&](Tx& tx) { id = tx.insert_user(u); });
    return id;
  }
  std::int64_t add_user(const std::string& email) { return add_user(make_user(email)); }
  domain::User user(std::int64_t id) {
    auto u = read<std::optional<domain::User>>([&](Tx& tx) { return tx.user_by_id(id); });
    if (!u) throw std::runtime_error("user " + std::to_string(id) + " not found");
    return *u;
  }

  // Runs use(tx) for the same object in two threads whose write transactions overlap on
  // PostgreSQL (both are open before either uses it); returns how many uses reported a change.
  int race(const std::function<bool(Tx&)>& use) {
    std::mutex mu;
    std::condition_variable cv;
    int arrived = 0, wins = 0;
    bool overlapped = true;
    auto racer = [&] {
      store_->write_tx([&](Tx& tx) {
        if (is_pg()) {  // SQLite runs writes one at a time on its writer: waiting would deadlock
          tx.user_by_id(0);  // the transaction is open on the server
          std::unique_lock lk(mu);
          ++arrived;
          cv.notify_all();
          if (!cv.wait_for(lk, std::chrono::seconds(10), [&] { return arrived == 2; }))
            overlapped = false;
        }
        bool won = use(tx);
        std::lock_guard lk(mu);
        wins += won ? 1 : 0;
        return true;
      });
    };
    std::thread a(racer), b(racer);
    a.join();
    b.join();
    EXPECT_TRUE(overlapped) << "one racer's transaction ended before the other's began";
    return wins;
  }

  std::unique_ptr<plumbline::testing::TempDb> db_;
  std::unique_ptr<Store> store_;
};

}  // namespace plumbline::store::accounts_test
