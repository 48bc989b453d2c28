// The reports fixture's shared pieces: what the lead pass hands to the money pass (claims and
// plumbers), a small SQLite row writer, and the money pass itself (reports_data_money.cpp).
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <variant>
#include <vector>

#include "bench_fixture.hpp"

namespace plumbline::bench {

using Ms = std::int64_t;
inline constexpr Ms ms_minute = 60'000;
inline constexpr Ms ms_hour = 3'600'000;
inline constexpr Ms ms_day = 86'400'000;

// One prepared INSERT; bind a row, then run it. Aborts on any SQLite error (a fixture loader).
class RowWriter {
 public:
  RowWriter(sqlite3* db, const std::string& sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st_, nullptr) != SQLITE_OK) fail(sql.c_str());
  }
  ~RowWriter() { sqlite3_finalize(st_); }
  RowWriter(const RowWriter&) = delete;
  RowWriter& operator=(const RowWriter&) = delete;
  using Value = std::variant<std::nullptr_t, std::int64_t, double, std::string>;
  void row(const std::vector<Value>& values) {
    int i = 1;
    for (const auto& v : values) {
      if (std::holds_alternative<std::nullptr_t>(v))
        sqlite3_bind_null(st_, i);
      else if (const auto* n = std::get_if<std::int64_t>(&v))
        sqlite3_bind_int64(st_, i, *n);
      else if (const auto* d = std::get_if<double>(&v))
        sqlite3_bind_double(st_, i, *d);
      else {
        const auto& s = std::get<std::string>(v);
        sqlite3_bind_text(st_, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
      }
      ++i;
    }
    if (sqlite3_step(st_) != SQLITE_DONE) fail("insert");
    sqlite3_reset(st_);
  }

 private:
  [[noreturn]] void fail(const char* what) {
    std::fprintf(stderr, "reports_data: %s: %s\n", what, sqlite3_errmsg(db_));
    std::exit(1);
  }
  sqlite3* db_;
  sqlite3_stmt* st_ = nullptr;
};

inline void exec_or_die(sqlite3* db, const std::string& sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::fprintf(stderr, "reports_data: %s: %s\n", sql.substr(0, 80).c_str(), err ? err : "?");
    std::exit(1);
  }
}

// A plumber as the lead pass drew it.
struct GenPlumber {
  std::int64_t user_id = 0;
  Ms joined_at = 0;
  bool approved = false;
};

// A claim as the lead pass drew it; id is given after sorting all claims by time.
struct GenClaim {
  Ms at = 0;
  std::int64_t lead_id = 0;
  std::int32_t plumber = 0;      // index into the plumbers
  std::int32_t price = 0;        // credits
  bool never_requested = false;  // the homeowner said so: the claim is disputed and refunded
  bool hired = false;            // the homeowner hired this plumber: the claim is won
  Ms lead_closed_at = 0;         // when the homeowner said so (never_requested only)
};

struct MoneyTotals {
  std::int64_t payments = 0, pack_payments = 0, subscription_payments = 0, refunded_payments = 0,
               chargebacks = 0, ledger_rows = 0, disputes = 0, approved_disputes = 0;
};

// Writes claims (sorted, with ids), disputes, subscriptions, payments, the credit ledger and the
// balances, keeping every balance >= 0 by buying a pack just before a claim that needs one.
MoneyTotals write_money(sqlite3* db, Rng& rng, std::vector<GenClaim>& claims,
                        const std::vector<GenPlumber>& plumbers, Ms window_start, Ms now,
                        double subscriber_share);

}  // namespace plumbline::bench
