// The console's request list as the page, the JSON API and the CSV export show it.
#include "web/present/lead_list_view.hpp"

#include "crypto/tokens.hpp"
#include "domain/contact.hpp"
#include "domain/masking.hpp"
#include "web/local_time.hpp"
#include "web/present/plumber_view.hpp"

namespace plumbline::web {

namespace json = boost::json;

namespace {

// The query-string names, in the order links write them.
struct LeadQueryField {
  const char* name;
  std::string domain::LeadQueryInput::*member;
};
constexpr LeadQueryField lead_query_fields[] = {
    {"q", &domain::LeadQueryInput::q},
    {"by", &domain::LeadQueryInput::by},
    {"status", &domain::LeadQueryInput::status},
    {"service", &domain::LeadQueryInput::service},
    {"urgency", &domain::LeadQueryInput::urgency},
    {"source", &domain::LeadQueryInput::source},
    {"from", &domain::LeadQueryInput::from},
    {"to", &domain::LeadQueryInput::to},
    {"duplicates", &domain::LeadQueryInput::duplicates},
    {"flagged", &domain::LeadQueryInput::flagged},
    {"unmatched", &domain::LeadQueryInput::unmatched},
    {"sort", &domain::LeadQueryInput::sort},
};

std::string shown_phone(const std::string& e164, bool full) {
  return full ? domain::display_phone(e164) : domain::mask_phone(e164);
}

std::string shown_email(const std::string& email, bool full) {
  return full ? email : domain::mask_email(email);
}

}  // namespace

domain::LeadQueryInput lead_query_input(const http::FormData& q) {
  domain::LeadQueryInput in;
  for (const auto& f : lead_query_fields) in.*f.member = q.get(f.name);
  in.after = q.get("after");
  in.before = q.get("before");
  return in;
}

std::string lead_query_string(const domain::LeadQueryInput& in) {
  std::string out;
  for (const auto& f : lead_query_fields) {
    const std::string& v = in.*f.member;
    if (v.empty()) continue;
    if (!out.empty()) out += '&';
    out += std::string(f.name) + "=" + crypto::percent_encode(v);
  }
  return out;
}

json::object lead_list_row(const domain::LeadListRow& r, const domain::Catalog& catalog,
                           const geo::TimeZone& zone, bool full_contact) {
  json::object o{{"id", r.id},
                 {"url", "/admin/leads/" + std::to_string(r.id)},
                 {"created_at", r.created_at},
                 {"created_at_text", local_time(r.created_at, zone)},
                 {"status", r.status},
                 {"service", r.service_type},
                 {"service_label", service_label(catalog, r.service_type)},
                 {"urgency", r.urgency},
                 {"urgency_label", urgency_label(catalog, r.urgency)},
                 {"source", r.source},
                 {"city", r.city},
                 {"state", r.state},
                 {"zip", r.zip},
                 {"name", r.name},
                 {"phone", shown_phone(r.phone_e164, full_contact)},
                 {"email", shown_email(r.email, full_contact)},
                 {"contact_masked", !full_contact},
                 {"matches_count", r.matches_count},
                 {"claims_count", r.claims_count},
                 {"unmatched", r.matches_count == 0},
                 {"flagged", r.flagged}};
  if (r.duplicate_of)
    o["duplicate_of"] = *r.duplicate_of;
  else
    o["duplicate_of"] = nullptr;
  return o;
}

std::string lead_csv_header() {
  return "id,created_at_utc,status,service,urgency,source,city,state,zip,name,phone,email,"
         "matches,claims,duplicate_of,flagged\r\n";
}

std::string lead_csv_line(const domain::LeadListRow& r, const domain::Catalog& catalog,
                          bool full_contact) {
  const std::string cells[] = {std::to_string(r.id),
                               iso_time(r.created_at),
                               r.status,
                               service_label(catalog, r.service_type),
                               urgency_label(catalog, r.urgency),
                               r.source,
                               r.city,
                               r.state,
                               r.zip,
                               r.name,
                               full_contact ? r.phone_e164 : domain::mask_phone(r.phone_e164),
                               shown_email(r.email, full_contact),
                               std::to_string(r.matches_count),
                               std::to_string(r.claims_count),
                               r.duplicate_of ? std::to_string(*r.duplicate_of) : "",
                               r.flagged ? "yes" : "no"};
  std::string out;
  for (const auto& c : cells) {
    if (!out.empty()) out += ',';
    out += csv_field(c);
  }
  return out + "\r\n";
}

}  // namespace plumbline::web
