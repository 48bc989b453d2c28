// The marketplace's rules an operator sets (console settings, first from the config): claims per
// lead, expiry, the dispute and duplicate windows, grace, retention, late-matching burst; and where
// services read them per operation.
#pragma once
#include <string>
#include <utility>

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
  // Business settings edited in the console (services/settings.hpp) since issue 15.
  domain::Millis duplicate_window_ms = 7LL * 24 * 3600 * 1000;
  domain::Millis never_requested_window_ms = 14LL * 24 * 3600 * 1000;
  int default_daily_cap = 10;
  int default_quiet_start_minute = 0, default_quiet_end_minute = 0;
  std::string consent_text;  // the request form's wording, claims cap filled in; empty = default
  // Issue 17: the `phone_verification` setting is "required": a homeowner's request is matched only
  // once its phone (or e-mail) is confirmed.
  bool phone_verification_required = false;
  // Issue 17: the review e-mail goes this long after a hire through a claim.
  domain::Millis review_request_delay_ms = 7LL * 24 * 3600 * 1000;

  int lead_expiry_hours() const { return static_cast<int>(lead_expiry_ms / 3'600'000); }
};

// Where services read the rules, once per operation: the SettingsService in the app (changes apply
// without a restart), fixed values in tests.
class MarketplaceRules {
 public:
  virtual MarketplaceSettings marketplace() const = 0;

 protected:
  ~MarketplaceRules() = default;
};

class FixedMarketplaceRules final : public MarketplaceRules {
 public:
  FixedMarketplaceRules() = default;
  explicit FixedMarketplaceRules(MarketplaceSettings s) : s_(std::move(s)) {}
  MarketplaceSettings marketplace() const override { return s_; }
  MarketplaceSettings& edit() { return s_; }  // tests change the rules between calls

 private:
  MarketplaceSettings s_;
};

}  // namespace plumbline::services
