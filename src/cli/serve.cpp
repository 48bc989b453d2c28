// `plumbline serve`: checks the schema, wires the app, serves HTTP until SIGTERM/SIGINT, then
// drains.
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <iostream>
#include <thread>

#include "app/app.hpp"
#include "cli/banner.hpp"
#include "cli/common.hpp"
#include "cli/demo_data.hpp"
#include "http/errors.hpp"
#include "http/server.hpp"
#include "log/log.hpp"
#include "web/handlers.hpp"
#include "worker/leader.hpp"
#include "worker/periodic.hpp"
#include "worker/privacy_job.hpp"
#include "worker/reconcile_job.hpp"
#include "worker/review_request_job.hpp"

namespace plumbline::cli {

namespace {

// The banner in as few write(2) calls as the terminal takes (one, in practice), so that no log line
// from another thread lands inside it; stdio may split a buffer at its line ends.
void write_all(int fd, const std::string& text) {
  std::size_t done = 0;
  while (done < text.size()) {
    auto n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // a closed terminal: nothing more to say
    done += static_cast<std::size_t>(n);
  }
}

// The PLUMBLINE_METRICS_LISTEN listener: its own small server on its own thread, stopped and
// joined when it goes out of scope (it also drains on SIGTERM/SIGINT, like the main one).
struct MetricsListener {
  http::Router router;
  std::unique_ptr<http::Server> server;
  std::thread thread;
  void start() {
    thread = std::thread([this] { server->run(); });
  }
  ~MetricsListener() {
    if (!thread.joinable()) return;
    server->stop();
    thread.join();
  }
};

}  // namespace

int run_serve(const CommonOptions& common, bool migrate_first, bool print_config) {
  auto c = load_config(common);
  if (!c) return exit_usage;
  auto store = open_database(*c);
  if (!store) return exit_database;
  try {
    if (migrate_first) store->migrate();
    auto status = store->migration_status();
    if (!status.up_to_date()) {
      std::cerr << "plumbline: the database schema is out of date (version " << status.current
                << ", this build needs " << status.latest
                << ").\nplumbline: run `plumbline migrate` first, then start the server again.\n";
      return exit_database;
    }
  } catch (const std::exception& e) {
    std::cerr << "plumbline: cannot read the schema version: " << e.what() << "\n";
    return exit_database;
  }

  http::ServerOptions so;
  so.host = c->listen_host;
  so.port = c->listen_port;
  so.io_threads = c->io_threads;
  so.handler_threads = c->handler_threads;
  so.max_connections = c->max_connections;
  so.max_connections_per_address = c->max_connections_per_address;
  so.uncapped_addresses = c->trusted_proxies;  // a proxy carries many clients: it caps them itself
  so.header_timeout = std::chrono::seconds(c->header_timeout_seconds);
  so.body_timeout = std::chrono::seconds(c->body_timeout_seconds);
  so.idle_timeout = std::chrono::seconds(c->idle_timeout_seconds);
  so.shutdown_grace = std::chrono::seconds(c->shutdown_grace_seconds);

  http::Router router;
  std::unique_ptr<app::App> a;
  try {
    http::Server server(so, router);
    server.listen();
    MetricsListener metrics;
    if (!c->metrics_listen_host.empty()) {
      http::ServerOptions mo = so;
      mo.setting = "PLUMBLINE_METRICS_LISTEN";
      mo.host = c->metrics_listen_host;
      mo.port = c->metrics_listen_port;
      mo.io_threads = 1;
      mo.handler_threads = 2;
      mo.max_connections = 64;
      metrics.server = std::make_unique<http::Server>(mo, metrics.router);
      metrics.server->listen();
    }
    if (c->listen_port == 0) c->listen_port = server.port();  // test payments call back here
    if (c->base_url.empty()) {
      if (c->listen_host == "0.0.0.0" || c->listen_host == "::")
        log::warn("base_url_unset",
                  {{"hint",
                    "PLUMBLINE_LISTEN is a wildcard address: set PLUMBLINE_BASE_URL to the "
                    "public URL, or requests by name get 421 (see docs/config.md)"}});
      c->base_url = default_base_url(c->listen_host, server.port());
    }
    a = app::build(*c, std::move(store));
    app::build_worker(*a, c->worker_threads);
    if (c->worker_threads > 0) {  // otherwise `plumbline worker` runs both
      a->outbox->start();
      a->heartbeat->start();
    }
    // A person at a terminal gets a banner (below); anything else gets the JSON logs only.
    const bool terminal = isatty(STDOUT_FILENO) == 1;
    DemoAdmin admin;
    if (c->demo_data) {
      seed_demo_if_empty(*a, 12);
      admin = ensure_demo_admin(*a, terminal);
    } else if (terminal) {
      admin = existing_admin(*a);
    }
    web::add_routes(router, *a->web, app::limiters(*a), a->config);
    // The periodic jobs, in one process of the fleet at a time; after the routes: in test-payments
    // mode the reconciliation job calls this very server.
    if (c->worker_threads > 0) a->leader->start();
    auto* app_ptr = a.get();
    http::set_html_error_renderer([app_ptr](int status, std::string_view title,
                                            std::string_view message) {
      return app_ptr->view->page("error", std::string(title),
                                 {{"status", std::to_string(status)},
                                  {"title", title},
                                  {"message", message},
                                  {"platform_name", app_ptr->settings->current()->platform_name}});
    });
    if (print_config)
      for (const auto& line : config::describe(a->config)) std::cout << line << "\n";
    boost::json::array settings;
    log::info("config", {{"settings", [&] {
                            std::string s;
                            for (const auto& line : config::describe(a->config))
                              s += (s.empty() ? "" : "; ") + line;
                            return s;
                          }()}});
    if (metrics.server) {
      web::add_metrics_routes(metrics.router, *a->web, a->config);
      metrics.start();
      log::info("metrics_listening", {{"address", c->metrics_listen_host},
                                      {"port", static_cast<std::int64_t>(metrics.server->port())}});
    }
    log::info("listening", {{"address", c->listen_host},
                            {"port", static_cast<std::int64_t>(server.port())},
                            {"base_url", a->config.base_url},
                            {"database", a->store->backend()}});
    if (terminal) {
      BannerFacts facts;
      facts.base_url = a->config.base_url;
      facts.demo_data = c->demo_data;
      facts.test_payments = a->config.test_payments_active();
      facts.dev_mailbox = a->config.dev_mailbox();
      facts.mail_destination =
          a->config.smtp_url.empty()
              ? "written as .eml files to " + a->config.mail_folder()
              : std::string("sent through the SMTP server (PLUMBLINE_SMTP_URL)");
      if (c->demo_data) facts.demo_plumbers = existing_demo_plumbers(*a);
      facts.admin = admin;
      facts.admin_two_factor = a->config.admin_two_factor;
      facts.program = program_path_for_banner();
      auto text = startup_banner(facts);
      std::fflush(stdout);
      write_all(STDOUT_FILENO, text);
    }
    auto* outbox = a->outbox.get();
    auto drain_started =
        std::make_shared<std::chrono::steady_clock::time_point>(std::chrono::steady_clock::now());
    server.run([outbox, drain_started] {
      log::info("draining", {});
      *drain_started = std::chrono::steady_clock::now();
      outbox->request_stop();
    });
    // Messages being handed off share the grace period with in-flight requests; whatever is still
    // sending then is aborted and stays queued for next time.
    auto used = std::chrono::steady_clock::now() - *drain_started;
    auto left = std::chrono::seconds(c->shutdown_grace_seconds) - used;
    a->outbox->stop_within(std::chrono::duration_cast<std::chrono::milliseconds>(
        std::max<std::chrono::steady_clock::duration>(left, std::chrono::milliseconds(0))));
    a->leader->stop();
    if (a->heartbeat) a->heartbeat->stop();
    log::info("stopped", {});
  } catch (const std::exception& e) {
    std::cerr << "plumbline: cannot start: " << e.what() << "\n";
    return exit_runtime;
  }
  return exit_ok;
}

}  // namespace plumbline::cli
