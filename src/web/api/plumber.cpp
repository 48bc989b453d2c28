// JSON API for plumbers: profile, settings, available leads, lead summaries, claims, outcomes,
// disputes and credits.
#include <boost/json.hpp>

#include "http/errors.hpp"
#include "http/forms.hpp"
#include "services/claims.hpp"
#include "services/disputes.hpp"
#include "services/lead_browse.hpp"
#include "services/live_feed.hpp"
#include "services/matching.hpp"
#include "services/profiles.hpp"
#include "web/api/api_io.hpp"
#include "web/handlers.hpp"
#include "web/plan_offer.hpp"
#include "web/present/lead_card.hpp"
#include "web/present/plumber_view.hpp"
#include "web/present/service_questions_view.hpp"

namespace plumbline::web {

namespace {

using api_io::ok_json;

namespace json = boost::json;

// The plan or pack that lifts a claim refusal, as the web pages name it (web/plan_offer.hpp), with
// an absolute link for API clients; null when a purchase would not lift it or payment is off.
json::value api_refusal_fix(const Services& a, domain::UserId user_id, domain::LeadId lead_id,
                            const domain::Error& refusal) {
  auto fix = claim_refusal_fix(a, user_id, lead_id, refusal.code);
  if (auto* f = fix.if_object()) {
    f->erase("link_text");
    (*f)["link_url"] = a.settings.base_url + std::string(f->at("link_url").as_string());
  }
  return fix;
}

// time_zone is read-only: the base ZIP's IANA zone (the platform's without one), which quiet hours
// follow. The old utc_offset_minutes is no longer returned.
json::object settings_json(const Services& a, const services::ProfileView& v) {
  const auto& s = v.plumber.settings;
  return {{"notify_email", s.notify_email},
          {"notify_sms", s.notify_sms},
          {"quiet_start_minute", s.quiet_start_minute},
          {"quiet_end_minute", s.quiet_end_minute},
          {"time_zone", a.matching->quiet_hours_zone(v.plumber.profile.base_zip).name()},
          {"daily_cap", s.daily_cap},
          {"paused", s.paused}};
}

bool plumber_only(const Request& req, Response& error) {
  if (req.principal.role == domain::Role::plumber) return true;
  error =
      http::error_response(req, {domain::ErrorCode::forbidden, "This is for plumber accounts."});
  return false;
}

}  // namespace

Response api_get_profile(const Services& a, Request& req) {
  auto v = a.profiles->profile(req.principal.user_id);
  if (!v) return http::error_response(req, v.error());
  return ok_json(200, profile_json(*v));
}

Response api_put_profile(const Services& a, Request& req) {
  auto o = json_body(req);
  if (!o) return http::error_response(req, o.error());
  auto current = a.profiles->profile(req.principal.user_id);
  if (!current) return http::error_response(req, current.error());
  // PUT replaces the editable fields; missing ones keep their value.
  auto in = current->plumber.profile;
  JsonFields fields{*o};
  fields.read("business_name", in.business_name);
  fields.read("contact_name", in.contact_name);
  fields.read("phone", in.phone_e164);
  fields.read("licence_number", in.licence_number);
  fields.read("licence_state", in.licence_state);
  fields.read("insurance_carrier", in.insurance_carrier);
  fields.read("insurance_expires_on", in.insurance_expires_on);
  fields.read("years_in_business", in.years_in_business);
  fields.read("description", in.description);
  fields.read("services", in.services);
  fields.read("base_zip", in.base_zip);
  fields.read("radius_miles", in.radius_miles);
  fields.read("extra_zips", in.extra_zips);
  if (!fields.errors.empty()) return http::error_response(req, type_errors(fields.errors));
  auto v = a.profiles->save_profile(req.principal.user_id, in);
  if (!v) return http::error_response(req, v.error());
  return ok_json(200, profile_json(*v));
}

Response api_get_settings(const Services& a, Request& req) {
  auto v = a.profiles->profile(req.principal.user_id);
  if (!v) return http::error_response(req, v.error());
  return ok_json(200, settings_json(a, *v));
}

Response api_put_settings(const Services& a, Request& req) {
  auto o = json_body(req);
  if (!o) return http::error_response(req, o.error());
  auto current = a.profiles->profile(req.principal.user_id);
  if (!current) return http::error_response(req, current.error());
  auto s = current->plumber.settings;
  JsonFields fields{*o};
  fields.read("notify_email", s.notify_email);
  fields.read("notify_sms", s.notify_sms);
  fields.read("quiet_start_minute", s.quiet_start_minute);
  fields.read("quiet_end_minute", s.quiet_end_minute);
  // utc_offset_minutes (and time_zone) are accepted and ignored: quiet hours follow the base ZIP.
  fields.read("daily_cap", s.daily_cap);
  fields.read("paused", s.paused);
  if (!fields.errors.empty()) return http::error_response(req, type_errors(fields.errors));
  auto v = a.profiles->save_settings(req.principal.user_id, s);
  if (!v) return http::error_response(req, v.error());
  return ok_json(200, settings_json(a, *v));
}

Response api_available_leads(const Services& a, Request& req) {
  auto catalog = a.leads->catalog();
  auto q = query_of(req);
  std::vector<domain::FieldError> errs;
  auto p = available_params(q, req.principal.user_id, catalog, errs);
  if (!errs.empty())
    return http::error_response(
        req, {domain::ErrorCode::invalid_input, "Some parameters are not valid.", errs});
  auto page = a.lead_browse->available(p.query);
  if (!page) return http::error_response(req, page.error());
  auto now = a.clock.now_ms();
  json::array leads;
  for (const auto& c : page->leads) leads.push_back(lead_card_json(c, catalog, now));
  return ok_json(200, json::object{{"leads", std::move(leads)},
                                   {"page", p.page},
                                   {"per_page", p.per_page},
                                   {"total", page->total}});
}

Response api_lead(const Services& a, Request& req) {
  auto id = path_id<domain::LeadId>(req);
  if (!id)
    return http::error_response(req, {domain::ErrorCode::not_found, "There is no such lead."});
  bool admin = domain::is_staff(req.principal.role);
  auto v = a.lead_browse->lead_view(req.principal.user_id, admin, *id);
  if (!v) return http::error_response(req, v.error());
  auto body = lead_card_json(v->card, a.leads->catalog(), a.clock.now_ms());
  body["description"] = v->card.description;
  if (v->contact) body["contact"] = contact_json(*v->contact);
  if (v->my_claim) body["claim"] = claim_json(*v->my_claim);
  // What the lead page shows before a claim: competition, area, why it matched, dollar price.
  if (!v->my_claim) {
    auto page = a.lead_browse->lead_page(req.principal.user_id, admin, *id);
    if (!page) return http::error_response(req, page.error());
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

Response api_claim_lead(const Services& a, Request& req) {
  Response err;
  if (!plumber_only(req, err)) return err;
  auto id = path_id<domain::LeadId>(req);
  if (!id)
    return http::error_response(req, {domain::ErrorCode::not_found, "There is no such lead."});
  auto r = a.claims->claim(req.principal.user_id, *id);
  if (!r) {
    auto fix = api_refusal_fix(a, req.principal.user_id, *id, r.error());
    if (fix.is_null()) return http::error_response(req, r.error());
    return http::error_response(req, r.error(), json::object{{"fix", std::move(fix)}});
  }
  auto res = ok_json(201, json::object{{"claim", claim_json(r->claim)},
                                       {"contact", contact_json(r->lead)},
                                       {"balance", r->balance}});
  res.set_header("Location", "/api/v1/claims/" + std::to_string(r->claim.id.value));
  return res;
}

Response api_claims(const Services& a, Request& req) {
  auto q = query_of(req);
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
  auto r = a.claims->claims(req.principal.user_id, per_page, (page - 1) * per_page);
  if (!r) return http::error_response(req, r.error());
  json::array claims;
  for (const auto& c : r->claims) {
    auto o = claim_json(c.claim);
    o["lead"] = json::object{{"id", c.lead.id.value},
                             {"service_type", c.lead.service_type},
                             {"urgency", c.lead.urgency},
                             {"status", domain::to_string(c.lead.status)},
                             {"answers", lead_answers_view(c.lead.answers)}};
    o["contact"] = contact_json(c.lead);
    o["dispute_status"] =
        c.dispute_status ? json::value(domain::to_string(*c.dispute_status)) : nullptr;
    claims.push_back(std::move(o));
  }
  return ok_json(200, json::object{{"claims", std::move(claims)},
                                   {"page", page},
                                   {"per_page", per_page},
                                   {"total", r->total}});
}

Response api_update_claim(const Services& a, Request& req) {
  auto o = json_body(req);
  if (!o) return http::error_response(req, o.error());
  auto id = path_id<domain::ClaimId>(req);
  if (!id)
    return http::error_response(req, {domain::ErrorCode::not_found, "There is no such claim."});
  auto current = a.claims->claim_detail(req.principal.user_id, *id);
  if (!current) return http::error_response(req, current.error());
  const auto& was = current->claim;
  domain::ClaimOutcomeUpdate u{was.outcome, was.job_value_cents, was.notes};
  JsonFields fields{*o};
  std::string outcome = domain::to_string(was.outcome);
  fields.read("outcome", outcome);
  u.outcome = domain::parse<domain::ClaimOutcome>(outcome);
  fields.read("notes", u.notes);
  if (auto it = o->find("job_value_cents"); it != o->end() && !it->value().is_null()) {
    if (it->value().is_int64())
      u.job_value_cents = it->value().get_int64();
    else if (it->value().is_uint64() && it->value().get_uint64() < (1ULL << 53))
      u.job_value_cents = static_cast<std::int64_t>(it->value().get_uint64());
    else
      fields.errors.push_back({"job_value_cents", "must be a whole number of cents"});
  }
  if (!fields.errors.empty()) return http::error_response(req, type_errors(fields.errors));
  auto r = a.claims->update_outcome(req.principal.user_id, *id, u);
  if (!r) return http::error_response(req, r.error());
  return ok_json(200, claim_json(*r));
}

Response api_dispute_claim(const Services& a, Request& req) {
  auto o = json_body(req);
  if (!o) return http::error_response(req, o.error());
  auto id = path_id<domain::ClaimId>(req);
  if (!id)
    return http::error_response(req, {domain::ErrorCode::not_found, "There is no such claim."});
  std::string reason, details;
  JsonFields fields{*o};
  fields.read("reason", reason);
  fields.read("details", details);
  if (!fields.errors.empty()) return http::error_response(req, type_errors(fields.errors));
  auto r = a.disputes->dispute(req.principal.user_id, *id, reason, details);
  if (!r) return http::error_response(req, r.error());
  const auto& d = *r;
  return ok_json(201,
                 json::object{{"id", d.id.value},
                              {"claim_id", d.claim_id.value},
                              {"lead_id", d.lead_id.value},
                              {"reason", d.reason},
                              {"details", d.details},
                              {"status", domain::to_string(d.status)},
                              {"resolution", d.resolution},
                              {"created_at", iso_time(d.created_at)},
                              {"resolved_at", d.resolved_at ? json::value(iso_time(*d.resolved_at))
                                                            : json::value(nullptr)}});
}

Response api_credits(const Services& a, Request& req) {
  auto q = query_of(req);
  int page = parse_int(q.get("page"), 1, 100000).value_or(1);
  int per_page = parse_int(q.get("per_page"), 1, leads_per_page_max).value_or(50);
  auto r = a.claims->credits(req.principal.user_id, per_page, (page - 1) * per_page);
  if (!r) return http::error_response(req, r.error());
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
