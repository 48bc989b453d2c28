// The plumbers console's presentation: the list's query string read into a search request, and the
// list row and dossier as template / JSON objects.
#include "web/present/plumber_console_view.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include "crypto/tokens.hpp"
#include "domain/contact.hpp"
#include "domain/marketplace_rules.hpp"
#include "geo/time_zone.hpp"
#include "web/input.hpp"
#include "web/local_time.hpp"
#include "web/present/plumber_view.hpp"

namespace plumbline::web {

namespace json = boost::json;

namespace {

constexpr domain::Millis console_day_ms = 24LL * 3600 * 1000;

domain::Error console_field_error(const std::string& field, const std::string& message) {
  auto e = domain::Error::make(domain::ErrorCode::invalid_input, message);
  e.details.push_back({field, message});
  return e;
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
std::int64_t console_days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<std::int64_t>(era) * 146097 + doe - 719468;
}

// Local midnight in `zone` of a YYYY-MM-DD date, as Unix ms; nullopt when not such a date.
std::optional<domain::Millis> console_day_start(const std::string& s, const geo::TimeZone& zone) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  auto y = parse_int(s.substr(0, 4), 1970, 9999);
  auto m = parse_int(s.substr(5, 2), 1, 12);
  auto d = parse_int(s.substr(8, 2), 1, 31);
  if (!y || !m || !d) return std::nullopt;
  domain::Millis utc = console_days_from_civil(*y, *m, *d) * console_day_ms;
  return utc - zone.at(utc / 1000).utc_offset_seconds * 1000;
}

// A date filter: "" → 0 (open); `end` dates are inclusive, so the bound is the next midnight.
domain::Result<domain::Millis> console_date(const http::FormData& q, const char* field,
                                            const geo::TimeZone& zone, bool end) {
  auto text = domain::trim(q.get(field));
  if (text.empty()) return domain::Millis{0};
  auto start = console_day_start(text, zone);
  if (!start) return console_field_error(field, "Give the date as YYYY-MM-DD.");
  return end ? *start + console_day_ms : *start;
}

domain::Result<std::optional<std::int64_t>> console_balance(const http::FormData& q,
                                                            const char* field) {
  auto text = domain::trim(q.get(field));
  if (text.empty()) return std::optional<std::int64_t>{};
  auto n = parse_int64(text);
  if (!n || *n < 0) return console_field_error(field, "Give a whole number of credits, 0 or more.");
  return std::optional<std::int64_t>{*n};
}

std::string console_when(const Services& a, domain::Millis ms) {
  return ms > 0 ? local_time(ms, staff_zone(a)) : std::string();
}

}  // namespace

domain::Result<services::PlumberSearchRequest> plumber_search_request(const Services& a,
                                                                      const http::FormData& q) {
  services::PlumberSearchRequest r;
  r.text = q.get("q");
  r.status = q.get("status");
  r.plan_status = q.get("plan");
  r.service = q.get("service");
  r.zip = q.get("zip");
  auto miles_text = domain::trim(q.get("miles"));
  if (!miles_text.empty()) {
    auto miles = parse_int(miles_text, 0, 500);
    if (!miles) return console_field_error("miles", "Give a distance from 0 to 500 miles.");
    r.within_miles = *miles;
  }
  const auto& zone = staff_zone(a);
  auto joined_from = console_date(q, "joined_from", zone, false);
  if (!joined_from) return joined_from.error();
  auto joined_to = console_date(q, "joined_to", zone, true);
  if (!joined_to) return joined_to.error();
  auto active_from = console_date(q, "active_from", zone, false);
  if (!active_from) return active_from.error();
  auto active_to = console_date(q, "active_to", zone, true);
  if (!active_to) return active_to.error();
  r.signed_up_from = *joined_from;
  r.signed_up_to = *joined_to;
  r.active_from = *active_from;
  r.active_to = *active_to;
  auto bmin = console_balance(q, "balance_min");
  if (!bmin) return bmin.error();
  auto bmax = console_balance(q, "balance_max");
  if (!bmax) return bmax.error();
  r.balance_min = *bmin;
  r.balance_max = *bmax;
  r.sort = q.get("sort");
  r.after = q.get("after");
  if (auto limit = parse_int(q.get("limit"), 1, 500)) r.limit = *limit;
  return r;
}

std::string plumber_search_query(const http::FormData& q) {
  std::string out;
  for (const char* k :
       {"q", "status", "plan", "service", "zip", "miles", "joined_from", "joined_to", "active_from",
        "active_to", "balance_min", "balance_max", "sort"}) {
    auto v = q.get(k);
    if (v.empty()) continue;
    out += (out.empty() ? "" : "&") + std::string(k) + "=" + crypto::percent_encode(v);
  }
  return out;
}

json::object plumber_list_row(const Services& a, const domain::PlumberRow& r) {
  auto state = domain::plumber_row_state(r);
  return {
      {"id", r.id},
      {"url", "/admin/plumbers/" + std::to_string(r.id)},
      {"business_name", r.business_name.empty() ? "(no business name)" : r.business_name},
      {"contact_name", r.contact_name},
      {"email", r.email},
      {"phone", domain::display_phone(r.phone_e164)},
      {"phone_e164", r.phone_e164},
      {"status", state},
      {"status_label", r.closed_at ? std::string("Closed") : status_label(r.status)},
      {"plan_status", domain::to_string(r.plan_status)},
      {"plan_label", plan_label(r.plan_status)},
      {"area", r.base_zip.empty() ? std::string()
                                  : std::to_string(r.radius_miles) + " mi around " + r.base_zip},
      {"balance", r.balance},
      {"signed_up", console_when(a, r.created_at)},
      {"signed_up_iso", iso_time(r.created_at)},
      {"last_active", r.last_active_at > 0 ? console_when(a, r.last_active_at) : "Never"},
      {"last_active_iso", r.last_active_at > 0 ? iso_time(r.last_active_at) : ""}};
}

