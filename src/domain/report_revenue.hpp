// The revenue report's pure parts: a grouped sum per time slot as the store returns it, and the
// calendar months of a period in the operator's zone (the monthly table exists at every grain).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "domain/report.hpp"
#include "geo/time_zone.hpp"

namespace plumbline::domain {

// One group of a report query: rows whose time t has t / slot_ms == slot and whose kind is `kind`
// (a payment kind, a ledger kind, ...), their summed amount and how many there were.
struct ReportSlotSum {
  std::int64_t slot = 0;
  std::string kind;
  std::int64_t sum = 0;
  std::int64_t count = 0;
};

// The calendar months (in `zone`, which must be range.zone) that overlap range.current, each
// clipped to it, labelled "YYYY-MM", in order. They cover range.current exactly.
std::vector<ReportBucket> report_months(const ReportRange& range, const geo::TimeZone& zone);

// Index of the span in `buckets` (ordered, contiguous) holding t; -1 when outside.
int report_bucket_index(const std::vector<ReportBucket>& buckets, Millis t);

}  // namespace plumbline::domain
