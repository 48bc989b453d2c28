// "Demand in my area" (a plumber's own report): the store's grouped rows about the requests in a
// plumber's area and their own matches and claims, the reasons a request did not reach them, and
// the weekly cut of a report period.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "domain/lead.hpp"
#include "domain/report.hpp"
#include "geo/time_zone.hpp"

namespace plumbline::domain {

// Why a request in a plumber's area and of a service they offer was not sent to them, recorded at
// intake (match_misses, migration 0029).
inline constexpr std::string_view miss_plan = "plan";            // plan not in good standing
inline constexpr std::string_view miss_paused = "paused";        // paused their leads
inline constexpr std::string_view miss_daily_cap = "daily_cap";  // over (or set to 0) the cap

// What became of a request in the plumber's area, for them (the store computes it per request).
inline constexpr std::string_view fate_claimed = "claimed";      // they claimed it
inline constexpr std::string_view fate_filled = "filled";        // matched; others filled it first
inline constexpr std::string_view fate_open = "open";            // matched; still open
inline constexpr std::string_view fate_unclaimed = "unclaimed";  // matched; expired or closed
inline constexpr std::string_view fate_not_offered = "service";  // a service they do not offer
inline constexpr std::string_view fate_not_recorded = "";        // not matched, no reason recorded
// …or one of the miss_* reasons.

// The period of one plumber's report: requests are in it by created_at, matches by matched_at,
// claims by created_at; rows are grouped by (t / slot_ms).
struct MyAreaQuery {
  std::int64_t plumber_id = 0;
  Millis from_ms = 0, to_ms = 0;
  Millis slot_ms = 3'600'000;
};

// How many requests in the area, created in one slot, of one service, met one fate.
struct MyAreaLeadCount {
  std::int64_t slot = 0;
  std::string service_type;
  std::string fate;  // fate_* or miss_*
  std::int64_t requests = 0;
};

// The plumber's own activity in one slot: matches (by matched_at), claims (by created_at), credits
// spent on those claims (refunded claims excluded) and how many of them they marked won.
struct MyAreaActivity {
  std::int64_t slot = 0;
  std::int64_t matches = 0, claims = 0, credits_spent = 0, jobs_won = 0;
};

// The periods a plumber picks from: the last 4, 12 (the default) or 26 weeks, or custom dates.
inline constexpr std::string_view my_area_presets[] = {"4w", "12w", "26w", "custom"};

// Resolves a plumber's period (an empty preset is "12w") through resolve_report_range and cuts it
// into weeks from Monday (the first and last may be partial). Errors name the field.
Result<ReportRange> resolve_my_area_range(std::string_view preset, std::string_view from_date,
                                          std::string_view to_date, Millis now_ms,
                                          const geo::TimeZone& zone);

// Words for a fate or miss reason, as the page shows them.
std::string my_area_reason_label(std::string_view fate);

}  // namespace plumbline::domain
