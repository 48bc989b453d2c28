// libpq connection, result readers and SQLSTATE → StoreError mapping.
#include "store/postgres/pg_conn.hpp"

#include <poll.h>

#include <charconv>
#include <cstring>
#include <vector>

namespace plumbline::store::pg {

StoreErrorKind kind_for_sqlstate(std::string_view s) {
  if (s == "23505") return StoreErrorKind::unique_violation;
  // not_null and foreign_key violations are check violations too, as on SQLite.
  if (s == "23514" || s == "23502" || s == "23503") return StoreErrorKind::check_violation;
  if (s == "40001" || s == "40P01" || s == "55P03") return StoreErrorKind::busy;
  // Class 08 (connection exception); 57P01-03: the server is shutting down or restarting.
  if (s.starts_with("08") || s == "57P01" || s == "57P02" || s == "57P03")
    return StoreErrorKind::connection_lost;
  return StoreErrorKind::other;
}

Param param(double v) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, ec == std::errc() ? end : buf);
}

Param param(sql::Blob v) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 + v.bytes.size() * 2);
  out += "\\x";
  for (unsigned char ch : v.bytes) {
    out += digits[ch >> 4];
    out += digits[ch & 15];
  }
  return out;
}

// --- Result ---

std::int64_t Result::affected() const {
  const char* n = PQcmdTuples(r_);
  return (n && *n) ? std::atoll(n) : 0;
}

std::string Result::text(int row, int col) const {
  return std::string(PQgetvalue(r_, row, col), static_cast<std::size_t>(PQgetlength(r_, row, col)));
}

std::int64_t Result::int64(int row, int col) const {
  const char* v = PQgetvalue(r_, row, col);
  std::int64_t out = 0;
  auto [p, ec] = std::from_chars(v, v + PQgetlength(r_, row, col), out);
  if (ec != std::errc())
    throw StoreError(StoreErrorKind::other, std::string("not an integer: ") + v);
  return out;
}

double Result::real(int row, int col) const {
  const char* v = PQgetvalue(r_, row, col);
  double out = 0;
  auto [p, ec] = std::from_chars(v, v + PQgetlength(r_, row, col), out);
  if (ec != std::errc()) throw StoreError(StoreErrorKind::other, std::string("not a number: ") + v);
  return out;
}

bool Result::boolean(int row, int col) const {
  return PQgetvalue(r_, row, col)[0] == 't';
}

std::optional<std::int64_t> Result::opt_int64(int row, int col) const {
  if (is_null(row, col)) return std::nullopt;
  return int64(row, col);
}

std::string Result::blob(int row, int col) const {
  // bytea_output is hex (the default since PostgreSQL 9.0): "\x" then two digits a byte.
  const char* v = PQgetvalue(r_, row, col);
  auto n = static_cast<std::size_t>(PQgetlength(r_, row, col));
  if (n < 2 || v[0] != '\\' || v[1] != 'x')
    throw StoreError(StoreErrorKind::other, "bytea not in hex form");
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    throw StoreError(StoreErrorKind::other, "bad hex digit in bytea");
  };
  std::string out;
  out.reserve((n - 2) / 2);
  for (std::size_t i = 2; i + 1 < n; i += 2)
    out += static_cast<char>(nibble(v[i]) << 4 | nibble(v[i + 1]));
  return out;
}

// --- Conn ---

Conn::Conn(const std::string& url) {
  // Earlier keywords are defaults; settings inside the URL (expanded from dbname) override them.
  const char* keys[] = {"connect_timeout", "fallback_application_name", "dbname", nullptr};
  const char* vals[] = {"10", "plumbline", url.c_str(), nullptr};
  c_ = PQconnectdbParams(keys, vals, 1);
  if (!c_ || PQstatus(c_) != CONNECTION_OK) {
    std::string msg = c_ ? PQerrorMessage(c_) : "out of memory";
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
    PQfinish(c_);
    c_ = nullptr;
    throw StoreError(StoreErrorKind::connection_lost, "cannot connect to PostgreSQL: " + msg);
  }
  // Silence NOTICEs such as "extension already exists, skipping".
  PQsetNoticeProcessor(
      c_, [](void*, const char*) {}, nullptr);
}

Conn::~Conn() {
  PQfinish(c_);
}

bool Conn::reusable() const {
  return PQstatus(c_) == CONNECTION_OK && PQtransactionStatus(c_) == PQTRANS_IDLE;
}

Result Conn::check(PGresult* r, std::string_view context) {
  ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) return Result(r);

  const char* field = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  std::string state = field ? field : "";  // copied: the result is freed below
  std::string msg = r ? PQresultErrorMessage(r) : "";
  if (msg.empty()) msg = PQerrorMessage(c_);
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
  PQclear(r);
  StoreErrorKind kind = kind_for_sqlstate(state);
  if (PQstatus(c_) != CONNECTION_OK) kind = StoreErrorKind::connection_lost;
  last_kind_ = kind;
  last_error_ = std::string(context) + ": " + msg;
  throw StoreError(kind, last_error_);
}

Result Conn::exec(const char* sql) {
  return check(PQexec(c_, sql), "exec");
}

Result Conn::run_params(const Sql& q, const Param* ps, int n) {
  if (!prepared_.contains(q.name)) {
    check(PQprepare(c_, q.name, q.text, 0, nullptr), q.name);
    prepared_.insert(q.name);
  }
  std::vector<const char*> values(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) values[i] = ps[i] ? ps[i]->c_str() : nullptr;
  return check(PQexecPrepared(c_, q.name, n, values.data(), nullptr, nullptr, 0), q.name);
}

bool Conn::await_notification(std::chrono::milliseconds timeout) {
  auto lost = [this] {
    return StoreError(StoreErrorKind::connection_lost,
                      std::string("listening connection lost: ") + PQerrorMessage(c_));
  };
  auto drain = [this] {
    bool any = false;
    while (PGnotify* n = PQnotifies(c_)) {
      any = true;
      PQfreemem(n);
    }
    return any;
  };
  if (drain()) return true;
  pollfd p{PQsocket(c_), POLLIN, 0};
  if (p.fd < 0) throw lost();
  int r = ::poll(&p, 1, static_cast<int>(timeout.count()));
  if (r < 0) return false;  // EINTR: the caller waits again
  if (r > 0 && (PQconsumeInput(c_) == 0 || PQstatus(c_) != CONNECTION_OK)) throw lost();
  return drain();
}

}  // namespace plumbline::store::pg
