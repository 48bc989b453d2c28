// Periodic Stripe reconciliation: a thread that lists recent events and Checkout Sessions from the
// Stripe API and applies any the webhook missed, through the webhook's own code path.
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include "integrations/stripe_client.hpp"
#include "services/clock.hpp"
#include "services/payments.hpp"
#include "worker/periodic.hpp"

namespace plumbline::worker {

struct ReconcileReport {
  int events_seen = 0, events_applied = 0;      // applied = not a duplicate
  int sessions_seen = 0, sessions_applied = 0;  // completed+paid sessions re-applied
  bool ok = true;                               // false when a Stripe call failed
  std::string error;                            // safe to log (no secrets, no URLs)
};

class ReconcileJob {
 public:
  using Apply =
      std::function<domain::Result<services::StripeEventOutcome>(const boost::json::value&)>;
  // apply is PaymentService::handle_event in the app.
  ReconcileJob(integrations::StripeClient& stripe, Apply apply, const services::Clock& clock,
               std::chrono::milliseconds interval, std::chrono::seconds lookback);
  ReconcileJob(const ReconcileJob&) = delete;
  ReconcileJob& operator=(const ReconcileJob&) = delete;

  // Runs once soon after start, then every interval.
  void start();
  // Wakes the thread and waits for the current run to finish.
  void stop();
  // One pass over everything created in the last `lookback`: GET /v1/events (the handled types,
  // all pages) and GET /v1/checkout/sessions (status complete, all pages); each event goes to
  // apply as is, each paid session as a checkout.session.completed event with id
  // "reconcile:<cs id>" and created = the session's created.
  ReconcileReport run_once();

 private:
  integrations::StripeClient& stripe_;
  Apply apply_;
  const services::Clock& clock_;
  std::chrono::seconds lookback_;
  Periodic periodic_;  // declared last: stopped before the members its task uses go
};

}  // namespace plumbline::worker
