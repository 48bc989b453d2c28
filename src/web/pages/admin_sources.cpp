// Staff console: partner lead sources (issue 20): the list and the new-source form, one source
// with its keys (issue, shown once; revoke) and the embed snippet. Adapters only.
#include <boost/json.hpp>

#include "http/errors.hpp"
#include "services/partners.hpp"
#include "web/handlers.hpp"
#include "web/input.hpp"
#include "web/local_time.hpp"
#include "web/present/form_errors.hpp"

namespace plumbline::web {

namespace {

namespace json = boost::json;

std::string sources_flash(const std::string& done) {
  if (done == "created") return "Lead source created. Issue it a key to let the partner post.";
  if (done == "revoked") return "Key revoked: requests with it are refused from now on.";
  return {};
}

json::object source_view(const domain::PartnerSource& s) {
  auto id = std::to_string(s.id.value);
  return {{"id", s.id.value},
          {"name", s.name},
          {"contact", s.contact},
          {"services", s.services.empty() ? "all" : domain::join_list(s.services, ", ")},
          {"areas", s.areas.empty() ? "everywhere" : domain::join_list(s.areas, ", ")},
          {"daily_cap", s.daily_cap > 0 ? std::to_string(s.daily_cap) : "no cap"},
          {"rate_per_minute", s.rate_per_minute},
          {"terms", s.terms},
          {"frame_origins", domain::join_list(s.frame_origins, " ")},
          {"url", "/admin/sources/" + id}};
}

Response sources_page(const Services& a, const Request& req, int status, const std::string& flash,
                      const domain::Error* error = nullptr, json::object typed = {}) {
  auto list = a.partners->list();
  if (!list) return http::error_response(req, list.error());
  json::array rows;
  for (const auto& s : *list) rows.push_back(source_view(s));
  json::object ctx{{"sources", std::move(rows)}, {"flash", flash}, {"typed", std::move(typed)}};
  if (error) {
    for (auto& [k, v] : form_errors_context(error->details)) ctx[k] = v;
    if (error->details.empty()) ctx["general_error"] = error->message;
  }
  return render(a, req, status, "admin_sources", "Lead sources", std::move(ctx));
}

// One source; `new_key` is the key just issued, shown this once.
Response source_page(const Services& a, const Request& req, domain::PartnerSourceId id,
                     const std::string& flash, const std::string& new_key = {}) {
  auto d = a.partners->detail(id);
  if (!d) return http::error_response(req, d.error());
  json::array keys;
  for (const auto& k : d->keys)
    keys.push_back({{"id", k.id.value},
                    {"hint", k.hint},
                    {"scopes", domain::join_list(k.scopes, ", ")},
                    {"created", local_time(k.created_at, staff_zone(a))},
                    {"revoked", k.revoked()},
                    {"revoked_at", k.revoked_at ? local_time(*k.revoked_at, staff_zone(a)) : ""},
                    {"revoke_url", "/admin/sources/" + std::to_string(id.value) + "/keys/" +
                                       std::to_string(k.id.value) + "/revoke"}});
  auto form_url = a.settings.base_url + "/embed/" + std::to_string(id.value) + "/request";
  json::object ctx{{"source", source_view(d->source)},
                   {"keys", std::move(keys)},
                   {"today", d->today},
                   {"flash", flash},
                   {"new_key", new_key},
                   {"issue_url", "/admin/sources/" + std::to_string(id.value) + "/keys"},
                   {"form_url", form_url},
                   {"iframe_snippet", "<iframe src=\"" + form_url +
                                          "\" title=\"Request a plumber\" width=\"100%\" "
                                          "height=\"1400\" style=\"border:0\"></iframe>"},
                   {"api_url", a.settings.base_url + "/api/v1/leads"},
                   {"audit_url", "/admin/audit?target_type=partner_source&target_id=" +
                                     std::to_string(id.value)}};
  auto res = render(a, req, 200, "admin_source", d->source.name, std::move(ctx));
  if (!new_key.empty()) res.set_header("Referrer-Policy", "no-referrer");
  return res;
}

}  // namespace

Response show_admin_sources(const Services& a, Request& req) {
  return sources_page(a, req, 200, sources_flash(query_of(req).get("done")));
}

Response submit_admin_source_new(const Services& a, Request& req) {
  auto f = form_of(req);
  domain::PartnerSourceInput in{f.get("name"),  f.get("contact"),      f.get("services"),
                                f.get("areas"), f.get("daily_cap"),    f.get("rate_per_minute"),
                                f.get("terms"), f.get("frame_origins")};
  auto r = a.partners->create(actor_of(req), in);
  if (r)
    return Response::redirect("/admin/sources/" + std::to_string(r->id.value) + "?done=created");
  if (r.error().code != domain::ErrorCode::invalid_input &&
      r.error().code != domain::ErrorCode::conflict)
    return http::error_response(req, r.error());
  json::object typed{{"name", in.name},           {"contact", in.contact},
                     {"services", in.services},   {"areas", in.areas},
                     {"daily_cap", in.daily_cap}, {"rate_per_minute", in.rate_per_minute},
                     {"terms", in.terms},         {"frame_origins", in.frame_origins}};
  return sources_page(a, req, r.error().code == domain::ErrorCode::conflict ? 409 : 422, {},
                      &r.error(), std::move(typed));
}

Response show_admin_source(const Services& a, Request& req) {
  auto id = path_id<domain::PartnerSourceId>(req);
  if (!id) return http::error_response(req, {domain::ErrorCode::not_found, "No such source."});
  return source_page(a, req, *id, sources_flash(query_of(req).get("done")));
}

Response submit_admin_source_key(const Services& a, Request& req) {
  auto id = path_id<domain::PartnerSourceId>(req);
  if (!id) return http::error_response(req, {domain::ErrorCode::not_found, "No such source."});
  auto r = a.partners->issue_key(actor_of(req), *id);
  if (!r) return http::error_response(req, r.error());
  return source_page(a, req, *id, "Key issued. Copy it now: it is not shown again.", r->secret);
}

Response submit_admin_source_key_revoke(const Services& a, Request& req) {
  auto id = path_id<domain::PartnerSourceId>(req);
  auto key = path_id<domain::PartnerKeyId>(req, "key_id");
  if (!id || !key) return http::error_response(req, {domain::ErrorCode::not_found, "No such key."});
  auto r = a.partners->revoke_key(actor_of(req), *id, *key);
  if (!r) return http::error_response(req, r.error());
  return Response::redirect("/admin/sources/" + std::to_string(id->value) + "?done=revoked");
}

}  // namespace plumbline::web
