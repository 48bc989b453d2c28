// The installable app: the web app manifest, the service worker at the root scope and the page it
// shows when there is no network (static/js/sw.js says what it keeps).
#include <boost/json.hpp>

#include "web/handlers.hpp"

namespace plumbline::web {

Response show_web_manifest(const Services& a, Request&) {
  const auto& s = *a.statics;
  auto icon = [&s](const char* path, const char* sizes, const char* type, const char* purpose) {
    return boost::json::object{
        {"src", s.url_for(path)}, {"sizes", sizes}, {"type", type}, {"purpose", purpose}};
  };
  boost::json::object manifest{
      {"id", "/dashboard"},
      {"name", "Plumbline for plumbers"},
      {"short_name", "Plumbline"},
      {"description", "Leads from homeowners near you, and the ones you claimed, even offline."},
      {"start_url", "/dashboard"},
      {"scope", "/"},
      {"display", "standalone"},
      {"orientation", "portrait"},
      {"theme_color", "#0b4a85"},
      {"background_color", "#ffffff"},
      {"icons", boost::json::array{icon("img/icon.svg", "any", "image/svg+xml", "any"),
                                   icon("img/icon-192.png", "192x192", "image/png", "any"),
                                   icon("img/icon-512.png", "512x512", "image/png", "any"),
                                   icon("img/icon-512.png", "512x512", "image/png", "maskable")}}};
  auto res = Response::text(200, boost::json::serialize(manifest), "application/manifest+json");
  res.set_header("Cache-Control", "no-cache");
  return res;
}

Response show_service_worker(const Services& a, Request&) {
  auto res =
      Response::text(200, a.statics->content("js/sw.js"), "application/javascript; charset=utf-8");
  // Browsers check for a new worker on each visit; no-cache makes them ask this server.
  res.set_header("Cache-Control", "no-cache");
  res.set_header("Service-Worker-Allowed", "/");
  return res;
}

Response show_offline(const Services& a, Request& req) {
  return render(a, req, 200, "offline", "Offline", {});
}

}  // namespace plumbline::web
