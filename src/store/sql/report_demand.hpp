// The SQL of the demand report, written once for both backends (PostgreSQL placeholders; see
// statement.hpp). Each statement aggregates in SQL over one index and returns grouped counts only:
// $1/$2 the period [from, to), $3 the slot width (integer division groups the same on both).
#pragma once
#include "domain/report_demand.hpp"
#include "store/sql/row.hpp"
#include "store/sql/statement.hpp"

// An unmatched request reached no plumber and is not a duplicate (duplicates are never sent to
// plumbers, so counting them would put well covered areas on the recruiting list).
#define DEMAND_UNMATCHED "match_count = 0 AND duplicate_of IS NULL"

// Per slot and urgency or source, read from leads_report_facts alone; `unmatched` is not counted
// (that index has no duplicate_of).
#define DEMAND_SLOTS_BY(COLUMN)     \
  "SELECT created_at / $3, " COLUMN \
  ", count(*), 0 FROM leads "       \
  "WHERE created_at >= $1 AND created_at < $2 GROUP BY 1, 2"

namespace plumbline::store::sql::report_demand {

// Per slot and service: requests and unmatched ones, read from leads_report_area (0025), which
// covers created_at, service_type, match_count and duplicate_of.
inline constexpr Statement by_service{"demand_by_service",
                                      "SELECT created_at / $3, service_type, count(*), "
                                      "sum(CASE WHEN " DEMAND_UNMATCHED
                                      " THEN 1 ELSE 0 END) FROM leads "
                                      "WHERE created_at >= $1 AND created_at < $2 GROUP BY 1, 2"};

inline constexpr Statement by_urgency{"demand_by_urgency", DEMAND_SLOTS_BY("urgency")};
inline constexpr Statement by_source{"demand_by_source", DEMAND_SLOTS_BY("source")};

// Duplicates per slot, over the partial index leads_duplicates (created_at, id) WHERE duplicate_of
// IS NOT NULL (0017); the key column is empty and nothing is unmatched.
inline constexpr Statement duplicates{
    "demand_duplicates",
    "SELECT created_at / $3, '', count(*), 0 FROM leads "
    "WHERE duplicate_of IS NOT NULL AND created_at >= $1 AND created_at < $2 GROUP BY 1"};

// Per ZIP and its spelling of city and state, over leads_report_area (0025).
inline constexpr Statement by_area{
    "demand_by_area", "SELECT zip, city, state, count(*), sum(CASE WHEN " DEMAND_UNMATCHED
                      " THEN 1 ELSE 0 END), "
                      "coalesce(max(CASE WHEN " DEMAND_UNMATCHED
                      " THEN created_at END), 0) FROM leads "
                      "WHERE created_at >= $1 AND created_at < $2 GROUP BY zip, city, state"};

// Unmatched requests per ZIP and service, over leads_report_area (0025).
inline constexpr Statement unmatched_services{
    "demand_unmatched_services",
    "SELECT zip, service_type, count(*) FROM leads "
    "WHERE created_at >= $1 AND created_at < $2 AND " DEMAND_UNMATCHED
    " GROUP BY zip, service_type"};

template <RowReader R>
domain::DemandSlotCount read_slot_count(const R& r) {
  return {r.int64(0), r.text(1), r.int64(2), r.int64(3)};
}

template <RowReader R>
domain::DemandAreaCount read_area_count(const R& r) {
  return {r.text(0), r.text(1), r.text(2), r.int64(3), r.int64(4), r.int64(5)};
}

template <RowReader R>
domain::DemandAreaService read_area_service(const R& r) {
  return {r.text(0), r.text(1), r.int64(2)};
}

}  // namespace plumbline::store::sql::report_demand
