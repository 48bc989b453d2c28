// Report periods (presets, custom dates, the period before, buckets in the operator's zone) and
// the small arithmetic every report shares.
#include "domain/report.hpp"

#include <algorithm>
#include <cmath>

namespace plumbline::domain {
namespace {

struct YearMonth {
  int year = 1970, month = 1;
};

YearMonth year_month_of(std::int64_t days) {
  auto text = geo::iso_date_of_days(days);
  return {std::stoi(text.substr(0, 4)), std::stoi(text.substr(5, 2))};
}

std::int64_t first_of_month(YearMonth ym) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-01", ym.year, ym.month);
  return *geo::iso_date_days(buf);
}

YearMonth month_before(YearMonth ym) {
  return ym.month == 1 ? YearMonth{ym.year - 1, 12} : YearMonth{ym.year, ym.month - 1};
}

YearMonth month_after(YearMonth ym) {
  return ym.month == 12 ? YearMonth{ym.year + 1, 1} : YearMonth{ym.year, ym.month + 1};
}

int weekday_monday0(std::int64_t days) {  // 1970-01-01 was a Thursday (3 counting Monday as 0)
  return static_cast<int>(((days % 7) + 7 + 3) % 7);
}

// Buckets over local days [first, last] of one grain; each boundary is a local midnight.
std::vector<ReportBucket> make_buckets(std::int64_t first, std::int64_t last, ReportGrain grain,
                                       const geo::TimeZone& zone) {
  std::vector<ReportBucket> out;
  std::int64_t day = first;
  while (day <= last) {
    std::int64_t next = day + 1;
    std::string label = geo::iso_date_of_days(day);
    if (grain == ReportGrain::week) {
      next = day + (7 - weekday_monday0(day));
    } else if (grain == ReportGrain::month) {
      auto ym = year_month_of(day);
      next = first_of_month(month_after(ym));
      label = label.substr(0, 7);
    }
    next = std::min(next, last + 1);
    out.push_back(
        {{geo::local_midnight_of_days(day, zone), geo::local_midnight_of_days(next, zone)},
         std::move(label)});
    day = next;
  }
  return out;
}

int find_bucket(const std::vector<ReportBucket>& buckets, Millis t) {
  auto it = std::upper_bound(buckets.begin(), buckets.end(), t,
                             [](Millis v, const ReportBucket& b) { return v < b.span.from_ms; });
  if (it == buckets.begin()) return -1;
  --it;
  if (!it->span.contains(t)) return -1;
  return static_cast<int>(it - buckets.begin());
}

Error range_error(std::string field, std::string message) {
  auto e = Error::make(ErrorCode::invalid_input, "Check the report's dates.");
  e.details.push_back({std::move(field), std::move(message)});
  return e;
}

}  // namespace

const char* to_string(ReportUnit unit) {
  switch (unit) {
    case ReportUnit::count:
      return "count";
    case ReportUnit::credits:
      return "credits";
    case ReportUnit::cents:
      return "cents";
    case ReportUnit::basis_points:
      return "basis_points";
    case ReportUnit::millis:
      return "millis";
    case ReportUnit::hundredths:
      return "hundredths";
    case ReportUnit::text:
      return "text";
  }
  return "count";
}

const char* to_string(ReportGrain grain) {
  switch (grain) {
    case ReportGrain::day:
      return "day";
    case ReportGrain::week:
      return "week";
    case ReportGrain::month:
      return "month";
  }
  return "day";
}

int ReportRange::bucket_of(Millis t) const {
  return find_bucket(buckets, t);
}

int ReportRange::previous_bucket_of(Millis t) const {
  return find_bucket(previous_buckets, t);
}

