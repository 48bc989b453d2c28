// Operations endpoints: liveness, readiness (database and schema) and Prometheus metrics.
#include "web/handlers.hpp"

namespace plumbline::web {

Response show_health(const Services&, Request&) {
  return Response::text(200, "ok\n");
}

Response show_readiness(const Services& a, Request&) {
  switch (a.status->readiness()) {
    case services::Readiness::ready:
      return Response::text(200, "ready\n");
    case services::Readiness::schema_out_of_date:
      return Response::text(503, "schema out of date: run plumbline migrate\n");
    case services::Readiness::database_unreachable:
      break;
  }
  return Response::text(503, "database unreachable\n");
}

Response show_metrics(const Services& a, Request&) {
  return Response::text(200, a.metrics.render(), "text/plain; version=0.0.4; charset=utf-8");
}

}  // namespace plumbline::web
