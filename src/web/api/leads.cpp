// JSON API for leads: POST /api/v1/leads (partner and site intake).
#include <boost/json.hpp>

#include "http/errors.hpp"
#include "web/handlers.hpp"

namespace plumbline::web {

namespace {

// Reads a string field; records a type error when present with another type.
std::string string_field(const boost::json::object& o, const char* name,
                         std::vector<domain::FieldError>& errs) {
  auto it = o.find(name);
  if (it == o.end() || it->value().is_null()) return {};
  if (!it->value().is_string()) {
    errs.push_back({name, "must be a string"});
    return {};
  }
  return std::string(it->value().get_string());
}

}  // namespace

Response api_create_lead(app::App& a, Request& req) {
  if (!req.has_media_type("application/json"))
    return http::error_response(
        req, {domain::ErrorCode::unsupported_media_type, "Send the lead as application/json."});
  boost::system::error_code ec;
  auto parsed = boost::json::parse(req.body, ec);
  if (ec || !parsed.is_object())
    return http::error_response(req,
                                {domain::ErrorCode::bad_request, "The body is not a JSON object."});
  const auto& o = parsed.get_object();
  std::vector<domain::FieldError> type_errors;
  domain::LeadInput in;
  in.service_type = string_field(o, "service_type", type_errors);
  in.description = string_field(o, "description", type_errors);
  in.urgency = string_field(o, "urgency", type_errors);
  in.zip = string_field(o, "zip", type_errors);
  in.address = string_field(o, "address", type_errors);
  in.name = string_field(o, "name", type_errors);
  in.phone = string_field(o, "phone", type_errors);
  in.email = string_field(o, "email", type_errors);
  in.contact_method = string_field(o, "contact_method", type_errors);
  in.best_time = string_field(o, "best_time", type_errors);
  in.utm_source = string_field(o, "utm_source", type_errors);
  in.utm_medium = string_field(o, "utm_medium", type_errors);
  in.utm_campaign = string_field(o, "utm_campaign", type_errors);
  in.referrer = string_field(o, "referrer", type_errors);
  if (auto it = o.find("consent"); it != o.end()) {
    if (it->value().is_bool())
      in.consent = it->value().get_bool();
    else
      type_errors.push_back({"consent", "must be true or false"});
  }
  if (!type_errors.empty())
    return http::error_response(
        req, {domain::ErrorCode::invalid_input, "Some fields have the wrong type.", type_errors});
  domain::RequestContext ctx{req.remote_ip, req.header_or("user-agent", ""), "api", 0};
  auto r = a.leads->submit(in, ctx);
  if (!r) return http::error_response(req, r.error());
  boost::json::object body{{"id", r->id},
                           {"status", r->status},
                           {"duplicate", r->duplicate},
                           {"tracking_url", a.config.base_url + "/t/" + r->tracking_token}};
  auto res = Response::json(201, boost::json::serialize(body));
  res.set_header("Location", "/t/" + r->tracking_token);
  return res;
}

}  // namespace plumbline::web
