// Partner lead sources against a real database with a fixed clock (issue 20): staff's actions are
// audited; a key is shown once and stored hashed, scoped and revocable; a partner's request needs
// its consent evidence, carries the source, keeps to the source's services, areas, daily cap and
// per-key rate; an Idempotency-Key replays the first answer, refuses another body, and two
// concurrent posts with one key make one lead. Last, the rules alone: staff's form, the consent
// evidence, what a source may send, key scopes and the key format.
#include <atomic>
#include <thread>

#include "crypto/tokens.hpp"
#include "marketplace_fixture.hpp"
#include "services/partners.hpp"

namespace plumbline::partners_test {
using namespace market_test;

namespace {

class PartnersTest : public MarketTest {
 protected:
  void SetUp() override {
    MarketTest::SetUp();
    if (IsSkipped()) return;
    partners_ = std::make_unique<services::PartnerService>(
        *store_, clock_, *leads_, *catalog_, local_zones(), secret, [this] { return seconds_; });
    staff_ = {admin_, "admin@example.com", domain::Role::admin, "198.51.100.7"};
  }

  domain::PartnerSource make_source(const std::string& cap = "0", const std::string& rate = "60",
                                    const std::string& areas = "941") {
    auto r = partners_->create(staff_, {"Fix-It Leads", "ann@fixit.example", "leak_repair", areas,
                                        cap, rate, "$12 a lead", "https://fixit.example"});
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return *r;
  }
  std::string issue(const domain::PartnerSource& s) {
    auto k = partners_->issue_key(staff_, s.id);
    EXPECT_TRUE(k.ok());
    return k->secret;
  }
  services::PartnerPost post(const std::string& key, const std::string& phone = "(415) 555-0142",
                             const std::string& idempotency_key = {}) {
    services::PartnerPost p;
    p.key = key;
    p.idempotency_key = idempotency_key;
    p.input.service_type = "leak_repair";
    p.input.urgency = "within_24h";
    p.input.zip = "94103";
    p.input.description = "Water drips from the ceiling under the bathroom.";
    p.input.name = "Pat Partner";
    p.input.phone = phone;
    p.input.email = "pat@example.com";
    p.input.contact_method = "phone";
    p.evidence = {"I agree that up to 3 plumbers may contact me.", t0 - 60'000, "203.0.113.9",
                  "https://fixit.example/quote"};
    p.body = "{\"phone\":\"" + phone + "\"}";
    p.user_agent = "fixit-client/1.0";
    return p;
  }
  int leads_of(const domain::PartnerSource& s) {
    return store_->read<int>([&](store::Tx& tx) { return tx.count_partner_leads_since(s.id, 0); });
  }
  std::vector<domain::AuditEntry> audit(const std::string& action) {
    domain::AuditFilter f;
    f.action = action;
    return store_->read<std::vector<domain::AuditEntry>>(
        [&](store::Tx& tx) { return tx.list_audit(f); });
  }

