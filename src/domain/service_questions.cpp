// Questions per service: the list's rules, its console text form, and validation of answers.
#include "domain/service_questions.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <set>

#include "domain/contact.hpp"

namespace plumbline::domain {

namespace {

std::string lower_ascii(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::optional<std::int64_t> whole_number(const std::string& s) {
  std::int64_t v = 0;
  const char* end = s.data() + s.size();
  auto [p, ec] = std::from_chars(s.data(), end, v);
  if (ec != std::errc() || p != end || s.empty()) return std::nullopt;
  return v;
}

bool plain_key(const std::string& key) {
  if (key.empty() || key.size() > 40) return false;
  return std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

std::vector<std::string> split_on(const std::string& s, char sep) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (;;) {
    auto at = s.find(sep, start);
    parts.push_back(
        trim(s.substr(start, at == std::string::npos ? std::string::npos : at - start)));
    if (at == std::string::npos) return parts;
    start = at + 1;
  }
}

// "“Gas or electric?”" as the start of an error message.
std::string question_quoted(const std::string& label) {
  return "\u201C" + label + "\u201D";
}

// The options as the homeowner reads them in an error: "Gas, Electric or Propane".
std::string options_sentence(const std::vector<std::string>& options) {
  std::string out;
  for (std::size_t i = 0; i < options.size(); ++i) {
    if (i > 0) out += i + 1 == options.size() ? " or " : ", ";
    out += options[i];
  }
  return out;
}

// One console line's kind column: "choice: A, B", "yes/no", "number 0-50", "text 120".
std::optional<std::string> read_kind(const std::string& text, ServiceQuestion& q) {
  auto lower = lower_ascii(text);
  if (lower == "yes/no" || lower == "yes_no") {
    q.kind = QuestionKind::yes_no;
    return std::nullopt;
  }
  if (lower.starts_with("choice")) {
    q.kind = QuestionKind::choice;
    auto colon = text.find(':');
    if (colon == std::string::npos) return "write the options after \"choice:\", with commas";
    for (auto& o : split_on(text.substr(colon + 1), ','))
      if (!o.empty()) q.options.push_back(o);
    return std::nullopt;
  }
  if (lower.starts_with("number")) {
    q.kind = QuestionKind::number;
    auto range = trim(text.substr(6));
    auto dash = range.find('-', 1);  // a leading '-' is the minimum's sign
    auto lo = dash == std::string::npos ? std::nullopt : whole_number(trim(range.substr(0, dash)));
    auto hi = dash == std::string::npos ? std::nullopt : whole_number(trim(range.substr(dash + 1)));
    if (!lo || !hi) return "write a number's range as \"number 0-50\"";
    q.min_value = *lo;
    q.max_value = *hi;
    return std::nullopt;
  }
  if (lower.starts_with("text")) {
    q.kind = QuestionKind::text;
    auto n = whole_number(trim(text.substr(4)));
    if (!n || *n > max_answer_length) return "write a text's longest answer as \"text 120\"";
    q.max_length = static_cast<int>(*n);
    return std::nullopt;
  }
  return "the kind must be \"choice: A, B\", \"yes/no\", \"number 0-50\" or \"text 120\"";
}

}  // namespace

const char* to_string(QuestionKind k) {
  switch (k) {
    case QuestionKind::choice:
      return "choice";
    case QuestionKind::yes_no:
      return "yes_no";
    case QuestionKind::number:
      return "number";
    case QuestionKind::text:
      return "text";
  }
  return "text";
}

std::optional<QuestionKind> parse_question_kind(const std::string& s) {
  for (auto k :
       {QuestionKind::choice, QuestionKind::yes_no, QuestionKind::number, QuestionKind::text})
    if (s == to_string(k)) return k;
  return std::nullopt;
}

std::vector<FieldError> question_list_problems(const std::vector<ServiceQuestion>& questions,
                                               const std::string& field) {
  std::vector<FieldError> errs;
  auto add = [&](std::size_t i, const std::string& what) {
    errs.push_back({field, "Question " + std::to_string(i + 1) + ": " + what + "."});
  };
  if (questions.size() > max_questions_per_service)
    errs.push_back({field, "Ask at most " + std::to_string(max_questions_per_service) +
                               " questions per service."});
  std::set<std::string> keys;
  for (std::size_t i = 0; i < questions.size(); ++i) {
    const auto& q = questions[i];
    if (!plain_key(q.key))
      add(i, "the key must be 1 to 40 lower-case letters, digits or _");
    else if (!keys.insert(q.key).second)
      add(i, "the key \"" + q.key + "\" is used twice");
    if (q.label.empty() || utf8_length(q.label) > 120 || has_control_chars(q.label, false) ||
        q.label.find('|') != std::string::npos)
      add(i, "the question must be 1 to 120 characters on one line, without |");
    if (q.kind == QuestionKind::choice) {
      std::set<std::string> seen;
      bool bad = false;
      for (const auto& o : q.options)
        bad = bad || o.empty() || utf8_length(o) > 60 || has_control_chars(o, false) ||
              o.find_first_of(",|") != std::string::npos || !seen.insert(lower_ascii(o)).second;
      if (q.options.size() < 2 || q.options.size() > max_question_options || bad)
        add(i, "a choice needs 2 to " + std::to_string(max_question_options) +
                   " different options of at most 60 characters, without , or |");
    }
    if (q.kind == QuestionKind::number && q.min_value > q.max_value)
      add(i, "the smallest number must not be larger than the largest");
    if (q.kind == QuestionKind::text && (q.max_length < 1 || q.max_length > max_answer_length))
      add(i, "a text answer's length must be 1 to " + std::to_string(max_answer_length));
  }
  return errs;
}

std::string question_lines(const std::vector<ServiceQuestion>& questions) {
  std::string out;
  for (const auto& q : questions) {
    out += q.key + " | " + q.label + " | ";
    switch (q.kind) {
      case QuestionKind::choice: {
        out += "choice: ";
        for (std::size_t i = 0; i < q.options.size(); ++i) out += (i ? ", " : "") + q.options[i];
        break;
      }
      case QuestionKind::yes_no:
        out += "yes/no";
        break;
      case QuestionKind::number:
        out += "number " + std::to_string(q.min_value) + "-" + std::to_string(q.max_value);
        break;
      case QuestionKind::text:
        out += "text " + std::to_string(q.max_length);
        break;
    }
    out += q.required ? " | required\n" : " | optional\n";
  }
  return out;
}

Result<std::vector<ServiceQuestion>> parse_question_lines(const std::string& text,
                                                          const std::string& field) {
  std::vector<ServiceQuestion> out;
  std::vector<FieldError> errs;
  int line_no = 0;
  for (auto& line : split_on(text, '\n')) {
    ++line_no;
    if (line.empty()) continue;
    auto where = "Line " + std::to_string(line_no) + ": ";
    auto parts = split_on(line, '|');
    if (parts.size() < 3 || parts.size() > 4) {
      errs.push_back({field, where + "write \"key | question | kind | required or optional\"."});
      continue;
    }
    ServiceQuestion q;
    q.key = parts[0];
    q.label = parts[1];
    if (auto problem = read_kind(parts[2], q)) {
      errs.push_back({field, where + *problem + "."});
      continue;
    }
    auto need = parts.size() == 4 ? lower_ascii(parts[3]) : "optional";
    if (need != "required" && need != "optional") {
      errs.push_back({field, where + "the last part must be \"required\" or \"optional\"."});
      continue;
    }
    q.required = need == "required";
    out.push_back(std::move(q));
  }
  if (errs.empty()) errs = question_list_problems(out, field);
  if (!errs.empty()) {
    auto e = Error::make(ErrorCode::invalid_input, "Some questions need fixing.");
    e.details = std::move(errs);
    return e;
  }
  return out;
}

Result<std::vector<LeadAnswer>> validate_answers(
    const std::vector<ServiceQuestion>& questions,
    const std::vector<std::pair<std::string, std::string>>& given, bool enforce_required) {
  std::vector<LeadAnswer> out;
  std::vector<FieldError> errs;
  // Not a structured binding: clang 14 (the fuzz preset) cannot capture one in a lambda.
  for (const auto& answer : given) {
    const auto& key = answer.first;
    if (std::none_of(questions.begin(), questions.end(),
                     [&](const ServiceQuestion& q) { return q.key == key; }))
      errs.push_back({"answer_" + key, "\"" + key + "\" is not a question for this type of work."});
  }
  for (const auto& q : questions) {
    std::string value;
    for (const auto& [key, raw] : given)
      if (key == q.key) value = trim(raw);
    auto field = "answer_" + q.key;
    auto name = question_quoted(q.label);
    if (value.empty()) {
      if (q.required && enforce_required) errs.push_back({field, "Answer " + name + "."});
      continue;
    }
    LeadAnswer a{q.key, q.label, {}};
    switch (q.kind) {
      case QuestionKind::choice: {
        auto it = std::find_if(q.options.begin(), q.options.end(), [&](const std::string& o) {
          return lower_ascii(o) == lower_ascii(value);
        });
        if (it == q.options.end())
          errs.push_back({field, name + ": choose " + options_sentence(q.options) + "."});
        else
          a.answer = *it;
        break;
      }
      case QuestionKind::yes_no: {
        auto v = lower_ascii(value);
        if (v == "yes" || v == "true")
          a.answer = "Yes";
        else if (v == "no" || v == "false")
          a.answer = "No";
        else
          errs.push_back({field, name + ": answer yes or no."});
        break;
      }
      case QuestionKind::number: {
        auto n = whole_number(value);
        if (!n || *n < q.min_value || *n > q.max_value)
          errs.push_back({field, name + ": enter a whole number from " +
                                     std::to_string(q.min_value) + " to " +
                                     std::to_string(q.max_value) + "."});
        else
          a.answer = std::to_string(*n);
        break;
      }
      case QuestionKind::text:
        if (has_control_chars(value, false))
          errs.push_back({field, name + ": use one line of plain text."});
        else if (utf8_length(value) > static_cast<std::size_t>(q.max_length))
          errs.push_back(
              {field, name + ": use at most " + std::to_string(q.max_length) + " characters."});
        else
          a.answer = value;
        break;
    }
    if (!a.answer.empty()) out.push_back(std::move(a));
  }
  if (!errs.empty()) {
    auto e = Error::make(ErrorCode::invalid_input, "Some answers need fixing.");
    e.details = std::move(errs);
    return e;
  }
  return out;
}

}  // namespace plumbline::domain