json::object plumber_dossier_context(const Services& a, const services::PlumberDossier& d) {
  auto catalog = a.leads->catalog();
  json::array history;
  for (const auto& e : d.history)
    history.push_back({{"at", console_when(a, e.at)},
                       {"at_iso", iso_time(e.at)},
                       {"action", e.action},
                       {"actor", e.actor_email.empty() ? "system" : e.actor_email},
                       {"reason", e.reason},
                       {"before", e.before_json},
                       {"after", e.after_json}});
  json::array claims;
  for (const auto& c : d.claims)
    claims.push_back({{"id", c.claim.id.value},
                      {"lead_id", c.lead.id.value},
                      {"lead_url", "/admin/leads/" + std::to_string(c.lead.id.value)},
                      {"service_label", service_label(catalog, c.lead.service_type)},
                      {"city", c.lead.city},
                      {"zip", c.lead.zip},
                      {"price_credits", c.claim.price_credits},
                      {"outcome", outcome_label(c.claim.outcome)},
                      {"refunded", c.claim.refunded_at.has_value()},
                      {"dispute", c.dispute_status ? domain::dispute_status_label(*c.dispute_status)
                                                   : std::string()},
                      {"at", console_when(a, c.claim.created_at)},
                      {"at_iso", iso_time(c.claim.created_at)}});
  json::array ledger;
  for (const auto& e : d.ledger)
    ledger.push_back({{"at", console_when(a, e.created_at)},
                      {"at_iso", iso_time(e.created_at)},
                      {"kind", e.kind},
                      {"amount", e.amount},
                      {"reason", e.reason}});
  json::array payments;
  for (const auto& p : d.payments)
    payments.push_back({{"at", console_when(a, p.created_at)},
                        {"at_iso", iso_time(p.created_at)},
                        {"description", p.description},
                        {"amount", dollars(p.amount_cents)},
                        {"amount_cents", p.amount_cents},
                        {"refunded_cents", p.amount_refunded_cents},
                        {"credits", p.credits},
                        {"stripe_id", p.stripe_id},
                        {"dispute_status", p.dispute_status}});
  json::array disputes;
  for (const auto& x : d.disputes)
    disputes.push_back({{"id", x.id.value},
                        {"lead_id", x.lead_id.value},
                        {"lead_url", "/admin/leads/" + std::to_string(x.lead_id.value)},
                        {"reason", domain::dispute_reason_label(x.reason)},
                        {"status", domain::dispute_status_label(x.status)},
                        {"resolution", x.resolution},
                        {"at", console_when(a, x.created_at)},
                        {"at_iso", iso_time(x.created_at)}});
  json::array messages;
  for (const auto& m : d.messages)
    messages.push_back({{"id", m.id},
                        {"kind", m.kind},
                        {"channel", m.channel},
                        {"status", domain::to_string(m.status)},
                        {"attempts", m.attempts},
                        {"last_error", m.last_error},
                        {"at", console_when(a, m.created_at)},
                        {"at_iso", iso_time(m.created_at)},
                        {"sent_at", m.sent_at ? console_when(a, *m.sent_at) : ""}});
  json::array sessions;
  auto now = a.clock.now_ms();
  for (const auto& s : d.sessions) {
    bool current = s.absolute_expires_at > now && s.last_seen_at + s.idle_timeout_ms > now;
    sessions.push_back({{"user_agent", s.user_agent.empty() ? "(unknown device)" : s.user_agent},
                        {"ip", s.ip},
                        {"created", console_when(a, s.created_at)},
                        {"last_seen", console_when(a, s.last_seen_at)},
                        {"last_seen_iso", iso_time(s.last_seen_at)},
                        {"current", current}});
  }
  // The edit form: the current profile and every active service, the plumber's ones checked.
  const auto& in = d.view.plumber.profile;
  json::array edit_services;
  for (const auto& s : catalog.services) {
    bool on = std::find(in.services.begin(), in.services.end(), s.slug) != in.services.end();
    if (s.active || on)
      edit_services.push_back({{"slug", s.slug}, {"label", s.label}, {"checked", on}});
  }
  json::object edit{{"business_name", in.business_name},
                    {"contact_name", in.contact_name},
                    {"phone", in.phone_e164},
                    {"base_zip", in.base_zip},
                    {"radius_miles", in.radius_miles},
                    {"services", std::move(edit_services)}};
  return {{"edit", std::move(edit)},
          {"can_reactivate",
           d.view.plumber.review.status == domain::PlumberStatus::suspended && !d.closure},
          {"history", std::move(history)},
          {"has_history", !d.history.empty()},
          {"claims", std::move(claims)},
          {"has_claims", !d.claims.empty()},
          {"payments", std::move(payments)},
          {"has_payments", !d.payments.empty()},
          {"disputes", std::move(disputes)},
          {"has_disputes", !d.disputes.empty()},
          {"messages", std::move(messages)},
          {"has_messages", !d.messages.empty()},
          {"sessions", std::move(sessions)},
          {"has_sessions", !d.sessions.empty()},
          {"ledger", std::move(ledger)},
          {"balance", d.balance}};
}

}  // namespace plumbline::web
