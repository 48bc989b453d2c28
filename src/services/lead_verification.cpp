// Verified homeowner contact (issue 17 item 1): sending codes (intake and resend), entering them,
// and releasing a request the `required` policy held: each entry point is one transaction.
#include "services/lead_verification.hpp"

#include <boost/json.hpp>
#include <cstdlib>

#include "crypto/sealed.hpp"
#include "crypto/tokens.hpp"
#include "domain/lead_reach.hpp"
#include "domain/lead_rules.hpp"
#include "domain/masking.hpp"
#include "domain/outbox.hpp"
#include "log/log.hpp"
#include "services/leads.hpp"
#include "services/service_steps.hpp"

namespace plumbline::services {

using domain::Error;
using domain::ErrorCode;
using domain::Result;

namespace {

// The keyed hash a code is stored as: HMAC-SHA256 under the server's secret, bound to the lead, so
// that a leaked table gives neither the codes nor a way to test guesses offline.
std::string verification_hash(const std::string& key, std::int64_t lead_id,
                              const std::string& secret) {
  return crypto::hmac_sha256_hex(key,
                                 "lead-verification:" + std::to_string(lead_id) + ":" + secret);
}

// Six random digits (a 64-bit draw reduced mod 10^6: the bias is below 10^-13).
std::string six_digit_code() {
  auto hex = crypto::random_hex(8);
  auto n = std::strtoull(hex.c_str(), nullptr, 16) % 1'000'000ULL;
  auto digits = std::to_string(n);
  return std::string(6 - digits.size(), '0') + digits;
}

Error verification_stale_error(domain::CodeState state, const std::string& channel) {
  bool sms = channel == domain::verification_sms;
  switch (state) {
    case domain::CodeState::used:
      return Error::make(ErrorCode::conflict, sms ? "This code was used already. Send a new code."
                                                  : "This link was used already.");
    case domain::CodeState::locked:
      return Error::make(ErrorCode::conflict,
                         "This code was entered wrongly 5 times, so it no longer works. Send a "
                         "new code.");
    default:
      return Error::make(ErrorCode::conflict, sms ? "This code has expired. Send a new code."
                                                  : "This link has expired. Send a new one from "
                                                    "your tracking page.");
  }
}

Error verification_closed_error() {
  return Error::make(ErrorCode::conflict,
                     "This request is closed or expired, so there is nothing to confirm.");
}

bool verification_open(const domain::Lead& l) {
  return l.status == domain::LeadStatus::open || l.status == domain::LeadStatus::full;
}

// What one entry did: committed whether right or wrong, so that wrong entries count.
struct VerifyStep {
  bool right = false;
  int tries_left = 0;
  domain::LeadVerification facts;
  int matched = -1;  // plumbers sent the request when the entry released it; -1 = not held
  std::vector<std::string> withheld;
};

}  // namespace

domain::OutboundMessage verification_message(const NotificationSettings& s,
                                             const domain::VerificationCode& code,
                                             const std::string& recipient,
                                             const std::string& secret,
                                             const std::string& tracking_token) {
  bool sms = code.channel == domain::verification_sms;
  domain::OutboundMessage m;
  m.kind = m.template_name = sms ? "phone_code" : "lead_email_verification";
  m.channel = sms ? domain::channel_sms : domain::channel_email;
  m.recipient = recipient;
  auto minutes = (code.expires_at - code.created_at) / 60'000;
  m.data_json = boost::json::serialize(boost::json::object{{"minutes", minutes}});
  boost::json::object secret_data;
  if (sms)
    secret_data["code"] = secret;
  else
    secret_data["verify_url"] = s.base_url + "/t/" + tracking_token + "/confirm/" + secret;
  m.sealed_json = crypto::seal(s.secret_key, boost::json::serialize(secret_data));
  m.idempotency_key = m.kind + ":" + std::to_string(code.id);
  m.lead_id = domain::LeadId{code.lead_id};
  m.transactional = true;
  m.event_at = m.due_at = code.created_at;
  m.expires_at = code.expires_at;  // a code that arrives dead only confuses
  m.max_attempts = s.max_attempts;
  return m;
}

bool send_verification_code(store::Tx& tx, const NotificationSettings& s, std::int64_t lead_id,
                            const domain::NewLead& lead, const std::string& tracking_token,
                            domain::Millis now) {
  bool sms = s.sms_enabled && !lead.phone_e164.empty() && !tx.sms_opted_out(lead.phone_e164);
  const auto& recipient = sms ? lead.phone_e164 : lead.email;
  if (recipient.empty()) return false;
  domain::VerificationCode code;
  code.lead_id = lead_id;
  code.channel = sms ? domain::verification_sms : domain::verification_email;
  code.recipient_hash = crypto::sha256_hex(recipient);
  if (tx.count_verification_codes_since(code.recipient_hash,
                                        now - domain::verification_recipient_window_ms) >=
      domain::verification_codes_per_recipient_per_hour)
    return false;
  tx.supersede_verification_codes(domain::LeadId{lead_id},
                                  now);  // a resend invalidates the old code
  auto secret = sms ? six_digit_code() : crypto::random_token(24);
  code.code_hash = verification_hash(s.secret_key, lead_id, secret);
  code.created_at = now;
  code.expires_at =
      now + (sms ? domain::verification_code_ttl_ms : domain::verification_link_ttl_ms);
  code.id = tx.insert_verification_code(code);
  tx.enqueue_message(verification_message(s, code, recipient, secret, tracking_token));
  return true;
}

LeadVerificationService::LeadVerificationService(store::Store& store, const Clock& clock,
                                                 LeadMatcher& matcher, OutboxNotifier& outbox,
                                                 NotificationSettings notifications,
                                                 const MarketplaceRules& rules)
    : store_(store),
      clock_(clock),
      matcher_(matcher),
      outbox_(outbox),
      notifications_(std::move(notifications)),
      rules_(rules) {}

VerificationStatus read_verification_status(store::Tx& tx, const domain::Lead& lead) {
  VerificationStatus v;
  v.facts = tx.lead_verification(lead.id);
  if (auto latest = tx.latest_verification_code(lead.id)) {
    v.channel = latest->channel;
    v.sent_to = latest->channel == domain::verification_sms ? domain::mask_phone(lead.phone_e164)
                                                            : domain::mask_email(lead.email);
    v.sent_at = latest->created_at;
  }
  v.can_verify = !v.facts.verified() && verification_open(lead) && !lead.is_duplicate();
  return v;
}

Result<VerificationStatus> LeadVerificationService::status(const std::string& token) {
  if (!domain::plausible_tracking_token(token))
    return Error::make(ErrorCode::not_found, "We could not find that request.");
  try {
    auto found = store_.read<std::optional<VerificationStatus>>(
        [&](store::Tx& tx) -> std::optional<VerificationStatus> {
          auto lead = steps::lead_by_token(tx, token);
          if (!lead) return std::nullopt;
          return read_verification_status(tx, *lead);
        });
    if (!found) return Error::make(ErrorCode::not_found, "We could not find that request.");
    return std::move(*found);
  } catch (const domain::Failure& e) {
    return unavailable_error(e, "verification_status");
  }
}

Result<domain::LeadVerification> LeadVerificationService::verify_code(const std::string& token,
                                                                      const std::string& typed) {
  auto code = domain::normalize_verification_code(typed);
  if (code.empty()) {
    auto e = Error::make(ErrorCode::invalid_input, "Enter the 6-digit code from the text message.");
    e.details.push_back({"code", "Enter the 6 digits, e.g. 123456."});
    return e;
  }
  return verify(token, code, domain::verification_sms);
}

Result<domain::LeadVerification> LeadVerificationService::verify_link(const std::string& token,
                                                                      const std::string& secret) {
  if (secret.size() != 32)  // random_token(24): 32 base64url characters
    return Error::make(ErrorCode::not_found, "This link is not complete. Open it from the e-mail.");
  return verify(token, secret, domain::verification_email);
}

Result<domain::LeadVerification> LeadVerificationService::verify(const std::string& token,
                                                                 const std::string& secret,
                                                                 const std::string& channel) {
  if (!domain::plausible_tracking_token(token))
    return Error::make(ErrorCode::not_found, "We could not find that request.");
  auto now = clock_.now_ms();
  const auto rules = rules_.marketplace();
  try {
    auto r = store_.write<VerifyStep>([&](store::Tx& tx) -> Result<VerifyStep> {
      auto lead = steps::lead_by_token(tx, token);
      if (!lead) return Error::make(ErrorCode::not_found, "We could not find that request.");
      VerifyStep step;
      step.facts = tx.lead_verification(lead->id);
      bool sms = channel == domain::verification_sms;
      if (sms ? step.facts.phone_verified_at.has_value()
              : step.facts.email_verified_at.has_value()) {
        step.right = true;  // confirmed already: entering it again changes nothing
        return step;
      }
      if (!verification_open(*lead)) return verification_closed_error();
      auto latest = tx.latest_verification_code(lead->id);
      if (!latest || latest->channel != channel)
        return Error::make(ErrorCode::conflict,
                           sms ? "No code is waiting for this request. Send a new code."
                               : "This link is no longer the latest. Use the newest e-mail.");
      if (auto state = domain::code_state(*latest, now); state != domain::CodeState::usable)
        return verification_stale_error(state, channel);
      auto attempts = tx.count_verification_attempt(latest->id, domain::verification_max_attempts);
      if (!attempts) return verification_stale_error(domain::CodeState::locked, channel);
      step.tries_left = domain::verification_max_attempts - *attempts;
      if (!crypto::constant_time_equal(
              latest->code_hash,
              verification_hash(notifications_.secret_key, lead->id.value, secret)))
        return step;  // committed: the wrong entry counts
      if (!tx.use_verification_code(latest->id, now))
        return verification_stale_error(domain::CodeState::used, channel);
      tx.mark_lead_verified(lead->id, channel, now);
      step.right = true;
      auto status = lead->status;
      tx.insert_lead_history({lead->id, now, status, status, "homeowner",
                              sms ? "Phone number confirmed with the texted code"
                                  : "E-mail address confirmed with the e-mailed link"});
      // (Unless staff re-ran matching meanwhile: then it was sent already.)
      if (step.facts.awaiting && lead->status == domain::LeadStatus::open &&
          !lead->is_duplicate() && tx.lead_matches(lead->id).empty()) {
        // Held by the `required` policy: intake's matching and confirmation happen now.
        auto catalog = tx.catalog();
        step.matched = matcher_.match_new_lead(tx, lead->id.value, *lead, catalog, now);
        tx.insert_lead_history({lead->id, now, status, status, "system",
                                "Sent to " + std::to_string(step.matched) +
                                    (step.matched == 1 ? " plumber" : " plumbers") +
                                    " once the contact was confirmed"});
        domain::LeadReach reach{
            domain::LeadStatus::open,  "",   lead->zip, step.matched, 0, lead->max_claims,
            rules.lead_expiry_hours(), false};
        step.withheld =
            enqueue_within_daily_limit(tx, notifications_,
                                       lead_confirmation_messages(notifications_, lead->id.value,
                                                                  *lead, token, catalog, reach),
                                       now);
      }
      step.facts = tx.lead_verification(lead->id);
      if (step.matched > 0) tx.insert_live_event(domain::live_lead_new, lead->id, now);  // last
      return step;
    });
    if (!r) return r.error();
    if (!r->right) {
      std::string message =
          r->tries_left > 0
              ? "That code is not right. You can try " + std::to_string(r->tries_left) +
                    (r->tries_left == 1 ? " more time." : " more times.")
              : "That code is not right, and it has now been tried 5 times, so it no longer "
                "works. Send a new code.";
      auto e = Error::make(ErrorCode::invalid_input, message);
      e.details.push_back({"code", message});
      return e;
    }
    if (r->matched >= 0) {
      log::info("lead_released", {{"matched", std::int64_t{r->matched}}});
      outbox_.messages_queued();
    }
    return r->facts;
  } catch (const domain::Failure& e) {
    return unavailable_error(e, "verify_contact");
  }
}

Result<VerificationStatus> LeadVerificationService::resend(const std::string& token) {
  if (!domain::plausible_tracking_token(token))
    return Error::make(ErrorCode::not_found, "We could not find that request.");
  auto now = clock_.now_ms();
  try {
    auto r = store_.write<bool>([&](store::Tx& tx) -> Result<bool> {
      auto lead = steps::lead_by_token(tx, token);
      if (!lead) return Error::make(ErrorCode::not_found, "We could not find that request.");
      if (tx.lead_verification(lead->id).verified())
        return Error::make(ErrorCode::conflict, "Your contact details are confirmed already.");
      if (!verification_open(*lead) || lead->is_duplicate()) return verification_closed_error();
      if (auto wait =
              domain::verification_resend_wait_ms(tx.latest_verification_code(lead->id), now);
          wait > 0) {
        auto seconds = static_cast<int>((wait + 999) / 1000);
        auto e = Error::make(ErrorCode::rate_limited, "You can ask for a new code in " +
                                                          std::to_string(seconds) + " seconds.");
        e.retry_after_seconds = seconds;
        return e;
      }
      if (!send_verification_code(tx, notifications_, lead->id.value, *lead, token, now)) {
        auto e = Error::make(ErrorCode::rate_limited,
                             "Too many codes were sent to this number in the last hour. Try again "
                             "later.");
        e.retry_after_seconds = static_cast<int>(domain::verification_recipient_window_ms / 1000);
        return e;
      }
      return true;
    });
    if (!r) return r.error();
    outbox_.messages_queued();
    return status(token);
  } catch (const domain::Failure& e) {
    return unavailable_error(e, "resend_verification");
  }
}

}  // namespace plumbline::services
