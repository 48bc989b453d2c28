// PostgreSQL: staff overrides of the shipped message templates.
#include "store/sql/message_templates.hpp"

#include "store/postgres/pg_tx.hpp"

namespace plumbline::store::pg {

std::vector<domain::TemplateOverride> PgTx::list_template_overrides() {
  auto r = c_.run(sql::message_templates::list);
  std::vector<domain::TemplateOverride> out;
  out.reserve(r.rows());
  for (int i = 0; i < r.rows(); ++i) out.push_back(sql::read_template_override(r.row(i)));
  return out;
}

std::optional<domain::TemplateOverride> PgTx::find_template_override(const std::string& name) {
  auto r = c_.run(sql::message_templates::find, name);
  if (r.rows() == 0) return std::nullopt;
  return sql::read_template_override(r.row(0));
}

void PgTx::save_template_override(const domain::TemplateOverride& o) {
  c_.run(sql::message_templates::save, o.name, o.body, o.updated_at, o.updated_by);
}

bool PgTx::delete_template_override(const std::string& name) {
  return c_.run(sql::message_templates::remove, name).affected() == 1;
}

}  // namespace plumbline::store::pg
