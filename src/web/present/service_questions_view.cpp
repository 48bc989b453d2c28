// The request form's questions block and a lead's answers (present/service_questions_view.hpp).
#include "web/present/service_questions_view.hpp"

#include <boost/json.hpp>
#include <cctype>

namespace plumbline::web {

namespace json = boost::json;

namespace {

std::string typed_answer(const std::vector<std::pair<std::string, std::string>>& typed,
                         const std::string& key) {
  for (const auto& [k, v] : typed)
    if (k == key) return v;
  return {};
}

bool same_word(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

// A choice's (or yes/no's) radio buttons: value sent, text shown, whether ticked.
json::array question_options(const domain::ServiceQuestion& q, const std::string& typed) {
  json::array out;
  std::vector<std::pair<std::string, std::string>> options;
  if (q.kind == domain::QuestionKind::yes_no)
    options = {{"yes", "Yes"}, {"no", "No"}};
  else
    for (const auto& o : q.options) options.emplace_back(o, o);
  int index = 0;
  for (const auto& [value, text] : options)
    out.push_back({{"value", value},
                   {"text", text},
                   {"index", index++},
                   {"checked", !typed.empty() && same_word(typed, value)}});
  return out;
}

}  // namespace

json::object service_questions_context(
    const domain::ServiceType* service,
    const std::vector<std::pair<std::string, std::string>>& typed, const json::object& errors) {
  json::array questions;
  if (service)
    for (const auto& q : service->questions) {
      auto value = typed_answer(typed, q.key);
      const auto* error = errors.if_contains("answer_" + q.key);
      bool radios =
          q.kind == domain::QuestionKind::choice || q.kind == domain::QuestionKind::yes_no;
      std::string hint;
      if (q.kind == domain::QuestionKind::number)
        hint = "A whole number from " + std::to_string(q.min_value) + " to " +
               std::to_string(q.max_value) + ".";
      if (q.kind == domain::QuestionKind::text)
        hint = "At most " + std::to_string(q.max_length) + " characters.";
      questions.push_back({{"key", q.key},
                           {"label", q.label},
                           {"required", q.required},
                           {"radios", radios},
                           {"options", radios ? question_options(q, value) : json::array{}},
                           {"is_number", q.kind == domain::QuestionKind::number},
                           {"has_max_length", q.kind == domain::QuestionKind::text},
                           {"max_length", q.max_length},
                           {"hint", hint},
                           {"value", value},
                           {"error", error ? *error : json::value(nullptr)}});
    }
  bool any = !questions.empty();
  return {{"service_slug", service ? service->slug : std::string()},
          {"service_label", service ? service->label : std::string()},
          {"has_questions", any},
          {"questions", std::move(questions)}};
}

json::array lead_answers_view(const std::vector<domain::LeadAnswer>& answers) {
  json::array out;
  for (const auto& a : answers)
    out.push_back({{"key", a.key}, {"label", a.label}, {"answer", a.answer}});
  return out;
}

}  // namespace plumbline::web
