// Questions per service (issue 17) on SQLite and PostgreSQL: the migration's seeded questions,
// replacing a service's list, and a lead's answers read back with the lead and its card.
#include "store_fixture.hpp"

namespace plumbline::store::service_questions_store_test {
namespace {

using namespace market_test;  // the shared fixture (store_fixture.hpp)
using domain::QuestionKind;

class ServiceQuestionsStore : public Market {
 protected:
  domain::Catalog catalog() {
    return read<domain::Catalog>([](Tx& tx) { return tx.catalog(); });
  }
  const domain::ServiceType& service(const domain::Catalog& c, const std::string& slug) {
    for (const auto& s : c.services)
      if (s.slug == slug) return s;
    throw std::runtime_error("no service " + slug);
  }
};

TEST_P(ServiceQuestionsStore, TheMigrationSeedsTheCatalogsQuestions) {
  auto c = catalog();
  const auto& heater = service(c, "water_heater").questions;
  ASSERT_EQ(heater.size(), 3u);
  EXPECT_EQ(heater[0].key, "fuel");
  EXPECT_EQ(heater[0].kind, QuestionKind::choice);
  EXPECT_EQ(heater[0].options, (std::vector<std::string>{"Gas", "Electric", "Not sure"}));
  EXPECT_FALSE(heater[0].required);  // seeded optional: nothing that sends requests today fails
  EXPECT_EQ(heater[1].key, "tank");
  EXPECT_EQ(heater[2].key, "age");
  EXPECT_EQ(heater[2].kind, QuestionKind::number);
  EXPECT_EQ(heater[2].min_value, 0);
  EXPECT_EQ(heater[2].max_value, 60);
  EXPECT_FALSE(heater[2].required);
  const auto& drain = service(c, "drain_cleaning").questions;
  ASSERT_EQ(drain.size(), 2u);
  EXPECT_EQ(drain[1].kind, QuestionKind::yes_no);
  const auto& leak = service(c, "leak_repair").questions;
  ASSERT_EQ(leak.size(), 2u);
  EXPECT_EQ(leak[1].key, "shut_off");
  EXPECT_TRUE(service(c, "other").questions.empty());
  // Every seeded list passes the console's own rules.
  for (const auto& s : c.services)
    EXPECT_TRUE(domain::question_list_problems(s.questions, s.slug).empty()) << s.slug;
}

TEST_P(ServiceQuestionsStore, ReplacesOneServicesQuestionsInOrder) {
  std::vector<domain::ServiceQuestion> qs{
      {"model", "Make and model", QuestionKind::text, {}, false, 0, 0, 80},
      {"fuel", "Fuel", QuestionKind::choice, {"Gas", "Propane & co", "Électrique"}, true},
      {"temp", "Outside temperature", QuestionKind::number, {}, true, -40, 9'000'000'000}};
  write([&](Tx& tx) { tx.replace_service_questions("water_heater", qs); });
  auto c = catalog();
  EXPECT_EQ(service(c, "water_heater").questions, qs);
  EXPECT_EQ(service(c, "leak_repair").questions.size(), 2u);  // others untouched
  write([&](Tx& tx) { tx.replace_service_questions("water_heater", {}); });
  EXPECT_TRUE(service(catalog(), "water_heater").questions.empty());
}

TEST_P(ServiceQuestionsStore, ALeadsAnswersComeBackWithTheLeadAndItsCard) {
  auto me = plumber(1);
  auto with = lead(market_lead(1, "10001", "leak_repair"));
  auto without = lead(market_lead(2, "10001", "leak_repair"));
  std::vector<domain::LeadAnswer> answers{{"where", "Where is the leak?", "Under a sink"},
                                          {"note", "Say \"more\"", "Naïve | 100% , ok\\"}};
  write([&](Tx& tx) {
    tx.set_lead_answers(domain::LeadId{with}, answers);
    tx.insert_lead_matches(
        {store::lead_match_row(with, me, 1.0, t0), store::lead_match_row(without, me, 1.0, t0)});
  });
  auto got = read<std::optional<domain::Lead>>(
      [&](Tx& tx) { return tx.lead_by_id(domain::LeadId{with}); });
  ASSERT_TRUE(got);
  EXPECT_EQ(got->answers, answers);
  auto by_token = read<std::optional<domain::Lead>>(
      [&](Tx& tx) { return tx.lead_by_tracking_hash(got->tracking_hash); });
  EXPECT_EQ(by_token->answers, answers);
  auto card = read<std::optional<domain::LeadCard>>(
      [&](Tx& tx) { return tx.lead_card(domain::LeadId{with}, domain::UserId{me}); });
  ASSERT_TRUE(card);
  EXPECT_EQ(card->answers, answers);
  auto none = read<std::optional<domain::Lead>>(
      [&](Tx& tx) { return tx.lead_by_id(domain::LeadId{without}); });
  EXPECT_TRUE(none->answers.empty());
  domain::AvailableQuery q;
  q.plumber_id = domain::UserId{me};
  auto page = read<domain::AvailablePage>([&](Tx& tx) { return tx.available_leads(q); });
  ASSERT_EQ(page.leads.size(), 2u);
  for (const auto& c : page.leads) EXPECT_EQ(c.answers.empty(), c.lead_id.value == without);
}

INSTANTIATE_TEST_SUITE_P(Backends, ServiceQuestionsStore, ::testing::Values("sqlite", "postgres"),
                         backend_name);

}  // namespace
}  // namespace plumbline::store::service_questions_store_test
