// Unit tests for the marketplace messages: keys, due times and channels, what is sealed, and the
// templates rendered with the data the builders produce (alerts never carry contact details;
// messages to the unverified requester carry nothing they typed).
#include "services/marketplace_messages.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "crypto/sealed.hpp"
#include "integrations/mail_detail.hpp"
#include "source_root.hpp"
#include "templating/mustache.hpp"

namespace plumbline::services {
namespace {

const std::string secret = "test-secret-0123456789abcdef0123456789";
constexpr domain::Millis now = 1'800'000'000'000;

NotificationSettings settings(bool sms) {
  return {"https://plumbline.example", secret, sms, 8};
}

domain::Catalog catalog() {
  domain::Catalog c;
  c.services = {{"remodel", "Kitchen or bath remodel", 5, true}};
  c.urgencies = {{"emergency", "Emergency (now)", 1}, {"flexible", "Flexible", 0}};
  return c;
}

domain::Lead lead() {
  domain::Lead l;
  l.id = domain::LeadId{42};
  l.service_type = "remodel";
  l.urgency = "emergency";
  l.city = "San Francisco";
  l.state = "CA";
  l.zip = "94110";
  l.name = "María <O'Brien>";
  l.phone_e164 = "+14155550134";
  l.email = "maria@example.com";
  l.address = "1 Valencia St";
  l.contact_method = "text";
  l.description = "Move the vanity & add a walk-in shower.";
  l.price_credits = 6;
  l.max_claims = 3;
  l.status = domain::LeadStatus::open;
  return l;
}

domain::PlumberProfile plumber() {
  domain::PlumberProfile p;
  p.user_id = domain::UserId{7};
  p.email = "pat@example.com";
  p.profile.business_name = "Pat's Plumbing & Heating";
  p.profile.contact_name = "Pat Lee";
  p.profile.phone_e164 = "+14155550199";
  p.profile.licence_number = "C36-123456";
  p.profile.licence_state = "CA";
  p.review.licence_verified_on = "2027-01-10";
  p.review.insurance_valid_until = "2027-12-31";
  return p;
}

domain::MatchCandidate candidate(bool email, bool sms) {
  domain::MatchCandidate c;
  c.plumber_id = domain::UserId{7};
  c.distance_miles = 12.345;
  c.email = "pat@example.com";
  c.phone_e164 = "+14155550199";
  c.business_name = "Pat's Plumbing & Heating";
  c.settings.notify_email = email;
  c.settings.notify_sms = sms;
  return c;
}

std::string read_template(const std::string& rel) {
  std::ifstream in(plumbline::testing::source_root() / "templates" / rel);
  EXPECT_TRUE(in.good()) << rel;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Renders a message the way the worker does: plain data, opened sealed data, site_url.
std::string render(const domain::OutboundMessage& m, const std::string& part) {
  auto data = boost::json::parse(m.data_json).as_object();
  if (!m.sealed_json.empty()) {
    auto opened = boost::json::parse(*crypto::unseal(secret, m.sealed_json));
    for (auto& [k, v] : opened.as_object()) data[k] = v;
  }
  data["site_url"] = "https://plumbline.example";
  data["platform_name"] = "Plumbline";  // the worker adds it to every message (add_message_globals)
  auto rel = (m.channel == domain::channel_sms ? "sms/" : "email/") + m.template_name + "." + part +
             ".mustache";
  return templating::render(rel, read_template(rel), data);
}

bool gsm7_basic(std::string_view s) {
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u > 0x7e || std::string_view("`[]{}\\^~|").find(c) != std::string_view::npos)
      return false;
  }
  return true;
}

void expect_email_renders(const domain::OutboundMessage& m) {
  auto subject = integrations::detail::clean_header_value(render(m, "subject"));
  EXPECT_FALSE(subject.empty()) << m.kind;
  EXPECT_LE(subject.size(), 120u) << subject;
  auto text = render(m, "txt");
  EXPECT_EQ(text.find("&amp;"), std::string::npos) << m.kind;
  EXPECT_EQ(text.find("\n\n\n"), std::string::npos) << m.kind << "\n" << text;
  auto html = render(m, "html");
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u) << m.kind;
  EXPECT_EQ(html.find("Pat's"), std::string::npos) << "unescaped HTML in " << m.kind;
}

