// JSON API for plumbers: profile, settings, available leads, lead summaries, claims, outcomes,
// disputes and credits.
#include <boost/json.hpp>

#include "http/errors.hpp"
#include "http/forms.hpp"
#include "services/live_feed.hpp"
#include "services/marketplace.hpp"
#include "web/api/api_io.hpp"
#include "web/handlers.hpp"
#include "web/plan_offer.hpp"
#include "web/plumber_view.hpp"

namespace plumbline::web {

namespace {

using api_io::api_error;
using api_io::json_body;
using api_io::ok_json;
using api_io::type_errors;

namespace json = boost::json;

// The plan or pack that lifts a claim refusal, as the web pages name it (web/plan_offer.hpp), with
// an absolute link for API clients; null when a purchase would not lift it or payment is off.
json::value api_refusal_fix(app::App& a, std::int64_t plumber_id, std::int64_t lead_id,
                            const domain::Error& refusal) {
  auto fix = claim_refusal_fix(a, plumber_id, lead_id, refusal.code);
  if (auto* f = fix.if_object()) {
    f->erase("link_text");
    (*f)["link_url"] = a.config.base_url + std::string(f->at("link_url").as_string());
  }
  return fix;
}

// Typed readers: absent or null leaves `out` as it is; a wrong type is recorded.
void read(const json::object& o, const char* k, std::string& out,
          std::vector<domain::FieldError>& errs) {
  auto it = o.find(k);
  if (it == o.end() || it->value().is_null()) return;
  if (it->value().is_string())
    out = std::string(it->value().get_string());
  else
    errs.push_back({k, "must be a string"});
}

void read(const json::object& o, const char* k, int& out, std::vector<domain::FieldError>& errs) {
  auto it = o.find(k);
  if (it == o.end() || it->value().is_null()) return;
  if (it->value().is_int64() && std::abs(it->value().get_int64()) < 1000000000)
    out = static_cast<int>(it->value().get_int64());
  else if (it->value().is_uint64() && it->value().get_uint64() < 1000000000)
    out = static_cast<int>(it->value().get_uint64());
  else
    errs.push_back({k, "must be a whole number"});
}

void read(const json::object& o, const char* k, bool& out, std::vector<domain::FieldError>& errs) {
  auto it = o.find(k);
  if (it == o.end() || it->value().is_null()) return;
  if (it->value().is_bool())
    out = it->value().get_bool();
  else
    errs.push_back({k, "must be true or false"});
}

void read(const json::object& o, const char* k, std::vector<std::string>& out,
          std::vector<domain::FieldError>& errs) {
  auto it = o.find(k);
  if (it == o.end() || it->value().is_null()) return;
  if (!it->value().is_array()) {
    errs.push_back({k, "must be a list of strings"});
    return;
  }
  out.clear();
  for (const auto& v : it->value().get_array()) {
    if (!v.is_string()) {
      errs.push_back({k, "must be a list of strings"});
      return;
    }
    out.emplace_back(v.get_string());
  }
}

// time_zone is read-only: the base ZIP's IANA zone (the platform's without one), which quiet hours
// follow. The old utc_offset_minutes is no longer returned.
json::object settings_json(app::App& a, const services::ProfileView& v) {
  const auto& s = v.plumber.settings;
  return {{"notify_email", s.notify_email},
          {"notify_sms", s.notify_sms},
          {"quiet_start_minute", s.quiet_start_minute},
          {"quiet_end_minute", s.quiet_end_minute},
          {"time_zone", a.marketplace->quiet_hours_zone(v.plumber.profile.base_zip).name()},
          {"daily_cap", s.daily_cap},
          {"paused", s.paused}};
}

bool plumber_only(const Request& req, Response& error) {
  if (req.principal.role == domain::role_plumber) return true;
  error =
      http::error_response(req, {domain::ErrorCode::forbidden, "This is for plumber accounts."});
  return false;
}

}  // namespace

Response api_get_profile(app::App& a, Request& req) {
  auto v = a.marketplace->profile(req.principal.user_id);
  if (!v) return api_error(req, v.error());
  return ok_json(200, profile_json(*v));
}

Response api_put_profile(app::App& a, Request& req) {
  Response err;
  auto o = json_body(req, err);
  if (!o) return err;
  auto current = a.marketplace->profile(req.principal.user_id);
  if (!current) return api_error(req, current.error());
  // PUT replaces the editable fields; missing ones keep their value.
  auto in = current->plumber.profile;
  std::vector<domain::FieldError> errs;
  read(*o, "business_name", in.business_name, errs);
  read(*o, "contact_name", in.contact_name, errs);
  read(*o, "phone", in.phone_e164, errs);
  read(*o, "licence_number", in.licence_number, errs);
  read(*o, "licence_state", in.licence_state, errs);
  read(*o, "insurance_carrier", in.insurance_carrier, errs);
  read(*o, "insurance_expires_on", in.insurance_expires_on, errs);
  read(*o, "years_in_business", in.years_in_business, errs);
  read(*o, "description", in.description, errs);
  read(*o, "services", in.services, errs);
  read(*o, "base_zip", in.base_zip, errs);
  read(*o, "radius_miles", in.radius_miles, errs);
  read(*o, "extra_zips", in.extra_zips, errs);
  if (!errs.empty()) return type_errors(req, errs);
  auto v = a.marketplace->save_profile(req.principal.user_id, in);
  if (!v) return api_error(req, v.error());
  return ok_json(200, profile_json(*v));
}

Response api_get_settings(app::App& a, Request& req) {
  auto v = a.marketplace->profile(req.principal.user_id);
  if (!v) return api_error(req, v.error());
  return ok_json(200, settings_json(a, *v));
}

Response api_put_settings(app::App& a, Request& req) {
  Response err;
  auto o = json_body(req, err);
  if (!o) return err;
  auto current = a.marketplace->profile(req.principal.user_id);
  if (!current) return api_error(req, current.error());
  auto s = current->plumber.settings;
  std::vector<domain::FieldError> errs;
  read(*o, "notify_email", s.notify_email, errs);
  read(*o, "notify_sms", s.notify_sms, errs);
  read(*o, "quiet_start_minute", s.quiet_start_minute, errs);
  read(*o, "quiet_end_minute", s.quiet_end_minute, errs);
  // utc_offset_minutes (and time_zone) are accepted and ignored: quiet hours follow the base ZIP.
  read(*o, "daily_cap", s.daily_cap, errs);
  read(*o, "paused", s.paused, errs);
  if (!errs.empty()) return type_errors(req, errs);
  auto v = a.marketplace->save_settings(req.principal.user_id, s);
  if (!v) return api_error(req, v.error());
  return ok_json(200, settings_json(a, *v));
}

Response api_available_leads(app::App& a, Request& req) {
  auto catalog = a.leads->catalog();
  auto q = http::parse_urlencoded(req.query).value_or(http::FormData{});
  std::vector<domain::FieldError> errs;
  auto p = available_params(q, req.principal.user_id, catalog, errs);
  if (!errs.empty())
    return http::error_response(
        req, {domain::ErrorCode::invalid_input, "Some parameters are not valid.", errs});
  auto page = a.marketplace->available(p.query);
  if (!page) return api_error(req, page.error());
  auto now = a.clock.now_ms();
  json::array leads;
  for (const auto& c : page->leads) leads.push_back(services::lead_card_json(c, catalog, now));
  return ok_json(200, json::object{{"leads", std::move(leads)},
                                   {"page", p.page},
                                   {"per_page", p.per_page},
                                   {"total", page->total}});
}

Response api_lead(app::App& a, Request& req) {
  auto id = parse_id(req.param("id"));
  if (!id)
    return http::error_response(req, {domain::ErrorCode::not_found, "There is no such lead."});
  bool admin = req.principal.role == domain::role_admin;
  auto v = a.marketplace->lead_view(req.principal.user_id, admin, *id);
  if (!v) return api_error(req, v.error());
  auto body = services::lead_card_json(v->card, a.leads->catalog(), a.clock.now_ms());
  body["description"] = v->card.description;
  if (v->contact) body["contact"] = contact_json(*v->contact);
  if (v->my_claim) body["claim"] = claim_json(*v->my_claim);
  // What the lead page shows before a claim: competition, area, why it matched, dollar price.
  if (!v->my_claim) {
    auto page = a.marketplace->lead_page(req.principal.user_id, admin, *id);
    if (!page) return api_error(req, page.error());
    body["plumbers_told"] = page->plumbers_told;
    body["extra_details"] = page->extra_details;
    body["expires_at"] = iso_time(page->expires_at);
    body["area"] =
        page->has_area
            ? json::value(json::object{
                  {"zip", page->card.zip}, {"lat", page->area_lat}, {"lng", page->area_lng}})
            : json::value(nullptr);
    if (page->why)
      body["why"] = json::object{{"service_offered", page->why->service_offered},
                                 {"within_radius", page->why->within_radius},
                                 {"extra_zip", page->why->extra_zip},
                                 {"radius_miles", page->why->radius_miles},
                                 {"base_zip", page->why->base_zip}};
    if (!admin) {
      auto cents = page->credit_price
                       ? domain::credits_in_cents(page->card.price_credits, *page->credit_price)
                       : std::nullopt;
      body["price_cents"] = cents ? json::value(*cents) : json::value(nullptr);
      body["can_claim"] = !page->refusal;
      body["refusal"] = page->refusal ? json::value(page->refusal->message) : json::value(nullptr);
      body["fix"] = page->refusal ? api_refusal_fix(a, req.principal.user_id, *id, *page->refusal)
                                  : json::value(nullptr);
    }
  }
  return ok_json(200, body);
}

Response api_claim_lead(app::App& a, Request& req) {
  Response err;
  if (!plumber_only(req, err)) return err;
  auto id = parse_id(req.param("id"));
  if (!id)
    return http::error_response(req, {domain::ErrorCode::not_found, "There is no such lead."});
  auto r = a.marketplace->claim(req.principal.user_id, *id);
  if (!r) {
    auto fix = api_refusal_fix(a, req.principal.user_id, *id, r.error());
    if (fix.is_null()) return api_error(req, r.error());
    return api_error(req, r.error(), json::object{{"fix", std::move(fix)}});
  }
  auto res = ok_json(201, json::object{{"claim", claim_json(r->claim)},
                                       {"contact", contact_json(r->lead)},
                                       {"balance", r->balance}});
  res.set_header("Location", "/api/v1/claims/" + std::to_string(r->claim.id));
  return res;
}

Response api_claims(app::App& a, Request& req) {
  auto q = http::parse_urlencoded(req.query).value_or(http::FormData{});
  std::vector<domain::FieldError> errs;
  int page = 1, per_page = leads_per_page_default;
  if (!q.get("page").empty()) {
    if (auto v = parse_int(q.get("page"), 1, 100000))
      page = *v;
    else
      errs.push_back({"page", "must be a whole number from 1"});
  }
  if (!q.get("per_page").empty()) {
    if (auto v = parse_int(q.get("per_page"), 1, leads_per_page_max))
      per_page = *v;
    else
      errs.push_back({"per_page", "must be a whole number from 1 to 100"});
  }
  if (!errs.empty())
    return http::error_response(
        req, {domain::ErrorCode::invalid_input, "Some parameters are not valid.", errs});
  auto r = a.marketplace->claims(req.principal.user_id, per_page, (page - 1) * per_page);
  if (!r) return api_error(req, r.error());
  json::array claims;
  for (const auto& c : r->claims) {
    auto o = claim_json(c.claim);
    o["lead"] = json::object{{"id", c.lead.id},
                             {"service_type", c.lead.service_type},
                             {"urgency", c.lead.urgency},
                             {"status", c.lead.status}};
    o["contact"] = contact_json(c.lead);
    o["dispute_status"] = c.dispute_status ? json::value(*c.dispute_status) : nullptr;
    claims.push_back(std::move(o));
  }
  return ok_json(200, json::object{{"claims", std::move(claims)},
                                   {"page", page},
                                   {"per_page", per_page},
                                   {"total", r->total}});
}

Response api_update_claim(app::App& a, Request& req) {
  Response err;
  auto o = json_body(req, err);
  if (!o) return err;
  auto id = parse_id(req.param("id"));
  if (!id)
    return http::error_response(req, {domain::ErrorCode::not_found, "There is no such claim."});
  auto current = a.marketplace->claim_detail(req.principal.user_id, *id);
  if (!current) return api_error(req, current.error());
  const auto& was = current->claim;
  domain::ClaimOutcomeUpdate u{was.outcome, was.job_value_cents, was.notes};
  std::vector<domain::FieldError> errs;
  read(*o, "outcome", u.outcome, errs);
  read(*o, "notes", u.notes, errs);
  if (auto it = o->find("job_value_cents"); it != o->end() && !it->value().is_null()) {
    if (it->value().is_int64())
      u.job_value_cents = it->value().get_int64();
    else if (it->value().is_uint64() && it->value().get_uint64() < (1ULL << 53))
      u.job_value_cents = static_cast<std::int64_t>(it->value().get_uint64());
    else
      errs.push_back({"job_value_cents", "must be a whole number of cents"});
  }
  if (!errs.empty()) return type_errors(req, errs);
  auto r = a.marketplace->update_outcome(req.principal.user_id, *id, u);
  if (!r) return api_error(req, r.error());
  return ok_json(200, claim_json(*r));
}

Response api_dispute_claim(app::App& a, Request& req) {
  Response err;
  auto o = json_body(req, err);
  if (!o) return err;
  auto id = parse_id(req.param("id"));
  if (!id)
    return http::error_response(req, {domain::ErrorCode::not_found, "There is no such claim."});
  std::string reason, details;
  std::vector<domain::FieldError> errs;
  read(*o, "reason", reason, errs);
  read(*o, "details", details, errs);
  if (!errs.empty()) return type_errors(req, errs);
  auto r = a.marketplace->dispute(req.principal.user_id, *id, reason, details);
  if (!r) return api_error(req, r.error());
  const auto& d = *r;
  return ok_json(201,
                 json::object{{"id", d.id},
                              {"claim_id", d.claim_id},
                              {"lead_id", d.lead_id},
                              {"reason", d.reason},
                              {"details", d.details},
                              {"status", d.status},
                              {"resolution", d.resolution},
                              {"created_at", iso_time(d.created_at)},
                              {"resolved_at", d.resolved_at ? json::value(iso_time(*d.resolved_at))
                                                            : json::value(nullptr)}});
}

Response api_credits(app::App& a, Request& req) {
  auto q = http::parse_urlencoded(req.query).value_or(http::FormData{});
  int page = parse_int(q.get("page"), 1, 100000).value_or(1);
  int per_page = parse_int(q.get("per_page"), 1, leads_per_page_max).value_or(50);
  auto r = a.marketplace->credits(req.principal.user_id, per_page, (page - 1) * per_page);
  if (!r) return api_error(req, r.error());
  json::array entries;
  for (const auto& e : r->entries)
    entries.push_back({{"id", e.id},
                       {"kind", e.kind},
                       {"amount", e.amount},
                       {"reason", e.reason},
                       {"reference", e.reference},
                       {"created_at", iso_time(e.created_at)}});
  return ok_json(200, json::object{{"balance", r->balance},
                                   {"entries", std::move(entries)},
                                   {"page", page},
                                   {"per_page", per_page}});
}

}  // namespace plumbline::web
