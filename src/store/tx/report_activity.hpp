// ReportActivityTx: what the Plumbers and Lead sources reports read over a period, grouped (by
// plumber, by slot, by channel); store/{sqlite,postgres}/report_activity.cpp implement it.
// Periods are half-open [from, to) on each row's own time (matched_at, created_at).
#pragma once
#include <cstdint>
#include <vector>

#include "domain/report_activity.hpp"
#include "store/tx/method.hpp"

// One M(return type, name, (parameters)) per method (see store/tx/method.hpp).
#define PLUMBLINE_REPORT_ACTIVITY_TX(M)                                                          \
  /* The plumbers' activity parts of the period (see domain::PlumberActivityRow) and the      */ \
  /* response time of each claim made in it that has its match (domain::PlumberActivity).   */   \
  /* Without `whole`, only the claims' and payments' parts: no part counts matches or       */   \
  /* credits (the page reads those for its rows only, report_plumber_figures_of).           */   \
  M(domain::PlumberActivity, report_plumber_activity,                                            \
    (domain::Millis from, domain::Millis to, domain::Millis slot_ms, bool whole))                \
  /* The matches and ledger credits of these plumbers in the period, as parts (slot -1):    */   \
  /* per plumber one with its matches if it has any, one with its credits bought and spent  */   \
  /* if it has ledger rows; unordered; ids in any number, read 100 to a statement.          */   \
  M(std::vector<domain::PlumberActivityRow>, report_plumber_figures_of,                          \
    (domain::Millis from, domain::Millis to, const std::vector<std::int64_t>& ids))              \
  /* Every plumber's business name, by id (the CSV and JSON name every row). */                  \
  M(std::vector<domain::PlumberName>, report_plumber_names, ())                                  \
  /* The names of these plumbers only, unordered (the page's rows); an unknown id has none. */   \
  M(std::vector<domain::PlumberName>, report_plumber_names_of,                                   \
    (const std::vector<std::int64_t>& ids))                                                      \
  /* The period's active plumbers, claims, wins and response times (the comparison). */          \
  M(domain::PlumberActivityTotals, report_plumber_totals,                                        \
    (domain::Millis from, domain::Millis to))                                                    \
  /* Plumbers approved now whose review was before `at`. */                                      \
  M(std::int64_t, report_approved_plumbers, (domain::Millis at))                                 \
  /* Requests created in the period grouped by source, UTM parameters and referrer. */           \
  M(std::vector<domain::LeadChannelRow>, report_lead_channels,                                   \
    (domain::Millis from, domain::Millis to))

namespace plumbline::store {

class ReportActivityTx {
 public:
  PLUMBLINE_REPORT_ACTIVITY_TX(PLUMBLINE_TX_PURE)

 protected:
  ~ReportActivityTx() = default;
};

}  // namespace plumbline::store
