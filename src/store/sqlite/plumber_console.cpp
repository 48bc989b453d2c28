// SQLite: the plumbers console's reads (search with filters and keyset paging, messages,
// disputes). The area test uses the registered great_circle_miles, as matching does.
#include "store/sql/plumber_console.hpp"

#include "store/sqlite/sqlite_tx.hpp"

namespace plumbline::store::sqlite {

namespace {

// SQLite only: the distance through great_circle_miles; PostgreSQL uses PostGIS.
#define CONSOLE_AREA_SQLITE                                 \
  "great_circle_miles(p.base_lat, p.base_lng, $9, $10) <= " \
  "CASE WHEN CAST($12 AS BIGINT) > 0 THEN $12 ELSE p.radius_miles END"

inline constexpr sql::Statement console_search_newest{
    "console_search_newest",
    PLUMBER_SEARCH(CONSOLE_AREA_SQLITE, PLUMBER_CURSOR_NEWEST, PLUMBER_ORDER_NEWEST)};
inline constexpr sql::Statement console_search_name{
    "console_search_name",
    PLUMBER_SEARCH(CONSOLE_AREA_SQLITE, PLUMBER_CURSOR_NAME, PLUMBER_ORDER_NAME)};
inline constexpr sql::Statement console_search_balance{
    "console_search_balance",
    PLUMBER_SEARCH(CONSOLE_AREA_SQLITE, PLUMBER_CURSOR_BALANCE, PLUMBER_ORDER_BALANCE)};
inline constexpr sql::Statement console_search_active{
    "console_search_active",
    PLUMBER_SEARCH(CONSOLE_AREA_SQLITE, PLUMBER_CURSOR_ACTIVE, PLUMBER_ORDER_ACTIVE)};
#undef CONSOLE_AREA_SQLITE

Statement prepare_console_search(Connection& c, const std::string& sort) {
  if (sort == domain::plumber_sort_name) return c.prepare<console_search_name>();
  if (sort == domain::plumber_sort_balance) return c.prepare<console_search_balance>();
  if (sort == domain::plumber_sort_last_active) return c.prepare<console_search_active>();
  return c.prepare<console_search_newest>();
}

}  // namespace

std::vector<domain::PlumberRow> SqliteTx::search_plumbers(const domain::PlumberSearch& q) {
  if (q.limit <= 0) return {};  // a negative LIMIT means "no limit" to SQLite
  auto st = prepare_console_search(c_, q.sort);
  st.bind(1, q.term.name_prefix).bind(2, q.term.email_prefix).bind(3, q.term.phone_digits);
  st.bind(4, q.term.id).bind(5, q.status).bind(6, q.plan_status).bind(7, q.service);
  st.bind(8, std::int64_t{q.near ? 1 : 0}).bind(9, q.lat).bind(10, q.lng).bind(11, q.zip);
  st.bind(12, q.within_miles).bind(13, q.signed_up_from).bind(14, q.signed_up_to);
  st.bind(15, q.active_from).bind(16, q.active_to);
  st.bind(17, q.balance_min.value_or(-1)).bind(18, q.balance_max.value_or(-1));
  st.bind(19, q.after_id).bind(20, q.after_name).bind(21, q.after_num).bind(22, q.limit);
  std::vector<domain::PlumberRow> out;
  while (st.step()) out.push_back(sql::read_plumber_row(st));
  return out;
}

std::vector<domain::OutboxMessage> SqliteTx::plumber_messages(const std::string& email,
                                                              const std::string& phone_e164,
                                                              int limit) {
  if (limit <= 0) return {};
  auto st = c_.prepare<sql::plumber_console::plumber_messages>();
  st.bind(1, email).bind(2, phone_e164).bind(3, limit);
  std::vector<domain::OutboxMessage> out;
  while (st.step()) out.push_back(sql::read_message(st));
  return out;
}

std::vector<domain::Dispute> SqliteTx::plumber_disputes(std::int64_t plumber_id, int limit) {
  if (limit <= 0) return {};
  auto st = c_.prepare<sql::plumber_console::plumber_disputes>();
  st.bind(1, plumber_id).bind(2, limit);
  std::vector<domain::Dispute> out;
  while (st.step()) out.push_back(sql::read_dispute(st));
  return out;
}

}  // namespace plumbline::store::sqlite
