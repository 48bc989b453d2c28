// The live dashboard feed as server-sent events: GET /dashboard/events (session) and
// GET /api/v1/events (bearer). Adapters between the LiveFeed service and an http::EventStream.
#include "http/errors.hpp"
#include "http/forms.hpp"
#include "http/sse.hpp"
#include "web/handlers.hpp"
#include "web/present/plumber_view.hpp"

namespace plumbline::web {

namespace {

// Resumes after Last-Event-ID (sent by EventSource on reconnect), else after ?after= (the event id
// the dashboard was rendered at), else from now.
std::optional<std::int64_t> resume_after(const Request& req) {
  if (auto h = req.header("last-event-id")) {
    std::string s(*h);
    if (s == "0") return 0;
    if (auto id = parse_id(s)) return id;
  }
  auto q = query_of(req);
  if (q.get("after") == "0") return 0;
  if (auto id = parse_id(q.get("after"))) return id;
  return std::nullopt;
}

Response open_stream(const Services& a, Request& req) {
  auto stream =
      std::make_shared<http::EventStream>(std::chrono::seconds(a.settings.sse_heartbeat_seconds));
  stream->retry(std::chrono::milliseconds(3000));
  std::weak_ptr<http::EventStream> weak = stream;
  auto sub =
      a.live->subscribe(req.principal.user_id, resume_after(req),
                        [weak](std::int64_t id, const std::string& event, const std::string& data) {
                          auto s = weak.lock();
                          return s && s->send(event, data, std::to_string(id));
                        });
  if (!sub) return http::error_response(req, sub.error());
  stream->on_close([live = a.live, id = *sub] { live->unsubscribe(id); });
  stream->comment("connected");
  return http::event_stream_response(stream);
}

}  // namespace

Response stream_dashboard_events(const Services& a, Request& req) {
  return open_stream(a, req);
}

Response api_events(const Services& a, Request& req) {
  return open_stream(a, req);
}

}  // namespace plumbline::web
