// Operations endpoints: liveness, readiness (database and schema) and Prometheus metrics.
#include "web/handlers.hpp"

namespace plumbline::web {

Response show_health(app::App&, Request&) {
  return Response::text(200, "ok\n");
}

Response show_readiness(app::App& a, Request&) {
  if (!a.store->ping()) return Response::text(503, "database unreachable\n");
  try {
    if (!a.store->migration_status().up_to_date())
      return Response::text(503, "schema out of date: run plumbline migrate\n");
  } catch (const std::exception&) {
    return Response::text(503, "database unreachable\n");
  }
  return Response::text(200, "ready\n");
}

Response show_metrics(app::App& a, Request&) {
  return Response::text(200, a.metrics.render(), "text/plain; version=0.0.4; charset=utf-8");
}

}  // namespace plumbline::web
