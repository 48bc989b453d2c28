// `plumbline worker`: drains the outbox and expires leads as its own process until SIGTERM/SIGINT.
#include <signal.h>

#include <iostream>

#include "app/app.hpp"
#include "cli/common.hpp"
#include "log/log.hpp"
#include "worker/leader.hpp"
#include "worker/periodic.hpp"
#include "worker/privacy_job.hpp"
#include "worker/reconcile_job.hpp"
#include "worker/review_request_job.hpp"

namespace plumbline::cli {

int run_worker(const CommonOptions& common, int threads) {
  auto c = load_config(common);
  if (!c) return exit_usage;
  auto store = open_current_database(*c);
  if (!store) return exit_database;
  try {
    if (c->base_url.empty()) c->base_url = default_base_url(c->listen_host, c->listen_port);
    // Block the signals before any thread starts, so that sigwait below receives them.
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    auto a = app::build(*c, std::move(store));
    int n = threads > 0 ? threads : std::max(1, c->worker_threads);
    app::build_worker(*a, n);
    a->outbox->start();
    a->heartbeat->start();
    a->leader->start();  // the periodic jobs, in one worker of the fleet at a time
    log::info("worker_started",
              {{"threads", static_cast<std::int64_t>(n)}, {"database", a->store->backend()}});
    int sig = 0;
    sigwait(&set, &sig);
    log::info("worker_stopping", {{"signal", static_cast<std::int64_t>(sig)}});
    a->leader->stop();
    a->heartbeat->stop();
    a->outbox->stop_within(std::chrono::seconds(c->shutdown_grace_seconds));
    log::info("worker_stopped", {});
    return exit_ok;
  } catch (const std::exception& e) {
    std::cerr << "plumbline: worker failed: " << e.what() << "\n";
    return exit_runtime;
  }
}

}  // namespace plumbline::cli
