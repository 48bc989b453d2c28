// The lead page a matched plumber (or an admin) reads before claiming, and the claim confirmation
// step whose form is the only one that debits (POST /leads/{id}/claim with confirm=yes).
#include <boost/json.hpp>

#include "http/errors.hpp"
#include "services/lead_browse.hpp"
#include "services/marketplace_settings.hpp"
#include "web/handlers.hpp"
#include "web/local_time.hpp"
#include "web/plan_offer.hpp"
#include "web/present/photo_view.hpp"
#include "web/present/plumber_view.hpp"

namespace plumbline::web {

namespace {

namespace json = boost::json;

// Drawn around the ZIP's centre point: big enough that it never pinpoints a house.
constexpr double lead_area_circle_miles = 2.0;

std::string lead_page_miles(double miles) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", miles);
  return std::string(buf) + " mi";
}

std::string lead_page_contact_method(const std::string& m) {
  if (m == "text") return "Text message";
  if (m == "phone") return "Phone call";
  if (m == "email") return "E-mail";
  return m;
}

std::string lead_page_plural(std::int64_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

// The "why you see this lead" lines, in the plumber's words.
json::array lead_page_why_lines(const domain::MatchReason& w, const std::string& service,
                                const std::string& zip) {
  json::array out;
  out.push_back(json::value(w.service_offered ? "You offer " + service + "."
                                              : service + " is no longer among your services."));
  if (w.within_radius)
    out.push_back(json::value("It is " + lead_page_miles(w.distance_miles) +
                              " from your base ZIP " + w.base_zip + ", inside your " +
                              std::to_string(w.radius_miles) + "-mile radius."));
  if (w.extra_zip)
    out.push_back(
        json::value("ZIP " + zip + " is one of your extra ZIP codes" +
                    (w.base_zip.empty() ? std::string(".")
                                        : " (" + lead_page_miles(w.distance_miles) +
                                              " from your base ZIP " + w.base_zip + ").")));
  if (!w.within_radius && !w.extra_zip)
    out.push_back(
        json::value("Your service area has changed since this request was sent: it no "
                    "longer covers ZIP " +
                    zip + "."));
  return out;
}

// Where a refusal that a purchase or a page can fix sends the plumber: the plan or pack that fixes
// it, by name (web/plan_offer.hpp), else the credits page.
void lead_page_refusal_link(const Services& a, const Request& req, domain::LeadId lead_id,
                            const domain::Error& e, json::object& ctx) {
  auto fix = claim_refusal_fix(a, req.principal.user_id, lead_id, e.code);
  if (const auto* f = fix.if_object()) {
    ctx["refusal_fix"] = f->at("text");
    ctx["refusal_link_url"] = f->at("link_url");
    ctx["refusal_link_text"] = f->at("link_text");
    return;
  }
  if (e.code != domain::ErrorCode::insufficient_credits) return;
  ctx["refusal_link_url"] = "/credits";
  ctx["refusal_link_text"] = "See your credits";
}

json::object lead_page_context(const Services& a, const Request& req, const services::LeadPage& p) {
  auto catalog = a.leads->catalog();
  auto now = a.clock.now_ms();
  const auto& c = p.card;
  const auto& zone = plumber_zone(a, req.principal.user_id);
  auto ctx = card_context(c, catalog, now, zone, p.credit_price);
  bool admin = domain::is_staff(req.principal.role);
  ctx["is_admin"] = admin;
  ctx["description"] = c.description;
  ctx["extra_details"] = p.extra_details;
  ctx["photos"] =
      photo_gallery(p.photos, "/photos", admin);  // issue 17: thumbnails before claiming
  ctx["has_photos"] = !p.photos.empty();
  ctx["contact_method_label"] = lead_page_contact_method(p.contact_method);
  ctx["best_time"] = p.best_time;
  ctx["created_at_text"] = local_time(c.created_at, zone);
  ctx["expires_at_text"] = local_time(p.expires_at, zone);
  ctx["open"] = c.status == domain::LeadStatus::open;
  ctx["status_text"] = c.status == domain::LeadStatus::full      ? "Every slot has been claimed."
                       : c.status == domain::LeadStatus::expired ? "This request has expired."
                       : c.status == domain::LeadStatus::closed
                           ? "The homeowner has closed this request."
                           : "";
  ctx["plumbers_told_text"] =
      lead_page_plural(p.plumbers_told, "plumber was told", "plumbers were told");
  ctx["claimed_text"] = c.claims_count == 0
                            ? std::string("nobody has claimed it yet")
                            : lead_page_plural(c.claims_count, "has", "have") + " claimed it";
  ctx["has_area"] = p.has_area;
  ctx["area_lat"] = p.area_lat;
  ctx["area_lng"] = p.area_lng;
  ctx["area_radius_miles"] = lead_area_circle_miles;
  ctx["area_text"] = "ZIP " + c.zip + " (" + c.city + ", " + c.state +
                     "): the circle spans about 2 miles around the ZIP code's centre, not the "
                     "homeowner's address.";
  if (p.why) {
    ctx["why"] = json::object{
        {"lines", lead_page_why_lines(*p.why, service_label(catalog, c.service_type), c.zip)}};
    ctx["distance_text"] = lead_page_miles(c.distance_miles);
  }
  ctx["credit_rate"] = credit_rate_text(p.credit_price);
  ctx["has_price"] = p.credit_price.has_value();
  ctx["balance_text"] = lead_page_plural(p.balance, "credit", "credits");
  if (!admin && p.refusal) {
    ctx["refusal"] = p.refusal->message;
    lead_page_refusal_link(a, req, c.lead_id, *p.refusal, ctx);
  }
  ctx["can_claim"] = !admin && !p.refusal;
  return ctx;
}

// The lead page's data for this caller, or the response that replaces the page.
std::optional<Response> lead_page_load(const Services& a, const Request& req,
                                       services::LeadPage& out) {
  auto id = path_id<domain::LeadId>(req);
  if (!id)
    return http::error_response(req, {domain::ErrorCode::not_found, "There is no such lead."});
  bool admin = domain::is_staff(req.principal.role);
  if (!admin && req.principal.role != domain::Role::plumber)
    return http::error_response(req, {domain::ErrorCode::not_found, "There is no such lead."});
  auto page = a.lead_browse->lead_page(req.principal.user_id, admin, *id);
  if (!page) {
    if (page.error().code == domain::ErrorCode::not_found)
      return http::error_response(req, {domain::ErrorCode::not_found, "There is no such lead."});
    return http::error_response(req, page.error());
  }
  if (page->my_claim)  // claimed already: the contact details are on the claim's page
    return Response::redirect("/my-leads/" + std::to_string(page->my_claim->id.value));
  out = std::move(*page);
  return std::nullopt;
}

}  // namespace

Response show_lead(const Services& a, Request& req) {
  services::LeadPage page;
  if (auto stop = lead_page_load(a, req, page)) return std::move(*stop);
  auto ctx = lead_page_context(a, req, page);
  if (page.has_area) {
    ctx["page_css"] = json::array{json::value(a.statics->url_for("vendor/leaflet/leaflet.css"))};
    ctx["page_js"] = json::array{json::value(a.statics->url_for("vendor/leaflet/leaflet.js")),
                                 json::value(a.statics->url_for("js/lead-map.js"))};
  }
  auto title = service_label(a.leads->catalog(), page.card.service_type) + " in " + page.card.city;
  return render(a, req, 200, "lead", title, std::move(ctx));
}

Response show_claim_confirmation(const Services& a, Request& req) {
  services::LeadPage page;
  if (auto stop = lead_page_load(a, req, page)) return std::move(*stop);
  auto ctx = lead_page_context(a, req, page);
  const auto& c = page.card;
  ctx["slot_number"] = c.claims_count + 1;
  ctx["max_claims"] = c.max_claims;
  ctx["balance_after_text"] = lead_page_plural(page.balance - c.price_credits, "credit", "credits");
  ctx["refund_rule"] =
      domain::refund_rule_sentence(a.marketplace_settings.marketplace().dispute_window_ms);
  return render(a, req, 200, "lead_claim", "Confirm your claim", std::move(ctx));
}

}  // namespace plumbline::web
