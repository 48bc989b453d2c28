// The SQL of the console's request list, written once for both backends. One statement with
// every filter optional ("$1 = '' OR …") cannot use the index each filter needs (SQLite plans it
// once; PostgreSQL's generic plan neither), so the statement is put together from the fixed
// fragments below, one per filter in use. The texts are interned: the same shape of query is the
// same prepared statement (SQLite's cache is keyed by the text's address, PostgreSQL's by name).
#pragma once
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "domain/lead_query.hpp"
#include "store/sql/row.hpp"

namespace plumbline::store::sql::lead_console {

using Arg = std::variant<std::int64_t, std::string>;

// A statement for one query: its prepared-statement name, its text in each dialect (PostgreSQL's
// $N, SQLite's ?N) and the values for its placeholders in order.
struct Built {
  const char* name;
  const char* pg_text;
  const char* sqlite_text;
  std::vector<Arg> args;
};

// One page of rows, in scan order (reversed from the list's order when query.before).
Built search(const domain::LeadQuery& query);
// count(*) of the matching rows, stopping at cap + 1.
Built count(const domain::LeadQuery& query, std::int64_t cap);
// Whether search() scans against the list's order (the caller reverses the rows).
inline bool reversed(const domain::LeadQuery& q) {
  return q.before;
}

template <RowReader R>
domain::LeadListRow read_row(const R& r) {
  domain::LeadListRow x;
  int i = 0;
  x.id = r.int64(i++);
  x.created_at = r.int64(i++);
  x.status = r.text(i++);
  x.service_type = r.text(i++);
  x.urgency = r.text(i++);
  x.source = r.text(i++);
  x.city = r.text(i++);
  x.state = r.text(i++);
  x.zip = r.text(i++);
  x.name = r.text(i++);
  x.phone_e164 = r.text(i++);
  x.email = r.text(i++);
  x.matches_count = r.int64(i++);
  x.claims_count = r.int64(i++);
  x.duplicate_of = r.opt_int64(i++);
  x.flagged = r.int64(i++) != 0;
  return x;
}

}  // namespace plumbline::store::sql::lead_console
