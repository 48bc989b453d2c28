// ReportDemandTx: the demand report's grouped counts of requests (per time slot and dimension, per
// area); store/{sqlite,postgres}/report_demand.cpp implement it.
#pragma once
#include <cstdint>
#include <vector>

#include "domain/report_demand.hpp"
#include "store/tx/method.hpp"

// One M(return type, name, (parameters)) per method (see store/tx/method.hpp). Every method counts
// requests created in [span.from_ms, span.to_ms); the per-slot ones group them by
// created_at / slot_ms (the service folds slots into buckets).
#define PLUMBLINE_REPORT_DEMAND_TX(M)                                                          \
  /* Per slot and service type: requests and unmatched ones (match_count = 0 and not a */      \
  /* duplicate: duplicates are never sent to plumbers). */                                     \
  M(std::vector<domain::DemandSlotCount>, demand_by_service,                                   \
    (const domain::ReportSpan& span, domain::Millis slot_ms))                                  \
  /* Per slot and urgency (unmatched = 0: not counted). */                                     \
  M(std::vector<domain::DemandSlotCount>, demand_by_urgency,                                   \
    (const domain::ReportSpan& span, domain::Millis slot_ms))                                  \
  /* Per slot and source (web, api, admin, phone). */                                          \
  M(std::vector<domain::DemandSlotCount>, demand_by_source,                                    \
    (const domain::ReportSpan& span, domain::Millis slot_ms))                                  \
  /* Per slot: duplicates (duplicate_of set); key empty, unmatched = 0. */                     \
  M(std::vector<domain::DemandSlotCount>, demand_duplicates,                                   \
    (const domain::ReportSpan& span, domain::Millis slot_ms))                                  \
  /* Per ZIP, city and state: requests, unmatched ones and the newest unmatched one's time. */ \
  M(std::vector<domain::DemandAreaCount>, demand_by_area, (const domain::ReportSpan& span))    \
  /* Per ZIP and service type: unmatched requests only. */                                     \
  M(std::vector<domain::DemandAreaService>, demand_unmatched_services,                         \
    (const domain::ReportSpan& span))

namespace plumbline::store {

class ReportDemandTx {
 public:
  PLUMBLINE_REPORT_DEMAND_TX(PLUMBLINE_TX_PURE)

 protected:
  ~ReportDemandTx() = default;
};

}  // namespace plumbline::store