  double seconds_ = 1000;
  std::unique_ptr<services::PartnerService> partners_;
  domain::Actor staff_;
};

TEST_P(PartnersTest, StaffActionsAreAuditedAndAKeyIsStoredHashedOnly) {
  auto s = make_source();
  ASSERT_EQ(audit("partner_source.create").size(), 1u);
  auto secret_key = issue(s);
  EXPECT_TRUE(secret_key.starts_with("plk_"));
  auto detail = partners_->detail(s.id);
  ASSERT_TRUE(detail.ok());
  ASSERT_EQ(detail->keys.size(), 1u);
  EXPECT_EQ(detail->keys[0].key_hash, crypto::sha256_hex(secret_key));
  EXPECT_EQ(detail->keys[0].hint, secret_key.substr(0, 8));
  auto issued = audit("partner_key.issue");
  ASSERT_EQ(issued.size(), 1u);
  EXPECT_EQ(issued[0].after_json.find(secret_key), std::string::npos);  // never in the trail
  ASSERT_TRUE(partners_->revoke_key(staff_, s.id, detail->keys[0].id).ok());
  EXPECT_EQ(audit("partner_key.revoke").size(), 1u);
  auto again = partners_->revoke_key(staff_, s.id, detail->keys[0].id);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, domain::ErrorCode::conflict);
}

TEST_P(PartnersTest, APartnersRequestCarriesTheSourceAndTheConsentEvidence) {
  plumber("ann");
  auto s = make_source();
  auto key = issue(s);
  auto r = partners_->submit(post(key), "192.0.2.1");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_FALSE(r->replayed);
  EXPECT_EQ(r->lead.matched, 1);
  auto l = lead(r->lead.id);
  EXPECT_EQ(l.source, "api");
  EXPECT_EQ(l.consent_text, "I agree that up to 3 plumbers may contact me.");
  EXPECT_EQ(l.consent_at, t0 - 60'000);
  EXPECT_EQ(l.consent_ip, "203.0.113.9");
  EXPECT_EQ(l.consent_user_agent, "partner: Fix-It Leads (key " + key.substr(0, 8) + ")");
  EXPECT_EQ(leads_of(s), 1);
}

TEST_P(PartnersTest, MissingConsentEvidenceIsRefusedWithTheFieldNamed) {
  auto s = make_source();
  auto p = post(issue(s));
  p.evidence.page_url.clear();
  p.evidence.at = 0;
  auto r = partners_->submit(p, "192.0.2.1");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, domain::ErrorCode::invalid_input);
  std::vector<std::string> fields;
  for (const auto& d : r.error().details) fields.push_back(d.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"consent_evidence.at", "consent_evidence.page_url"}));
  EXPECT_EQ(leads_of(s), 0);
}

TEST_P(PartnersTest, UnknownRevokedAndUnscopedKeysAreRefused) {
  auto s = make_source();
  auto key = issue(s);
  auto wrong = key;
  wrong.back() = wrong.back() == 'A' ? 'B' : 'A';
  EXPECT_EQ(partners_->submit(post(wrong), "192.0.2.1").error().code,
            domain::ErrorCode::unauthorized);
  EXPECT_EQ(partners_->submit(post("not-a-key"), "192.0.2.1").error().code,
            domain::ErrorCode::unauthorized);
  auto keys = partners_->detail(s.id)->keys;
  ASSERT_TRUE(partners_->revoke_key(staff_, s.id, keys[0].id).ok());
  EXPECT_EQ(partners_->submit(post(key), "192.0.2.1").error().code,
            domain::ErrorCode::unauthorized);
  // A key whose scopes leave out leads:create (none are issued so today) may not post.
  auto other = std::string("plk_") + std::string(43, 'z');
  store_->write_tx([&](store::Tx& tx) {
    tx.insert_partner_key({{}, s.id, crypto::sha256_hex(other), "plk_zzzz", {"reports:read"}, t0});
    return true;
  });
  EXPECT_EQ(partners_->submit(post(other), "192.0.2.1").error().code, domain::ErrorCode::forbidden);
  EXPECT_EQ(leads_of(s), 0);
}

TEST_P(PartnersTest, ASourceSendsOnlyItsServicesAndAreas) {
  auto s = make_source("0", "60", "100");  // New York ZIPs only
  auto r = partners_->submit(post(issue(s)), "192.0.2.1");
  ASSERT_FALSE(r.ok());
  ASSERT_EQ(r.error().details.size(), 1u);
  EXPECT_EQ(r.error().details[0].field, "zip");
}

