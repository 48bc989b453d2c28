// The SQL of the demand report, written once for both backends (PostgreSQL placeholders; see
// statement.hpp). Each statement is a range scan of one covering index that returns grouped counts
// only: $1/$2 the period [from, to), $3 the slot width (integer division groups the same on both).
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "domain/report_demand.hpp"
#include "store/sql/row.hpp"
#include "store/sql/statement.hpp"

// An unmatched request reached no plumber and is not a duplicate (duplicates are never sent to
// plumbers, so counting them would put well covered areas on the recruiting list).
#define DEMAND_UNMATCHED "match_count = 0 AND duplicate_of IS NULL"

namespace plumbline::store::sql::report_demand {

// Per slot and service, over leads_report_area (0025: created_at, zip, service_type,
// match_count, duplicate_of).
inline constexpr Statement by_service{"demand_by_service",
                                      "SELECT created_at / $3, service_type, count(*), "
                                      "sum(CASE WHEN " DEMAND_UNMATCHED
                                      " THEN 1 ELSE 0 END) FROM leads "
                                      "WHERE created_at >= $1 AND created_at < $2 GROUP BY 1, 2"};

// Per slot, urgency and source in one scan of leads_report_facts (0023); the service splits it
// into two tables (one grouping of the rows costs less than two).
inline constexpr Statement by_urgency_source{
    "demand_by_urgency_source",
    "SELECT created_at / $3, urgency, source, count(*) FROM leads "
    "WHERE created_at >= $1 AND created_at < $2 GROUP BY 1, 2, 3"};

// Duplicates per slot, over the partial index leads_duplicates (created_at, id) WHERE duplicate_of
// IS NOT NULL (0017); the key column is empty and nothing is unmatched.
inline constexpr Statement duplicates{
    "demand_duplicates",
    "SELECT created_at / $3, '', count(*), 0 FROM leads "
    "WHERE duplicate_of IS NOT NULL AND created_at >= $1 AND created_at < $2 GROUP BY 1"};

// Per ZIP: one row per request of the period, counted in the store by DemandZipFold below (the
// service names each ZIP from the ZIP table). Grouping in SQL cost more on both databases: SQLite
// sorts its GROUP BY zip in a temporary B-tree (86 ms over 170,000 requests of 90 days, against
// 15 ms streaming the covering index leads_report_area), and PostgreSQL's hash aggregate over
// ~33,000 ZIPs took 65-90 ms of a 90-day Demand page for each period, against ~30 ms streaming.
inline constexpr Statement zip_of_each{
    "demand_zip_of_each", "SELECT zip FROM leads WHERE created_at >= $1 AND created_at < $2"};

// Counts requests per ZIP from zip_of_each's rows. Intake stores five-digit ZIPs: a counter per
// possible ZIP, no hashing (a hash map of strings took 40 % of a year-long Demand report);
// anything else (none today) goes to a map.
class DemandZipFold {
 public:
  DemandZipFold();
  void add(std::string_view zip);
  // The counts sorted by ZIP, one row per ZIP with requests.
  std::vector<domain::DemandZipCount> take();

 private:
  std::vector<std::int64_t> by_number_;
  std::map<std::string, std::int64_t, std::less<>> other_;
};

// Unmatched requests per ZIP and service with the newest one's time, over leads_report_area; few
// rows pass the filter, so this is cheap even though it groups by two texts.
inline constexpr Statement unmatched{
    "demand_unmatched",
    "SELECT zip, service_type, count(*), max(created_at) FROM leads "
    "WHERE created_at >= $1 AND created_at < $2 AND " DEMAND_UNMATCHED
    " GROUP BY zip, service_type"};

template <RowReader R>
domain::DemandSlotCount read_slot_count(const R& r) {
  return {r.int64(0), r.text(1), r.int64(2), r.int64(3)};
}

template <RowReader R>
domain::DemandSlotMix read_slot_mix(const R& r) {
  return {r.int64(0), r.text(1), r.text(2), r.int64(3)};
}

template <RowReader R>
domain::DemandUnmatched read_unmatched(const R& r) {
  return {r.text(0), r.text(1), r.int64(2), r.int64(3)};
}

}  // namespace plumbline::store::sql::report_demand
