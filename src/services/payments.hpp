// Stripe events → plans and credits. One verified event is applied in ONE write transaction that
// also records its id, so a repeat changes nothing (reliability goals 11–13).
#pragma once
#include <boost/json/value.hpp>
#include <optional>
#include <string>

#include "domain/error.hpp"
#include "integrations/stripe_client.hpp"
#include "services/clock.hpp"
#include "services/lead_matcher.hpp"
#include "store/store.hpp"

namespace plumbline::services {

struct StripeEventOutcome {
  bool duplicate = false;  // the event id had been applied before: nothing changed
  std::string outcome;     // what was done, e.g. "purchase", "grant", "status:past_due", "ignored"
  domain::UserId plumber_id;  // none when no plumber was found
};

class PaymentService {
 public:
  // stripe may be null (webhook-only tests): then the event snapshot is trusted as is.
  // late_matching (may be null): runs inside an event's transaction after it changed a plumber's
  // billing, so a plan that becomes active sends the open leads around them.
  // live_keys: the server's Stripe key is a live one (domain::stripe_key_is_live).
  PaymentService(store::Store& store, const Clock& clock,
                 integrations::StripeClient* stripe = nullptr,
                 OpenLeadMatcher* late_matching = nullptr, bool live_keys = false)
      : store_(store),
        clock_(clock),
        stripe_(stripe),
        late_matching_(late_matching),
        live_keys_(live_keys) {}

  // The webhook's mode rule: an event whose livemode differs from the key's mode was sent by the
  // other mode's endpoint. Returns the refusal (nothing may be applied), or nullopt.
  std::optional<domain::Error> wrong_mode(const boost::json::value& event) const;

  // The webhook and reconciliation entry point. For customer.subscription.* and invoice.* events
  // with a subscription it first fetches the current subscription (GET /v1/subscriptions/{id})
  // and applies THAT state (when in doubt, trust Stripe's current object, not arrival order); for
  // a paid pack checkout it fetches the PaymentIntent's latest charge for the receipt link. A
  // failed fetch falls back to the event snapshot. Then apply_event.
  domain::Result<StripeEventOutcome> handle_event(const boost::json::value& event);

  // Applies an already verified event. invalid_input when it has no id/type/data.object.
  // State follows the object's own fields and event.created, never arrival order: a subscription
  // state older than the newest one applied is skipped, and a canceled subscription stays canceled.
  domain::Result<StripeEventOutcome> apply_event(const boost::json::value& event);

 private:
  store::Store& store_;
  const Clock& clock_;
  integrations::StripeClient* stripe_;
  OpenLeadMatcher* late_matching_;
  bool live_keys_;
};

// Maps a Stripe subscription status to a plan status; none for statuses that change nothing
// (incomplete, paused, unknown).
std::optional<domain::PlanStatus> plan_status_for_stripe(std::string_view stripe_status);

}  // namespace plumbline::services
