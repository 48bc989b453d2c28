// Thin RAII wrappers over the SQLite C API: a connection, a prepared statement with typed binds and
// reads.
#pragma once
#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "domain/ids.hpp"
#include "domain/statuses.hpp"
#include "store/errors.hpp"
#include "store/sql/statement.hpp"

namespace plumbline::store::sqlite {

// Throws StoreError of the right kind for a failing SQLite result code.
[[noreturn]] void throw_sqlite(sqlite3* db, int rc, std::string_view context);

class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  Statement& bind(int i, std::string_view v);
  Statement& bind(int i, std::int64_t v);
  Statement& bind(int i, int v) { return bind(i, static_cast<std::int64_t>(v)); }
  Statement& bind(int i, double v);
  Statement& bind(int i, const std::optional<std::int64_t>& v);
  Statement& bind(int i, sql::Blob v);
  // A typed id binds as its number (domain/ids.hpp); none binds NULL.
  template <class Tag>
  Statement& bind(int i, domain::Id<Tag> v) {
    return bind(i, v.value);
  }
  template <class Tag>
  Statement& bind(int i, const std::optional<domain::Id<Tag>>& v) {
    return v ? bind(i, v->value) : bind(i, std::optional<std::int64_t>{});
  }
  // A status binds as its stored word (domain/statuses.hpp).
  template <domain::NamedStatus E>
  Statement& bind(int i, E e) {
    return bind(i, std::string_view(domain::to_string(e)));
  }
  // Steps once; true when a row is available.
  bool step();
  // Runs to completion, ignoring rows.
  void run();
  // Runs an INSERT … RETURNING id to completion and returns the id.
  std::int64_t run_returning_id();
  std::string text(int col) const;
  std::string blob(int col) const;  // a BLOB column's bytes
  std::int64_t int64(int col) const;
  double real(int col) const;
  std::optional<std::int64_t> opt_int64(int col) const;
  bool is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  bool boolean(int col) const { return int64(col) != 0; }  // SQLite keeps booleans as 0 / 1
  ~Statement();  // resets so the cached statement can be reused

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

class Connection {
 public:
  Connection(const std::string& path, bool read_only);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  void exec(std::string_view sql);
  // Returns a cached prepared statement for sql (the same text gives the same statement).
  Statement prepare(const char* sql);
  // The same for a statement shared with PostgreSQL (store/sql/), placeholders rewritten at compile
  // time.
  template <const auto& S>
  Statement prepare() {
    return prepare(sql::sqlite_text<S>);
  }
  std::int64_t last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }
  sqlite3* handle() const { return db_; }

 private:
  sqlite3* db_ = nullptr;
  std::unordered_map<const char*, sqlite3_stmt*> cache_;
};

}  // namespace plumbline::store::sqlite
