// A lead's answers to its service's questions (issue 17) as the JSON text stored in
// leads.answers, and the catalog's question rows: shared by both backends.
#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/catalog.hpp"
#include "domain/service_questions.hpp"
#include "store/sql/row.hpp"

namespace plumbline::store::sql {

// [{"key":…,"label":…,"answer":…}, …]
std::string lead_answers_json(const std::vector<domain::LeadAnswer>& answers);
// The stored text back; anything that is not such an array reads as no answers (a column written
// by hand is shown as nothing rather than failing the whole page).
std::vector<domain::LeadAnswer> lead_answers_from_json(std::string_view text);

// '|'-joined choice options, and back.
std::string join_question_options(const std::vector<std::string>& options);
std::vector<std::string> split_question_options(const std::string& text);

// One row of catalog_questions: (service slug, question).
template <RowReader R>
std::pair<std::string, domain::ServiceQuestion> read_service_question(const R& r) {
  domain::ServiceQuestion q;
  q.key = r.text(1);
  q.label = r.text(2);
  q.kind = domain::parse_question_kind(r.text(3)).value_or(domain::QuestionKind::text);
  q.options = split_question_options(r.text(4));
  q.required = r.boolean(5);
  q.min_value = r.int64(6);
  q.max_value = r.int64(7);
  q.max_length = static_cast<int>(r.int64(8));
  return {r.text(0), std::move(q)};
}

// Puts a question read by read_service_question under its service (rows of retired slugs are
// ignored: the foreign key keeps them from existing).
void attach_service_question(domain::Catalog& catalog,
                             std::pair<std::string, domain::ServiceQuestion> row);

}  // namespace plumbline::store::sql
