// Sample data per message: built by the same functions that build real messages, from sample
// domain objects, so a template's allowed variables are exactly those its real messages carry.
#include <boost/json.hpp>

#include "crypto/sealed.hpp"
#include "domain/lead_reach.hpp"
#include "services/lead_verification.hpp"
#include "services/marketplace_messages.hpp"
#include "services/message_templates.hpp"
#include "services/notifications.hpp"
#include "services/reviews.hpp"

namespace plumbline::services {

namespace {

using boost::json::object;

// The seal only exists between building and opening here; any key of the right size does.
const std::string sample_seal_key = "template-sample-key-0123456789abcdef";
constexpr domain::Millis sample_now = 1'800'000'000'000;  // 2027-01-15
constexpr domain::Millis sample_hour = 3600LL * 1000;

domain::Catalog sample_catalog() {
  domain::Catalog c;
  c.services = {{"leak_repair", "Leak repair", 3, true}};
  c.urgencies = {{"emergency", "Emergency (now)", 2}};
  return c;
}

domain::Lead sample_lead() {
  domain::Lead l;
  l.id = domain::LeadId{4211};
  l.service_type = "leak_repair";
  l.urgency = "emergency";
  l.city = "San Jose";
  l.state = "CA";
  l.zip = "95112";
  l.name = "Maria Lopez";
  l.phone_e164 = "+14085550134";
  l.email = "maria@example.com";
  l.address = "120 E Santa Clara St";
  l.contact_method = "text";
  l.best_time = "Weekday mornings";
  l.description = "Water is dripping from the ceiling under the upstairs bathroom.";
  l.extra_details = "The main valve is now shut off.";
  l.price_credits = 5;
  l.max_claims = 3;
  l.created_at = sample_now;
  l.consent_at = sample_now;  // the alert lists the consent check
  l.consent_text = "I agree to be contacted by up to 3 plumbers.";
  return l;
}

domain::PlumberProfile sample_plumber() {
  domain::PlumberProfile p;
  p.user_id = domain::UserId{77};
  p.email = "pat@example.com";
  p.profile.business_name = "Pat's Plumbing";
  p.profile.contact_name = "Pat Lee";
  p.profile.phone_e164 = "+14085550199";
  p.profile.licence_number = "C36-123456";
  p.profile.licence_state = "CA";
  p.review.status = domain::PlumberStatus::approved;
  p.review.licence_verified_on = "2027-01-10";
  p.review.insurance_valid_until = "2027-12-31";
  p.review.reviewed_at = sample_now;
  return p;
}

domain::Claim sample_claim() {
  domain::Claim c;
  c.id = domain::ClaimId{981};
  c.lead_id = domain::LeadId{4211};
  c.plumber_id = domain::UserId{77};
  c.price_credits = 5;
  return c;
}

// The message's plain data with its sealed data opened over it, as the worker sees it.
object opened(const domain::OutboundMessage& m) {
  auto data = boost::json::parse(m.data_json).as_object();
  if (!m.sealed_json.empty())
    if (auto secret = crypto::unseal(sample_seal_key, m.sealed_json)) {
      auto fields = boost::json::parse(*secret);  // named: a range over a temporary would dangle
      for (auto& [k, v] : fields.as_object()) data[k] = v;
    }
  return data;
}

object marketplace_sample(const std::string& message, const NotificationSettings& s) {
  auto catalog = sample_catalog();
  auto lead = sample_lead();
  auto plumber = sample_plumber();
  auto claim = sample_claim();
  if (message == "lead_alert") {
    domain::MatchCandidate c;
    c.plumber_id = plumber.user_id;
    c.distance_miles = 4.2;
    c.email = plumber.email;
    c.business_name = plumber.profile.business_name;
    c.settings.notify_email = true;
    auto ms = lead_alert_messages(s, lead.id.value, lead, c, catalog, sample_now, sample_now,
                                  sample_now + 72 * sample_hour);
    return ms.empty() ? object{} : opened(ms.front());
  }
  if (message == "lead_confirmation") {
    domain::LeadReach reach{domain::LeadStatus::open, "", lead.zip, 2, 0, 3, 72, false};
    auto ms = lead_confirmation_messages(s, lead.id.value, lead, "AbCdEfGhIjKlMnOpQrStUvWx",
                                         catalog, reach);
    return opened(ms.front());
  }
  if (message == "lead_plumber_joined") {
    auto confirmation = lead_confirmation_messages(
        s, lead.id.value, lead, "AbCdEfGhIjKlMnOpQrStUvWx", catalog,
        domain::LeadReach{domain::LeadStatus::open, "", lead.zip, 0, 0, 3, 72, false});
    domain::OutboxMessage sent;
    static_cast<domain::OutboundMessage&>(sent) = confirmation.front();
    auto ms = plumber_joined_messages(s, lead, {sent}, catalog, sample_now);
    return ms.empty() ? object{} : opened(ms.front());
  }
  if (message == "claim_confirmation")
    return opened(claim_confirmation_message(s, claim, lead, plumber, catalog, 40, sample_now));
  if (message == "lead_claimed")
    return opened(lead_claimed_messages(s, claim, lead, plumber, catalog, sample_now).front());
  if (message == "lead_details")
    return opened(
        lead_details_message(s, lead, plumber, catalog, lead.extra_details, 1, sample_now));
  if (message == "claim_refunded") {
    auto data = opened(claim_refunded_message(s, claim, lead, plumber, catalog, sample_now));
    data["closed_by_staff"] =
        false;  // true when staff closed the request (services/lead_admin.cpp)
    return data;
  }
  if (message == "lead_updated")
    return opened(lead_updated_message(s, lead, plumber, catalog, "the address, the phone number",
                                       sample_now));
  if (message == "plumber_account_notice")
    return opened(plumber_account_message(s, plumber, "reactivated",
                                          "The licence check came back clean.", sample_now));
  if (message == "dispute_resolved") {
    domain::Dispute d;
    d.id = domain::DisputeId{31};
    d.reason = domain::dispute_wrong_contact;
    d.status = domain::DisputeStatus::approved;
    d.resolution = "We checked the number: it was wrong.";
    d.resolved_by = domain::UserId{1};
    return opened(dispute_resolved_message(s, d, claim, lead, plumber, catalog, sample_now));
  }
  if (message == "plumber_review")
    return opened(plumber_review_message(s, plumber, plumber.review));
  // Issue 17: the homeowner's texted code and, without SMS, the e-mail link.
  if (message == "phone_code" || message == "lead_email_verification") {
    bool sms = message == "phone_code";
    domain::VerificationCode code;
    code.id = 12;
    code.lead_id = lead.id.value;
    code.channel = sms ? domain::verification_sms : domain::verification_email;
    code.created_at = sample_now;
    code.expires_at =
        sample_now + (sms ? domain::verification_code_ttl_ms : domain::verification_link_ttl_ms);
    return opened(verification_message(s, code, sms ? lead.phone_e164 : lead.email,
                                       sms ? "042917" : "QrStUvWxAbCdEfGhIjKlMnOpQrStUvWx",
                                       "AbCdEfGhIjKlMnOpQrStUvWx"));
  }
  if (message == "review_request") {  // issue 17
    domain::DueReviewRequest due{
        lead.id,           claim.id, plumber.user_id, lead.email, plumber.profile.business_name,
        lead.service_type, lead.zip, sample_now};
    return opened(
        review_request_message(s, due, "Leak repair", "AbCdEfGhIjKlMnOpQrStUvWx", sample_now));
  }
  return {};
}

// Account e-mails: the plain data their services give, and the sealed single-use link.
object account_sample(const std::string& message, const std::string& base) {
  const std::string token = "/AbCdEfGhIjKlMnOpQrStUvWx";
  if (message == "verify_email")
    return {{"contact_name", "Pat Lee"}, {"link", base + "/verify" + token}};
  if (message == "password_reset") return {{"link", base + "/password/reset" + token}};
  if (message == "password_changed") return {{"link", base + "/password/forgot"}};
  if (message == "email_change") return {{"link", base + "/account/email/confirm" + token}};
  if (message == "email_changed") return {{"new_email", "pat.lee@example.com"}};
  if (message == "account_locked") return {{"link", base + "/unlock" + token}};
  if (message == "staff_invite")
    return {{"role_label", "Support"},
            {"inviter", "owner@example.com"},
            {"link", base + "/staff/invite" + token}};
  if (message == "new_device")
    return {{"ip", "198.51.100.7"},
            {"browser", "Firefox 128 on Linux"},
            {"time", "2027-01-15 08:00 UTC"},
            {"link", base + "/password/forgot"}};
  return {};
}

}  // namespace

boost::json::object message_sample_data(const std::string& message, const std::string& base_url,
                                        const domain::MessageBranding& branding) {
  NotificationSettings s{base_url, sample_seal_key, true, 8};
  auto data = marketplace_sample(message, s);
  if (data.empty()) data = account_sample(message, base_url);
  add_message_globals(data, base_url, branding);
  return data;
}

void add_message_globals(boost::json::object& data, const std::string& base_url,
                         const domain::MessageBranding& branding) {
  data["site_url"] = base_url;
  data["platform_name"] = branding.platform_name;
  data["support_email"] = branding.support_email;
  data["support_phone"] = branding.support_phone;
  data["postal_address"] = branding.postal_address;
}

}  // namespace plumbline::services
