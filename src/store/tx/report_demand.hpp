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
#define PLUMBLINE_REPORT_DEMAND_TX(M)                                                     \
  /* Per slot and service type: requests and unmatched ones (match_count = 0 and not a */ \
  /* duplicate: duplicates are never sent to plumbers). */                                \
  M(std::vector<domain::DemandSlotCount>, demand_by_service,                              \
    (const domain::ReportSpan& span, domain::Millis slot_ms))                             \
  /* Per slot, urgency and source: requests. */                                           \
  M(std::vector<domain::DemandSlotMix>, demand_by_urgency_source,                         \
    (const domain::ReportSpan& span, domain::Millis slot_ms))                             \
  /* Per slot: duplicates (duplicate_of set); key empty, unmatched = 0. */                \
  M(std::vector<domain::DemandSlotCount>, demand_duplicates,                              \
    (const domain::ReportSpan& span, domain::Millis slot_ms))                             \
  /* Per ZIP: requests. */                                                                \
  M(std::vector<domain::DemandZipCount>, demand_by_zip, (const domain::ReportSpan& span)) \
  /* Per ZIP and service type: unmatched requests and the newest one's created_at. */     \
  M(std::vector<domain::DemandUnmatched>, demand_unmatched, (const domain::ReportSpan& span))

namespace plumbline::store {

class ReportDemandTx {
 public:
  PLUMBLINE_REPORT_DEMAND_TX(PLUMBLINE_TX_PURE)

 protected:
  ~ReportDemandTx() = default;
};

}  // namespace plumbline::store
