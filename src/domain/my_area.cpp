// The period of a plumber's "Demand in my area" report (weeks from Monday) and its reason words.
#include "domain/my_area.hpp"

#include <algorithm>

namespace plumbline::domain {
namespace {

// Weeks from Monday over the local days [first, last]; each boundary is a local midnight.
std::vector<ReportBucket> my_area_weeks(std::int64_t first, std::int64_t last,
                                        const geo::TimeZone& zone) {
  std::vector<ReportBucket> out;
  for (std::int64_t day = first; day <= last;) {
    const std::int64_t monday0 = ((day + 3) % 7 + 7) % 7;  // 1970-01-01 was a Thursday
    const std::int64_t next = std::min(day + (7 - monday0), last + 1);
    out.push_back(
        {{geo::local_midnight_of_days(day, zone), geo::local_midnight_of_days(next, zone)},
         geo::iso_date_of_days(day)});
    day = next;
  }
  return out;
}

}  // namespace

Result<ReportRange> resolve_my_area_range(std::string_view preset, std::string_view from_date,
                                          std::string_view to_date, Millis now_ms,
                                          const geo::TimeZone& zone) {
  if (preset.empty()) preset = "12w";
  int weeks = preset == "4w" ? 4 : preset == "12w" ? 12 : preset == "26w" ? 26 : 0;
  if (weeks == 0 && preset != "custom") {
    auto e = Error::make(ErrorCode::invalid_input, "Check the report's dates.");
    e.details.push_back({"preset", "Choose a period from the list."});
    return e;
  }
  std::string from(from_date), to(to_date);
  if (weeks > 0) {
    to = geo::local_iso_date(now_ms, zone);
    from = geo::iso_date_of_days(*geo::iso_date_days(to) - (7 * weeks - 1));
  }
  auto range = resolve_report_range("custom", from, to, now_ms, zone);
  if (!range) return range;
  auto r = std::move(*range);
  r.preset = std::string(preset);
  r.grain = ReportGrain::week;
  // Week boundaries are a subset of the day boundaries slot_ms was chosen for.
  r.buckets = my_area_weeks(*geo::iso_date_days(r.from_date), *geo::iso_date_days(r.to_date), zone);
  r.previous_buckets = my_area_weeks(*geo::iso_date_days(r.previous_from_date),
                                     *geo::iso_date_days(r.previous_to_date), zone);
  return r;
}

std::string my_area_reason_label(std::string_view fate) {
  if (fate == fate_claimed) return "You claimed it";
  if (fate == fate_filled) return "Claimed by others first";
  if (fate == fate_open) return "Sent to you, still open";
  if (fate == fate_unclaimed) return "Sent to you, not claimed";
  if (fate == fate_not_offered) return "A service you don't offer";
  if (fate == miss_plan) return "Not sent: plan not in good standing";
  if (fate == miss_paused) return "Not sent: you were paused";
  if (fate == miss_daily_cap) return "Not sent: over your daily cap";
  return "Not sent: reason not recorded";
}

}  // namespace plumbline::domain