TEST(MarketplaceMessages, EveryTemplateParses) {
  for (const char* kind : {"lead_alert", "claim_confirmation", "lead_claimed", "lead_details",
                           "claim_refunded", "dispute_resolved", "plumber_review", "lead_updated"})
    for (const char* part : {".subject", ".txt", ".html"}) {
      auto rel = std::string("email/") + kind + part + ".mustache";
      EXPECT_EQ(templating::check(read_template(rel)), "") << rel;
    }
  for (const char* rel : {"sms/lead_alert.txt.mustache", "sms/lead_claimed.txt.mustache"})
    EXPECT_EQ(templating::check(read_template(rel)), "") << rel;
}

TEST(MarketplaceMessages, AlertsCarryNoContactDetails) {
  auto msgs = lead_alert_messages(settings(true), 42, lead(), candidate(true, true), catalog(), now,
                                  now + 3'600'000, now + 72 * 3'600'000);
  ASSERT_EQ(msgs.size(), 2u);
  EXPECT_EQ(msgs[0].idempotency_key, "lead_alert:email:42:7");
  EXPECT_EQ(msgs[0].due_at, now);
  EXPECT_EQ(msgs[1].idempotency_key, "lead_alert:sms:42:7");
  EXPECT_EQ(msgs[1].due_at, now + 3'600'000);
  EXPECT_EQ(*msgs[1].expires_at, now + 5 * 3'600'000);
  for (const auto& m : msgs) {
    EXPECT_TRUE(m.sealed_json.empty());
    std::string all = m.data_json;
    for (const char* part : m.channel == domain::channel_sms
                                ? std::vector<const char*>{"txt"}
                                : std::vector<const char*>{"subject", "txt", "html"})
      all += render(m, part);
    for (const char* secret_bit : {"María", "555-0134", "5550134", "maria@", "Valencia"})
      EXPECT_EQ(all.find(secret_bit), std::string::npos) << secret_bit << " in " << m.channel;
    // Each alert opens that lead's page, not the dashboard (issue 13).
    EXPECT_NE(all.find("https://plumbline.example/leads/42"), std::string::npos) << m.channel;
    EXPECT_EQ(all.find("/dashboard"), std::string::npos) << m.channel;
  }
  expect_email_renders(msgs[0]);
  // The e-mail carries the homeowner's description (escaped in HTML) and the checks it passed;
  // the one-segment text leaves the description out.
  auto html = render(msgs[0], "html"), text = render(msgs[0], "txt");
  EXPECT_NE(html.find("Move the vanity &amp; add a walk-in shower."), std::string::npos) << html;
  EXPECT_NE(text.find("Move the vanity & add a walk-in shower."), std::string::npos) << text;
  for (const auto& part : {html, text}) {
    EXPECT_NE(part.find("Duplicate check passed"), std::string::npos);
    EXPECT_EQ(part.find("Consent recorded"), std::string::npos) << "no consent in this lead";
  }
  EXPECT_EQ(render(msgs[1], "txt").find("vanity"), std::string::npos);
  auto sms = integrations::detail::clean_header_value(render(msgs[1], "txt"));
  EXPECT_LE(sms.size(), 160u) << sms;
  EXPECT_TRUE(gsm7_basic(sms)) << sms;
  EXPECT_NE(sms.find("12.3 mi"), std::string::npos) << sms;
  EXPECT_NE(sms.find("6 cr"), std::string::npos) << sms;
}

TEST(MarketplaceMessages, AlertChannelsFollowSettings) {
  auto count = [](bool sms_on, bool email, bool sms) {
    return lead_alert_messages(settings(sms_on), 42, lead(), candidate(email, sms), catalog(), now,
                               now, now + 1)
        .size();
  };
  EXPECT_EQ(count(false, true, true), 1u);  // SMS not configured
  EXPECT_EQ(count(true, false, true), 1u);
  EXPECT_EQ(count(true, false, false), 0u);
}

