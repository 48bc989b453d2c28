// ReportActivityTx: what the Plumbers and Lead sources reports read over a period, grouped in SQL
// (by plumber, by slot, by channel); store/{sqlite,postgres}/report_activity.cpp implement it.
// Periods are half-open [from, to) on each row's own time (matched_at, created_at).
#pragma once
#include <cstdint>
#include <vector>

#include "domain/report_activity.hpp"
#include "store/tx/method.hpp"

// One M(return type, name, (parameters)) per method (see store/tx/method.hpp).
#define PLUMBLINE_REPORT_ACTIVITY_TX(M)                                                         \
  /* The plumbers' activity parts of the period (see domain::PlumberActivityRow), unordered. */ \
  M(std::vector<domain::PlumberActivityRow>, report_plumber_activity,                           \
    (domain::Millis from, domain::Millis to, domain::Millis slot_ms))                           \
  /* Every plumber's business name, by id. */                                                   \
  M(std::vector<domain::PlumberName>, report_plumber_names, ())                                 \
  /* Every claim of the period that has its match, with its response time (the medians). */     \
  M(std::vector<domain::ClaimResponse>, report_claim_responses,                                 \
    (domain::Millis from, domain::Millis to))                                                   \
  M(domain::PlumberActivityTotals, report_plumber_totals,                                       \
    (domain::Millis from, domain::Millis to))                                                   \
  /* Plumbers approved now whose review was before `at`. */                                     \
  M(std::int64_t, report_approved_plumbers, (domain::Millis at))                                \
  /* Requests created in the period grouped by source, UTM parameters and referrer. */          \
  M(std::vector<domain::LeadChannelRow>, report_lead_channels,                                  \
    (domain::Millis from, domain::Millis to))

namespace plumbline::store {

class ReportActivityTx {
 public:
  PLUMBLINE_REPORT_ACTIVITY_TX(PLUMBLINE_TX_PURE)

 protected:
  ~ReportActivityTx() = default;
};

}  // namespace plumbline::store
