// `plumbline serve`: checks the schema, wires the app, serves HTTP until SIGTERM/SIGINT, then
// drains.
#include <iostream>

#include "app/app.hpp"
#include "app/log.hpp"
#include "cli/common.hpp"
#include "cli/demo_data.hpp"
#include "http/errors.hpp"
#include "http/server.hpp"
#include "web/handlers.hpp"
#include "worker/reconcile_job.hpp"

namespace plumbline::cli {

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
    if (c->listen_port == 0) c->listen_port = server.port();  // test payments call back here
    if (c->base_url.empty())
      c->base_url = "http://" + c->listen_host + ":" + std::to_string(server.port());
    a = app::build(*c, std::move(store));
    app::build_worker(*a, c->worker_threads);
    if (c->worker_threads > 0) {  // otherwise `plumbline worker` runs both
      a->outbox->start();
      a->expiry->start();
    }
    if (c->demo_data) seed_demo_if_empty(*a, 12);
    web::add_routes(router, *a);
    // After the routes: in test-payments mode the job calls this very server.
    if (c->worker_threads > 0 && a->reconcile) a->reconcile->start();
    auto* app_ptr = a.get();
    http::set_html_error_renderer(
        [app_ptr](int status, std::string_view title, std::string_view message) {
          return app_ptr->view->page(
              "error", std::string(title),
              {{"status", std::to_string(status)}, {"title", title}, {"message", message}});
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
    log::info("listening", {{"address", c->listen_host},
                            {"port", static_cast<std::int64_t>(server.port())},
                            {"base_url", a->config.base_url},
                            {"database", a->store->backend()}});
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
    a->expiry->stop();
    if (a->reconcile) a->reconcile->stop();
    log::info("stopped", {});
  } catch (const std::exception& e) {
    std::cerr << "plumbline: cannot start: " << e.what() << "\n";
    return exit_runtime;
  }
  return exit_ok;
}

}  // namespace plumbline::cli
