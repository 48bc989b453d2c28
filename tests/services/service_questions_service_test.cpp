// Questions per service (issue 17) on both databases: intake validates and stores the answers (a
// refused request stores nothing), a matched plumber's card carries them, and the console's edit of
// a service's questions is checked, audited and used by the next request without a restart.
#include "marketplace_fixture.hpp"
#include "services/settings.hpp"

namespace plumbline::service_questions_service_test {
using namespace market_test;

namespace {

class ServiceQuestionsTest : public MarketTest {
 protected:
  std::unique_ptr<services::SettingsService> make_settings() {
    domain::BusinessSettings first;
    first.consent_template = domain::default_consent_template();
    return std::make_unique<services::SettingsService>(
        *store_, clock_, *catalog_, first, services::MarketplaceSettings{},
        [](std::string_view) { return true; }, 5'000);
  }
  domain::Actor admin() const {
    return {admin_, "admin@example.com", domain::Role::admin, "203.0.113.1"};
  }

  domain::LeadInput heater_request(std::vector<std::pair<std::string, std::string>> answers) {
    static int n = 0;
    domain::LeadInput in;
    in.service_type = "water_heater";
    in.urgency = "flexible";
    in.zip = "94110";
    in.description = "No hot water since this morning.";
    in.name = "Maria Lopez";
    in.phone = "(415) 555-" + std::to_string(3000 + (n++ % 6000));
    in.email = "heater" + std::to_string(n) + "@example.com";
    in.contact_method = "text";
    in.consent = true;
    in.answers = std::move(answers);
    return in;
  }
  domain::Result<services::SubmittedLead> send(const domain::LeadInput& in,
                                               const std::string& source = "web") {
    return leads_->submit(in, {"203.0.113.9", "test", source, 0});
  }
  std::int64_t lead_count() {
    return store_->read<std::int64_t>([](store::Tx& tx) { return tx.count_leads(); });
  }
  std::vector<domain::AuditEntry> catalog_audits() {
    return store_->read<std::vector<domain::AuditEntry>>([](store::Tx& tx) {
      domain::AuditFilter f;
      f.action = "catalog.update";
      return tx.list_audit(f);
    });
  }
};

TEST_P(ServiceQuestionsTest, IntakeStoresTheAnswersAndTheMatchedPlumberSeesThem) {
  auto p = plumber("heaterpro");
  auto r = send(heater_request({{"fuel", "gas"}, {"tank", "Tankless"}, {"age", "12"}}));
  ASSERT_TRUE(r.ok()) << r.error().message;
  std::vector<domain::LeadAnswer> want{{"fuel", "Gas or electric?", "Gas"},
                                       {"tank", "Tank or tankless?", "Tankless"},
                                       {"age", "About how old is it, in years?", "12"}};
  EXPECT_EQ(r->answers, want);
  EXPECT_EQ(lead(r->id).answers, want);
  domain::AvailableQuery q;
  q.plumber_id = p;
  auto page = browse_->available(q);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->leads.size(), 1u);
  EXPECT_EQ(page->leads[0].answers, want);  // before claiming
}

TEST_P(ServiceQuestionsTest, BadAnswersAreRefusedWithTheOtherFieldsAndNothingIsStored) {
  auto before = lead_count();
  auto in = heater_request({{"fuel", "coal"}, {"age", "200"}, {"colour", "red"}});
  in.email = "not-an-address";
  auto r = send(in);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, domain::ErrorCode::invalid_input);
  std::vector<std::string> fields;
  for (const auto& d : r.error().details) fields.push_back(d.field);
  for (const char* f : {"email", "answer_colour", "answer_fuel", "answer_age"})
    EXPECT_NE(std::find(fields.begin(), fields.end(), f), fields.end()) << f;
  for (const auto& d : r.error().details) {
    if (d.field == "answer_fuel") {
      EXPECT_NE(d.message.find("Gas or electric?"), std::string::npos);
    }
  }
  EXPECT_EQ(lead_count(), before);
}

TEST_P(ServiceQuestionsTest, AConsoleEditIsAuditedAndAppliesToTheNextRequest) {
  auto settings = make_settings();
  auto seeded = send(heater_request({{"fuel", "Electric"}}));  // the cache holds the seed now
  ASSERT_TRUE(seeded.ok());
  auto cat = settings->catalog();
  ASSERT_TRUE(cat.ok());
  domain::Catalog change;
  for (const auto& s : cat->services)
    if (s.slug == "water_heater") change.services.push_back(s);
  auto lines = domain::parse_question_lines(
      "venting | How is it vented? | choice: Through the roof, Through a wall | required", "q");
  ASSERT_TRUE(lines.ok());
  ASSERT_TRUE(settings
                  ->update_catalog(admin(), change, "Installers asked about venting",
                                   {{"water_heater", lines.value()}})
                  .ok());
  auto audits = catalog_audits();
  ASSERT_EQ(audits.size(), 1u);
  EXPECT_EQ(audits[0].reason, "Installers asked about venting");
  EXPECT_NE(audits[0].before_json.find("fuel | Gas or electric?"), std::string::npos);
  EXPECT_NE(audits[0].after_json.find("venting | How is it vented?"), std::string::npos);
  // The next request (same clock: no cache expiry) is asked the new, required question.
  auto missing = send(heater_request({}));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().details.at(0).field, "answer_venting");
  auto old_key = send(heater_request({{"fuel", "Gas"}, {"venting", "through a wall"}}));
  ASSERT_FALSE(old_key.ok());  // "fuel" is no longer a question
  auto ok = send(heater_request({{"venting", "through a wall"}}));
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(lead(ok->id).answers.at(0).answer, "Through a wall");
  // The earlier request keeps its answers as asked.
  EXPECT_EQ(lead(seeded->id).answers.at(0).label, "Gas or electric?");
  // Staff on the phone (no questions on their form) may leave a required question unanswered.
  EXPECT_TRUE(send(heater_request({}), "phone").ok());
}

TEST_P(ServiceQuestionsTest, ABadQuestionListIsRefusedAndNothingChanges) {
  auto settings = make_settings();
  auto cat = settings->catalog();
  ASSERT_TRUE(cat.ok());
  domain::Catalog change;
  for (const auto& s : cat->services)
    if (s.slug == "water_heater") change.services.push_back(s);
  domain::ServiceQuestion bad{"Bad Key", "", domain::QuestionKind::choice, {"Only"}, true};
  auto r = settings->update_catalog(admin(), change, "Oops", {{"water_heater", {bad}}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, domain::ErrorCode::invalid_input);
  EXPECT_EQ(r.error().details.at(0).field, "questions_water_heater");
  EXPECT_TRUE(catalog_audits().empty());
  auto after = settings->catalog();
  for (const auto& s : after->services) {
    if (s.slug == "water_heater") {
      EXPECT_EQ(s.questions.size(), 3u);
    }
  }
  // Without a reason nothing is written either.
  EXPECT_FALSE(settings->update_catalog(admin(), change, " ", {{"water_heater", {}}}).ok());
  EXPECT_TRUE(catalog_audits().empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, ServiceQuestionsTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace plumbline::service_questions_service_test
