// SQLite: service types and urgencies.
#include "store/sql/catalog.hpp"

#include "store/sql/lead_answers.hpp"
#include "store/sqlite/sqlite_tx.hpp"

namespace plumbline::store::sqlite {

domain::Catalog SqliteTx::catalog() {
  domain::Catalog cat;
  {
    auto st = c_.prepare<sql::catalog::catalog_services>();
    while (st.step())
      cat.services.push_back({st.text(0), st.text(1), st.int64(2), st.int64(3) != 0, st.text(4),
                              static_cast<int>(st.int64(5))});
  }
  {
    auto st = c_.prepare<sql::catalog::catalog_questions>();
    while (st.step()) sql::attach_service_question(cat, sql::read_service_question(st));
  }
  auto st = c_.prepare<sql::catalog::catalog_urgencies>();
  while (st.step())
    cat.urgencies.push_back({st.text(0), st.text(1), st.int64(2), static_cast<int>(st.int64(3))});
  return cat;
}

void SqliteTx::put_service_type(const domain::ServiceType& s) {
  c_.prepare<sql::catalog::put_service_type>()
      .bind(1, s.slug)
      .bind(2, s.label)
      .bind(3, s.base_price_credits)
      .bind(4, s.active ? 1 : 0)
      .bind(5, s.sort_order)
      .bind(6, s.description)
      .run();
}

bool SqliteTx::update_urgency(const domain::Urgency& u) {
  c_.prepare<sql::catalog::update_urgency>()
      .bind(1, u.slug)
      .bind(2, u.label)
      .bind(3, u.surcharge_credits)
      .run();
  return sqlite3_changes(c_.handle()) == 1;
}

void SqliteTx::replace_service_questions(const std::string& slug,
                                         const std::vector<domain::ServiceQuestion>& questions) {
  c_.prepare<sql::catalog::delete_service_questions>().bind(1, slug).run();
  int order = 0;
  for (const auto& q : questions) {
    auto st = c_.prepare<sql::catalog::insert_service_question>();
    st.bind(1, slug).bind(2, ++order).bind(3, q.key).bind(4, q.label).bind(5, to_string(q.kind));
    st.bind(6, sql::join_question_options(q.options)).bind(7, q.required ? 1 : 0);
    st.bind(8, q.min_value).bind(9, q.max_value).bind(10, q.max_length).run();
  }
}

}  // namespace plumbline::store::sqlite
