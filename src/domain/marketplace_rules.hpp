// Marketplace rules with no I/O: profile validation, what approval still needs, prices, claim
// eligibility, quiet hours, outcomes and disputes.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "domain/catalog.hpp"
#include "domain/error.hpp"
#include "domain/lead.hpp"
#include "domain/marketplace.hpp"
#include "geo/zip_table.hpp"

namespace plumbline::domain {

inline constexpr Millis day_ms = 24LL * 3600 * 1000;

// Validates and normalises a profile (trims, upper-cases the state, de-duplicates ZIPs and
// services, resolves the base ZIP's centroid into base_lat/base_lng). Every problem at once.
Result<PlumberProfileInput> validate_profile(const PlumberProfileInput& input,
                                             const Catalog& catalog, const geo::ZipTable& zips);

Result<PlumberSettings> validate_settings(const PlumberSettings& input);

// What the plumber must still provide before an admin can approve (empty = ready), in words a
// plumber understands ("your licence number", "at least one service", ...).
std::vector<std::string> approval_missing(const PlumberProfile& plumber, bool email_verified);

// Validates an admin review: status is approved|rejected|suspended, a reason for rejection and
// suspension, dates as YYYY-MM-DD; approval needs both verification dates.
Status validate_review(const PlumberReview& review);

bool is_plumber_status(const std::string& s);
bool is_plan_status(const std::string& s);

// Price in credits = service base + urgency surcharge (0 when either is unknown).
Credits lead_price(const Catalog& catalog, const std::string& service_type,
                   const std::string& urgency);

// Whether the plan lets a plumber claim now: active or trialing; past_due for `past_due_grace_ms`
// after the plan changed; canceled until the paid period ends (`current_period_end`, Unix seconds).
bool plan_allows_claiming(PlanStatus plan_status, Millis plan_changed_at,
                          std::int64_t current_period_end, Millis now, Millis past_due_grace_ms);

// The reason a plumber may not take leads at all right now (not approved, suspended, plan,
// paused), or nullopt. The message speaks to the plumber.
std::optional<Error> plumber_not_eligible(const PlumberProfile& plumber, Millis now,
                                          Millis past_due_grace_ms);

// The refusal when `claims_last_24h` has reached the plumber's daily cap, or nullopt.
std::optional<Error> daily_cap_refusal(const PlumberSettings& settings, int claims_last_24h);

// Everything the claim transaction knows, for the pure decision.
struct ClaimCheck {
  const PlumberProfile* plumber = nullptr;
  const Lead* lead = nullptr;
  bool matched = false;          // a lead_matches row exists for this plumber
  bool offers_service = false;   // the plumber offers the lead's service today
  bool already_claimed = false;  // this plumber has a claim on the lead
  Credits balance = 0;
  int claims_last_24h = 0;
  Millis now = 0;
  Millis past_due_grace_ms = 7 * day_ms;
};

// Why the claim must be refused (codes: already_claimed, not_eligible, lead_full,
// insufficient_credits, not_found), or nullopt when it may proceed.
std::optional<Error> claim_refusal(const ClaimCheck& check);

// The plumber's wall clock offset from UTC at an instant (local = UTC + offset), in ms: their
// base ZIP's zone, daylight saving time included. The caller owns the zone data.
using UtcOffsetAt = std::function<Millis(Millis instant)>;

// When an SMS alert may go out: now, or the end of the plumber's quiet hours on their wall clock.
// Emergencies ignore quiet hours.
Millis sms_due_at(const PlumberSettings& settings, const std::string& urgency, Millis now,
                  const UtcOffsetAt& utc_offset_ms_at);
bool in_quiet_hours(const PlumberSettings& settings, Millis now, Millis utc_offset_ms);

Status validate_outcome(const ClaimOutcomeUpdate& update);

bool is_dispute_reason(const std::string& reason);
std::string dispute_reason_label(const std::string& reason);
// "Waiting for a decision", "Approved", "Denied": what people read instead of the stored status.
std::string dispute_status_label(DisputeStatus status);
// Disputes with these reasons on a lead flagged the same way are refunded without review.
bool dispute_auto_refunds(const std::string& reason, const Lead& lead);
// A claim may be disputed within `window_ms` of being made.
bool within_dispute_window(const Claim& claim, Millis now, Millis window_ms);

// The start of the calendar month (UTC) containing `now`.
Millis month_start_utc(Millis now);

}  // namespace plumbline::domain
