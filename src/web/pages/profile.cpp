// Plumber pages: the profile with its service-area map, and the notification/claiming settings.
#include <boost/json.hpp>
#include <sstream>

#include "domain/contact.hpp"
#include "domain/profile_change_rules.hpp"
#include "http/errors.hpp"
#include "http/forms.hpp"
#include "services/matching.hpp"
#include "services/profiles.hpp"
#include "web/handlers.hpp"
#include "web/input.hpp"
#include "web/local_time.hpp"
#include "web/present/form_errors.hpp"
#include "web/present/plan_view.hpp"
#include "web/present/plumber_view.hpp"

namespace plumbline::web {

namespace {

namespace json = boost::json;

std::vector<std::string> split_zips(const std::string& text) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : text + " ") {
    if (c == ',' || c == ';' || c == ' ' || c == '\n' || c == '\r' || c == '\t') {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  return out;
}

std::string join(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

std::string place(const geo::ZipTable& zips, const std::string& zip) {
  auto* z = zips.find(zip);
  if (!z || z->city.empty()) return zip;
  return zip + " (" + z->city + ", " + z->state + ")";
}

// The service area in words: what the page shows whether or not the map tiles load.
std::string area_text(const geo::ZipTable& zips, const domain::PlumberProfileInput& p) {
  if (p.base_zip.empty()) return "No service area yet: enter your base ZIP code and a radius.";
  std::string s =
      "Within " + std::to_string(p.radius_miles) + " miles of " + place(zips, p.base_zip);
  if (!p.extra_zips.empty()) {
    std::vector<std::string> named;
    for (const auto& z : p.extra_zips) named.push_back(place(zips, z));
    s += ", plus the ZIP code" + std::string(p.extra_zips.size() == 1 ? " " : "s ") +
         join(named, ", ");
  }
  return s + ".";
}

// Which changed facts wait for an admin's check, in words; empty when none.
std::string waiting_note(const services::ProfileView& v) {
  auto facts = domain::facts_waiting_for_check(v.changes);
  if (facts.empty()) return {};
  std::string list;
  for (std::size_t i = 0; i < facts.size(); ++i)
    list += (i == 0 ? "" : (i + 1 == facts.size() ? " and " : ", ")) + facts[i];
  std::string note = "Your new " + list + (facts.size() == 1 ? " is" : " are") +
                     " waiting for an administrator's check; until then homeowners see no check "
                     "date for it.";
  if (v.plumber.review.status == domain::PlumberStatus::approved)
    note += " You stay approved and can keep claiming leads.";
  return note;
}

json::object profile_values(const domain::PlumberProfileInput& p) {
  return {{"business_name", p.business_name},
          {"contact_name", p.contact_name},
          {"phone", domain::display_phone(p.phone_e164)},  // the form takes it back as typed
          {"licence_number", p.licence_number},
          {"licence_state", p.licence_state},
          {"insurance_carrier", p.insurance_carrier},
          {"insurance_expires_on", p.insurance_expires_on},
          {"years_in_business", p.years_in_business > 0 ? std::to_string(p.years_in_business) : ""},
          {"description", p.description},
          {"base_zip", p.base_zip},
          {"radius_miles", std::to_string(p.radius_miles)},
          {"extra_zips", join(p.extra_zips, " ")}};
}

Response profile_page(const Services& a, const Request& req, int status,
                      const services::ProfileView& v, json::object values,
                      const domain::PlumberProfileInput& shown,
                      const std::vector<domain::FieldError>& errors, const std::string& notice) {
  auto catalog = a.leads->catalog();
  json::array services;
  for (const auto& s : catalog.services) {
    bool on =
        std::find(shown.services.begin(), shown.services.end(), s.slug) != shown.services.end();
    services.push_back({{"slug", s.slug}, {"label", s.label}, {"checked", on}});
  }
  json::array missing;
  for (const auto& m : v.missing) missing.push_back(json::value(m));
  const auto& p = v.plumber;
  auto ctx = form_errors_context(errors);
  ctx["values"] = std::move(values);
  ctx["services"] = std::move(services);
  ctx["notice"] = notice;
  ctx["status"] = domain::to_string(p.review.status);
  ctx["status_label"] = status_label(p.review.status);
  ctx["status_reason"] = p.review.reason;
  ctx["approved"] = p.review.status == domain::PlumberStatus::approved;
  ctx["plan_label"] = plan_standing_context(v.plan, &plumber_zone(a, p.user_id))["summary"];
  ctx["missing"] = std::move(missing);
  ctx["has_missing"] = !v.missing.empty();
  ctx["licence_verified_on"] = p.review.licence_verified_on;
  ctx["insurance_valid_until"] = p.review.insurance_valid_until;
  ctx["waiting_note"] = waiting_note(v);
  ctx["email"] = p.email;
  // The map preview uses what is saved (the area that matching uses).
  const auto& saved = p.profile;
  ctx["area_text"] = area_text(*a.zips, saved);
  ctx["has_area"] = !saved.base_zip.empty();
  json::array extra;
  for (const auto& z : saved.extra_zips)
    if (auto* info = a.zips->find(z))
      extra.push_back({{"zip", z}, {"lat", info->lat}, {"lng", info->lng}});
  ctx["map"] = json::object{{"lat", saved.base_lat},
                            {"lng", saved.base_lng},
                            {"radius_miles", saved.radius_miles},
                            {"extra", json::serialize(extra)}};
  ctx["page_css"] = json::array{json::value(a.statics->url_for("vendor/leaflet/leaflet.css"))};
  ctx["page_js"] = json::array{json::value(a.statics->url_for("vendor/leaflet/leaflet.js")),
                               json::value(a.statics->url_for("js/area-map.js"))};
  return render(a, req, status, "profile",
                errors.empty() ? "Your profile" : "Your profile: please check your answers",
                std::move(ctx));
}

}  // namespace

Response show_profile(const Services& a, Request& req) {
  auto v = a.profiles->profile(req.principal.user_id);
  if (!v) return http::error_response(req, v.error());
  auto q = query_of(req);
  return profile_page(a, req, 200, *v, profile_values(v->plumber.profile), v->plumber.profile, {},
                      q.get("saved") == "1" ? "Your profile is saved." : "");
}

Response submit_profile(const Services& a, Request& req) {
  auto f = form_of(req);
  std::vector<domain::FieldError> errs;
  domain::PlumberProfileInput in;
  in.business_name = f.get("business_name");
  in.contact_name = f.get("contact_name");
  in.phone_e164 = f.get("phone");
  in.licence_number = f.get("licence_number");
  in.licence_state = f.get("licence_state");
  in.insurance_carrier = f.get("insurance_carrier");
  in.insurance_expires_on = f.get("insurance_expires_on");
  in.description = f.get("description");
  in.base_zip = f.get("base_zip");
  in.extra_zips = split_zips(f.get("extra_zips"));
  for (const auto& [k, val] : f.fields)
    if (k == "services") in.services.push_back(val);
  if (auto years = f.get("years_in_business"); !years.empty()) {
    if (auto y = parse_int(years, 0, 200))
      in.years_in_business = *y;
    else
      errs.push_back({"years_in_business", "Enter the years in business as a whole number."});
  }
  auto radius = f.get("radius_miles");
  if (radius.empty())
    in.radius_miles = domain::radius_default_miles;
  else if (auto r = parse_int(radius, -1000000, 1000000))
    in.radius_miles = *r;
  else
    errs.push_back({"radius_miles", "Enter the radius as a whole number of miles (1 to 100)."});
  json::object values{{"business_name", in.business_name},
                      {"contact_name", in.contact_name},
                      {"phone", in.phone_e164},
                      {"licence_number", in.licence_number},
                      {"licence_state", in.licence_state},
                      {"insurance_carrier", in.insurance_carrier},
                      {"insurance_expires_on", in.insurance_expires_on},
                      {"years_in_business", f.get("years_in_business")},
                      {"description", in.description},
                      {"base_zip", in.base_zip},
                      {"radius_miles", radius},
                      {"extra_zips", f.get("extra_zips")}};
  if (errs.empty()) {
    auto saved = a.profiles->save_profile(req.principal.user_id, in);
    if (saved) return Response::redirect("/profile?saved=1");
    if (saved.error().code != domain::ErrorCode::invalid_input)
      return http::error_response(req, saved.error());
    errs = saved.error().details;
    if (errs.empty()) errs.push_back({"business_name", saved.error().message});
  }
  auto v = a.profiles->profile(req.principal.user_id);
  if (!v) return http::error_response(req, v.error());
  return profile_page(a, req, 422, *v, std::move(values), in, errs, "");
}

namespace {

std::string hhmm(int minute) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d:%02d", (minute / 60) % 24, minute % 60);
  return buf;
}

std::optional<int> parse_hhmm(const std::string& s) {
  if (s.size() != 5 || s[2] != ':') return std::nullopt;
  auto h = parse_int(s.substr(0, 2), 0, 23), m = parse_int(s.substr(3, 2), 0, 59);
  if (!h || !m) return std::nullopt;
  return *h * 60 + *m;
}

// Which zone the quiet hours follow, for the settings page: the base ZIP's, else the platform's.
json::object quiet_zone_context(const Services& a, domain::UserId user_id) {
  auto v = a.profiles->profile(user_id);
  std::string zip = v ? v->plumber.profile.base_zip : "";
  const auto& zone = a.matching->quiet_hours_zone(zip);
  const auto* place = zip.empty() ? nullptr : a.zips->find(zip);
  bool zip_has_zone = place && !place->tz.empty() && a.zones->find(place->tz);
  return {{"base_zip", zip},
          {"zip_has_zone", zip_has_zone},
          {"label", zone_label(zone, a.clock.now_ms())},
          {"name", zone.name()}};
}

Response settings_page(const Services& a, const Request& req, int status,
                       const domain::PlumberSettings& s,
                       const std::vector<domain::FieldError>& errors, const std::string& notice,
                       const json::object& raw = {}) {
  auto ctx = form_errors_context(errors);
  ctx["notice"] = notice;
  ctx["values"] = json::object{
      {"notify_email", s.notify_email},
      {"notify_sms", s.notify_sms},
      {"quiet_start", raw.contains("quiet_start") ? raw.at("quiet_start")
                                                  : json::value(hhmm(s.quiet_start_minute))},
      {"quiet_end",
       raw.contains("quiet_end") ? raw.at("quiet_end") : json::value(hhmm(s.quiet_end_minute))},
      {"daily_cap",
       raw.contains("daily_cap") ? raw.at("daily_cap") : json::value(std::to_string(s.daily_cap))},
      {"paused", s.paused}};
  ctx["quiet_zone"] = quiet_zone_context(a, req.principal.user_id);
  ctx["sms_available"] = a.settings.sms_enabled;
  return render(a, req, status, "settings", "Settings", std::move(ctx));
}

}  // namespace

Response show_settings(const Services& a, Request& req) {
  auto v = a.profiles->profile(req.principal.user_id);
  if (!v) return http::error_response(req, v.error());
  auto q = query_of(req);
  return settings_page(a, req, 200, v->plumber.settings, {},
                       q.get("saved") == "1" ? "Your settings are saved." : "");
}

Response submit_settings(const Services& a, Request& req) {
  auto f = form_of(req);
  std::vector<domain::FieldError> errs;
  domain::PlumberSettings s;
  s.notify_email = f.get("notify_email") == "yes";
  s.notify_sms = f.get("notify_sms") == "yes";
  s.paused = f.get("paused") == "yes";
  auto qs = f.get("quiet_start").empty() ? std::optional<int>(0) : parse_hhmm(f.get("quiet_start"));
  auto qe = f.get("quiet_end").empty() ? std::optional<int>(0) : parse_hhmm(f.get("quiet_end"));
  if (qs)
    s.quiet_start_minute = *qs;
  else
    errs.push_back({"quiet_start", "Enter the start of your quiet hours as HH:MM."});
  if (qe)
    s.quiet_end_minute = *qe;
  else
    errs.push_back({"quiet_end", "Enter the end of your quiet hours as HH:MM."});
  if (auto c = parse_int(f.get("daily_cap"), -1000000, 1000000))
    s.daily_cap = *c;
  else
    errs.push_back({"daily_cap", "Enter the most leads you want per day as a whole number."});
  if (errs.empty()) {
    auto saved = a.profiles->save_settings(req.principal.user_id, s);
    if (saved) return Response::redirect("/settings?saved=1");
    if (saved.error().code != domain::ErrorCode::invalid_input)
      return http::error_response(req, saved.error());
    errs = saved.error().details;
    if (errs.empty()) errs.push_back({"daily_cap", saved.error().message});
  }
  return settings_page(a, req, 422, s, errs, "",
                       {{"quiet_start", f.get("quiet_start")},
                        {"quiet_end", f.get("quiet_end")},
                        {"daily_cap", f.get("daily_cap")}});
}

}  // namespace plumbline::web
