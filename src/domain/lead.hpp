// Leads: the homeowner's request as typed, as validated, as stored, and its history.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/credits.hpp"
#include "domain/ids.hpp"
#include "domain/service_questions.hpp"
#include "domain/statuses.hpp"

namespace plumbline::domain {

using Millis = std::int64_t;  // Unix time in milliseconds, UTC

// What the homeowner sent, before validation (form or JSON, same names).
struct LeadInput {
  std::string service_type, description, urgency, zip, address, name, phone, email, contact_method,
      best_time;
  bool consent = false;
  std::string utm_source, utm_medium, utm_campaign, referrer;
  bool send_anyway = false;  // the homeowner was told no plumber covers the ZIP and still sends
  // Answers to the service's questions (issue 17), key → text as typed; domain::validate_answers.
  std::vector<std::pair<std::string, std::string>> answers;
};

// Where and how the request arrived; recorded with the consent.
struct RequestContext {
  std::string ip;
  std::string user_agent;
  std::string source;  // "web", "api" or "phone" (staff on the phone: ip and user_agent are theirs)
  Millis now = 0;
  // The form asks before storing a request no plumber would be sent, unless input.send_anyway.
  bool confirm_if_uncovered = false;
  // The claims cap the consent names and the lead keeps (the server's setting).
  int max_claims = 3;
  // A request staff take on the phone (services/lead_edit.cpp): who took it, and whether it goes
  // to the matching plumbers now; false stores it "held", sent to nobody until staff re-run
  // matching.
  std::optional<UserId> created_by;
  bool match_now = true;
  // The consent wording the form showed (the setting's, claims cap filled in); empty = the default.
  std::string consent_text;
};

// A validated lead ready to be stored.
struct NewLead {
  std::string service_type, description, urgency, zip, city, state, address, name, phone_e164,
      email, contact_method, best_time;
  double lat = 0, lng = 0;
  std::string consent_text, consent_ip, consent_user_agent;
  Millis consent_at = 0;
  std::string utm_source, utm_medium, utm_campaign, referrer, source;
  std::string tracking_hash;  // SHA-256 hex of the tracking token; the token itself is never stored
  std::optional<LeadId> duplicate_of;
  Credits price_credits = 0;  // service base + urgency surcharge at intake
  int max_claims = 3;         // max_claims_per_lead at intake
  Millis created_at = 0;
  std::optional<UserId> created_by;  // the staff member who took it by phone (source "phone")
  std::vector<LeadAnswer> answers;   // the service's questions as asked and answered (issue 17)
};

struct Lead : NewLead {
  LeadId id;
  LeadStatus status = LeadStatus::open;
  std::string closed_reason;
  int claims_count = 0;
  std::string flag;           // "" | "never_requested" | "removed"
  std::string extra_details;  // added by the homeowner after submitting
  Millis updated_at = 0;
  // When the request last went on the market: created_at at intake, the reopening's time after
  // staff reopen it. Expiry, late matching and "newest" count from it; reports keep created_at.
  Millis live_since = 0;
  bool is_duplicate() const { return duplicate_of.has_value(); }
};

struct LeadHistoryEntry {
  LeadId lead_id;
  Millis at = 0;
  std::optional<LeadStatus> from_status;  // none for the first entry
  LeadStatus to_status = LeadStatus::open;
  std::string actor;  // "homeowner", "system", "admin", "plumber"
  std::string note;
};

}  // namespace plumbline::domain
