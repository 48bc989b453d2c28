// Thin libpq wrappers: a connection that prepares named statements once, text-format params and
// results.
#pragma once
#include <libpq-fe.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "domain/ids.hpp"
#include "domain/statuses.hpp"
#include "store/errors.hpp"
#include "store/sql/statement.hpp"

namespace plumbline::store::pg {

// A named, parameterized statement; the name is unique in the program and prepared once per
// connection.
struct Sql {
  constexpr Sql(const char* statement_name, const char* sql) : name(statement_name), text(sql) {}
  // A statement shared with SQLite (store/sql/).
  template <std::size_t N>
  constexpr Sql(const sql::Statement<N>& s)  // NOLINT(google-explicit-constructor)
      : name(s.name), text(s.text.data()) {}
  const char* name;
  const char* text;
};

// Maps a SQLSTATE to the store's error kinds.
StoreErrorKind kind_for_sqlstate(std::string_view sqlstate);

// One parameter in text format; nullopt is SQL NULL.
using Param = std::optional<std::string>;
inline Param param(std::string_view v) {
  return std::string(v);
}
inline Param param(const std::string& v) {
  return v;
}
inline Param param(const char* v) {
  return std::string(v);
}
inline Param param(std::int64_t v) {
  return std::to_string(v);
}
inline Param param(int v) {
  return std::to_string(v);
}
inline Param param(bool v) {
  return std::string(v ? "t" : "f");
}
Param param(double v);  // shortest text that reads back to the same double
// bytea in its hex text form (\x…): the parameters stay text, like every other one.
Param param(sql::Blob v);
inline Param param(const std::optional<std::int64_t>& v) {
  return v ? param(*v) : std::nullopt;
}
inline Param param(const std::optional<double>& v) {
  return v ? param(*v) : std::nullopt;
}
// A typed id is sent as its number (domain/ids.hpp); none is NULL.
template <class Tag>
Param param(domain::Id<Tag> v) {
  return param(v.value);
}
template <class Tag>
Param param(const std::optional<domain::Id<Tag>>& v) {
  return v ? param(v->value) : std::nullopt;
}
// A status as its stored word (domain/statuses.hpp).
template <domain::NamedStatus E>
Param param(E e) {
  return param(domain::to_string(e));
}

// One array parameter in PostgreSQL's text form ({"a","b\"c",NULL}) of value(item) for each
// item: every element double-quoted with `"` and `\` escaped, so JSON and free text pass
// unchanged; NULL where the parameter is null. Cast it in the SQL ($1::bigint[]) and unnest it to
// write many rows in one statement.
template <typename T, typename F>
std::string array_param(const std::vector<T>& items, F value) {
  std::string out = "{";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += ',';
    Param p = param(value(items[i]));
    if (!p) {
      out += "NULL";
      continue;
    }
    out += '"';
    for (char ch : *p) {
      if (ch == '"' || ch == '\\') out += '\\';
      out += ch;
    }
    out += '"';
  }
  out += '}';
  return out;
}

class Row;

// An owned PGresult with typed readers (text format).
class Result {
 public:
  explicit Result(PGresult* r) : r_(r) {}
  Result(Result&& o) noexcept : r_(o.r_) { o.r_ = nullptr; }
  Result& operator=(Result&&) = delete;
  Result(const Result&) = delete;
  ~Result() { PQclear(r_); }

  int rows() const { return PQntuples(r_); }
  std::int64_t affected() const;  // rows changed by INSERT/UPDATE/DELETE
  bool is_null(int row, int col) const { return PQgetisnull(r_, row, col) != 0; }
  std::string text(int row, int col) const;
  std::int64_t int64(int row, int col) const;
  int int32(int row, int col) const { return static_cast<int>(int64(row, col)); }
  double real(int row, int col) const;
  bool boolean(int row, int col) const;
  std::optional<std::int64_t> opt_int64(int row, int col) const;
  std::string blob(int row, int col) const;  // a bytea column (hex text form) as its bytes
  Row row(int row) const;

 private:
  PGresult* r_;
};

// One row of a Result, read by column: what the shared row mappers (store/sql/*.hpp) take.
class Row {
 public:
  Row(const Result& r, int row) : r_(r), row_(row) {}
  bool is_null(int col) const { return r_.is_null(row_, col); }
  std::string text(int col) const { return r_.text(row_, col); }
  std::int64_t int64(int col) const { return r_.int64(row_, col); }
  double real(int col) const { return r_.real(row_, col); }
  bool boolean(int col) const { return r_.boolean(row_, col); }
  std::optional<std::int64_t> opt_int64(int col) const { return r_.opt_int64(row_, col); }
  std::string blob(int col) const { return r_.blob(row_, col); }

 private:
  const Result& r_;
  int row_;
};

inline Row Result::row(int row) const {
  return Row(*this, row);
}

class Conn {
 public:
  // Connects; throws StoreError(connection_lost) when the server cannot be reached.
  explicit Conn(const std::string& url);
  ~Conn();
  Conn(const Conn&) = delete;
  Conn& operator=(const Conn&) = delete;

  // True when the connection is up and not inside a transaction (fit to go back to the pool).
  bool reusable() const;
  bool in_failed_tx() const { return PQtransactionStatus(c_) == PQTRANS_INERROR; }
  // The error that most recently failed a statement on this connection.
  StoreErrorKind last_error_kind() const { return last_kind_; }
  const std::string& last_error() const { return last_error_; }

  // Runs SQL text without parameters (may hold several statements). Only for constant SQL.
  Result exec(const char* sql);
  // After LISTEN: waits up to `timeout` for notifications and consumes every pending one; true
  // when any arrived. Throws StoreError(connection_lost) when the connection is gone.
  bool await_notification(std::chrono::milliseconds timeout);
  // Runs a named statement with parameters, preparing it first on this connection if needed.
  template <typename... A>
  Result run(const Sql& q, const A&... args) {
    std::array<Param, sizeof...(A)> ps{param(args)...};
    return run_params(q, ps.data(), static_cast<int>(ps.size()));
  }
  // The same with parameters counted at run time (statements put together from fragments).
  Result run_list(const Sql& q, const std::vector<Param>& ps) {
    return run_params(q, ps.data(), static_cast<int>(ps.size()));
  }

 private:
  Result run_params(const Sql& q, const Param* ps, int n);
  Result check(PGresult* r, std::string_view context);

  PGconn* c_ = nullptr;
  std::unordered_set<std::string> prepared_;
  StoreErrorKind last_kind_ = StoreErrorKind::other;
  std::string last_error_;
};

}  // namespace plumbline::store::pg
