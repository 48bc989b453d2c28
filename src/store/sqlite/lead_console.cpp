// SQLite: the console's request list.
#include "store/sql/lead_console.hpp"

#include <algorithm>

#include "store/sqlite/sqlite_tx.hpp"

namespace plumbline::store::sqlite {

namespace {

void bind_console_args(Statement& st, const std::vector<sql::lead_console::Arg>& args) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    int at = static_cast<int>(i) + 1;
    if (const auto* n = std::get_if<std::int64_t>(&args[i]))
      st.bind(at, *n);
    else
      st.bind(at, std::get<std::string>(args[i]));
  }
}

}  // namespace

std::vector<domain::LeadListRow> SqliteTx::search_leads(const domain::LeadQuery& q) {
  auto built = sql::lead_console::search(q);
  auto st = c_.prepare(built.sqlite_text);
  bind_console_args(st, built.args);
  std::vector<domain::LeadListRow> out;
  while (st.step()) out.push_back(sql::lead_console::read_row(st));
  if (sql::lead_console::reversed(q)) std::reverse(out.begin(), out.end());
  return out;
}

std::int64_t SqliteTx::count_matching_leads(const domain::LeadQuery& q, std::int64_t cap) {
  auto built = sql::lead_console::count(q, cap);
  auto st = c_.prepare(built.sqlite_text);
  bind_console_args(st, built.args);
  return st.step() ? st.int64(0) : 0;
}

}  // namespace plumbline::store::sqlite
