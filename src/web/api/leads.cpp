// JSON API for leads: POST /api/v1/leads (partner and site intake).
#include <boost/json.hpp>

#include "http/errors.hpp"
#include "web/handlers.hpp"
#include "web/input.hpp"
#include "web/present/service_questions_view.hpp"

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
  // Questions per service (issue 17): {"answers": {"fuel": "gas", "age": 12, "shut_off": true}}.
  if (const auto* given = body->if_contains("answers"); given && !given->is_null()) {
    if (!given->is_object())
      fields.errors.push_back({"answers", "must be an object of question key to answer"});
    else
      for (const auto& kv : given->as_object()) {
        const auto& v = kv.value();
        std::string key(kv.key());
        if (v.is_string())
          in.answers.emplace_back(key, std::string(v.as_string()));
        else if (v.is_int64())
          in.answers.emplace_back(key, std::to_string(v.as_int64()));
        else if (v.is_bool())
          in.answers.emplace_back(key, v.as_bool() ? "yes" : "no");
        else if (!v.is_null())
          fields.errors.push_back(
              {"answers." + key, "must be a string, a whole number or true/false"});
      }
  }
  if (!fields.errors.empty()) return http::error_response(req, type_errors(fields.errors));
  domain::RequestContext ctx{req.remote_ip, req.header_or("user-agent", ""), "api", 0};
  auto r = a.leads->submit(in, ctx);
  if (!r) return http::error_response(req, r.error());
  boost::json::object answer{{"id", r->id.value},
                             {"status", domain::to_string(r->status)},
                             {"duplicate", r->duplicate},
                             {"tracking_url", a.settings.base_url + "/t/" + r->tracking_token},
                             {"answers", lead_answers_view(r->answers)}};
  auto res = Response::json(201, boost::json::serialize(answer));
  res.set_header("Location", "/t/" + r->tracking_token);
  return res;
}

}  // namespace plumbline::web