Result<ReportRange> resolve_report_range(std::string_view preset, std::string_view from_date,
                                         std::string_view to_date, Millis now_ms,
                                         const geo::TimeZone& zone) {
  if (preset.empty()) preset = "30d";
  if (std::find(std::begin(report_presets), std::end(report_presets), preset) ==
      std::end(report_presets))
    return range_error("preset", "Choose a period from the list.");
  const std::int64_t today = *geo::iso_date_days(geo::local_iso_date(now_ms, zone));
  std::int64_t first = 0, last = today, previous_first = 0, previous_last = 0;
  auto last_days = [&](std::int64_t n) {
    first = today - (n - 1);
    previous_last = first - 1;
    previous_first = previous_last - (n - 1);
  };
  if (preset == "7d") {
    last_days(7);
  } else if (preset == "30d") {
    last_days(30);
  } else if (preset == "90d") {
    last_days(90);
  } else if (preset == "this_month") {
    auto ym = year_month_of(today);
    first = first_of_month(ym);
    previous_first = first_of_month(month_before(ym));
    previous_last = std::min(previous_first + (today - first), first - 1);
  } else if (preset == "last_month") {
    auto ym = month_before(year_month_of(today));
    first = first_of_month(ym);
    last = first_of_month(month_after(ym)) - 1;
    previous_first = first_of_month(month_before(ym));
    previous_last = first - 1;
  } else {  // custom
    auto from = geo::iso_date_days(from_date);
    if (!from) return range_error("from", "Enter the first day as YYYY-MM-DD.");
    auto to = geo::iso_date_days(to_date);
    if (!to) return range_error("to", "Enter the last day as YYYY-MM-DD.");
    if (*to < *from) return range_error("to", "The last day must not be before the first.");
    if (*to > today) return range_error("to", "The last day cannot be after today.");
    if (*to - *from + 1 > 731) return range_error("to", "Choose at most 731 days (two years).");
    first = *from;
    last = *to;
    const std::int64_t n = last - first + 1;
    previous_last = first - 1;
    previous_first = previous_last - (n - 1);
  }
  ReportRange r;
  r.preset = std::string(preset);
  r.zone = zone.name();
  r.from_date = geo::iso_date_of_days(first);
  r.to_date = geo::iso_date_of_days(last);
  r.previous_from_date = geo::iso_date_of_days(previous_first);
  r.previous_to_date = geo::iso_date_of_days(previous_last);
  r.current = {geo::local_midnight_of_days(first, zone),
               geo::local_midnight_of_days(last + 1, zone)};
  r.previous = {geo::local_midnight_of_days(previous_first, zone),
                geo::local_midnight_of_days(previous_last + 1, zone)};
  const std::int64_t days = last - first + 1;
  r.grain = days <= 92 ? ReportGrain::day : days <= 366 ? ReportGrain::week : ReportGrain::month;
  r.buckets = make_buckets(first, last, r.grain, zone);
  r.previous_buckets = make_buckets(previous_first, previous_last, r.grain, zone);
  r.slot_ms = 3'600'000;
  for (const auto* list : {&r.buckets, &r.previous_buckets})
    for (const auto& b : *list)
      for (Millis edge : {b.span.from_ms, b.span.to_ms}) {
        if (edge % r.slot_ms == 0) continue;
        r.slot_ms = edge % 900'000 == 0 ? std::min<Millis>(r.slot_ms, 900'000) : 60'000;
      }
  return r;
}

const ReportTable* Report::table(std::string_view key) const {
  for (const auto& t : tables)
    if (t.key == key) return &t;
  return nullptr;
}

std::int64_t share_bp(std::int64_t part, std::int64_t whole) {
  if (whole <= 0) return 0;
  return (part * 10'000 * 2 + whole) / (whole * 2);
}

std::optional<std::int64_t> nearest_rank(const std::vector<std::int64_t>& sorted, double q) {
  if (sorted.empty()) return std::nullopt;
  auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(sorted.size())));
  rank = std::clamp<std::size_t>(rank, 1, sorted.size());
  return sorted[rank - 1];
}

}  // namespace plumbline::domain