TEST_P(PartnersTest, TheSameIdempotencyKeyReplaysTheAnswerAndRefusesAnotherBody) {
  auto s = make_source();
  auto key = issue(s);
  auto first = partners_->submit(post(key, "(415) 555-0142", "order-77"), "192.0.2.1");
  ASSERT_TRUE(first.ok()) << first.error().message;
  auto again = partners_->submit(post(key, "(415) 555-0142", "order-77"), "192.0.2.1");
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_TRUE(again->replayed);
  EXPECT_EQ(again->lead.id, first->lead.id);
  EXPECT_EQ(again->lead.tracking_token, first->lead.tracking_token);
  auto other = partners_->submit(post(key, "(415) 555-0199", "order-77"), "192.0.2.1");
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().code, domain::ErrorCode::invalid_input);
  EXPECT_EQ(other.error().details.at(0).field, "Idempotency-Key");
  EXPECT_EQ(leads_of(s), 1);
  // The stored answer is sealed: the tracking token is not in the record as text.
  auto rec = store_->read<std::optional<domain::IdempotencyRecord>>([&](store::Tx& tx) {
    return tx.find_idempotency(partners_->detail(s.id)->keys[0].id, "order-77");
  });
  ASSERT_TRUE(rec);
  EXPECT_EQ(rec->answer_sealed.find(first->lead.tracking_token), std::string::npos);
}

TEST_P(PartnersTest, ConcurrentPostsWithOneIdempotencyKeyMakeOneLead) {
  auto s = make_source();
  auto key = issue(s);
  constexpr int n = 4;
  std::vector<domain::Result<services::PartnerAnswer>> answers(
      n, domain::Error::make(domain::ErrorCode::internal, "not run"));
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i)
    threads.emplace_back([&, i] {
      answers[i] = partners_->submit(post(key, "(415) 555-0142", "burst-1"), "192.0.2.1");
    });
  for (auto& t : threads) t.join();
  for (const auto& a : answers) {
    ASSERT_TRUE(a.ok()) << a.error().message;
    EXPECT_EQ(a->lead.id, answers[0]->lead.id);
  }
  EXPECT_EQ(leads_of(s), 1);
}

TEST_P(PartnersTest, TheDailyCapAndTheKeysRateAnswerRateLimited) {
  auto capped = make_source("1");
  auto key = issue(capped);
  ASSERT_TRUE(partners_->submit(post(key, "(415) 555-0142"), "192.0.2.1").ok());
  auto over = partners_->submit(post(key, "(415) 555-0143"), "192.0.2.1");
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().code, domain::ErrorCode::rate_limited);
  EXPECT_GT(over.error().retry_after_seconds, 0);
  EXPECT_LE(over.error().retry_after_seconds, 24 * 3600 + 3600);
  EXPECT_EQ(leads_of(capped), 1);
  clock_.advance_ms(day);  // the next local day
  EXPECT_TRUE(partners_->submit(post(key, "(415) 555-0144"), "192.0.2.1").ok());

  auto slow = partners_->create(staff_, {"Slow Partner", "", "", "", "0", "2", "", ""});
  ASSERT_TRUE(slow.ok());
  auto slow_key = issue(*slow);
  for (int i = 0; i < 2; ++i)  // a burst of a minute's worth, then the bucket is empty
    EXPECT_TRUE(partners_->submit(post(slow_key, "(415) 555-015" + std::to_string(i)), "").ok());
  auto limited = partners_->submit(post(slow_key, "(415) 555-0159"), "");
  ASSERT_FALSE(limited.ok());
  EXPECT_EQ(limited.error().code, domain::ErrorCode::rate_limited);
  EXPECT_EQ(limited.error().retry_after_seconds, 30);  // 2 a minute: one every 30 s
  seconds_ += 30;
  EXPECT_TRUE(partners_->submit(post(slow_key, "(415) 555-0159"), "").ok());
}

