// JSON API of the staff plumbers console: search (the page's filters as query parameters, keyset
// pages), the dossier, and the console actions (reactivate, edit, password-reset link, end all
// sessions), each with a required "reason".
#include <boost/json.hpp>

#include "http/errors.hpp"
#include "services/plumber_console.hpp"
#include "web/api/api_io.hpp"
#include "web/handlers.hpp"
#include "web/input.hpp"
#include "web/present/plumber_console_view.hpp"
#include "web/present/plumber_view.hpp"

namespace plumbline::web {

namespace {

namespace json = boost::json;

Response console_api_not_found(const Request& req) {
  return http::error_response(req, {domain::ErrorCode::not_found, "No such plumber."});
}

// The path id and the JSON body's fields for `action` (which reads "reason" and the rest).
template <typename Action>
Response console_api_action(const Services& a, Request& req, Action action) {
  auto id = path_id<domain::UserId>(req);
  if (!id) return console_api_not_found(req);
  auto o = json_body(req);
  if (!o) return http::error_response(req, o.error());
  JsonFields in{*o};
  return action(*id, in);
}

}  // namespace

Response api_admin_search_plumbers(const Services& a, Request& req) {
  auto request = plumber_search_request(a, query_of(req));
  if (!request) return http::error_response(req, request.error());
  auto page = a.plumber_console->search(*request);
  if (!page) return http::error_response(req, page.error());
  json::array rows;
  for (const auto& r : page->rows) {
    auto o = plumber_list_row(a, r);
    o.erase("url");
    rows.push_back(std::move(o));
  }
  return api_io::ok_json(
      200, {{"plumbers", std::move(rows)},
            {"next", page->next.empty() ? json::value(nullptr) : json::value(page->next)}});
}

Response api_admin_plumber_dossier(const Services& a, Request& req) {
  auto id = path_id<domain::UserId>(req);
  if (!id) return console_api_not_found(req);
  auto d = a.plumber_console->dossier(*id);
  if (!d) return http::error_response(req, d.error());
  auto body = plumber_dossier_context(a, *d);
  body["profile"] = profile_json(d->view);
  body["closed"] = d->closure.has_value();
  return api_io::ok_json(200, body);
}

Response api_admin_reactivate_plumber(const Services& a, Request& req) {
  return console_api_action(a, req, [&](domain::UserId id, JsonFields& in) {
    auto reason = in.str("reason");
    if (!in.errors.empty()) return http::error_response(req, type_errors(in.errors));
    auto r = a.plumber_console->reactivate(actor_of(req), id, reason);
    if (!r) return http::error_response(req, r.error());
    return api_io::ok_json(200, profile_json(*r));
  });
}

Response api_admin_edit_plumber(const Services& a, Request& req) {
  return console_api_action(a, req, [&](domain::UserId id, JsonFields& in) {
    // Fields left out keep their current values.
    auto current = a.profiles->profile(id);
    if (!current) return http::error_response(req, current.error());
    const auto& p = current->plumber.profile;
    services::PlumberEdit e{p.business_name, p.contact_name, p.phone_e164,
                            p.services,      p.base_zip,     p.radius_miles};
    in.read("business_name", e.business_name);
    in.read("contact_name", e.contact_name);
    in.read("phone", e.phone_e164);
    in.read("services", e.services);
    in.read("base_zip", e.base_zip);
    in.read("radius_miles", e.radius_miles);
    auto reason = in.str("reason");
    if (!in.errors.empty()) return http::error_response(req, type_errors(in.errors));
    auto r = a.plumber_console->edit(actor_of(req), id, e, reason);
    if (!r) return http::error_response(req, r.error());
    return api_io::ok_json(200, profile_json(*r));
  });
}

Response api_admin_plumber_password_reset(const Services& a, Request& req) {
  return console_api_action(a, req, [&](domain::UserId id, JsonFields& in) {
    auto reason = in.str("reason");
    if (!in.errors.empty()) return http::error_response(req, type_errors(in.errors));
    auto r = a.plumber_console->send_password_reset(actor_of(req), id, reason);
    if (!r) return http::error_response(req, r.error());
    return api_io::ok_json(202, {{"sent", true}});
  });
}

Response api_admin_end_plumber_sessions(const Services& a, Request& req) {
  return console_api_action(a, req, [&](domain::UserId id, JsonFields& in) {
    auto reason = in.str("reason");
    if (!in.errors.empty()) return http::error_response(req, type_errors(in.errors));
    auto r = a.plumber_console->end_sessions(actor_of(req), id, reason);
    if (!r) return http::error_response(req, r.error());
    return api_io::ok_json(200, {{"sessions_ended", *r}});
  });
}

}  // namespace plumbline::web
