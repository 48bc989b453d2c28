// Helpers for the plumber's pages and API: parameters, labels, dates, CSV fields.
#include "web/present/plumber_view.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <charconv>
#include <cmath>
#include <ctime>

#include "services/plan_standing.hpp"
#include "web/present/lead_card.hpp"

namespace plumbline::web {

std::string dollars(std::int64_t cents) {
  auto d = std::to_string(cents / 100), c = std::to_string(cents % 100);
  return d + "." + (c.size() == 1 ? "0" + c : c);
}

std::string iso_time(domain::Millis ms) {
  std::time_t t = ms / 1000;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string age_text(domain::Millis created_at, domain::Millis now) {
  auto minutes = std::max<domain::Millis>(0, now - created_at) / 60000;
  if (minutes < 1) return "just now";
  if (minutes < 60) return std::to_string(minutes) + " min ago";
  auto hours = minutes / 60;
  if (hours < 48) return std::to_string(hours) + (hours == 1 ? " hour ago" : " hours ago");
  return std::to_string(hours / 24) + " days ago";
}

std::string outcome_label(domain::ClaimOutcome o) {
  switch (o) {
    case domain::ClaimOutcome::new_:
      return "New";
    case domain::ClaimOutcome::contacted:
      return "Contacted";
    case domain::ClaimOutcome::quoted:
      return "Quoted";
    case domain::ClaimOutcome::won:
      return "Won";
    case domain::ClaimOutcome::lost:
      return "Lost";
  }
  return domain::to_string(o);
}

std::string status_label(domain::PlumberStatus s) {
  switch (s) {
    case domain::PlumberStatus::pending:
      return "Waiting for review";
    case domain::PlumberStatus::approved:
      return "Approved";
    case domain::PlumberStatus::rejected:
      return "Rejected";
    case domain::PlumberStatus::suspended:
      return "Suspended";
  }
  return domain::to_string(s);
}

std::string plan_label(domain::PlanStatus s) {
  return domain::plan_status_label(s);
}

std::string stripe_status_label(const std::string& s) {
  std::string out = s;
  for (auto& c : out)
    if (c == '_') c = ' ';
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z')
    out[0] = static_cast<char>(out[0] - 'a' + 'A');
  return out;
}

std::string service_label(const domain::Catalog& c, const std::string& slug) {
  auto* s = c.service(slug);
  return s ? s->label : slug;
}

std::string urgency_label(const domain::Catalog& c, const std::string& slug) {
  auto* u = c.urgency(slug);
  return u ? u->label : slug;
}

std::string service_badge_class(const std::string& slug) {
  bool plain = !slug.empty() && std::all_of(slug.begin(), slug.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
  return plain ? "svc-badge svc-" + slug : "svc-badge";
}

boost::json::object ledger_row(const domain::LedgerEntry& e, const geo::TimeZone& zone,
                               const std::vector<domain::Payment>& payments) {
  boost::json::object row{{"at", geo::local_time_text(e.created_at, zone)},
                          {"at_iso", iso_time(e.created_at)},
                          {"what", domain::ledger_entry_label(e)},
                          {"amount", (e.amount > 0 ? "+" : "") + std::to_string(e.amount)},
                          {"credit", e.amount > 0}};
  if (auto ref = domain::ledger_payment_ref(e); !ref.empty())
    for (const auto& p : payments)
      if (p.stripe_id == ref && !p.receipt_url.empty()) row["receipt_url"] = p.receipt_url;
  if (auto claim = domain::ledger_claim_id(e))
    row["claim_url"] = "/my-leads/" + std::to_string(*claim);
  return row;
}

std::string csv_field(const std::string& value) {
  std::string out = "\"";
  if (!value.empty() && (value[0] == '=' || value[0] == '+' || value[0] == '-' || value[0] == '@' ||
                         value[0] == '\t' || value[0] == '\r'))
    out += '\'';
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

AvailableParams available_params(const http::FormData& q, domain::UserId user_id,
                                 const domain::Catalog& catalog,
                                 std::vector<domain::FieldError>& errs) {
  AvailableParams p;
  p.query.plumber_id = user_id;
  auto service = q.get("service_type");
  if (!service.empty()) {
    if (catalog.service(service))
      p.query.service_type = service;
    else
      errs.push_back({"service_type", "is not a known service type"});
  }
  auto urgency = q.get("urgency");
  if (!urgency.empty()) {
    if (catalog.urgency(urgency))
      p.query.urgency = urgency;
    else
      errs.push_back({"urgency", "is not a known urgency"});
  }
  auto dist = q.get("max_distance");
  if (!dist.empty()) {
    if (auto d = parse_int(dist, 1, 500))
      p.query.max_distance = *d;
    else
      errs.push_back({"max_distance", "must be a whole number of miles from 1 to 500"});
  }
  auto sort = q.get("sort");
  if (sort.empty()) sort = domain::sort_newest;
  if (sort == domain::sort_newest || sort == domain::sort_nearest || sort == domain::sort_cheapest)
    p.query.sort = sort;
  else
    errs.push_back({"sort", "must be newest, nearest or cheapest"});
  if (q.has("page") && !q.get("page").empty()) {
    if (auto v = parse_int(q.get("page"), 1, 100000))
      p.page = *v;
    else
      errs.push_back({"page", "must be a whole number from 1"});
  }
  if (q.has("per_page") && !q.get("per_page").empty()) {
    if (auto v = parse_int(q.get("per_page"), 1, leads_per_page_max))
      p.per_page = *v;
    else
      errs.push_back({"per_page", "must be a whole number from 1 to 100"});
  }
  p.query.limit = p.per_page;
  p.query.offset = (p.page - 1) * p.per_page;
  return p;
}

std::string credits_dollars_text(domain::Credits credits,
                                 const std::optional<domain::CreditPrice>& price) {
  if (!price) return "";
  auto cents = domain::credits_in_cents(credits, *price);
  return cents ? "$" + dollars(*cents) : "";
}

std::string credit_rate_text(const std::optional<domain::CreditPrice>& price) {
  if (!price) return "";
  return credits_dollars_text(1, price) + " a credit (your " + price->label + ")";
}

boost::json::object card_context(const domain::LeadCard& card, const domain::Catalog& catalog,
                                 domain::Millis now, const geo::TimeZone& zone,
                                 const std::optional<domain::CreditPrice>& price) {
  auto o = lead_card_json(card, catalog, now);
  char dist[32];
  std::snprintf(dist, sizeof dist, "%.1f", card.distance_miles);
  o["distance_text"] = std::string(dist) + " mi";
  o["age_text"] = age_text(card.created_at, now);
  o["created_iso"] = iso_time(card.created_at);
  o["created_local"] = geo::local_time_text(card.created_at, zone);
  o["price_text"] =
      std::to_string(card.price_credits) + (card.price_credits == 1 ? " credit" : " credits");
  o["slots_text"] = std::to_string(card.slots_left()) + " of " + std::to_string(card.max_claims) +
                    (card.slots_left() == 1 ? " slot left" : " slots left");
  o["emergency"] = card.urgency == "emergency";
  o["service_class"] = service_badge_class(card.service_type);
  o["price_dollars"] = credits_dollars_text(card.price_credits, price);
  o["has_quality"] = !o["quality"].as_array().empty();
  o["has_answers"] = !card.answers.empty();  // questions per service (issue 17)
  o["lead_url"] = "/leads/" + std::to_string(card.lead_id.value);
  o["claim_url"] = "/leads/" + std::to_string(card.lead_id.value) + "/claim";
  return o;
}

boost::json::object contact_json(const domain::Lead& l) {
  return {{"name", l.name},
          {"phone", l.phone_e164},
          {"email", l.email},
          {"address", l.address},
          {"city", l.city},
          {"state", l.state},
          {"zip", l.zip},
          {"contact_method", l.contact_method},
          {"best_time", l.best_time},
          {"description", l.description},
          {"extra_details", l.extra_details}};
}

boost::json::object claim_json(const domain::Claim& c) {
  return {{"id", c.id.value},
          {"lead_id", c.lead_id.value},
          {"price_credits", c.price_credits},
          {"outcome", domain::to_string(c.outcome)},
          {"job_value_cents", c.job_value_cents},
          {"notes", c.notes},
          {"refunded", c.refunded_at.has_value()},
          {"created_at", iso_time(c.created_at)},
          {"updated_at", iso_time(c.updated_at)}};
}

boost::json::object profile_json(const services::ProfileView& v) {
  const auto& p = v.plumber;
  const auto& in = p.profile;
  boost::json::array services, zips, missing;
  for (const auto& s : in.services) services.push_back(boost::json::value(s));
  for (const auto& z : in.extra_zips) zips.push_back(boost::json::value(z));
  for (const auto& m : v.missing) missing.push_back(boost::json::value(m));
  boost::json::array waiting;  // verified facts changed since the last check, each once
  for (const auto& c : v.changes)
    if (std::find(waiting.begin(), waiting.end(), boost::json::value(c.field)) == waiting.end())
      waiting.push_back(boost::json::value(c.field));
  return {{"id", p.user_id.value},
          {"email", p.email},
          {"status", domain::to_string(p.review.status)},
          {"status_reason", p.review.reason},
          {"licence_verified_on", p.review.licence_verified_on},
          {"insurance_valid_until", p.review.insurance_valid_until},
          {"plan_status", domain::to_string(v.plan.status)},
          {"plan", services::plan_standing_json(v.plan)},
          {"business_name", in.business_name},
          {"contact_name", in.contact_name},
          {"phone", in.phone_e164},
          {"licence_number", in.licence_number},
          {"licence_state", in.licence_state},
          {"insurance_carrier", in.insurance_carrier},
          {"insurance_expires_on", in.insurance_expires_on},
          {"years_in_business", in.years_in_business},
          {"description", in.description},
          {"services", std::move(services)},
          {"base_zip", in.base_zip},
          {"radius_miles", in.radius_miles},
          {"extra_zips", std::move(zips)},
          {"missing", std::move(missing)},
          {"ready_for_review", v.missing.empty()},
          {"waiting_for_check", std::move(waiting)}};
}

}  // namespace plumbline::web
