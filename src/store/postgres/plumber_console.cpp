// PostgreSQL: the plumbers console's reads (search with filters and keyset paging, messages,
// disputes). The search's area test is PostGIS on the sphere, as matching's.
#include "store/sql/plumber_console.hpp"

#include "store/postgres/pg_tx.hpp"

namespace plumbline::store::pg {

std::vector<domain::PlumberRow> PgTx::search_plumbers(const domain::PlumberSearch& q) {
  if (q.limit <= 0) return {};
  auto built = sql::plumber_console::search(q, sql::plumber_console::Dialect::postgres);
  std::vector<Param> ps;
  ps.reserve(built.args.size());
  for (const auto& a : built.args)
    ps.push_back(std::visit([](const auto& v) { return param(v); }, a));
  auto r = c_.run_list(Sql{built.name, built.text}, ps);
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

std::vector<domain::Dispute> PgTx::plumber_disputes(domain::UserId plumber_id, int limit) {
  if (limit <= 0) return {};
  auto r =
      c_.run(sql::plumber_console::plumber_disputes, plumber_id, static_cast<std::int64_t>(limit));
  std::vector<domain::Dispute> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(sql::read_dispute(r.row(i)));
  return out;
}

}  // namespace plumbline::store::pg
