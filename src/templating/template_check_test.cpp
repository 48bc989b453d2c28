// Unit tests for the template checks: where broken Mustache and unknown variables are reported, a
// good template passes, a subject with a line break is refused, SMS length counts segments.
#include "templating/template_check.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace plumbline::templating {
namespace {

boost::json::object sample() {
  return {
      {"service_label", "Leak repair"},
      {"zip", "95112"},
      {"has_signals", true},
      {"signals", boost::json::array{boost::json::object{{"label", "Phone"}, {"detail", "ok"}}}},
      {"plumber", boost::json::object{{"name", "Ace"}}}};
}

TEST(TemplateCheck, UnclosedSectionIsReportedWhereItOpens) {
  auto problems = check_template("Hello\n  {{#has_signals}}\nSigns\n", sample());
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].line, 2);
  EXPECT_EQ(problems[0].column, 3);
  EXPECT_NE(problems[0].message.find("Unclosed section"), std::string::npos) << problems[0].message;
  EXPECT_EQ(problems[0].message.find(" at "), std::string::npos) << problems[0].message;
}

TEST(TemplateCheck, UnclosedTagCountsCharactersNotBytes) {
  auto problems = check_template("Ünïcödé line\nnaïve {{zip", sample());
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].line, 2);
  EXPECT_EQ(problems[0].column, 7);
  EXPECT_NE(problems[0].message.find("Unclosed tag"), std::string::npos) << problems[0].message;
}

TEST(TemplateCheck, UnknownVariablesAreNamedWithTheirPlace) {
  auto problems = check_template("{{zip}} {{nope}}\n{{{also_nope}}} {{&zip}}", sample());
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0].line, 1);
  EXPECT_EQ(problems[0].column, 9);
  EXPECT_NE(problems[0].message.find("\"nope\""), std::string::npos) << problems[0].message;
  EXPECT_EQ(problems[1].line, 2);
  EXPECT_EQ(problems[1].column, 1);
  EXPECT_NE(problems[1].message.find("\"also_nope\""), std::string::npos);
}

TEST(TemplateCheck, NamesResolveInsideSectionsListsAndDots) {
  EXPECT_TRUE(check_template("{{! a comment with {{nope}} }}{{#signals}}{{label}} {{detail}} "
                             "{{zip}}{{/signals}}{{^has_signals}}none{{/has_signals}} "
                             "{{plumber.name}}{{#plumber}}{{name}}{{/plumber}}",
                             sample())
                  .empty());
  // An item's fields are not visible outside its section, nor unknown dotted parts.
  EXPECT_EQ(check_template("{{label}}", sample()).size(), 1u);
  EXPECT_EQ(check_template("{{plumber.phone}}", sample()).size(), 1u);
  EXPECT_EQ(check_template("{{#nope}}x{{/nope}}", sample()).size(), 1u);
  EXPECT_EQ(check_template("{{>partial}}", sample()).size(), 1u);
}

TEST(TemplateCheck, GoodTemplatePasses) {
  EXPECT_TRUE(check_template("New lead: {{{service_label}}} in {{zip}}\n", sample()).empty());
}

TEST(TemplateCheck, SubjectMustBeOneLine) {
  EXPECT_TRUE(check_one_line("New lead {{zip}}\n").empty());  // the file's final newline
  auto problems = check_one_line("New lead\n{{zip}}\n");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].line, 1);
  EXPECT_EQ(problems[0].column, 9);
}

TEST(TemplateCheck, SmsLengthCountsGsmSegments) {
  EXPECT_EQ(sms_length(std::string(160, 'a')).segments, 1);
  EXPECT_EQ(sms_length(std::string(161, 'a')).segments, 2);
  EXPECT_EQ(sms_length(std::string(306, 'a')).segments, 2);
  EXPECT_EQ(sms_length(std::string(307, 'a')).segments, 3);
  auto ext = sms_length("{}");  // extension characters count two
  EXPECT_TRUE(ext.gsm7);
  EXPECT_EQ(ext.characters, 4);
  auto ucs = sms_length("Leak ✓ " + std::string(70, 'a'));  // not GSM-7: 70 / 67 per segment
  EXPECT_FALSE(ucs.gsm7);
  EXPECT_EQ(ucs.characters, 77);
  EXPECT_EQ(ucs.segments, 2);
  EXPECT_TRUE(sms_length("Café à Zürich").gsm7);
}

TEST(TemplateCheck, VariableNamesListNestedItems) {
  auto names = variable_names(sample());
  EXPECT_NE(std::find(names.begin(), names.end(), "signals[].label"), names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), "plumber.name"), names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), "zip"), names.end());
}

}  // namespace
}  // namespace plumbline::templating
