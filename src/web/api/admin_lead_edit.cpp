// JSON twins of the staff's request-by-hand pages: POST /api/v1/admin/leads (a phone-in, staff),
// PATCH /api/v1/admin/leads/{id} (a correction) and POST /api/v1/admin/leads/{id}/rematch (admins).
#include <boost/json.hpp>

#include "http/errors.hpp"
#include "services/lead_edit.hpp"
#include "web/api/api_io.hpp"
#include "web/handlers.hpp"
#include "web/input.hpp"

namespace plumbline::web {

namespace {

using api_io::ok_json;

// The request's typed fields, named as in POST /api/v1/leads; `present` says which were sent.
void read_lead_fields(
    JsonFields& in, const boost::json::object& o,
    std::initializer_list<std::pair<const char*, std::optional<std::string>*>> to) {
  for (auto [key, out] : to) {
    auto it = o.find(key);
    if (it == o.end() || it->value().is_null()) continue;
    std::string v;
    in.read(key, v);
    *out = v;
  }
}

}  // namespace

Response api_admin_create_lead(const Services& a, Request& req) {
  auto body = json_body(req, "Send the request as application/json.");
  if (!body) return http::error_response(req, body.error());
  JsonFields in{*body};
  services::PhoneLead lead;
  auto& f = lead.fields;
  for (auto [key, out] : {std::pair{"service_type", &f.service_type},
                          {"description", &f.description},
                          {"urgency", &f.urgency},
                          {"zip", &f.zip},
                          {"address", &f.address},
                          {"name", &f.name},
                          {"phone", &f.phone},
                          {"email", &f.email},
                          {"contact_method", &f.contact_method},
                          {"best_time", &f.best_time}})
    in.read(key, *out);
  lead.consent_read = in.boolean("consent_read", false);
  lead.notify_now = in.boolean("notify_now", true);
  in.read("reason", lead.reason);
  if (!in.errors.empty()) return http::error_response(req, type_errors(in.errors));
  auto r = a.lead_edit->create_by_phone(actor_of(req), lead);
  if (!r) return http::error_response(req, r.error());
  auto res = ok_json(201, {{"id", r->id.value},
                           {"status", domain::to_string(r->status)},
                           {"source", "phone"},
                           {"duplicate", r->duplicate},
                           {"held", !lead.notify_now},
                           {"matched", r->matched}});
  res.set_header("Location", "/admin/leads/" + std::to_string(r->id.value));
  return res;
}

Response api_admin_edit_lead(const Services& a, Request& req) {
  auto id = path_id<domain::LeadId>(req);
  if (!id) return api_io::no_such_lead(req);
  auto body = json_body(req);
  if (!body) return http::error_response(req, body.error());
  JsonFields in{*body};
  services::LeadEdit e;
  read_lead_fields(in, *body,
                   {{"service_type", &e.service_type},
                    {"description", &e.description},
                    {"urgency", &e.urgency},
                    {"zip", &e.zip},
                    {"address", &e.address},
                    {"name", &e.name},
                    {"phone", &e.phone},
                    {"email", &e.email},
                    {"contact_method", &e.contact_method},
                    {"best_time", &e.best_time}});
  e.reason = in.str("reason");
  e.notify_claimants = in.boolean("notify_claimants", false);
  if (!in.errors.empty()) return http::error_response(req, type_errors(in.errors));
  auto r = a.lead_edit->edit(actor_of(req), *id, e);
  if (!r) return http::error_response(req, r.error());
  boost::json::array changed;
  for (const auto& c : r->changed) changed.push_back(boost::json::string(c));
  const auto& l = r->lead;
  return ok_json(200, {{"id", l.id.value},
                       {"changed", std::move(changed)},
                       {"claimants_notified", r->claimants_notified},
                       {"lead",
                        {{"service_type", l.service_type},
                         {"urgency", l.urgency},
                         {"zip", l.zip},
                         {"city", l.city},
                         {"state", l.state},
                         {"price_credits", l.price_credits},
                         {"status", domain::to_string(l.status)}}}});
}

Response api_admin_rematch_lead(const Services& a, Request& req) {
  auto id = path_id<domain::LeadId>(req);
  if (!id) return api_io::no_such_lead(req);
  auto body = json_body(req);
  if (!body) return http::error_response(req, body.error());
  JsonFields in{*body};
  auto reason = in.str("reason");
  if (!in.errors.empty()) return http::error_response(req, type_errors(in.errors));
  auto r = a.lead_edit->rematch(actor_of(req), *id, reason);
  if (!r) return http::error_response(req, r.error());
  return ok_json(200, {{"id", id->value}, {"new_matches", *r}});
}

}  // namespace plumbline::web
