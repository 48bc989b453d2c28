// Periodic Stripe reconciliation: a thread that lists recent events and Checkout Sessions from the
// Stripe API and applies any the webhook missed, through the webhook's own code path.
#pragma once
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "integrations/stripe_client.hpp"
#include "services/clock.hpp"
#include "services/payments.hpp"

namespace plumbline::worker {

struct ReconcileReport {
  int events_seen = 0, events_applied = 0;      // applied = not a duplicate
  int sessions_seen = 0, sessions_applied = 0;  // completed+paid sessions re-applied
  bool ok = true;                               // false when a Stripe call failed
  std::string error;                            // safe to log (no secrets, no URLs)
};

class ReconcileJob {
 public:
  using Apply = std::function<domain::Result<services::StripeEventOutcome>(const boost::json::value&)>;
  // apply is PaymentService::handle_event in the app.
  ReconcileJob(integrations::StripeClient& stripe, Apply apply, const services::Clock& clock,
               std::chrono::milliseconds interval, std::chrono::seconds lookback);
  ~ReconcileJob();
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
  void loop();

  integrations::StripeClient& stripe_;
  Apply apply_;
  const services::Clock& clock_;
  std::chrono::milliseconds interval_;
  std::chrono::seconds lookback_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace plumbline::worker
