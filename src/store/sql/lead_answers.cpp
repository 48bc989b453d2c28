// A lead's answers as stored JSON, and the catalog's question options (sql/lead_answers.hpp).
#include "store/sql/lead_answers.hpp"

#include <boost/json.hpp>

namespace plumbline::store::sql {

namespace json = boost::json;

std::string lead_answers_json(const std::vector<domain::LeadAnswer>& answers) {
  json::array out;
  for (const auto& a : answers)
    out.push_back(json::object{{"key", a.key}, {"label", a.label}, {"answer", a.answer}});
  return json::serialize(out);
}

std::vector<domain::LeadAnswer> lead_answers_from_json(std::string_view text) {
  std::vector<domain::LeadAnswer> out;
  boost::system::error_code ec;
  auto v = json::parse(text, ec);
  if (ec || !v.is_array()) return out;
  for (const auto& item : v.as_array()) {
    const auto* o = item.if_object();
    if (!o) continue;
    auto field = [o](const char* name) -> std::string {
      const auto* s = o->if_contains(name);
      return s && s->is_string() ? std::string(s->as_string()) : std::string();
    };
    out.push_back({field("key"), field("label"), field("answer")});
  }
  return out;
}

std::string join_question_options(const std::vector<std::string>& options) {
  std::string out;
  for (std::size_t i = 0; i < options.size(); ++i) out += (i ? "|" : "") + options[i];
  return out;
}

std::vector<std::string> split_question_options(const std::string& text) {
  std::vector<std::string> out;
  if (text.empty()) return out;
  std::size_t start = 0;
  for (;;) {
    auto at = text.find('|', start);
    out.push_back(text.substr(start, at == std::string::npos ? std::string::npos : at - start));
    if (at == std::string::npos) return out;
    start = at + 1;
  }
}

void attach_service_question(domain::Catalog& catalog,
                             std::pair<std::string, domain::ServiceQuestion> row) {
  for (auto& s : catalog.services)
    if (s.slug == row.first) {
      s.questions.push_back(std::move(row.second));
      return;
    }
}

}  // namespace plumbline::store::sql
