// The audit trail as the console shows it (present/audit_view.hpp).
#include "web/present/audit_view.hpp"

#include <boost/json.hpp>
#include <cctype>
#include <charconv>

#include "domain/account_rules.hpp"
#include "web/present/plumber_view.hpp"

namespace plumbline::web::present {

namespace {

namespace json = boost::json;

std::optional<std::int64_t> audit_positive_id(const std::string& s) {
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || p != s.data() + s.size() || v <= 0) return std::nullopt;
  return v;
}

const char* const audit_query_keys[] = {"actor",     "action", "target_type",
                                        "target_id", "from",   "to"};

std::string audit_url_encode(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

}  // namespace

domain::Result<domain::AuditFilter> audit_filter_of(const http::FormData& q,
                                                    const geo::TimeZone& zone) {
  domain::AuditFilter f;
  domain::Error e =
      domain::Error::make(domain::ErrorCode::invalid_input, "Some filters could not be read.");
  auto actor = q.get("actor");
  if (!actor.empty()) {
    if (auto id = audit_positive_id(actor))
      f.actor_user_id = domain::UserId{*id};
    else if (actor.find('@') != std::string::npos)
      f.actor_email = domain::normalize_email(actor);
    else
      e.details.push_back({"actor", "Enter a staff member's e-mail address or user number."});
  }
  f.action = q.get("action");
  if (f.action.size() > 80) e.details.push_back({"action", "An action has at most 80 characters."});
  f.target_type = q.get("target_type");
  f.target_id = q.get("target_id");
  if (auto from = q.get("from"); !from.empty()) {
    if (auto ms = geo::local_midnight_ms(from, zone))
      f.from = *ms;
    else
      e.details.push_back({"from", "Enter the first day as YYYY-MM-DD."});
  }
  if (auto to = q.get("to"); !to.empty()) {
    if (auto ms = geo::local_midnight_ms(to, zone, 1))  // the whole last day
      f.to = *ms;
    else
      e.details.push_back({"to", "Enter the last day as YYYY-MM-DD."});
  }
  if (auto before = q.get("before_id"); !before.empty()) {
    if (auto id = audit_positive_id(before))
      f.before_id = *id;
    else
      e.details.push_back({"before_id", "Not a row number."});
  }
  if (!e.details.empty()) return e;
  return f;
}

std::string audit_query_string(const http::FormData& q) {
  std::string out;
  for (const char* k : audit_query_keys) {
    auto v = q.get(k);
    if (v.empty()) continue;
    out += (out.empty() ? "" : "&") + std::string(k) + "=" + audit_url_encode(v);
  }
  return out;
}

json::object audit_row(const domain::AuditEntry& e, const geo::TimeZone& zone) {
  std::string url;
  if (e.target_type == "lead") url = "/admin/leads/" + e.target_id;
  if (e.target_type == "plumber") url = "/admin/plumbers/" + e.target_id;
  if (e.target_type == "partner_source") url = "/admin/sources/" + e.target_id;  // issue 20
  return {
      {"id", e.id},
      {"time", geo::local_time_text(e.at, zone)},
      {"time_iso", iso_time(e.at)},
      {"actor_email", e.actor_email.empty() ? std::string("system") : e.actor_email},
      {"actor_role", e.actor_role},
      {"actor_url", e.actor_user_id ? "/admin/audit?actor=" + std::to_string(e.actor_user_id->value)
                                    : std::string()},
      {"action", e.action},
      {"target", e.target_type.empty() ? std::string() : e.target_type + " " + e.target_id},
      {"target_url", url},
      {"reason", e.reason},
      {"before", e.before_json},
      {"after", e.after_json},
      {"has_change", !e.before_json.empty() || !e.after_json.empty()},
      {"ip", e.ip}};
}

json::object audit_json(const domain::AuditEntry& e) {
  json::object o{{"id", e.id},
                 {"at", e.at},
                 {"actor_user_id", nullptr},
                 {"actor_email", e.actor_email},
                 {"actor_role", e.actor_role},
                 {"action", e.action},
                 {"target_type", e.target_type},
                 {"target_id", e.target_id},
                 {"reason", e.reason},
                 {"before", e.before_json},
                 {"after", e.after_json},
                 {"ip", e.ip}};
  if (e.actor_user_id) o["actor_user_id"] = e.actor_user_id->value;
  return o;
}

std::string audit_csv_header() {
  return "id,at_utc,actor_user_id,actor_email,actor_role,action,target_type,target_id,reason,"
         "before,after,ip\r\n";
}

std::string audit_csv_line(const domain::AuditEntry& e) {
  const std::string fields[] = {std::to_string(e.id),
                                iso_time(e.at),
                                e.actor_user_id ? std::to_string(e.actor_user_id->value) : "",
                                e.actor_email,
                                e.actor_role,
                                e.action,
                                e.target_type,
                                e.target_id,
                                e.reason,
                                e.before_json,
                                e.after_json,
                                e.ip};
  std::string out;
  for (std::size_t i = 0; i < std::size(fields); ++i) out += (i ? "," : "") + csv_field(fields[i]);
  return out + "\r\n";
}

}  // namespace plumbline::web::present
