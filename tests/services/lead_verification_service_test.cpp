// Verified homeowner phone (issue 17 item 1) on SQLite and PostgreSQL: the code's life (sent at
// intake, wrong entries counted, 5 attempts then locked, 10 minutes, single use, resend after
// 60 s only and invalidating the old code), the hourly cap per number, the e-mail link when SMS is
// not configured, the badge, and the `required` policy that never matches an unconfirmed request.
#include "domain/masking.hpp"
#include "marketplace_fixture.hpp"
#include "services/lead_verification.hpp"

namespace plumbline::lead_verification_service_test {
using namespace market_test;

namespace {

class LeadVerification : public MarketTest {
 protected:
  void SetUp() override {
    MarketTest::SetUp();
    if (IsSkipped()) return;
    verification_ = std::make_unique<services::LeadVerificationService>(
        *store_, clock_, *matching_, events_, notify_, settings_);
  }

  // The secret a message carries ("code" of an SMS, the link's last part of an e-mail).
  static std::string secret_of(const domain::OutboxMessage& m) {
    auto opened = crypto::unseal(secret, m.sealed_json);
    EXPECT_TRUE(opened);
    auto data = boost::json::parse(opened.value_or("{}")).as_object();
    if (data.contains("code")) return std::string(data.at("code").as_string());
    std::string url(data.at("verify_url").as_string());
    return url.substr(url.rfind('/') + 1);
  }
  std::vector<domain::OutboxMessage> for_lead(const std::string& kind, domain::LeadId id) {
    std::vector<domain::OutboxMessage> out;
    for (auto& m : messages(kind))
      if (m.lead_id == domain::LeadId{id.value}) out.push_back(std::move(m));
    return out;
  }
  // The newest code texted for the lead.
  std::string texted_code(domain::LeadId id) {
    auto sent = for_lead("phone_code", id);
    EXPECT_FALSE(sent.empty());
    if (sent.empty()) return "";
    std::sort(sent.begin(), sent.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
    return secret_of(sent.back());
  }
  // A request as the form or the API sends it, with its own phone and e-mail.
  static domain::LeadInput request(const std::string& phone, const std::string& email,
                                   const std::string& contact_method,
                                   const std::string& service = "drain_cleaning") {
    domain::LeadInput in;
    in.service_type = service;
    in.urgency = "flexible";
    in.zip = "94103";
    in.description = "Kitchen sink drains slowly since last week.";
    in.name = "Maria Lopez";
    in.phone = phone;
    in.email = email;
    in.contact_method = contact_method;
    in.consent = true;
    return in;
  }
  static std::string wrong(const std::string& code) {
    std::string w = code;
    w[0] = w[0] == '9' ? '0' : static_cast<char>(w[0] + 1);
    return w;
  }
  int matches(domain::LeadId id) {
    return static_cast<int>(store_
                                ->read<std::vector<domain::LeadMatch>>(
                                    [&](store::Tx& tx) { return tx.lead_matches(id); })
                                .size());
  }
  domain::LeadVerification facts(domain::LeadId id) {
    return store_->read<domain::LeadVerification>(
        [&](store::Tx& tx) { return tx.lead_verification(id); });
  }

  std::unique_ptr<services::LeadVerificationService> verification_;
};

TEST_P(LeadVerification, ACodeIsTextedAtIntakeAndConfirmsThePhoneOnce) {
  auto s = submit();
  auto sent = for_lead("phone_code", s.id);
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].channel, "sms");
  EXPECT_EQ(sent[0].recipient, lead(s.id).phone_e164);
  EXPECT_EQ(sent[0].expires_at, std::optional<Millis>(t0 + 10 * 60'000));
  auto code = secret_of(sent[0]);
  EXPECT_EQ(code.size(), 6u);
  EXPECT_EQ(sent[0].data_json.find(code), std::string::npos);  // only in the sealed part
  // Stored hashed: the code itself is nowhere in the table.
  auto stored = store_->read<std::optional<domain::VerificationCode>>(
      [&](store::Tx& tx) { return tx.latest_verification_code(s.id); });
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->code_hash.size(), 64u);
  EXPECT_EQ(stored->code_hash.find(code), std::string::npos);

  auto status = verification_->status(s.tracking_token);
  ASSERT_TRUE(status);
  EXPECT_EQ(status->channel, "sms");
  EXPECT_TRUE(status->can_verify);
  EXPECT_EQ(status->sent_at, t0);
  EXPECT_EQ(status->sent_to, domain::mask_phone(lead(s.id).phone_e164));
  EXPECT_EQ(domain::verification_badge(status->facts), "");

  auto bad = verification_->verify_code(s.tracking_token, wrong(code));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, domain::ErrorCode::invalid_input);
  EXPECT_EQ(bad.error().message, "That code is not right. You can try 4 more times.");
  auto malformed = verification_->verify_code(s.tracking_token, "12ab56");
  ASSERT_FALSE(malformed);
  EXPECT_EQ(malformed.error().details.at(0).field, "code");

