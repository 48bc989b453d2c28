// Questions per service (issue 17): what the catalog asks about each type of work, the console's
// one-line-per-question text form of them, and the homeowner's answers as validated and stored.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "domain/error.hpp"

namespace plumbline::domain {

enum class QuestionKind { choice, yes_no, number, text };

// "choice" | "yes_no" | "number" | "text"; parse returns nullopt for anything else.
const char* to_string(QuestionKind k);
std::optional<QuestionKind> parse_question_kind(const std::string& s);

struct ServiceQuestion {
  std::string key;    // [a-z0-9_], unique within the service; the form field is answer_<key>
  std::string label;  // the question as the homeowner reads it
  QuestionKind kind = QuestionKind::text;
  std::vector<std::string> options;  // choice: 2 to 12 options
  bool required = false;
  std::int64_t min_value = 0, max_value = 0;  // number: inclusive bounds
  int max_length = 0;                         // text: at most this many characters
  bool operator==(const ServiceQuestion&) const = default;
};

inline constexpr std::size_t max_questions_per_service = 8;
inline constexpr std::size_t max_question_options = 12;
inline constexpr int max_answer_length = 500;

// One answer as stored with the lead: the question's key and label as asked, and the answer as
// shown ("Gas", "Yes", "12", free text). A later edit of the question leaves stored answers alone.
struct LeadAnswer {
  std::string key, label, answer;
  bool operator==(const LeadAnswer&) const = default;
};

// The problems of a service's question list (keys, labels, kinds, options, bounds), each as a
// FieldError on `field` naming the question; empty when the list may be stored.
std::vector<FieldError> question_list_problems(const std::vector<ServiceQuestion>& questions,
                                               const std::string& field);

// The console's text form, one question per line, in order:
//   key | label | kind | required|optional
// where kind is "choice: A, B, C", "yes/no", "number 0-50" or "text 120".
std::string question_lines(const std::vector<ServiceQuestion>& questions);
// Parses that text (blank lines skipped); every problem as a FieldError on `field` naming the
// line, and question_list_problems on the result.
Result<std::vector<ServiceQuestion>> parse_question_lines(const std::string& text,
                                                          const std::string& field);

// Validates the homeowner's answers (key → raw text; form or API) against a service's questions.
// Answers come back in question order, unanswered optional questions left out. Each problem is a
// FieldError on "answer_<key>" whose message names the question; a key that is not a question of
// the service is refused too (answer_<key>), so a client's typo is not silently dropped.
// enforce_required false (staff taking a request on the phone, whose form has no questions) lets
// required questions go unanswered; answers given are still checked.
Result<std::vector<LeadAnswer>> validate_answers(
    const std::vector<ServiceQuestion>& questions,
    const std::vector<std::pair<std::string, std::string>>& given, bool enforce_required = true);

}  // namespace plumbline::domain
