// Plumber pages: the dashboard (figures, available leads), claiming, my leads (outcome, notes,
// disputes, CSV export) and credits.
#include <boost/json.hpp>
#include <cmath>

#include "domain/contact.hpp"
#include "domain/marketplace_rules.hpp"
#include "http/errors.hpp"
#include "http/forms.hpp"
#include "services/claims.hpp"
#include "services/disputes.hpp"
#include "services/lead_browse.hpp"
#include "services/marketplace_settings.hpp"
#include "services/profiles.hpp"
#include "web/handlers.hpp"
#include "web/input.hpp"
#include "web/local_time.hpp"
#include "web/plan_offer.hpp"
#include "web/present/lead_card.hpp"
#include "web/present/photo_view.hpp"
#include "web/present/plan_view.hpp"
#include "web/present/plumber_view.hpp"
#include "web/present/service_questions_view.hpp"

namespace plumbline::web {

namespace {

namespace json = boost::json;

constexpr int claims_per_page = 25, ledger_per_page = 50;

std::string percent(double v) {
  return std::to_string(static_cast<int>(std::lround(v * 100))) + "%";
}

std::string one_decimal(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

// "?service_type=…&sort=…&page=N" for the list's links.
std::string list_link(const domain::AvailableQuery& q, int page) {
  std::string s = "/dashboard?sort=" + q.sort;
  if (!q.service_type.empty()) s += "&service_type=" + q.service_type;
  if (!q.urgency.empty()) s += "&urgency=" + q.urgency;
  if (q.max_distance) s += "&max_distance=" + std::to_string(static_cast<int>(*q.max_distance));
  return s + "&page=" + std::to_string(page);
}

json::object pager(int page, int per_page, std::int64_t total,
                   const std::function<std::string(int)>& link) {
  int pages = static_cast<int>(std::max<std::int64_t>(1, (total + per_page - 1) / per_page));
  return {{"page", page},
          {"pages", pages},
          {"show", pages > 1},
          {"prev", page > 1 ? json::value(link(page - 1)) : json::value(nullptr)},
          {"next", page < pages ? json::value(link(page + 1)) : json::value(nullptr)}};
}

}  // namespace

Response show_dashboard(const Services& a, Request& req) {
  auto uid = req.principal.user_id;
  auto catalog = a.leads->catalog();
  auto q = query_of(req);
  std::vector<domain::FieldError> errs;
  auto params = available_params(q, uid, catalog, errs);
  if (!errs.empty()) params = available_params(http::FormData{}, uid, catalog, errs);
  // The live feed resumes after the newest event at render time (read before the list, so nothing
  // falls between the page and the stream; a repeat only refreshes a card).
  auto after = a.live->last_event_id();
  auto figures = a.lead_browse->figures(uid);
  if (!figures) return http::error_response(req, figures.error());
  auto page = a.lead_browse->available(params.query);
  if (!page) return http::error_response(req, page.error());
  auto profile = a.profiles->profile(uid);
  if (!profile) return http::error_response(req, profile.error());
  auto price = a.lead_browse->credit_price(uid);
  if (!price) return http::error_response(req, price.error());
  auto now = a.clock.now_ms();
  json::array cards;
  const auto& zone = zip_zone(a, profile->plumber.profile.base_zip);
  for (const auto& c : page->leads) {
    auto card = card_context(c, catalog, now, zone, *price);
    card["card_html"] = a.view->fragment("lead_card", card);
    cards.push_back(std::move(card));
  }
  json::array services, urgencies, sorts;
  for (const auto& s : catalog.services)
    services.push_back(
        {{"slug", s.slug}, {"label", s.label}, {"selected", s.slug == params.query.service_type}});
  for (const auto& u : catalog.urgencies)
    urgencies.push_back(
        {{"slug", u.slug}, {"label", u.label}, {"selected", u.slug == params.query.urgency}});
  for (auto [slug, label] : {std::pair{domain::sort_newest, "Newest first"},
                             std::pair{domain::sort_nearest, "Nearest first"},
                             std::pair{domain::sort_cheapest, "Cheapest first"}})
    sorts.push_back({{"slug", slug}, {"label", label}, {"selected", params.query.sort == slug}});
  const auto& f = *figures;
  const auto& p = profile->plumber;
  json::object ctx{
      {"business_name", p.profile.business_name},
      {"contact_name", p.profile.contact_name},
      {"status_label", status_label(p.review.status)},
      {"approved", p.review.status == domain::PlumberStatus::approved},
      {"has_missing", !profile->missing.empty()},
      {"not_eligible", f.not_eligible ? json::value(*f.not_eligible) : json::value(nullptr)},
      {"balance", f.balance},
      {"claims_this_month", f.claims_this_month},
      {"win_rate", f.win_rate ? percent(*f.win_rate) : "—"},
      {"cost_per_job_won",
       f.cost_per_job_won ? one_decimal(*f.cost_per_job_won) + " credits" : "—"},
      {"leads", std::move(cards)},
      {"card_template", a.view->fragment("lead_card", lead_card_placeholders())},
      {"has_leads", !page->leads.empty()},
      {"total", page->total},
      {"filtered", !params.query.service_type.empty() || !params.query.urgency.empty() ||
                       params.query.max_distance.has_value()},
      {"services", std::move(services)},
      {"urgencies", std::move(urgencies)},
      {"sorts", std::move(sorts)},
      {"max_distance", params.query.max_distance
                           ? std::to_string(static_cast<int>(*params.query.max_distance))
                           : ""},
      {"pager", pager(params.page, params.per_page, page->total,
                      [&](int n) { return list_link(params.query, n); })},
      {"live_after", std::to_string(after)},
      {"live_url", "/dashboard/events"},
      {"filter_service", params.query.service_type},
      {"filter_urgency", params.query.urgency},
      {"filter_distance", params.query.max_distance
                              ? std::to_string(static_cast<int>(*params.query.max_distance))
                              : ""},
      {"page_js", json::array{json::value(a.statics->url_for("js/dashboard-live.js"))}},
      // The live cards convert credits to dollars with the same rule (static/js/dashboard-live.js).
      {"rate_price_cents", *price ? std::to_string((*price)->price_cents) : ""},
      {"rate_credits", *price ? std::to_string((*price)->credits) : ""},
      {"credit_rate", credit_rate_text(*price)},
  };
  // Issue 13.2/13.3: the plan as every page shows it; what an approved plumber without a working
  // plan misses, and the plans.
  ctx["plan"] = plan_standing_context(profile->plan, &plumber_zone(a, uid));
  if (p.review.status == domain::PlumberStatus::approved)
    ctx["plan_offer"] = dashboard_plan_offer(a, uid);
  return render(a, req, 200, "dashboard", "Dashboard", std::move(ctx));
}

Response submit_claim(const Services& a, Request& req) {
  auto uid = req.principal.user_id;
  auto lead_id = path_id<domain::LeadId>(req);
  if (!lead_id)
    return http::error_response(req, {domain::ErrorCode::not_found, "There is no such lead."});
  // Only the confirmation step's form debits: an older form, or a post without it, is shown the
  // confirmation first (for a lead this plumber may see; anyone else gets the same 404 as ever).
  if (form_of(req).get("confirm") != "yes") {
    auto v = a.lead_browse->lead_view(uid, false, *lead_id);
    if (!v) return http::error_response(req, v.error());
    return Response::redirect("/leads/" + domain::to_string(*lead_id) + "/claim");
  }
  auto r = a.claims->claim(uid, *lead_id);
  if (r) return Response::redirect("/my-leads/" + std::to_string(r->claim.id.value) + "?claimed=1");
  const auto& e = r.error();
  using domain::ErrorCode;
  if (e.code == ErrorCode::already_claimed) {  // a double click: show the claim
    auto v = a.lead_browse->lead_view(uid, false, *lead_id);
    if (v && v->my_claim)
      return Response::redirect("/my-leads/" + std::to_string(v->my_claim->id.value));
  }
  std::string heading = "This lead could not be claimed", link = "/dashboard",
              link_text = "Back to your leads", extra;
  switch (e.code) {
    case ErrorCode::insufficient_credits:
      heading = "Not enough credits";
      if (a.settings.online_payment) {
        link = "/billing";
        link_text = "Buy credits on the Billing page";
        extra = "Credits come with your plan and from credit packs. No credits were taken.";
      } else {
        link = "/credits";
        link_text = "See your credits";
        extra =
            "Online payment is not set up on this server: an administrator adds credits to your "
            "account. No credits were taken.";
      }
      break;
    case ErrorCode::lead_full:
      heading = "Just taken";
      extra = "Other plumbers claimed every slot a moment ago. No credits were taken.";
      break;
    case ErrorCode::not_eligible:
      heading = "You cannot claim this lead";
      extra = "No credits were taken.";
      break;
    case ErrorCode::not_found:
      return http::error_response(req, e);
    default:
      break;
  }
  // A refusal a purchase can fix names the plan or pack and links to it on /billing.
  auto fix = claim_refusal_fix(a, uid, *lead_id, e.code);
  if (const auto* f = fix.if_object()) {
    link = std::string(f->at("link_url").as_string());
    link_text = std::string(f->at("link_text").as_string());
  }
  return render(a, req, http::status_for(e.code), "claim_error", heading,
                {{"heading", heading},
                 {"fix", fix},
                 {"message", e.message},
                 {"code", domain::error_code_name(e.code)},
                 {"extra", extra},
                 {"link_url", link},
                 {"link_text", link_text}});
}

namespace {

json::object claimed_lead_context(const domain::ClaimWithLead& c, const domain::Catalog& catalog,
                                  domain::Millis now, const geo::TimeZone& zone) {
  const auto& l = c.lead;
  return {{"claim_id", c.claim.id.value},
          {"lead_id", l.id.value},
          {"service_label", service_label(catalog, l.service_type)},
          {"service_class", service_badge_class(l.service_type)},
          {"urgency_label", urgency_label(catalog, l.urgency)},
          {"name", l.name},
          {"phone", domain::display_phone(l.phone_e164)},
          {"phone_e164", l.phone_e164},
          {"email", l.email},
          {"address", l.address},
          {"city", l.city},
          {"state", l.state},
          {"zip", l.zip},
          {"claimed_at", local_time(c.claim.created_at, zone)},
          {"claimed_iso", iso_time(c.claim.created_at)},
          {"age_text", age_text(c.claim.created_at, now)},
          {"outcome", domain::to_string(c.claim.outcome)},
          {"outcome_label", outcome_label(c.claim.outcome)},
          {"job_value", c.claim.job_value_cents > 0 ? dollars(c.claim.job_value_cents) : ""},
          {"price_credits", c.claim.price_credits},
          {"refunded", c.claim.refunded_at.has_value()},
          {"dispute_status",
           c.dispute_status ? json::value(domain::to_string(*c.dispute_status)) : nullptr},
          {"dispute_status_label",
           c.dispute_status ? domain::dispute_status_label(*c.dispute_status) : ""}};
}

}  // namespace

Response show_my_leads(const Services& a, Request& req) {
  auto q = query_of(req);
  int page = parse_int(q.get("page"), 1, 100000).value_or(1);
  auto r = a.claims->claims(req.principal.user_id, claims_per_page, (page - 1) * claims_per_page);
  if (!r) return http::error_response(req, r.error());
  auto catalog = a.leads->catalog();
  auto now = a.clock.now_ms();
  json::array rows;
  const auto& zone = plumber_zone(a, req.principal.user_id);
  for (const auto& c : r->claims) rows.push_back(claimed_lead_context(c, catalog, now, zone));
  return render(a, req, 200, "my_leads", "My leads",
                {{"claims", std::move(rows)},
                 {"has_claims", !r->claims.empty()},
                 {"total", r->total},
                 {"pager", pager(page, claims_per_page, r->total,
                                 [](int n) { return "/my-leads?page=" + std::to_string(n); })}});
}

Response export_my_leads_csv(const Services& a, Request& req) {
  auto catalog = a.leads->catalog();
  std::string out =
      "claim_id,claimed_at_utc,lead_id,service,urgency,name,phone,email,address,city,state,zip,"
      "contact_method,best_time,description,extra_details,price_credits,outcome,job_value,notes,"
      "refunded,dispute\r\n";
  for (int offset = 0;; offset += 500) {
    auto r = a.claims->claims(req.principal.user_id, 500, offset);
    if (!r) return http::error_response(req, r.error());
    for (const auto& c : r->claims) {
      const auto& l = c.lead;
      std::vector<std::string> f{std::to_string(c.claim.id.value),
                                 iso_time(c.claim.created_at),
                                 std::to_string(l.id.value),
                                 service_label(catalog, l.service_type),
                                 urgency_label(catalog, l.urgency),
                                 l.name,
                                 l.phone_e164,
                                 l.email,
                                 l.address,
                                 l.city,
                                 l.state,
                                 l.zip,
                                 l.contact_method,
                                 l.best_time,
                                 l.description,
                                 l.extra_details,
                                 std::to_string(c.claim.price_credits),
                                 domain::to_string(c.claim.outcome),
                                 dollars(c.claim.job_value_cents),
                                 c.claim.notes,
                                 c.claim.refunded_at ? "yes" : "no",
                                 c.dispute_status ? domain::to_string(*c.dispute_status) : ""};
      for (std::size_t i = 0; i < f.size(); ++i) out += (i ? "," : "") + csv_field(f[i]);
      out += "\r\n";
    }
    if (r->claims.size() < 500) break;
  }
  auto res = Response::text(200, std::move(out), "text/csv; charset=utf-8");
  res.set_header("Content-Disposition", "attachment; filename=\"plumbline-my-leads.csv\"");
  return res;
}

namespace {

Response my_lead_page(const Services& a, const Request& req, int status, domain::ClaimId claim_id,
                      json::object extra) {
  auto page = a.claims->claim_detail(req.principal.user_id, claim_id);
  if (!page) {
    if (page.error().code == domain::ErrorCode::not_found)
      return http::error_response(req, {domain::ErrorCode::not_found, "There is no such claim."});
    return http::error_response(req, page.error());
  }
  auto catalog = a.leads->catalog();
  auto now = a.clock.now_ms();
  domain::ClaimWithLead cl{page->claim, page->lead,
                           page->dispute ? std::optional(page->dispute->status) : std::nullopt};
  const auto& zone = plumber_zone(a, req.principal.user_id);
  auto ctx = claimed_lead_context(cl, catalog, now, zone);
  const auto& l = page->lead;
  ctx["description"] = l.description;
  ctx["extra_details"] = l.extra_details;
  // Issue 17: full photos while the claim stands (a refunded claim keeps none; the URLs check too).
  bool photos_open = !page->claim.refunded_at;
  ctx["photos"] =
      photo_gallery(photos_open ? page->photos : std::vector<domain::PhotoInfo>{}, "/photos", true);
  ctx["has_photos"] = photos_open && !page->photos.empty();
  ctx["answers"] = lead_answers_view(l.answers);  // questions per service (issue 17)
  ctx["has_answers"] = !l.answers.empty();
  ctx["contact_method"] = domain::contact_method_label(l.contact_method);
  ctx["best_time"] = l.best_time;
  ctx["lead_status"] = domain::to_string(l.status);
  ctx["notes"] = page->claim.notes;
  json::array outcomes;
  for (auto o :
       {domain::ClaimOutcome::new_, domain::ClaimOutcome::contacted, domain::ClaimOutcome::quoted,
        domain::ClaimOutcome::won, domain::ClaimOutcome::lost})
    outcomes.push_back({{"value", domain::to_string(o)},
                        {"label", outcome_label(o)},
                        {"selected", page->claim.outcome == o}});
  ctx["outcomes"] = std::move(outcomes);
  json::array reasons;
  for (const char* r : {domain::dispute_wrong_contact, domain::dispute_outside_area,
                        domain::dispute_service_not_offered, domain::dispute_duplicate,
                        domain::dispute_never_requested})
    reasons.push_back({{"value", r}, {"label", domain::dispute_reason_label(r)}});
  ctx["reasons"] = std::move(reasons);
  bool window = domain::within_dispute_window(
      page->claim, now, a.marketplace_settings.marketplace().dispute_window_ms);
  ctx["can_dispute"] = !page->dispute && !page->claim.refunded_at && window;
  ctx["window_closed"] = !page->dispute && !page->claim.refunded_at && !window;
  if (page->dispute) {
    const auto& d = *page->dispute;
    ctx["dispute"] = json::object{{"status", domain::to_string(d.status)},
                                  {"reason_label", domain::dispute_reason_label(d.reason)},
                                  {"details", d.details},
                                  {"resolution", d.resolution},
                                  {"created_at", local_time(d.created_at, zone)},
                                  {"pending", d.status == domain::DisputeStatus::pending},
                                  {"approved", d.status == domain::DisputeStatus::approved},
                                  {"denied", d.status == domain::DisputeStatus::denied}};
  }
  for (auto& [k, val] : extra) ctx[k] = val;
  auto title = service_label(catalog, l.service_type) + " in " + (l.city.empty() ? l.zip : l.city);
  return render(a, req, status, "my_lead", title, std::move(ctx));
}

}  // namespace

Response show_my_lead(const Services& a, Request& req) {
  auto id = path_id<domain::ClaimId>(req, "claim_id");
  if (!id)
    return http::error_response(req, {domain::ErrorCode::not_found, "There is no such claim."});
  auto q = query_of(req);
  std::string notice;
  if (q.get("claimed") == "1") notice = "Claimed. The homeowner's contact details are below.";
  if (q.get("saved") == "1") notice = "Saved.";
  if (q.get("disputed") == "1") notice = "Your dispute is recorded.";
  return my_lead_page(a, req, 200, *id, {{"notice", notice}});
}

Response submit_claim_outcome(const Services& a, Request& req) {
  auto id = path_id<domain::ClaimId>(req, "claim_id");
  if (!id)
    return http::error_response(req, {domain::ErrorCode::not_found, "There is no such claim."});
  auto f = form_of(req);
  domain::ClaimOutcomeUpdate u{domain::parse<domain::ClaimOutcome>(f.get("outcome")), 0,
                               f.get("notes")};
  std::vector<domain::FieldError> errs;
  if (auto cents = parse_dollars(f.get("job_value")))
    u.job_value_cents = *cents;
  else
    errs.push_back({"job_value", "Enter the job value in dollars, e.g. 450 or 450.00."});
  if (errs.empty()) {
    auto r = a.claims->update_outcome(req.principal.user_id, *id, u);
    if (r) return Response::redirect("/my-leads/" + domain::to_string(*id) + "?saved=1");
    if (r.error().code != domain::ErrorCode::invalid_input)
      return http::error_response(req, r.error());
    errs = r.error().details;
    if (errs.empty()) errs.push_back({"outcome", r.error().message});
  }
  json::object by_field;
  for (const auto& e : errs)
    if (!by_field.contains(e.field)) by_field[e.field] = e.message;
  return my_lead_page(a, req, 422, *id,
                      {{"outcome_errors", std::move(by_field)},
                       {"has_outcome_errors", true},
                       {"notes", u.notes},
                       {"job_value", f.get("job_value")}});
}

Response submit_claim_dispute(const Services& a, Request& req) {
  auto id = path_id<domain::ClaimId>(req, "claim_id");
  if (!id)
    return http::error_response(req, {domain::ErrorCode::not_found, "There is no such claim."});
  auto f = form_of(req);
  auto r = a.disputes->dispute(req.principal.user_id, *id, f.get("reason"), f.get("details"));
  if (r) return Response::redirect("/my-leads/" + domain::to_string(*id) + "?disputed=1");
  const auto& e = r.error();
  if (e.code == domain::ErrorCode::not_found) return http::error_response(req, e);
  json::object by_field;
  for (const auto& d : e.details)
    if (!by_field.contains(d.field)) by_field[d.field] = d.message;
  if (by_field.empty()) by_field["reason"] = e.message;
  return my_lead_page(a, req, http::status_for(e.code), *id,
                      {{"dispute_errors", std::move(by_field)},
                       {"has_dispute_errors", true},
                       {"dispute_details", f.get("details")}});
}

Response show_credits(const Services& a, Request& req) {
  auto q = query_of(req);
  int page = parse_int(q.get("page"), 1, 100000).value_or(1);
  auto r =
      a.claims->credits(req.principal.user_id, ledger_per_page + 1, (page - 1) * ledger_per_page);
  if (!r) return http::error_response(req, r.error());
  // The plan line (issue 13.2); an admin has no plumber profile and no plan line.
  auto owner = a.profiles->profile(req.principal.user_id);
  bool more = static_cast<int>(r->entries.size()) > ledger_per_page;
  if (more) r->entries.pop_back();
  const auto& zone = plumber_zone(a, req.principal.user_id);
  domain::PaymentListQuery paid;  // for the receipts of the packs and plan months listed
  paid.user_id = req.principal.user_id;
  paid.limit = 500;
  auto payments = a.billing->payments(paid);
  json::array rows;
  for (const auto& e : r->entries) rows.push_back(ledger_row(e, zone, payments));
  return render(a, req, 200, "credits", "Credits",
                {{"balance", r->balance},
                 {"plan", owner ? json::value(plan_standing_context(owner->plan, &zone)) : nullptr},
                 {"online_payment", a.settings.online_payment},
                 {"entries", std::move(rows)},
                 {"has_entries", !r->entries.empty()},
                 {"prev", page > 1 ? json::value("/credits?page=" + std::to_string(page - 1))
                                   : json::value(nullptr)},
                 {"next", more ? json::value("/credits?page=" + std::to_string(page + 1))
                               : json::value(nullptr)}});
}

}  // namespace plumbline::web
