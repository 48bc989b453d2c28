// `plumbline stripe-reconcile`: one reconciliation pass against the Stripe API, report as JSON.
#include <boost/json.hpp>
#include <iostream>

#include "app/app.hpp"
#include "cli/common.hpp"
#include "worker/reconcile_job.hpp"

namespace plumbline::cli {

int run_stripe_reconcile(const CommonOptions& common) {
  auto c = load_config(common);
  if (!c) return exit_usage;
  if (c->stripe_secret_key.empty()) {
    std::cerr << "plumbline: stripe-reconcile needs PLUMBLINE_STRIPE_SECRET_KEY\n";
    return exit_usage;
  }
  auto store = open_current_database(*c);
  if (!store) return exit_database;
  try {
    // The same composition as the server, so events go through the very code the webhook uses.
    auto a = app::build(*c, std::move(store));
    worker::ReconcileJob job(
        *a->stripe,
        [p = a->payments.get()](const boost::json::value& e) { return p->handle_event(e); },
        a->clock, std::chrono::seconds(c->stripe_reconcile_seconds),
        std::chrono::hours(c->stripe_reconcile_lookback_hours));
    auto r = job.run_once();
    // The last line of stdout (log lines come before it).
    std::cout << boost::json::serialize(
                     boost::json::object{{"events_seen", r.events_seen},
                                         {"events_applied", r.events_applied},
                                         {"sessions_seen", r.sessions_seen},
                                         {"sessions_applied", r.sessions_applied},
                                         {"ok", r.ok},
                                         {"error", r.error}})
              << std::endl;
    return r.ok ? exit_ok : exit_runtime;
  } catch (const std::exception& e) {
    std::cerr << "plumbline: stripe-reconcile failed: " << e.what() << "\n";
    return exit_runtime;
  }
}

}  // namespace plumbline::cli
