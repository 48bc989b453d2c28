// SQLite: staff overrides of the shipped message templates.
#include "store/sql/message_templates.hpp"

#include "store/sqlite/sqlite_tx.hpp"

namespace plumbline::store::sqlite {

std::vector<domain::TemplateOverride> SqliteTx::list_template_overrides() {
  auto st = c_.prepare<sql::message_templates::list>();
  std::vector<domain::TemplateOverride> out;
  while (st.step()) out.push_back(sql::read_template_override(st));
  return out;
}

std::optional<domain::TemplateOverride> SqliteTx::find_template_override(const std::string& name) {
  auto st = c_.prepare<sql::message_templates::find>();
  st.bind(1, name);
  if (!st.step()) return std::nullopt;
  return sql::read_template_override(st);
}

void SqliteTx::save_template_override(const domain::TemplateOverride& o) {
  auto st = c_.prepare<sql::message_templates::save>();
  st.bind(1, o.name).bind(2, o.body).bind(3, o.updated_at).bind(4, o.updated_by);
  st.run();
}

bool SqliteTx::delete_template_override(const std::string& name) {
  auto st = c_.prepare<sql::message_templates::remove>();
  st.bind(1, name);
  st.run();
  return sqlite3_changes(c_.handle()) == 1;
}

}  // namespace plumbline::store::sqlite