TEST(MarketplaceMessages, ClaimConfirmationSealsTheContactDetails) {
  domain::Claim claim;
  claim.id = domain::ClaimId{9};
  claim.price_credits = 6;
  auto m =
      claim_confirmation_message(settings(false), claim, lead(), plumber(), catalog(), 14, now);
  EXPECT_EQ(m.idempotency_key, "claim_confirmation:email:9");
  EXPECT_EQ(m.recipient, "pat@example.com");
  EXPECT_EQ(m.data_json.find("maria"), std::string::npos);
  EXPECT_EQ(m.data_json.find("555"), std::string::npos);
  auto text = render(m, "txt");
  EXPECT_NE(text.find("María <O'Brien>"), std::string::npos);
  EXPECT_NE(text.find("(415) 555-0134"), std::string::npos);
  EXPECT_NE(text.find("maria@example.com"), std::string::npos);
  EXPECT_NE(text.find("1 Valencia St"), std::string::npos);
  EXPECT_NE(text.find("balance is now 14"), std::string::npos);
  expect_email_renders(m);
  auto more = lead();
  more.best_time = "Evenings";
  more.extra_details = "Gate code 1234";
  auto m2 = claim_confirmation_message(settings(false), claim, more, plumber(), catalog(), 14, now);
  EXPECT_NE(render(m2, "txt").find("Added later:\nGate code 1234\n\nThe homeowner"),
            std::string::npos);
  expect_email_renders(m2);
}

TEST(MarketplaceMessages, HomeownerHearsWhoWillCall) {
  domain::Claim claim;
  claim.id = domain::ClaimId{9};
  auto msgs = lead_claimed_messages(settings(true), claim, lead(), plumber(), catalog(), now);
  ASSERT_EQ(msgs.size(), 2u);
  EXPECT_EQ(msgs[0].recipient, "maria@example.com");
  auto text = render(msgs[0], "txt");
  for (const char* s :
       {"Pat's Plumbing & Heating", "(415) 555-0199", "C36-123456", "2027-01-10", "2027-12-31"})
    EXPECT_NE(text.find(s), std::string::npos) << s;
  expect_email_renders(msgs[0]);
  EXPECT_EQ(msgs[1].recipient, "+14155550134");
  auto sms = integrations::detail::clean_header_value(render(msgs[1], "txt"));
  EXPECT_LE(sms.size(), 160u) << sms;
  EXPECT_NE(sms.find("(415) 555-0199"), std::string::npos);
}

// A request typed by someone else (issue 12, point 9): every field the requester controls carries
// text an attacker would like mailed to the victim under our brand.
domain::Lead hostile_lead() {
  auto l = lead();
  l.name = "Click http://evil.example now";
  l.description = "Your account is locked: visit http://evil.example/desc";
  l.address = "http://evil.example/address";
  l.best_time = "Call +1 900 555 0000 http://evil.example/time";
  l.extra_details = "http://evil.example/extra";
  return l;
}

std::vector<std::string> rendered_parts(const domain::OutboundMessage& m) {
  if (m.channel == domain::channel_sms) return {render(m, "txt")};
  return {render(m, "subject"), render(m, "txt"), render(m, "html")};
}

