// The console's system status (issue 15, point 8): the page GET /admin/status and the same facts
// as JSON for GET /readyz?verbose=1 with a staff member's bearer token. Adapters only.
#include <boost/json.hpp>

#include "http/errors.hpp"
#include "web/api/api_io.hpp"
#include "web/handlers.hpp"
#include "web/local_time.hpp"

namespace plumbline::web {

namespace {

namespace json = boost::json;

json::value status_opt_ms(const std::optional<domain::Millis>& t) {
  return t ? json::value(*t) : json::value(nullptr);
}

// The facts as JSON (Unix ms; ages in ms at `now`).
json::object system_status_json(const services::SystemStatus& s) {
  json::array workers;
  for (const auto& w : s.workers)
    workers.push_back({{"instance", w.beat.instance},
                       {"host", w.beat.host},
                       {"pid", w.beat.pid},
                       {"started_at", w.beat.started_at},
                       {"beat_at", w.beat.beat_at},
                       {"stale", w.stale}});
  json::array integrations;
  for (const auto& i : s.integrations)
    integrations.push_back({{"name", i.name},
                            {"configured", i.configured},
                            {"last_success_at", status_opt_ms(i.last.last_success_at)},
                            {"last_failure_at", status_opt_ms(i.last.last_failure_at)},
                            {"last_error", i.last.last_error}});
  json::object outbox{{"pending", s.outbox.pending},
                      {"sending", s.outbox.sending},
                      {"sent", s.outbox.sent},
                      {"dead", s.outbox.dead},
                      {"oldest_pending_at", status_opt_ms(s.oldest_pending_at)}};
  outbox["lag_ms"] = s.oldest_pending_at ? json::value(s.now - *s.oldest_pending_at) : nullptr;
  return {{"now", s.now},
          {"database", json::object{{"backend", s.backend},
                                    {"server_version", s.database.server_version},
                                    {"size_bytes", s.database.size_bytes},
                                    {"migrations_applied", s.migrations_applied},
                                    {"migrations_embedded", s.migrations_embedded},
                                    {"up_to_date", s.migrations_applied == s.migrations_embedded}}},
          {"workers", std::move(workers)},
          {"outbox", std::move(outbox)},
          {"integrations", std::move(integrations)},
          {"disk", json::object{{"free_bytes", status_opt_ms(s.disk_free_bytes)},
                                {"total_bytes", status_opt_ms(s.disk_total_bytes)}}},
          {"process", json::object{{"version", s.version},
                                   {"started_at", s.started_at},
                                   {"uptime_ms", s.now - s.started_at}}}};
}

// "1.2 GB", "340 KB".
std::string status_bytes_text(std::int64_t n) {
  const char* units[] = {"bytes", "KB", "MB", "GB", "TB"};
  double v = static_cast<double>(n);
  int u = 0;
  while (v >= 1024 && u < 4) {
    v /= 1024;
    ++u;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, u == 0 ? "%.0f %s" : "%.1f %s", v, units[u]);
  return buf;
}

// "3 d 4 h", "5 min 2 s", "12 s".
std::string status_duration_text(domain::Millis ms) {
  auto s = std::max<domain::Millis>(ms, 0) / 1000;
  auto d = s / 86400, h = s % 86400 / 3600, m = s % 3600 / 60, sec = s % 60;
  if (d > 0) return std::to_string(d) + " d " + std::to_string(h) + " h";
  if (h > 0) return std::to_string(h) + " h " + std::to_string(m) + " min";
  if (m > 0) return std::to_string(m) + " min " + std::to_string(sec) + " s";
  return std::to_string(sec) + " s";
}

const char* integration_label(const std::string& name) {
  if (name == domain::integration_smtp) return "SMTP (e-mail)";
  if (name == domain::integration_twilio) return "Twilio (SMS)";
  return "Stripe (payments)";
}

}  // namespace

Response show_admin_status(const Services& a, Request& req) {
  auto s = a.status->system_status();
  const auto& zone = staff_zone(a);
  auto at = [&](const std::optional<domain::Millis>& t) -> std::string {
    return t ? local_time(*t, zone) : "";
  };
  auto ctx = system_status_json(s);
  json::array workers;
  for (const auto& w : s.workers)
    workers.push_back({{"instance", w.beat.instance},
                       {"beat_text", local_time(w.beat.beat_at, zone)},
                       {"beat_age", status_duration_text(s.now - w.beat.beat_at)},
                       {"started_text", local_time(w.beat.started_at, zone)},
                       {"stale", w.stale}});
  json::array integrations;
  for (const auto& i : s.integrations)
    integrations.push_back({{"name", i.name},
                            {"label", integration_label(i.name)},
                            {"configured", i.configured},
                            {"success_text", at(i.last.last_success_at)},
                            {"failure_text", at(i.last.last_failure_at)},
                            {"last_error", i.last.last_failure_at ? i.last.last_error : ""}});
  ctx["worker_rows"] = std::move(workers);
  ctx["has_workers"] = !s.workers.empty();
  ctx["integration_rows"] = std::move(integrations);
  ctx["size_text"] = status_bytes_text(s.database.size_bytes);
  ctx["disk_text"] = s.disk_free_bytes ? status_bytes_text(*s.disk_free_bytes) + " free of " +
                                             status_bytes_text(s.disk_total_bytes.value_or(0))
                                       : "unknown";
  ctx["lag_text"] =
      s.oldest_pending_at ? status_duration_text(s.now - *s.oldest_pending_at) : "nothing waiting";
  ctx["uptime_text"] = status_duration_text(s.now - s.started_at);
  ctx["started_text"] = local_time(s.started_at, zone);
  ctx["now_text"] = local_time(s.now, zone);
  return render(a, req, 200, "admin_status", "System status", std::move(ctx));
}

// /readyz?verbose=1 once routes.cpp has checked the staff bearer token: readiness plus the facts.
Response show_readiness_verbose(const Services& a, Request&) {
  auto ready = a.status->readiness();
  auto body = system_status_json(a.status->system_status());
  body["ready"] = ready == services::Readiness::ready;
  return api_io::ok_json(ready == services::Readiness::ready ? 200 : 503, body);
}

}  // namespace plumbline::web
