// The marketplace's records: plumber profiles and service areas, matches, lead cards, claims,
// disputes and live events.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/lead.hpp"
#include "domain/statuses.hpp"

namespace plumbline::domain {

inline constexpr int radius_min_miles = 1, radius_max_miles = 100, radius_default_miles = 25;
inline constexpr std::size_t extra_zips_max = 50;

// What the plumber edits on the profile page / PUT /api/v1/profile.
struct PlumberProfileInput {
  std::string business_name, contact_name, phone_e164;
  std::string licence_number, licence_state;            // state: 2-letter USPS code
  std::string insurance_carrier, insurance_expires_on;  // date YYYY-MM-DD or empty
  int years_in_business = 0;
  std::string description;
  std::vector<std::string> services;  // service type slugs
  std::string base_zip;               // 5 digits or empty
  double base_lat = 0, base_lng = 0;  // the base ZIP's centroid (set by the service)
  int radius_miles = radius_default_miles;
  std::vector<std::string> extra_zips;  // 5 digits each, unique
};

// Notification and claiming preferences (settings page).
struct PlumberSettings {
  bool notify_email = true, notify_sms = false;
  int quiet_start_minute = 0, quiet_end_minute = 0;  // local minutes after midnight; equal = none
  // Unused: quiet hours follow the base ZIP's time zone (issue 13). The column stays for old rows.
  int utc_offset_minutes = -300;
  int daily_cap = 10;  // claims per rolling 24 h; 0 = no claiming
  bool paused = false;
};

// An admin's decision and what was verified.
struct PlumberReview {
  PlumberStatus status = PlumberStatus::pending;  // reactivation → approved
  std::string reason;                             // shown to the plumber on rejection or suspension
  std::string licence_verified_on;                // YYYY-MM-DD the licence was checked, or empty
  std::string insurance_valid_until;              // YYYY-MM-DD, or empty
  std::optional<UserId> reviewed_by;
  Millis reviewed_at = 0;
};

// A verified fact (business name, licence, insurance) the plumber changed after an admin checked
// it: kept for the admin's review queue until an admin records a new check.
struct ProfileChange {
  std::int64_t id = 0;  // a profile change's own id: only the store and the admin page read it
  UserId plumber_id;
  std::string field;  // business_name | licence_number | licence_state | insurance_carrier |
                      // insurance_expires_on
  std::string old_value, new_value;
  Millis created_at = 0;
  std::optional<Millis> reviewed_at;  // none while the change waits for a check
  std::optional<UserId> reviewed_by;
  bool pending() const { return !reviewed_at.has_value(); }
};

// Everything about a plumber (the plumbers row joined with the user's e-mail, services and ZIPs).
struct PlumberProfile {
  UserId user_id;
  std::string email;  // the account's e-mail
  PlumberProfileInput profile;
  PlumberSettings settings;
  PlumberReview review;  // status defaults to pending
  PlanStatus plan_status = PlanStatus::none;
  Millis plan_changed_at = 0;
  std::int64_t current_period_end = 0;  // Unix seconds (Stripe's unit); 0 = unknown
  Millis updated_at = 0;
};

struct PlumberListQuery {
  std::optional<PlumberStatus> status;  // none = any
  int limit = 50, offset = 0;
  // Only plumbers with profile changes waiting for a check, the longest-waiting first (the admin
  // queue); status is then ignored.
  bool pending_changes = false;
};

// A plumber that matched a lead at intake, with what the alerts need.
struct MatchCandidate {
  UserId plumber_id;
  double distance_miles = 0;  // from the plumber's base ZIP to the lead
  std::string email, phone_e164, business_name;
  std::string base_zip;  // its time zone is the one the quiet hours follow; may be empty
  PlumberSettings settings;
};

// What matching needs to know about a lead.
struct MatchQuery {
  double lat = 0, lng = 0;
  std::string zip, service_type;
  Millis cap_since = 0;  // claims at or after this count towards the daily cap (rolling 24 h)
  Millis now = 0;        // a canceled plan still matches while its paid period runs past this
};

struct LeadMatch {
  LeadId lead_id;
  UserId plumber_id;
  double distance_miles = 0;
  Millis matched_at = 0;
};

// What is known about a lead's genuineness, as stored (domain/lead_decision.hpp turns it into the
// signals plumbers see). The trust issue adds phone verification here.
struct LeadQuality {
  bool duplicate_check_passed = false;  // no earlier request from this phone for this service
  bool consent_recorded = false;        // the consent text and time are kept with the lead
  std::string contact_verified;         // issue 17: "phone" (texted code), "email" (link) or ""
};

// Late matching: a plumber who just became able to receive leads (approved, plan active, unpaused,
// area or services widened) is sent the open leads they would have been sent at intake.
struct LateMatchQuery {
  UserId plumber_id;
  Millis live_since = 0;  // leads on the market since earlier have expired (the job may lag)
  Millis cap_since = 0;   // as MatchQuery
  Millis now = 0;         // as MatchQuery; also the matched_at of the rows returned
  int limit = 20;         // look at the newest `limit` leads the plumber matches, sent or not
};

// A lead as an unclaimed plumber may see it: no name, phone, e-mail or street address.
struct LeadCard {
  LeadId lead_id;
  std::string service_type, urgency, city, state, zip, description;
  LeadStatus status = LeadStatus::open;
  Credits price_credits = 0;
  int max_claims = 0, claims_count = 0;
  double distance_miles = 0;
  Millis created_at = 0;
  Millis live_since = 0;  // when it went on the market (domain::Lead::live_since)
  LeadQuality quality;
  std::vector<LeadAnswer> answers;  // the homeowner's answers to the service's questions
  int slots_left() const { return max_claims - claims_count; }
};

inline constexpr const char* sort_newest = "newest";
inline constexpr const char* sort_nearest = "nearest";
inline constexpr const char* sort_cheapest = "cheapest";

// The dashboard's "available leads": matched to me, open, not claimed by me.
struct AvailableQuery {
  UserId plumber_id;
  std::string service_type, urgency;   // empty = any
  std::optional<double> max_distance;  // miles
  std::string sort = sort_newest;      // newest | nearest | cheapest (ties: newest, then id)
  int limit = 20, offset = 0;
};

struct AvailablePage {
  std::vector<LeadCard> leads;
  std::int64_t total = 0;  // matching rows before paging
};

struct Claim {
  ClaimId id;
  LeadId lead_id;
  UserId plumber_id;
  Credits price_credits = 0;
  ClaimOutcome outcome = ClaimOutcome::new_;  // as the plumber records it
  Cents job_value_cents = 0;
  std::string notes;  // private to the plumber
  std::optional<Millis> refunded_at;
  Millis created_at = 0, updated_at = 0;
};

// A claim with its lead (contact details included: only for the claimant and admins).
struct ClaimWithLead {
  Claim claim;
  Lead lead;
  std::optional<DisputeStatus> dispute_status;  // when disputed
};

// What the homeowner sees about each claimant.
struct Claimant {
  UserId plumber_id;
  std::string business_name, phone_e164, licence_number, licence_state;
  std::string licence_verified_on, insurance_valid_until;
  Millis claimed_at = 0;
};

struct ClaimOutcomeUpdate {
  std::optional<ClaimOutcome> outcome;  // none: the submitted word names no outcome (refused)
  Cents job_value_cents = 0;
  std::string notes;
};

struct PlumberStats {
  int claims_this_month = 0;
  int won = 0, lost = 0;      // outcomes among all claims
  Credits credits_spent = 0;  // price of unrefunded claims
  Cents won_value_cents = 0;
};

// Dispute reasons and states.
inline constexpr const char* dispute_wrong_contact = "wrong_contact";
inline constexpr const char* dispute_outside_area = "outside_area";
inline constexpr const char* dispute_service_not_offered = "service_not_offered";
inline constexpr const char* dispute_duplicate = "duplicate";
inline constexpr const char* dispute_never_requested = "never_requested";

struct Dispute {
  DisputeId id;
  ClaimId claim_id;
  UserId plumber_id;
  LeadId lead_id;
  std::string reason, details;
  DisputeStatus status = DisputeStatus::pending;
  std::string resolution;  // the admin's reason, or the automatic refund's explanation
  std::optional<UserId> resolved_by;
  Millis created_at = 0;
  std::optional<Millis> resolved_at;
};

// Lead flags.
inline constexpr const char* lead_flag_never_requested = "never_requested";
inline constexpr const char* lead_flag_removed = "removed";

// Live dashboard events; each carries only a lead id (cards are built per recipient).
inline constexpr const char* live_lead_new = "lead_new";
inline constexpr const char* live_lead_slots = "lead_slots";
inline constexpr const char* live_lead_gone = "lead_gone";

struct LiveEvent {
  std::int64_t id = 0;  // the event's own id: the live stream's cursor, a plain number
  std::string kind;
  LeadId lead_id;
  Millis created_at = 0;
};

}  // namespace plumbline::domain
