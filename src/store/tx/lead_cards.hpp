// LeadCardsTx: leads as plumbers browse them (no contact details);
// store/{sqlite,postgres}/lead_cards.cpp implement it.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/marketplace.hpp"
#include "store/tx/method.hpp"

// One M(return type, name, (parameters)) per method (see store/tx/method.hpp).
#define PLUMBLINE_LEAD_CARDS_TX(M)                                                               \
  M(domain::AvailablePage, available_leads, (const domain::AvailableQuery& q))                   \
  /* The card as this plumber sees it (distance from the match, 0 when not matched). */          \
  M(std::optional<domain::LeadCard>, lead_card,                                                  \
    (domain::LeadId lead_id, domain::UserId plumber_id))                                         \
  /* Leads created at or after `since` in one of the plumber's services and inside their area */ \
  /* (the radius round the base ZIP, or an extra ZIP), duplicates and flagged ones left out: */  \
  /* what they would have been sent with a plan, whether or not they were. */                    \
  M(std::int64_t, count_area_leads_since, (domain::UserId plumber_id, domain::Millis since))

namespace plumbline::store {

class LeadCardsTx {
 public:
  PLUMBLINE_LEAD_CARDS_TX(PLUMBLINE_TX_PURE)

 protected:
  ~LeadCardsTx() = default;
};

}  // namespace plumbline::store
