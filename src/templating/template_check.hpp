// Checks of a message template a staff member typed: Mustache that parses (with the line and
// column of the problem), only the variables its sample data provides, a one-line subject, and
// the length of an SMS in GSM-7 characters and segments. Pure functions, no I/O.
#pragma once
#include <boost/json/object.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace plumbline::templating {

// One problem in a template, at a 1-based line and column (columns count characters).
struct TemplateProblem {
  int line = 1;
  int column = 1;
  std::string message;
};

// The 1-based line and column of a byte offset in text.
TemplateProblem position_of(std::string_view text, std::size_t offset, std::string message);

// Broken Mustache: one problem at the place the parser names. Otherwise one problem per tag
// naming a variable (or section) that `sample` does not provide, or a partial (none exist).
std::vector<TemplateProblem> check_template(std::string_view text,
                                            const boost::json::object& sample);

// A subject is one line: the first line break (other than at the end) is a problem.
std::vector<TemplateProblem> check_one_line(std::string_view text);

// What an SMS body costs: characters as the network counts them (GSM-7 extension characters
// count two) and segments (160 / 153 GSM-7 characters, or 70 / 67 UCS-2 ones).
struct SmsLength {
  int characters = 0;
  int segments = 0;
  bool gsm7 = true;
};
SmsLength sms_length(std::string_view body);

// The variables a sample provides, one line each for the editor: "name", and for a list
// "signals[].label".
std::vector<std::string> variable_names(const boost::json::object& sample);

}  // namespace plumbline::templating
