// SQLite: the plumbers console's reads (search with filters and keyset paging, messages,
// disputes). The search's area test uses the registered great_circle_miles, as matching does.
#include "store/sql/plumber_console.hpp"

#include "store/sqlite/sqlite_tx.hpp"

namespace plumbline::store::sqlite {

std::vector<domain::PlumberRow> SqliteTx::search_plumbers(const domain::PlumberSearch& q) {
  if (q.limit <= 0) return {};  // a negative LIMIT means "no limit" to SQLite
  auto built = sql::plumber_console::search(q, sql::plumber_console::Dialect::sqlite);
  auto st = c_.prepare(built.text);
  for (std::size_t i = 0; i < built.args.size(); ++i)
    std::visit([&](const auto& v) { st.bind(static_cast<int>(i) + 1, v); }, built.args[i]);
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

std::vector<domain::Dispute> SqliteTx::plumber_disputes(domain::UserId plumber_id, int limit) {
  if (limit <= 0) return {};
  auto st = c_.prepare<sql::plumber_console::plumber_disputes>();
  st.bind(1, plumber_id).bind(2, limit);
  std::vector<domain::Dispute> out;
  while (st.step()) out.push_back(sql::read_dispute(st));
  return out;
}

}  // namespace plumbline::store::sqlite