INSTANTIATE_TEST_SUITE_P(Backends, PartnersTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace plumbline::partners_test

// The rules alone (domain/partner_rules.cpp), without a database.
namespace plumbline::domain::partner_rules_test {
namespace {

const std::vector<std::string> catalog{"leak_repair", "drain_cleaning"};

std::vector<std::string> fields_of(const std::vector<FieldError>& errors) {
  std::vector<std::string> out;
  for (const auto& e : errors) out.push_back(e.field);
  return out;
}

TEST(PartnerRules, AValidFormIsTrimmedAndSplit) {
  auto s = validate_partner_source(
      {" Fix-It ", "ann@fixit.example", "leak_repair, drain_cleaning", "941 10001", "25", "",
       "$12 a lead", "https://fixit.example/ http://127.0.0.1:8081"},
      catalog);
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->name, "Fix-It");
  EXPECT_EQ(s->services, (std::vector<std::string>{"leak_repair", "drain_cleaning"}));
  EXPECT_EQ(s->areas, (std::vector<std::string>{"941", "10001"}));
  EXPECT_EQ(s->daily_cap, 25);
  EXPECT_EQ(s->rate_per_minute, 60);  // the default
  EXPECT_EQ(s->frame_origins,
            (std::vector<std::string>{"https://fixit.example", "http://127.0.0.1:8081"}));
}

TEST(PartnerRules, EachWrongFieldIsNamed) {
  auto s = validate_partner_source(
      {"", "", "boiler_repair", "94x", "-1", "0", "", "https://fixit.example/quotes"}, catalog);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(fields_of(s.error().details),
            (std::vector<std::string>{"name", "services", "areas", "daily_cap", "rate_per_minute",
                                      "frame_origins"}));
}

TEST(PartnerRules, ConsentEvidenceNeedsEveryMember) {
  const Millis now = 1'800'000'000'000;
  ConsentEvidence ok{"I agree.", now - 1000, "2001:db8::7", "https://fixit.example/q"};
  EXPECT_TRUE(consent_evidence_problems(ok, now).empty());
  EXPECT_EQ(fields_of(consent_evidence_problems({}, now)),
            (std::vector<std::string>{"consent_evidence.text", "consent_evidence.at",
                                      "consent_evidence.ip", "consent_evidence.page_url"}));
  auto future = ok;
  future.at = now + 120'000;  // more than a minute ahead
  EXPECT_EQ(fields_of(consent_evidence_problems(future, now)),
            (std::vector<std::string>{"consent_evidence.at"}));
  auto script = ok;
  script.page_url = "javascript:alert(1)";
  script.ip = "<b>";
  EXPECT_EQ(fields_of(consent_evidence_problems(script, now)),
            (std::vector<std::string>{"consent_evidence.ip", "consent_evidence.page_url"}));
}

TEST(PartnerRules, ASourceSendsOnlyItsServicesAndAreas) {
  PartnerSource s;
  EXPECT_FALSE(partner_refusal(s, "anything", "00000"));  // empty lists allow everything
  s.services = {"leak_repair"};
  s.areas = {"941", "10001"};
  EXPECT_FALSE(partner_refusal(s, "leak_repair", "94110"));
  EXPECT_FALSE(partner_refusal(s, "leak_repair", "10001"));
  EXPECT_EQ(partner_refusal(s, "drain_cleaning", "94110")->field, "service_type");
  EXPECT_EQ(partner_refusal(s, "leak_repair", "10002")->field, "zip");
}

TEST(PartnerRules, KeysAreScopedAndRevocable) {
  PartnerKey k;
  k.scopes = {scope_leads_create};
  EXPECT_TRUE(key_allows(k, scope_leads_create));
  EXPECT_FALSE(key_allows(k, "reports:read"));
  k.revoked_at = 5;
  EXPECT_FALSE(key_allows(k, scope_leads_create));
  EXPECT_TRUE(plausible_partner_key("plk_" + std::string(43, 'a')));
  EXPECT_FALSE(plausible_partner_key("plk_" + std::string(42, 'a')));
  EXPECT_FALSE(plausible_partner_key("pk_" + std::string(44, 'a')));
  EXPECT_FALSE(plausible_partner_key("plk_" + std::string(42, 'a') + "."));
}

}  // namespace
}  // namespace plumbline::domain::partner_rules_test
