// MatchingTx: which plumbers a lead goes to, and the match rows;
// store/{sqlite,postgres}/matching.cpp implement it.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/marketplace.hpp"
#include "store/tx/method.hpp"

// One M(return type, name, (parameters)) per method (see store/tx/method.hpp).
#define PLUMBLINE_MATCHING_TX(M)                                                                   \
  /* Plumbers eligible for a new lead: approved, plan active or trialing (past_due counts as */    \
  /* active here; the claim re-checks the grace period; canceled while current_period_end, in */   \
  /* Unix seconds, is after q.now), not paused, daily_cap > 0 and fewer claims than daily_cap */   \
  /* at or after q.cap_since, offering q.service_type, and with the lead inside the radius */      \
  /* (great-circle distance from the base ZIP <= radius_miles, on the sphere of */                 \
  /* geo::earth_radius_m) or q.zip among the extra ZIPs. Distance is always from the base */       \
  /* point. Ordered by plumber id. Both backends must return identical sets. */                    \
  M(std::vector<domain::MatchCandidate>, match_plumbers, (const domain::MatchQuery& q))            \
  M(void, insert_lead_matches, (const std::vector<domain::LeadMatch>& matches))                    \
  /* Late matching: of the q.limit newest leads q.plumber_id would be matched to now (the */       \
  /* plumber eligible as in match_plumbers, the lead open, not a duplicate, live since */          \
  /* q.live_since or later, of a service they offer, inside their radius or at one of their */     \
  /* extra ZIPs), those not matched to them yet, newest first (live_since, then id), as rows to */ \
  /* insert (distance from the base point, 0 without one; matched_at = q.now). Looking only at */  \
  /* the newest q.limit, sent or not, makes a second call return nothing new. Both backends */     \
  /* return the same. */                                                                           \
  M(std::vector<domain::LeadMatch>, late_matches, (const domain::LateMatchQuery& q))               \
  M(std::optional<domain::LeadMatch>, lead_match,                                                  \
    (domain::LeadId lead_id, domain::UserId plumber_id))                                           \
  /* Ordered by plumber id. */                                                                     \
  M(std::vector<domain::LeadMatch>, lead_matches, (domain::LeadId lead_id))

namespace plumbline::store {

class MatchingTx {
 public:
  PLUMBLINE_MATCHING_TX(PLUMBLINE_TX_PURE)

 protected:
  ~MatchingTx() = default;
};

}  // namespace plumbline::store
