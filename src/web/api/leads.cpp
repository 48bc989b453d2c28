// JSON API for leads: POST /api/v1/leads (site intake, and partner sources with a key: issue 20).
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
  // Issue 20: with a partner key (Authorization: Bearer plk_…) the lead is the partner source's,
  // with the consent evidence its page recorded; without one it is the open intake it always was.
  auto authorization = req.header("authorization");
  services::PartnerPost post;
  if (authorization) {
    const std::string_view bearer = "Bearer ";
    if (authorization->starts_with(bearer)) post.key = authorization->substr(bearer.size());
    if (const auto* ev = body->if_contains("consent_evidence"); ev && ev->is_object()) {
      JsonFields evidence{ev->as_object(), "consent_evidence."};
      evidence.read("text", post.evidence.text);
      evidence.read("ip", post.evidence.ip);
      evidence.read("page_url", post.evidence.page_url);
      if (ev->as_object().contains("at")) post.evidence.at = evidence.integer("at");
      fields.errors.insert(fields.errors.end(), evidence.errors.begin(), evidence.errors.end());
    } else if (ev && !ev->is_null()) {
      fields.errors.push_back({"consent_evidence", "must be an object: text, at, ip, page_url"});
    }
  }
  if (!fields.errors.empty()) return http::error_response(req, type_errors(fields.errors));
  services::SubmittedLead lead;
  bool replayed = false;
  if (authorization) {
    post.idempotency_key = std::string(req.header_or("idempotency-key", ""));
    post.body = req.body;
    post.input = std::move(in);
    post.user_agent = std::string(req.header_or("user-agent", ""));
    auto r = a.partners->submit(post, req.remote_ip);
    if (!r) {
      auto res = http::error_response(req, r.error());
      if (r.error().code == domain::ErrorCode::unauthorized)
        res.set_header("WWW-Authenticate", "Bearer realm=\"plumbline\"");
      return res;
    }
    lead = std::move(r->lead);
    replayed = r->replayed;
  } else {
    domain::RequestContext ctx{req.remote_ip, req.header_or("user-agent", ""), "api", 0};
    auto r = a.leads->submit(in, ctx);
    if (!r) return http::error_response(req, r.error());
    lead = std::move(*r);
  }
  boost::json::object answer{{"id", lead.id.value},
                             {"status", domain::to_string(lead.status)},
                             {"duplicate", lead.duplicate},
                             {"tracking_url", a.settings.base_url + "/t/" + lead.tracking_token},
                             {"answers", lead_answers_view(lead.answers)}};
  auto res = Response::json(201, boost::json::serialize(answer));
  res.set_header("Location", "/t/" + lead.tracking_token);
  if (replayed) res.set_header("Idempotent-Replayed", "true");
  return res;
}

}  // namespace plumbline::web
