// PostgreSQL: the console's request list.
#include "store/sql/lead_console.hpp"

#include <algorithm>

#include "store/postgres/pg_tx.hpp"

namespace plumbline::store::pg {

namespace {

Result run_console(Conn& c, const sql::lead_console::Built& built) {
  std::vector<Param> ps;
  ps.reserve(built.args.size());
  for (const auto& a : built.args)
    ps.push_back(std::visit([](const auto& v) { return param(v); }, a));
  return c.run_list(Sql{built.name, built.pg_text}, ps);
}

}  // namespace

std::vector<domain::LeadListRow> PgTx::search_leads(const domain::LeadQuery& q) {
  auto r = run_console(c_, sql::lead_console::search(q));
  std::vector<domain::LeadListRow> out;
  out.reserve(r.rows());
  for (int i = 0; i < r.rows(); ++i) out.push_back(sql::lead_console::read_row(r.row(i)));
  if (sql::lead_console::reversed(q)) std::reverse(out.begin(), out.end());
  return out;
}

std::int64_t PgTx::count_matching_leads(const domain::LeadQuery& q, std::int64_t cap) {
  auto r = run_console(c_, sql::lead_console::count(q, cap));
  return r.int64(0, 0);
}

}  // namespace plumbline::store::pg
