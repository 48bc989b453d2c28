// JSON API for leads: POST /api/v1/leads (partner and site intake).
#include <boost/json.hpp>

#include "http/errors.hpp"
#include "web/handlers.hpp"
#include "web/input.hpp"

namespace plumbline::web {

Response api_create_lead(const Services& a, Request& req) {
  auto body = json_body(req, "Send the lead as application/json.");
  if (!body) return http::error_response(req, body.error());
  JsonFields fields{*body};
  domain::LeadInput in;
  for (auto [key, out] : {std::pair{"service_type", &in.service_type},
                          {"description", &in.description},
                          {"urgency", &in.urgency},
                          {"zip", &in.zip},
                          {"address", &in.address},
                          {"name", &in.name},
                          {"phone", &in.phone},
                          {"email", &in.email},
                          {"contact_method", &in.contact_method},
                          {"best_time", &in.best_time},
                          {"utm_source", &in.utm_source},
                          {"utm_medium", &in.utm_medium},
                          {"utm_campaign", &in.utm_campaign},
                          {"referrer", &in.referrer}})
    fields.read(key, *out);
  fields.read("consent", in.consent);
  if (!fields.errors.empty()) return http::error_response(req, type_errors(fields.errors));
  domain::RequestContext ctx{req.remote_ip, req.header_or("user-agent", ""), "api", 0};
  auto r = a.leads->submit(in, ctx);
  if (!r) return http::error_response(req, r.error());
  boost::json::object answer{{"id", r->id.value},
                             {"status", domain::to_string(r->status)},
                             {"duplicate", r->duplicate},
                             {"tracking_url", a.settings.base_url + "/t/" + r->tracking_token}};
  auto res = Response::json(201, boost::json::serialize(answer));
  res.set_header("Location", "/t/" + r->tracking_token);
  return res;
}

}  // namespace plumbline::web
