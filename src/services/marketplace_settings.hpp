// The marketplace's rules an operator sets (from config): claims per lead, how long a lead stays
// open, the dispute window, a past-due plan's grace, homeowner retention, late-matching burst.
#pragma once
#include <string>

#include "domain/lead.hpp"

namespace plumbline::services {

struct MarketplaceSettings {
  int max_claims_per_lead = 3;
  domain::Millis lead_expiry_ms = 72LL * 3600 * 1000;
  domain::Millis dispute_window_ms = 14LL * 24 * 3600 * 1000;
  domain::Millis past_due_grace_ms = 7LL * 24 * 3600 * 1000;
  // Homeowner contact details of requests closed or expired longer ago are anonymised; 0 = kept.
  int homeowner_retention_days = 365;
  // Late matching sends a newly eligible plumber at most this many of the newest open leads per
  // event, so that approving a plumber in a dense city does not bury them in alerts.
  int late_match_burst = 20;

  int lead_expiry_hours() const { return static_cast<int>(lead_expiry_ms / 3'600'000); }
};

}  // namespace plumbline::services
