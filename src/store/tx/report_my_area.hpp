// ReportMyAreaTx: "Demand in my area", a plumber's own report (the requests in their area and what
// became of them for them), and the reasons matching left a covering plumber out (match_misses);
// store/{sqlite,postgres}/report_my_area.cpp implement it.
#pragma once
#include <cstdint>
#include <vector>

#include "domain/marketplace.hpp"
#include "domain/my_area.hpp"
#include "store/tx/method.hpp"

// One M(return type, name, (parameters)) per method (see store/tx/method.hpp).
#define PLUMBLINE_REPORT_MY_AREA_TX(M)                                                             \
  /* At intake, for lead_id described by q (as match_plumbers): one match_misses row per */        \
  /* approved plumber with an open account whose area holds the lead (the radius from the base */  \
  /* ZIP, or q.zip among the extra ZIPs, exactly as match_plumbers) and who offers */              \
  /* q.service_type but was left out: 'plan' (plan not in good standing at q.now), else */         \
  /* 'paused', else 'daily_cap' (cap 0, or as many claims since q.cap_since as the cap). */        \
  /* Returns how many rows were written. */                                                        \
  M(int, record_match_misses, (domain::LeadId lead_id, const domain::MatchQuery& q))               \
  /* The non-duplicate requests created in [q.from_ms, q.to_ms) inside q.plumber_id's area as */   \
  /* matching defines it today (radius from the base ZIP or one of the extra ZIPs), counted per */ \
  /* (created_at / q.slot_ms, service, fate): claimed by them; else matched to them and full */    \
  /* (filled), open, or otherwise (unclaimed); else their recorded miss reason; else 'service' */  \
  /* when they do not offer it; else '' (not recorded). Both backends return the same rows. */     \
  M(std::vector<domain::MyAreaLeadCount>, my_area_leads, (const domain::MyAreaQuery& q))           \
  /* q.plumber_id's matches (by matched_at) and claims (by created_at) in the period per */        \
  /* (t / q.slot_ms): credits_spent sums price_credits of claims not refunded; jobs_won counts */  \
  /* claims with outcome 'won'. Slots without either are absent. */                                \
  M(std::vector<domain::MyAreaActivity>, my_area_activity, (const domain::MyAreaQuery& q))

namespace plumbline::store {

class ReportMyAreaTx {
 public:
  PLUMBLINE_REPORT_MY_AREA_TX(PLUMBLINE_TX_PURE)

 protected:
  ~ReportMyAreaTx() = default;
};

}  // namespace plumbline::store
