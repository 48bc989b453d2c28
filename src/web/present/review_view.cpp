// Reviews and public profiles as pages show them, and the profile's schema.org JSON-LD.
#include "web/present/review_view.hpp"

#include "web/present/plumber_view.hpp"

namespace plumbline::web {

namespace json = boost::json;

namespace {

int review_overall_x10(const domain::Review& r) {
  return static_cast<int>(((r.punctuality + r.quality + r.price) * 20 + 3) / 6);  // rounded
}

std::string escape_script_text(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c == '<')
      out += "\\u003c";
    else
      out += c;
  }
  return out;
}

}  // namespace

json::object review_json(const domain::Review& r, const geo::TimeZone& zone) {
  json::object o{{"id", r.id},
                 {"punctuality", r.punctuality},
                 {"quality", r.quality},
                 {"price", r.price},
                 {"overall", domain::tenths_text(review_overall_x10(r))},
                 {"body", r.body},
                 {"created_at", geo::local_time_text(r.created_at, zone)},
                 {"created_iso", iso_time(r.created_at)},
                 {"hidden", r.hidden()},
                 {"business_name", r.business_name},
                 {"plumber_id", r.plumber_id.value}};
  if (r.reply) {
    o["reply"] = *r.reply;
    if (r.replied_at) o["replied_at"] = geo::local_time_text(*r.replied_at, zone);
  }
  if (r.hidden_reason)
    o["hidden_reason_label"] = domain::review_hide_reason_label(*r.hidden_reason);
  return o;
}

std::string profile_json_ld(const services::PublicProfile& p, const std::string& url) {
  const auto& prof = p.plumber.profile;
  json::object ld{{"@context", "https://schema.org"},
                  {"@type", "Plumber"},
                  {"name", prof.business_name},
                  {"url", url}};
  if (!prof.description.empty()) ld["description"] = prof.description;
  if (!p.city.empty())
    ld["address"] = json::object{{"@type", "PostalAddress"},
                                 {"addressLocality", p.city},
                                 {"addressRegion", p.state},
                                 {"postalCode", prof.base_zip},
                                 {"addressCountry", "US"}};
  if (!p.city.empty())
    ld["areaServed"] = json::object{{"@type", "GeoCircle"},
                                    {"geoMidpoint", json::object{{"@type", "GeoCoordinates"},
                                                                 {"latitude", prof.base_lat},
                                                                 {"longitude", prof.base_lng}}},
                                    {"geoRadius", std::to_string(prof.radius_miles) + " mi"}};
  if (p.rating.count > 0) {
    ld["aggregateRating"] = json::object{{"@type", "AggregateRating"},
                                         {"ratingValue", domain::tenths_text(p.rating.overall_x10)},
                                         {"bestRating", "5"},
                                         {"worstRating", "1"},
                                         {"reviewCount", p.rating.count}};
    json::array reviews;
    for (const auto& r : p.reviews) {
      if (reviews.size() >= 20) break;
      reviews.push_back(json::object{
          {"@type", "Review"},
          {"datePublished", iso_time(r.created_at).substr(0, 10)},
          {"reviewBody", r.body},
          {"author", json::object{{"@type", "Person"}, {"name", "Verified homeowner"}}},
          {"reviewRating", json::object{{"@type", "Rating"},
                                        {"ratingValue", domain::tenths_text(review_overall_x10(r))},
                                        {"bestRating", "5"},
                                        {"worstRating", "1"}}}});
    }
    ld["review"] = std::move(reviews);
  }
  return escape_script_text(json::serialize(ld));
}

json::object profile_context(const services::PublicProfile& p, const geo::TimeZone& zone,
                             const std::string& platform_name) {
  const auto& prof = p.plumber.profile;
  const auto& rev = p.plumber.review;
  json::array checks;
  // The dated checks Plumbline made (the admin's review: decision 0003's badges).
  if (!rev.licence_verified_on.empty())
    checks.push_back({{"what", "Licence"},
                      {"detail", "Licence " + prof.licence_number + " (" + prof.licence_state +
                                     ") checked with the state board"},
                      {"when", "checked on " + rev.licence_verified_on}});
  if (!rev.insurance_valid_until.empty())
    checks.push_back(
        {{"what", "Insurance"},
         {"detail",
          "Liability insurance" +
              (prof.insurance_carrier.empty() ? std::string() : " with " + prof.insurance_carrier) +
              " seen"},
         {"when", "valid until " + rev.insurance_valid_until}});
  if (rev.reviewed_at > 0)
    checks.push_back({{"what", "Identity and approval"},
                      {"detail", "Business details and contact checked; approved by " +
                                     platform_name + " staff"},
                      {"when", "approved " + geo::local_time_text(rev.reviewed_at, zone)}});
  json::array services;
  for (const auto& s : p.service_labels) services.push_back(json::value(s));
  json::array reviews;
  for (const auto& r : p.reviews) reviews.push_back(review_json(r, zone));
  json::object ctx{{"business_name", prof.business_name},
                   {"description", prof.description},
                   {"services", std::move(services)},
                   {"city", p.city},
                   {"state", p.state},
                   {"base_zip", prof.base_zip},
                   {"radius_miles", prof.radius_miles},
                   {"years_in_business", prof.years_in_business},
                   {"has_years", prof.years_in_business > 0},
                   {"checks", std::move(checks)},
                   {"has_checks", true},
                   {"reviews", std::move(reviews)},
                   {"review_count", p.rating.count},
                   {"has_reviews", p.rating.count > 0},
                   {"reviews_word", p.rating.count == 1 ? "review" : "reviews"},
                   {"hidden_count", p.hidden_count},
                   {"has_hidden", p.hidden_count > 0},
                   {"one_hidden", p.hidden_count == 1}};
  ctx["has_checks"] = !ctx["checks"].as_array().empty();
  if (p.rating.count > 0)
    ctx["rating"] = json::object{{"overall", domain::tenths_text(p.rating.overall_x10)},
                                 {"punctuality", domain::tenths_text(p.rating.punctuality_x10)},
                                 {"quality", domain::tenths_text(p.rating.quality_x10)},
                                 {"price", domain::tenths_text(p.rating.price_x10)}};
  if (p.median_response_ms)
    ctx["response"] =
        json::object{{"median", domain::duration_words(*p.median_response_ms)},
                     {"samples", p.response_samples},
                     {"samples_word", p.response_samples == 1 ? "request" : "requests"}};
  return ctx;
}

}  // namespace plumbline::web
