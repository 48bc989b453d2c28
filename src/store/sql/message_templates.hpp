// The SQL of message template overrides, written once for both backends (PostgreSQL placeholders;
// see statement.hpp).
#pragma once
#include "domain/message_templates.hpp"
#include "store/sql/row.hpp"
#include "store/sql/statement.hpp"

namespace plumbline::store::sql {

template <RowReader R>
domain::TemplateOverride read_template_override(const R& r) {
  domain::TemplateOverride o;
  o.name = r.text(0);
  o.body = r.text(1);
  o.updated_at = r.int64(2);
  o.updated_by = r.opt_int64(3);
  return o;
}

}  // namespace plumbline::store::sql

namespace plumbline::store::sql::message_templates {

inline constexpr Statement list{
    "template_overrides_list",
    "SELECT name, body, updated_at, updated_by FROM message_template_overrides ORDER BY name"};
inline constexpr Statement find{
    "template_override_find",
    "SELECT name, body, updated_at, updated_by FROM message_template_overrides WHERE name = $1"};
inline constexpr Statement save{
    "template_override_save",
    "INSERT INTO message_template_overrides (name, body, updated_at, updated_by) "
    "VALUES ($1, $2, $3, $4) ON CONFLICT (name) DO UPDATE SET body = excluded.body, "
    "updated_at = excluded.updated_at, updated_by = excluded.updated_by"};
inline constexpr Statement remove{"template_override_delete",
                                  "DELETE FROM message_template_overrides WHERE name = $1"};

}  // namespace plumbline::store::sql::message_templates