TEST(MarketplaceMessages, MessagesToTheRequesterCarryNothingTheyTyped) {
  auto l = hostile_lead();
  std::vector<domain::OutboundMessage> msgs = lead_confirmation_messages(
      settings(true), l.id.value, l, "AbCdEfGhIjKlMnOpQrStUvWxYz012345", catalog(),
      domain::LeadReach{domain::LeadStatus::open, "", l.zip, 2, 0, 3, 72, false});
  ASSERT_EQ(msgs.size(), 2u);  // e-mail and SMS (the requester chose text)
  domain::Claim claim;
  claim.id = domain::ClaimId{9};
  for (auto& m : lead_claimed_messages(settings(true), claim, l, plumber(), catalog(), now))
    msgs.push_back(std::move(m));
  ASSERT_EQ(msgs.size(), 4u);
  for (const auto& m : msgs) {
    auto opened = m.sealed_json.empty() ? std::string() : *crypto::unseal(secret, m.sealed_json);
    EXPECT_EQ((m.data_json + opened).find("evil.example"), std::string::npos)
        << m.kind << " " << m.channel << " data: " << m.data_json;
    for (const auto& part : rendered_parts(m)) {
      EXPECT_EQ(part.find("evil.example"), std::string::npos) << m.kind << "\n" << part;
      EXPECT_EQ(part.find("Click"), std::string::npos) << m.kind;
    }
    EXPECT_TRUE(m.recipient == l.email || m.recipient == l.phone_e164) << m.recipient;
  }
  // What the confirmation still says: our text, the labels, the place from our table, the link.
  auto text = render(msgs[0], "txt");
  EXPECT_EQ(text.rfind("Hello,\n\n", 0), 0u) << text.substr(0, 80);
  for (const char* s : {"Kitchen or bath remodel", "Emergency (now)", "San Francisco CA 94110",
                        "https://plumbline.example/t/AbCdEfGhIjKlMnOpQrStUvWxYz012345"})
    EXPECT_NE(text.find(s), std::string::npos) << s;
  expect_email_renders(msgs[0]);
  auto sms = integrations::detail::clean_header_value(render(msgs[1], "txt"));
  EXPECT_LE(sms.size(), 160u) << sms;
  EXPECT_TRUE(gsm7_basic(sms)) << sms;
  // Each confirmation is counted under its recipient's normalised key for the daily limit.
  EXPECT_EQ(msgs[0].recipient_key, "email:maria@example.com");
  EXPECT_EQ(msgs[1].recipient_key, "sms:+14155550134");
  EXPECT_EQ(msgs[2].recipient_key, "");  // lead_claimed is not limited: a plumber paid for it
}

TEST(MarketplaceMessages, PlumbersStillGetWhatTheRequesterTyped) {
  domain::Claim claim;
  claim.id = domain::ClaimId{9};
  auto l = hostile_lead();
  auto text = render(
      claim_confirmation_message(settings(false), claim, l, plumber(), catalog(), 14, now), "txt");
  for (const auto& s : {l.name, l.description, l.address, l.best_time, l.extra_details})
    EXPECT_NE(text.find(s), std::string::npos) << s;
  auto details = render(
      lead_details_message(settings(false), l, plumber(), catalog(), "Gate code 1234", 1, now),
      "txt");
  EXPECT_NE(details.find(l.name), std::string::npos);
  EXPECT_NE(details.find("Gate code 1234"), std::string::npos);
}

TEST(MarketplaceMessages, OtherKindsRender) {
  domain::Claim claim;
  claim.id = domain::ClaimId{9};
  claim.price_credits = 1;
  expect_email_renders(lead_details_message(settings(false), lead(), plumber(), catalog(),
                                            "Gate code 1234", 1, now));
  expect_email_renders(
      claim_refunded_message(settings(false), claim, lead(), plumber(), catalog(), now));
  auto updated = lead_updated_message(settings(false), lead(), plumber(), catalog(),
                                      "the address and the phone number", now);
  expect_email_renders(updated);
  EXPECT_NE(render(updated, "txt").find("the address and the phone number"), std::string::npos);
  domain::Dispute d;
  d.id = domain::DisputeId{3};
  d.reason = domain::dispute_wrong_contact;
  for (auto status : {domain::DisputeStatus::approved, domain::DisputeStatus::denied}) {
    d.status = status;
    d.resolution = "Checked the number.";
    auto m = dispute_resolved_message(settings(false), d, claim, lead(), plumber(), catalog(), now);
    expect_email_renders(m);
    EXPECT_NE(
        render(m, "txt").find(status == domain::DisputeStatus::approved ? "back in your balance"
                                                                        : "stay spent"),
        std::string::npos);
  }
  for (auto status : {domain::PlumberStatus::approved, domain::PlumberStatus::rejected,
                      domain::PlumberStatus::suspended}) {
    domain::PlumberReview r{status, "Licence number does not match.", "", "", domain::UserId{1},
                            now};
    auto m = plumber_review_message(settings(false), plumber(), r);
    expect_email_renders(m);
    EXPECT_EQ(render(m, "txt").find("does not match") != std::string::npos,
              status != domain::PlumberStatus::approved);
  }
}

}  // namespace
}  // namespace plumbline::services
