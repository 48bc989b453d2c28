// Prices, claim eligibility, quiet hours, outcomes, disputes and calendar months: the pure half of
// the claim transaction.
#include <algorithm>
#include <array>

#include "domain/contact.hpp"
#include "domain/marketplace_rules.hpp"

namespace plumbline::domain {

namespace {

constexpr Millis minute_ms = 60'000;

Error refuse(ErrorCode code, std::string message) {
  return Error::make(code, std::move(message));
}

std::string credits(Credits n) {
  return credits_text(n);
}

std::optional<Error> plan_refusal(const PlumberProfile& p, Millis now, Millis grace_ms) {
  if (plan_allows_claiming(p.plan_status, p.plan_changed_at, p.current_period_end, now, grace_ms))
    return std::nullopt;
  const auto& s = p.plan_status;
  if (s == PlanStatus::past_due)
    return refuse(ErrorCode::not_eligible,
                  "Your plan's payment is past due, so claiming is on hold. Update your payment "
                  "details to claim leads again.");
  if (s == PlanStatus::canceled)
    return refuse(ErrorCode::not_eligible,
                  "Your plan was canceled and its paid period has ended. Choose a plan on the "
                  "Billing page to claim leads again.");
  return refuse(ErrorCode::not_eligible,
                "You need an active plan to claim leads. Choose a plan on the Billing page.");
}

Millis wall_ms_of_day(Millis now, Millis utc_offset_ms) {
  Millis local = now + utc_offset_ms;
  return ((local % day_ms) + day_ms) % day_ms;
}

}  // namespace

Credits lead_price(const Catalog& catalog, const std::string& service_type,
                   const std::string& urgency) {
  const auto* s = catalog.service(service_type);
  const auto* u = catalog.urgency(urgency);
  if (!s || !u) return 0;
  return s->base_price_credits + u->surcharge_credits;
}

// A canceled plan was paid up to its period end, so the plumber keeps what they paid for.
bool plan_allows_claiming(PlanStatus plan, Millis changed_at, std::int64_t current_period_end,
                          Millis now, Millis grace_ms) {
  if (plan == PlanStatus::active || plan == PlanStatus::trialing) return true;
  if (plan == PlanStatus::canceled) return now < current_period_end * 1000;
  return plan == PlanStatus::past_due && now < changed_at + grace_ms;
}

std::optional<Error> plumber_not_eligible(const PlumberProfile& p, Millis now, Millis grace_ms) {
  const auto& status = p.review.status;
  if (status == PlumberStatus::pending)
    return refuse(ErrorCode::not_eligible,
                  "Your profile is waiting for review. You can claim leads once an admin has "
                  "approved it.");
  if (status == PlumberStatus::rejected)
    return refuse(ErrorCode::not_eligible, "Your profile was not approved: " + p.review.reason +
                                               " Update your profile and it goes back for review.");
  if (status == PlumberStatus::suspended)
    return refuse(ErrorCode::not_eligible, "Your account is suspended: " + p.review.reason +
                                               " Contact us if you think this is a mistake.");
  if (status != PlumberStatus::approved)
    return refuse(ErrorCode::not_eligible, "Your profile is not approved yet.");
  if (auto plan = plan_refusal(p, now, grace_ms)) return plan;
  if (p.settings.paused)
    return refuse(ErrorCode::not_eligible,
                  "You have paused new leads. Turn pausing off in your settings to claim again.");
  return std::nullopt;
}

std::optional<Error> daily_cap_refusal(const PlumberSettings& s, int claims_last_24h) {
  if (claims_last_24h < s.daily_cap) return std::nullopt;
  if (s.daily_cap == 0)
    return refuse(ErrorCode::not_eligible,
                  "Your daily claim limit is set to 0. Raise it in your settings to claim leads.");
  return refuse(ErrorCode::not_eligible,
                "You have reached your daily limit of " + std::to_string(s.daily_cap) +
                    " claims in 24 hours. Raise it in your settings, or wait a little.");
}

// Order: the request itself (a lead that is unknown or was never sent to me reads the same, so
// lead ids cannot be probed; my own earlier claim), then whether I may claim at all, then whether
// this lead is still for me, then the lead's state, then my daily cap, then my credits — so the
// message names the first thing that must change, and a double-click always reads "already
// claimed".
std::optional<Error> claim_refusal(const ClaimCheck& c) {
  if (!c.plumber || !c.lead || (!c.matched && !c.already_claimed))
    return refuse(ErrorCode::not_found, "We could not find that lead.");
  const auto& lead = *c.lead;
  if (c.already_claimed)
    return refuse(ErrorCode::already_claimed,
                  "You have already claimed this lead. Its contact details are in My leads.");
  if (auto e = plumber_not_eligible(*c.plumber, c.now, c.past_due_grace_ms)) return e;
  if (!c.offers_service)
    return refuse(ErrorCode::not_eligible,
                  "You no longer offer this service. Add it back in your profile to claim leads "
                  "like this one.");
  if (lead.status == LeadStatus::full ||
      (lead.status == LeadStatus::open && lead.claims_count >= lead.max_claims))
    return refuse(ErrorCode::lead_full,
                  "Just taken: every slot on this lead has been claimed. Your credits were not "
                  "used.");
  if (lead.status != LeadStatus::open)
    return refuse(ErrorCode::conflict, lead.status == LeadStatus::expired
                                           ? "This lead has expired and can no longer be claimed."
                                           : "The homeowner has closed this request.");
  if (auto cap = daily_cap_refusal(c.plumber->settings, c.claims_last_24h)) return cap;
  if (c.balance < lead.price_credits)
    return refuse(ErrorCode::insufficient_credits,
                  "This lead costs " + credits(lead.price_credits) + " and you have " +
                      credits(c.balance) + ": you need " + credits(lead.price_credits - c.balance) +
                      " more. Buy a credit pack on the Billing page.");
  return std::nullopt;
}

bool in_quiet_hours(const PlumberSettings& s, Millis now, Millis utc_offset_ms) {
  if (s.quiet_start_minute == s.quiet_end_minute) return false;
  Millis m = wall_ms_of_day(now, utc_offset_ms);
  Millis start = s.quiet_start_minute * minute_ms, end = s.quiet_end_minute * minute_ms;
  if (start < end) return m >= start && m < end;
  return m >= start || m < end;  // overnight, e.g. 21:00–07:00
}

Millis sms_due_at(const PlumberSettings& s, const std::string& urgency, Millis now,
                  const UtcOffsetAt& utc_offset_ms_at) {
  Millis offset_now = utc_offset_ms_at(now);
  if (urgency == "emergency" || !in_quiet_hours(s, now, offset_now)) return now;
  Millis end = s.quiet_end_minute * minute_ms;
  Millis wall_wait = ((end - wall_ms_of_day(now, offset_now)) % day_ms + day_ms) % day_ms;
  // The quiet hours end at a wall-clock time; when the offset changes before then (daylight saving
  // time starts or ends overnight), the instant that shows it is that much earlier or later.
  Millis before_change = now + wall_wait;
  Millis wall_end = now + offset_now + wall_wait;
  Millis after_change = wall_end - utc_offset_ms_at(before_change);
  // A wall time skipped when the clocks go forward never shows: the first instant after it does.
  if (after_change + utc_offset_ms_at(after_change) != wall_end) after_change = before_change;
  return std::max(now, after_change);
}

Status validate_outcome(const ClaimOutcomeUpdate& u) {
  std::vector<FieldError> errs;
  if (!u.outcome) errs.push_back({"outcome", "Choose new, contacted, quoted, won or lost."});
  if (u.job_value_cents < 0 || u.job_value_cents > 100'000'000)  // $1,000,000
    errs.push_back({"job_value", "Enter a job value from $0 to $1,000,000."});
  if (utf8_length(u.notes) > 5000)
    errs.push_back({"notes", "Keep your notes under 5,000 characters."});
  else if (has_control_chars(u.notes, true))
    errs.push_back({"notes", "Remove unusual control characters."});
  if (errs.empty()) return ok_status();
  auto e = Error::make(ErrorCode::invalid_input, "Some answers need fixing.");
  e.details = std::move(errs);
  return e;
}

bool is_dispute_reason(const std::string& r) {
  return r == dispute_wrong_contact || r == dispute_outside_area ||
         r == dispute_service_not_offered || r == dispute_duplicate || r == dispute_never_requested;
}

std::string dispute_reason_label(const std::string& r) {
  if (r == dispute_wrong_contact) return "Wrong contact details";
  if (r == dispute_outside_area) return "Outside my service area";
  if (r == dispute_service_not_offered) return "A service I don't offer";
  if (r == dispute_duplicate) return "Duplicate request";
  if (r == dispute_never_requested) return "The homeowner says they never asked";
  return r;
}

std::string dispute_status_label(DisputeStatus status) {
  switch (status) {
    case DisputeStatus::pending:
      return "Waiting for a decision";
    case DisputeStatus::approved:
      return "Approved";
    case DisputeStatus::denied:
      return "Denied";
  }
  return to_string(status);
}

// A lead the homeowner disowned is refunded whatever reason the plumber picked; a duplicate only
// when the plumber says so (the lead may be real work despite the earlier request).
bool dispute_auto_refunds(const std::string& reason, const Lead& lead) {
  if (lead.flag == lead_flag_never_requested) return true;
  return reason == dispute_duplicate && lead.is_duplicate();
}

bool within_dispute_window(const Claim& claim, Millis now, Millis window_ms) {
  return now <= claim.created_at + window_ms;
}

Millis month_start_utc(Millis now) {
  // Days since the epoch → civil date (Howard Hinnant's algorithm), then back for day 1.
  Millis days = now >= 0 ? now / day_ms : -((-now + day_ms - 1) / day_ms);
  Millis z = days + 719468;
  Millis era = (z >= 0 ? z : z - 146096) / 146097;
  Millis doe = z - era * 146097;
  Millis yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  Millis doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  Millis mp = (5 * doy + 2) / 153;
  Millis day_of_month = doy - (153 * mp + 2) / 5 + 1;
  return (days - (day_of_month - 1)) * day_ms;
}

}  // namespace plumbline::domain
