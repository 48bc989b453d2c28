// The SQL of the plumbers console (search with filters and keyset paging, the messages and disputes
// of one plumber), written once for both backends (PostgreSQL placeholders; see statement.hpp).
// The search is put together from fixed fragments, one per filter in use (plumber_console.cpp):
// one statement with every filter optional cannot use the index each filter and sort needs.
#pragma once
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "domain/plumber_console.hpp"
#include "store/sql/disputes.hpp"
#include "store/sql/outbox.hpp"
#include "store/sql/row.hpp"
#include "store/sql/statement.hpp"

namespace plumbline::store::sql {

// Reads a row of plumber_console::search.
template <RowReader R>
domain::PlumberRow read_plumber_row(const R& r) {
  domain::PlumberRow p;
  int i = 0;
  p.id = r.int64(i++);
  p.business_name = r.text(i++);
  p.contact_name = r.text(i++);
  p.email = r.text(i++);
  p.phone_e164 = r.text(i++);
  p.status = status_column<domain::PlumberStatus>(r, i++);
  p.plan_status = status_column<domain::PlanStatus>(r, i++);
  p.base_zip = r.text(i++);
  p.radius_miles = static_cast<int>(r.int64(i++));
  p.balance = r.int64(i++);
  p.created_at = r.int64(i++);
  p.closed_at = r.opt_int64(i++);
  p.last_active_at = r.int64(i++);
  return p;
}

}  // namespace plumbline::store::sql

namespace plumbline::store::sql::plumber_console {

// The two texts differ only in the area test (SQLite's great_circle_miles, PostGIS's ST_DWithin)
// and the placeholders ($N / ?N).
enum class Dialect { sqlite, postgres };

using Arg = std::variant<std::int64_t, double, std::string>;

// One page of the search: its prepared-statement name, its text in the dialect asked for, and the
// values of its placeholders in order. Same shape of query → same name and text (interned for the
// life of the process; SQLite's statement cache is keyed by the text's address).
struct Built {
  const char* name;
  const char* text;
  std::vector<Arg> args;
};

// Plumbers matching every filter of q, in q.sort's order, after q's cursor, at most q.limit
// (q.limit > 0).
Built search(const domain::PlumberSearch& q, Dialect dialect);

// Messages to one e-mail address or phone number, newest first (migration 0022's index).
inline constexpr Statement plumber_messages{
    "console_plumber_messages",
    "SELECT " OUTBOX_COLUMNS
    " FROM outbox WHERE recipient = $1 OR ($2 <> '' AND recipient = $2) ORDER BY id DESC LIMIT $3"};
inline constexpr Statement plumber_disputes{
    "console_plumber_disputes",
    "SELECT " DISPUTE_COLUMNS " FROM disputes WHERE plumber_id = $1 ORDER BY id DESC LIMIT $2"};

}  // namespace plumbline::store::sql::plumber_console
