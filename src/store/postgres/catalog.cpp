// PostgreSQL: service types and urgencies.
#include "store/sql/catalog.hpp"

#include "store/postgres/pg_tx.hpp"
#include "store/sql/lead_answers.hpp"

namespace plumbline::store::pg {

domain::Catalog PgTx::catalog() {
  domain::Catalog cat;
  auto s = c_.run(sql::catalog::catalog_services);
  for (int i = 0; i < s.rows(); ++i)
    cat.services.push_back(
        {s.text(i, 0), s.text(i, 1), s.int64(i, 2), s.boolean(i, 3), s.text(i, 4), s.int32(i, 5)});
  auto q = c_.run(sql::catalog::catalog_questions);
  for (int i = 0; i < q.rows(); ++i)
    sql::attach_service_question(cat, sql::read_service_question(q.row(i)));
  auto u = c_.run(sql::catalog::catalog_urgencies);
  for (int i = 0; i < u.rows(); ++i)
    cat.urgencies.push_back({u.text(i, 0), u.text(i, 1), u.int64(i, 2), u.int32(i, 3)});
  return cat;
}

void PgTx::put_service_type(const domain::ServiceType& s) {
  c_.run(sql::catalog::put_service_type, s.slug, s.label, s.base_price_credits, s.active,
         static_cast<std::int64_t>(s.sort_order), s.description);
}

bool PgTx::update_urgency(const domain::Urgency& u) {
  return c_.run(sql::catalog::update_urgency, u.slug, u.label, u.surcharge_credits).affected() == 1;
}

void PgTx::replace_service_questions(const std::string& slug,
                                     const std::vector<domain::ServiceQuestion>& questions) {
  c_.run(sql::catalog::delete_service_questions, slug);
  std::int64_t order = 0;
  for (const auto& q : questions)
    c_.run(sql::catalog::insert_service_question, slug, ++order, q.key, q.label,
           std::string(to_string(q.kind)), sql::join_question_options(q.options), q.required,
           q.min_value, q.max_value, static_cast<std::int64_t>(q.max_length));
}

}  // namespace plumbline::store::pg
