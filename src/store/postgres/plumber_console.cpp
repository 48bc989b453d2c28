// PostgreSQL: the plumbers console's reads (search with filters and keyset paging, messages,
// disputes). The area test is PostGIS on the sphere, as matching's.
#include "store/sql/plumber_console.hpp"

#include "store/postgres/pg_tx.hpp"

namespace plumbline::store::pg {

namespace {

// PostgreSQL only: ST_DWithin on the sphere (use_spheroid = false), as match_plumbers, so the
// distance agrees with SQLite's great_circle_miles.
#define CONSOLE_AREA_PG                                                                   \
  "ST_DWithin(p.base_location, ST_SetSRID(ST_MakePoint($10, $9), 4326)::geography, "      \
  "(CASE WHEN CAST($12 AS BIGINT) > 0 THEN CAST($12 AS BIGINT) ELSE p.radius_miles END) " \
  "* 1609.344::double precision, false)"

constexpr sql::Statement console_search_newest{
    "console_search_newest",
    PLUMBER_SEARCH(CONSOLE_AREA_PG, PLUMBER_CURSOR_NEWEST, PLUMBER_ORDER_NEWEST)};
constexpr sql::Statement console_search_name{
    "console_search_name",
    PLUMBER_SEARCH(CONSOLE_AREA_PG, PLUMBER_CURSOR_NAME, PLUMBER_ORDER_NAME)};
constexpr sql::Statement console_search_balance{
    "console_search_balance",
    PLUMBER_SEARCH(CONSOLE_AREA_PG, PLUMBER_CURSOR_BALANCE, PLUMBER_ORDER_BALANCE)};
constexpr sql::Statement console_search_active{
    "console_search_active",
    PLUMBER_SEARCH(CONSOLE_AREA_PG, PLUMBER_CURSOR_ACTIVE, PLUMBER_ORDER_ACTIVE)};
#undef CONSOLE_AREA_PG

const Sql& console_search_for(const std::string& sort) {
  static const Sql newest{console_search_newest}, name{console_search_name},
      balance{console_search_balance}, active{console_search_active};
  if (sort == domain::plumber_sort_name) return name;
  if (sort == domain::plumber_sort_balance) return balance;
  if (sort == domain::plumber_sort_last_active) return active;
  return newest;
}

}  // namespace

std::vector<domain::PlumberRow> PgTx::search_plumbers(const domain::PlumberSearch& q) {
  if (q.limit <= 0) return {};
  auto r = c_.run(
      console_search_for(q.sort), q.term.name_prefix, q.term.email_prefix, q.term.phone_digits,
      q.term.id, q.status, q.plan_status, q.service, std::int64_t{q.near ? 1 : 0}, q.lat, q.lng,
      q.zip, static_cast<std::int64_t>(q.within_miles), q.signed_up_from, q.signed_up_to,
      q.active_from, q.active_to, q.balance_min.value_or(-1), q.balance_max.value_or(-1),
      q.after_id, q.after_name, q.after_num, static_cast<std::int64_t>(q.limit));
  std::vector<domain::PlumberRow> out;
  out.reserve(static_cast<std::size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i) out.push_back(sql::read_plumber_row(r.row(i)));
  return out;
}

std::vector<domain::OutboxMessage> PgTx::plumber_messages(const std::string& email,
                                                          const std::string& phone_e164,
                                                          int limit) {
  if (limit <= 0) return {};
  auto r = c_.run(sql::plumber_console::plumber_messages, email, phone_e164,
                  static_cast<std::int64_t>(limit));
  std::vector<domain::OutboxMessage> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(sql::read_message(r.row(i)));
  return out;
}

std::vector<domain::Dispute> PgTx::plumber_disputes(std::int64_t plumber_id, int limit) {
  if (limit <= 0) return {};
  auto r =
      c_.run(sql::plumber_console::plumber_disputes, plumber_id, static_cast<std::int64_t>(limit));
  std::vector<domain::Dispute> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(sql::read_dispute(r.row(i)));
  return out;
}

}  // namespace plumbline::store::pg
