// `plumbline routes`: prints the route table, one "METHOD PATTERN GROUP" line per route, built by
// web::add_routes exactly as `serve` builds it (tests generate their route × role matrix from it).
#include <iostream>

#include "app/app.hpp"
#include "cli/common.hpp"
#include "web/handlers.hpp"

namespace plumbline::cli {

int run_routes(const CommonOptions& common) {
  auto c = load_config(common);
  if (!c) return exit_usage;
  auto store = open_database(*c);
  if (!store) return exit_database;
  try {
    if (c->base_url.empty()) c->base_url = default_base_url(c->listen_host, c->listen_port);
    auto a = app::build(*c, std::move(store));
    http::Router router;
    web::add_routes(router, *a->web, app::limiters(*a), a->config);
    for (const auto& r : router.routes())
      std::cout << r.method << " " << r.pattern << " " << (r.group ? r.group->name : "-") << "\n";
    return exit_ok;
  } catch (const std::exception& e) {
    std::cerr << "plumbline: routes failed: " << e.what() << "\n";
    return exit_runtime;
  }
}

}  // namespace plumbline::cli
