// Unit tests for questions per service: the console's text form and the answers' validation.
#include "domain/service_questions.hpp"

#include <gtest/gtest.h>

namespace plumbline::domain {
namespace {

std::vector<ServiceQuestion> heater_questions() {
  ServiceQuestion fuel{"fuel", "Gas or electric?", QuestionKind::choice, {"Gas", "Electric"}, true};
  ServiceQuestion tank{"tank", "Is it leaking?", QuestionKind::yes_no, {}, false};
  ServiceQuestion age{"age", "Age in years", QuestionKind::number, {}, false, 0, 50};
  ServiceQuestion note{"model", "Make and model", QuestionKind::text, {}, false, 0, 0, 10};
  return {fuel, tank, age, note};
}

const FieldError* error_on(const Error& e, const std::string& field) {
  for (const auto& d : e.details)
    if (d.field == field) return &d;
  return nullptr;
}

TEST(ServiceQuestions, ValidAnswersComeBackInQuestionOrderWithTheirLabels) {
  auto r = validate_answers(heater_questions(),
                            {{"age", " 12 "}, {"fuel", "gas"}, {"tank", "no"}, {"model", "AO"}});
  ASSERT_TRUE(r) << r.error().message;
  std::vector<LeadAnswer> want{{"fuel", "Gas or electric?", "Gas"},
                               {"tank", "Is it leaking?", "No"},
                               {"age", "Age in years", "12"},
                               {"model", "Make and model", "AO"}};
  EXPECT_EQ(r.value(), want);
}

TEST(ServiceQuestions, OptionalQuestionsMayBeLeftBlank) {
  auto r = validate_answers(heater_questions(), {{"fuel", "Electric"}, {"age", ""}});
  ASSERT_TRUE(r);
  ASSERT_EQ(r.value().size(), 1u);
  EXPECT_EQ(r.value()[0].answer, "Electric");
}

TEST(ServiceQuestions, EveryProblemNamesItsQuestion) {
  auto r = validate_answers(heater_questions(),
                            {{"tank", "maybe"}, {"age", "51"}, {"model", "01234567890"}});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::invalid_input);
  ASSERT_EQ(r.error().details.size(), 4u);
  EXPECT_NE(error_on(r.error(), "answer_fuel")->message.find("Gas or electric?"),
            std::string::npos);
  EXPECT_NE(error_on(r.error(), "answer_tank")->message.find("yes or no"), std::string::npos);
  EXPECT_NE(error_on(r.error(), "answer_age")->message.find("from 0 to 50"), std::string::npos);
  EXPECT_NE(error_on(r.error(), "answer_model")->message.find("at most 10"), std::string::npos);
}

TEST(ServiceQuestions, AChoiceMustBeOneOfItsOptions) {
  auto r = validate_answers(heater_questions(), {{"fuel", "Propane"}});
  ASSERT_FALSE(r);
  EXPECT_EQ(error_on(r.error(), "answer_fuel")->message,
            "\u201CGas or electric?\u201D: choose Gas or Electric.");
}

TEST(ServiceQuestions, RequiredQuestionsMayBeSkippedWhenNotEnforced) {
  EXPECT_FALSE(validate_answers(heater_questions(), {}));
  auto r = validate_answers(heater_questions(), {}, false);
  ASSERT_TRUE(r);
  EXPECT_TRUE(r.value().empty());
  EXPECT_FALSE(validate_answers(heater_questions(), {{"fuel", "Coal"}}, false));
}

TEST(ServiceQuestions, NumbersAreWholeAndTextIsOneLine) {
  EXPECT_FALSE(validate_answers(heater_questions(), {{"fuel", "Gas"}, {"age", "1.5"}}));
  EXPECT_FALSE(validate_answers(heater_questions(), {{"fuel", "Gas"}, {"age", "12 years"}}));
  EXPECT_FALSE(validate_answers(heater_questions(), {{"fuel", "Gas"}, {"model", "a\nb"}}));
}

TEST(ServiceQuestions, UnknownKeysAreRefused) {
  auto r = validate_answers(heater_questions(), {{"fuel", "Gas"}, {"colour", "red"}});
  ASSERT_FALSE(r);
  ASSERT_NE(error_on(r.error(), "answer_colour"), nullptr);
}

TEST(ServiceQuestions, AServiceWithoutQuestionsTakesNoAnswers) {
  auto r = validate_answers({}, {});
  ASSERT_TRUE(r);
  EXPECT_TRUE(r.value().empty());
}

TEST(ServiceQuestions, TheConsoleTextRoundTrips) {
  auto text = question_lines(heater_questions());
  EXPECT_EQ(text,
            "fuel | Gas or electric? | choice: Gas, Electric | required\n"
            "tank | Is it leaking? | yes/no | optional\n"
            "age | Age in years | number 0-50 | optional\n"
            "model | Make and model | text 10 | optional\n");
  auto back = parse_question_lines(text, "questions_water_heater");
  ASSERT_TRUE(back) << back.error().details.at(0).message;
  EXPECT_EQ(question_lines(back.value()), text);
  EXPECT_EQ(back.value()[0].options, (std::vector<std::string>{"Gas", "Electric"}));
}

TEST(ServiceQuestions, TheConsoleTextAcceptsNegativeRangesAndBlankLines) {
  auto r = parse_question_lines("\n t | Outside temperature | number -40-120 \n\n", "q");
  ASSERT_TRUE(r);
  ASSERT_EQ(r.value().size(), 1u);
  EXPECT_EQ(r.value()[0].min_value, -40);
  EXPECT_EQ(r.value()[0].max_value, 120);
  EXPECT_FALSE(r.value()[0].required);
}

TEST(ServiceQuestions, BadConsoleLinesAreNamedByLine) {
  auto r = parse_question_lines("fuel | Gas? | colour\nx | y\nage | Age | number 9-1 | required",
                                "questions_water_heater");
  ASSERT_FALSE(r);
  ASSERT_EQ(r.error().details.size(), 2u);
  EXPECT_TRUE(r.error().details[0].message.starts_with("Line 1:"));
  EXPECT_TRUE(r.error().details[1].message.starts_with("Line 2:"));
  EXPECT_EQ(r.error().details[0].field, "questions_water_heater");
}

TEST(ServiceQuestions, ListRulesRefuseDuplicateKeysBadChoicesAndTooMany) {
  auto dup = parse_question_lines("a | One | yes/no\na | Two | yes/no", "q");
  ASSERT_FALSE(dup);
  EXPECT_NE(dup.error().details[0].message.find("used twice"), std::string::npos);
  EXPECT_FALSE(parse_question_lines("a | One | choice: Only", "q"));
  EXPECT_FALSE(parse_question_lines("a | One | choice: X, x", "q"));
  EXPECT_FALSE(parse_question_lines("A b | One | yes/no", "q"));
  EXPECT_FALSE(parse_question_lines("a | One | text 0", "q"));
  EXPECT_FALSE(parse_question_lines("a | One | yes/no | maybe", "q"));
  std::string nine;
  for (int i = 0; i < 9; ++i) nine += "k" + std::to_string(i) + " | Q | yes/no\n";
  EXPECT_FALSE(parse_question_lines(nine, "q"));
}

}  // namespace
}  // namespace plumbline::domain
