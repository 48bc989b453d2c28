// Verified homeowner contact (issue 17 item 1): the 6-digit code texted after a request (or, when
// SMS is not configured, a single-use e-mail link), entering it, resending it, and what the
// `required` policy holds back until then (matching, the plumbers' alerts, the confirmation).
#pragma once
#include <optional>
#include <string>

#include "domain/catalog.hpp"
#include "domain/error.hpp"
#include "domain/lead.hpp"
#include "domain/lead_verification.hpp"
#include "services/clock.hpp"
#include "services/events.hpp"
#include "services/lead_matcher.hpp"
#include "services/marketplace_settings.hpp"
#include "services/notifications.hpp"
#include "store/store.hpp"

namespace plumbline::services {

// The message that carries a code: an SMS "phone_code" with the 6 digits, or an e-mail
// "lead_email_verification" with the link /t/<token>/confirm/<secret>; both sealed (they are
// secrets) and expiring with the code. The data holds nothing the requester typed.
domain::OutboundMessage verification_message(const NotificationSettings& s,
                                             const domain::VerificationCode& code,
                                             const std::string& recipient,
                                             const std::string& secret,
                                             const std::string& tracking_token);

// Sends a new code (SMS when Twilio is configured and the number has not opted out, else the
// e-mail link) for a homeowner's lead, inside the caller's transaction: earlier unused codes end,
// the code is stored hashed and its message queued. False when the recipient had the hour's
// codes already (nothing sent). Intake calls it for each new, non-duplicate request.
bool send_verification_code(store::Tx& tx, const NotificationSettings& s, std::int64_t lead_id,
                            const domain::NewLead& lead, const std::string& tracking_token,
                            domain::Millis now);

// What the confirmation and tracking pages show about the contact check.
struct VerificationStatus {
  domain::LeadVerification facts;
  std::string channel;         // of the latest code: "sms", "email", or "" (none sent)
  std::string sent_to;         // the number or address, masked ("(•••) •••-0134")
  domain::Millis sent_at = 0;  // when the latest code was sent (a new one 60 s later)
  bool can_verify = false;     // a request still open, not a duplicate, not yet confirmed
};

// The status of `lead`'s contact check, read in the caller's transaction (the tracking and
// confirmation pages read it with the lead: services/leads.cpp tracked_lead).
VerificationStatus read_verification_status(store::Tx& tx, const domain::Lead& lead);

class LeadVerificationService {
 public:
  LeadVerificationService(store::Store& store, const Clock& clock, LeadMatcher& matcher,
                          OutboxNotifier& outbox, NotificationSettings notifications,
                          const MarketplaceRules& rules);

  domain::Result<VerificationStatus> status(const std::string& token);
  // The texted code: invalid_input for a wrong one (counted: the 5th wrong entry locks the code),
  // conflict for a used, expired or locked code (send a new one). Under `required` the first
  // confirmation matches the request and sends its confirmation with the tracking link.
  domain::Result<domain::LeadVerification> verify_code(const std::string& token,
                                                       const std::string& typed);
  // The e-mail link's secret: the same, for the e-mail address.
  domain::Result<domain::LeadVerification> verify_link(const std::string& token,
                                                       const std::string& secret);
  // A new code: rate_limited within 60 s of the last one or past the number's hourly cap;
  // conflict once confirmed or closed.
  domain::Result<VerificationStatus> resend(const std::string& token);

 private:
  domain::Result<domain::LeadVerification> verify(const std::string& token,
                                                  const std::string& secret,
                                                  const std::string& channel);

  store::Store& store_;
  const Clock& clock_;
  LeadMatcher& matcher_;
  OutboxNotifier& outbox_;
  NotificationSettings notifications_;
  const MarketplaceRules& rules_;
};

}  // namespace plumbline::services