  clock_.advance_ms(5'000);
  auto ok = verification_->verify_code(s.tracking_token, code.substr(0, 3) + " " + code.substr(3));
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(ok->phone_verified_at, std::optional<Millis>(t0 + 5'000));
  EXPECT_EQ(domain::verification_badge(facts(s.id)), "Phone verified");
  auto history = leads_->track(s.tracking_token)->history;
  EXPECT_EQ(history.back().note, "Phone number confirmed with the texted code");
  // Single use: the code is spent; entering it again changes nothing, and no new code is sent.
  auto used = store_->read<std::optional<domain::VerificationCode>>(
      [&](store::Tx& tx) { return tx.latest_verification_code(s.id); });
  EXPECT_EQ(used->used_at, std::optional<Millis>(t0 + 5'000));
  EXPECT_TRUE(verification_->verify_code(s.tracking_token, code));
  EXPECT_EQ(facts(s.id).phone_verified_at, std::optional<Millis>(t0 + 5'000));
  clock_.advance_ms(60'000);
  auto again = verification_->resend(s.tracking_token);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, domain::ErrorCode::conflict);
  EXPECT_FALSE(verification_->status(s.tracking_token)->can_verify);
}

TEST_P(LeadVerification, FiveWrongEntriesLockTheCode) {
  auto s = submit();
  auto code = texted_code(s.id);
  for (int i = 1; i <= 4; ++i) {
    auto r = verification_->verify_code(s.tracking_token, wrong(code));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, domain::ErrorCode::invalid_input);
  }
  auto fifth = verification_->verify_code(s.tracking_token, wrong(code));
  ASSERT_FALSE(fifth);
  EXPECT_EQ(fifth.error().message,
            "That code is not right, and it has now been tried 5 times, so it no longer works. "
            "Send a new code.");
  auto right = verification_->verify_code(s.tracking_token, code);
  ASSERT_FALSE(right);
  EXPECT_EQ(right.error().code, domain::ErrorCode::conflict);
  EXPECT_NE(right.error().message.find("5 times"), std::string::npos);
  EXPECT_FALSE(facts(s.id).verified());
  // A new code (after 60 s) works.
  clock_.advance_ms(60'000);
  ASSERT_TRUE(verification_->resend(s.tracking_token));
  EXPECT_TRUE(verification_->verify_code(s.tracking_token, texted_code(s.id)));
}

TEST_P(LeadVerification, ACodeExpiresAfterTenMinutes) {
  auto s = submit();
  auto code = texted_code(s.id);
  clock_.advance_ms(10 * 60'000);
  auto r = verification_->verify_code(s.tracking_token, code);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, domain::ErrorCode::conflict);
  EXPECT_EQ(r.error().message, "This code has expired. Send a new code.");
  EXPECT_FALSE(facts(s.id).verified());
}

TEST_P(LeadVerification, ResendOnlyAfterSixtySecondsAndItInvalidatesTheOldCode) {
  auto s = submit();
  auto first = texted_code(s.id);
  clock_.advance_ms(59'000);
  auto early = verification_->resend(s.tracking_token);
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().code, domain::ErrorCode::rate_limited);
  EXPECT_EQ(early.error().retry_after_seconds, 1);
  EXPECT_EQ(for_lead("phone_code", s.id).size(), 1u);
  clock_.advance_ms(1'000);
  auto r = verification_->resend(s.tracking_token);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->sent_at, t0 + 60'000);
  EXPECT_EQ(for_lead("phone_code", s.id).size(), 2u);
  auto second = texted_code(s.id);
  if (second != first) {  // one in a million draws the same digits
    auto old = verification_->verify_code(s.tracking_token, first);
    ASSERT_FALSE(old);
    EXPECT_EQ(old.error().code, domain::ErrorCode::invalid_input);
  }
  EXPECT_TRUE(verification_->verify_code(s.tracking_token, second));
}

TEST_P(LeadVerification, ANumberGetsFiveCodesAnHour) {
  auto s = submit();  // code 1
  for (int i = 2; i <= 5; ++i) {
    clock_.advance_ms(60'000);
    ASSERT_TRUE(verification_->resend(s.tracking_token)) << i;
  }
  clock_.advance_ms(60'000);
  auto sixth = verification_->resend(s.tracking_token);
  ASSERT_FALSE(sixth);
  EXPECT_EQ(sixth.error().code, domain::ErrorCode::rate_limited);
  EXPECT_EQ(sixth.error().retry_after_seconds, 3600);
  EXPECT_EQ(for_lead("phone_code", s.id).size(), 5u);
  // The window slides: an hour after the first code, one more may go.
  clock_.advance_ms(hour - 5 * 60'000 + 1);
  EXPECT_TRUE(verification_->resend(s.tracking_token));
}

TEST_P(LeadVerification, BadgePolicyMatchesAtOnce) {
  plumber("ann");
  auto s = submit();
  EXPECT_EQ(s.matched, 1);
  EXPECT_EQ(for_lead("lead_alert", s.id).size(), 1u);
  EXPECT_FALSE(for_lead("lead_confirmation", s.id).empty());
  EXPECT_FALSE(facts(s.id).awaiting);
  ASSERT_TRUE(verification_->verify_code(s.tracking_token, texted_code(s.id)));
  EXPECT_EQ(matches(s.id), 1);  // confirming sends nothing again
  EXPECT_EQ(for_lead("lead_alert", s.id).size(), 1u);
  EXPECT_EQ(domain::verification_badge(facts(s.id)), "Phone verified");
}

TEST_P(LeadVerification, RequiredPolicyNeverMatchesAnUnconfirmedRequest) {
  settings_.edit().phone_verification_required = true;
  plumber("ann");
  auto s = submit();
  auto unconfirmed = submit("leak_repair");
  EXPECT_EQ(s.matched, 0);
  EXPECT_EQ(matches(s.id), 0);
  EXPECT_TRUE(facts(s.id).awaiting);
  EXPECT_TRUE(for_lead("lead_alert", s.id).empty());
  EXPECT_TRUE(for_lead("lead_confirmation", s.id).empty());  // sent with the count once released
  EXPECT_EQ(for_lead("phone_code", s.id).size(), 1u);
  // A plumber who starts covering the area now is not sent it either (late matching).
  plumber("bob");
  EXPECT_EQ(matches(s.id), 0);
  EXPECT_EQ(matches(unconfirmed.id), 0);
  // A wrong code releases nothing.
  ASSERT_FALSE(verification_->verify_code(s.tracking_token, wrong(texted_code(s.id))));
  EXPECT_EQ(matches(s.id), 0);

  clock_.advance_ms(9 * 60'000);
  ASSERT_TRUE(retention_->expire_leads());  // 9 minutes: nothing expires yet
  EXPECT_EQ(lead(s.id).status, domain::LeadStatus::open);
  EXPECT_EQ(lead(unconfirmed.id).status, domain::LeadStatus::open);
  auto ok = verification_->verify_code(s.tracking_token, texted_code(s.id));
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_FALSE(ok->awaiting);
  EXPECT_EQ(matches(s.id), 2);  // ann and bob
  EXPECT_EQ(for_lead("lead_alert", s.id).size(), 2u);
  auto confirmations = for_lead("lead_confirmation", s.id);
  ASSERT_FALSE(confirmations.empty());
  EXPECT_NE(confirmations[0].data_json.find("\"no_coverage\":false"), std::string::npos);
  EXPECT_GE(events_.nudges, 1);

  // The other one is never confirmed: 30 minutes after intake it expires, still unmatched.
  clock_.advance_ms(30 * 60'000 - 9 * 60'000);
  ASSERT_TRUE(retention_->expire_leads());
  EXPECT_EQ(lead(unconfirmed.id).status, domain::LeadStatus::open);  // exactly 30 minutes
  clock_.advance_ms(1);
  auto expired = retention_->expire_leads();
  ASSERT_TRUE(expired);
  EXPECT_EQ(expired.value(), 1);
  auto gone = lead(unconfirmed.id);
  EXPECT_EQ(gone.status, domain::LeadStatus::expired);
  EXPECT_EQ(gone.closed_reason, "unverified");
  EXPECT_EQ(matches(unconfirmed.id), 0);
  EXPECT_EQ(lead(s.id).status, domain::LeadStatus::open);
  // Its code no longer works, and nothing can be resent.
  auto late = verification_->verify_code(unconfirmed.tracking_token, texted_code(unconfirmed.id));
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, domain::ErrorCode::conflict);
  EXPECT_EQ(matches(unconfirmed.id), 0);
  EXPECT_FALSE(verification_->resend(unconfirmed.tracking_token));
}

TEST_P(LeadVerification, WithoutSmsAnEmailLinkConfirmsTheAddress) {
  auto n = notify_;
  n.sms_enabled = false;
  services::LeadService leads(*store_, zips(), clock_, *catalog_, *matching_, events_, n,
                              settings_);
  services::LeadVerificationService verification(*store_, clock_, *matching_, events_, n,
                                                 settings_);
  auto in = request("(415) 555-7000", "maria.mail@example.com", "email");
  auto s = leads.submit(in, {"203.0.113.9", "test", "web", 0});
  ASSERT_TRUE(s);
  EXPECT_TRUE(for_lead("phone_code", s->id).empty());
  auto mails = for_lead("lead_email_verification", s->id);
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(mails[0].channel, "email");
  EXPECT_EQ(mails[0].recipient, "maria.mail@example.com");
  auto opened = *crypto::unseal(secret, mails[0].sealed_json);
  EXPECT_NE(opened.find("https://plumbline.test/t/" + s->tracking_token + "/confirm/"),
            std::string::npos);
  auto link = secret_of(mails[0]);
  EXPECT_EQ(verification.status(s->tracking_token)->channel, "email");
  // The SMS form cannot confirm it, nor a made-up link.
  EXPECT_FALSE(verification.verify_code(s->tracking_token, "123456"));
  auto forged = link;
  forged[0] = forged[0] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(verification.verify_link(s->tracking_token, forged));
  auto ok = verification.verify_link(s->tracking_token, link);
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_TRUE(ok->email_verified_at);
  EXPECT_FALSE(ok->phone_verified_at);
  EXPECT_EQ(domain::verification_badge(facts(s->id)), "E-mail verified");
}

TEST_P(LeadVerification, StaffPhoneInsAndDuplicatesGetNoCode) {
  auto in = request("(415) 555-7100", "maria.phone@example.com", "phone");
  domain::RequestContext staff{"203.0.113.9", "phone: read by admin", "phone", 0};
  staff.created_by = admin_;
  auto phoned = leads_->submit(in, staff);
  ASSERT_TRUE(phoned);
  EXPECT_TRUE(for_lead("phone_code", phoned->id).empty());
  auto first = leads_->submit(in, {"203.0.113.9", "test", "web", 0});  // a duplicate of it
  ASSERT_TRUE(first);
  EXPECT_TRUE(first->duplicate);
  EXPECT_TRUE(for_lead("phone_code", first->id).empty());
}

TEST_P(LeadVerification, ApiRequestsGetACodeOnlyWhenItIsRequired) {
  plumber("ann");
  auto in = request("(415) 555-7200", "maria.api@example.com", "text");
  auto badge = leads_->submit(in, {"203.0.113.9", "partner", "api", 0});
  ASSERT_TRUE(badge);
  EXPECT_TRUE(for_lead("phone_code", badge->id).empty());
  EXPECT_EQ(badge->matched, 1);
  settings_.edit().phone_verification_required = true;
  in.phone = "(415) 555-7201";
  in.service_type = "leak_repair";
  auto held = leads_->submit(in, {"203.0.113.9", "partner", "api", 0});
  ASSERT_TRUE(held);
  EXPECT_EQ(for_lead("phone_code", held->id).size(), 1u);
  EXPECT_EQ(held->matched, 0);
  EXPECT_TRUE(facts(held->id).awaiting);
}

INSTANTIATE_TEST_SUITE_P(Backends, LeadVerification, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace plumbline::lead_verification_service_test
