// The data export: reads every record about one plumber in one snapshot and writes it as JSON
// (complete) and CSV (the lists, for spreadsheets) into a stored ZIP.
#include "services/data_export.hpp"

#include <boost/json.hpp>
#include <ctime>

#include "domain/privacy.hpp"
#include "log/log.hpp"
#include "services/leads.hpp"
#include "services/plan_standing.hpp"
#include "services/zip_archive.hpp"

namespace plumbline::services {

namespace json = boost::json;
using domain::Error;
using domain::ErrorCode;
using domain::Result;

namespace {

constexpr int export_list_limit = 100000;

json::value export_opt(const std::optional<std::int64_t>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}

// A CSV cell, quoted; a leading = + - @ tab or CR gets a ' so spreadsheets do not run it.
std::string export_cell(const std::string& v) {
  std::string out = "\"";
  if (!v.empty() &&
      (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' || v[0] == '\t' || v[0] == '\r'))
    out += '\'';
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

std::string export_csv(const std::vector<std::string>& header,
                       const std::vector<std::vector<std::string>>& rows) {
  std::string out;
  auto line = [&](const std::vector<std::string>& cells) {
    for (std::size_t i = 0; i < cells.size(); ++i) out += (i ? "," : "") + export_cell(cells[i]);
    out += "\r\n";
  };
  line(header);
  for (const auto& r : rows) line(r);
  return out;
}

std::string export_date(domain::Millis ms) {
  std::time_t s = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&s, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string pretty(const json::value& v) {
  return json::serialize(v) + "\n";
}

struct ExportData {
  domain::User user;
  std::optional<domain::PlumberProfile> profile;
  domain::PlanStanding plan;
  std::optional<domain::AccountClosure> closure;
  std::vector<domain::ProfileChange> changes;
  std::vector<domain::ClaimWithLead> claims;
  std::vector<std::optional<domain::Dispute>> disputes;
  std::vector<domain::LedgerEntry> ledger;
  domain::Credits balance = 0;
  std::vector<domain::Payment> payments;
  std::vector<domain::OutboxMessage> messages;
  std::vector<domain::Session> sessions;
};

ExportData read_export(store::Tx& tx, const domain::User& u) {
  ExportData d;
  d.user = u;
  d.profile = tx.plumber_profile(u.id);
  d.plan = read_plan_standing(tx, domain::UserId{u.id});
  d.closure = tx.user_closure(u.id);
  d.changes = tx.profile_changes(u.id, export_list_limit);
  d.claims = tx.claims_for_plumber(u.id, export_list_limit, 0);
  for (auto& c : d.claims) {
    if (domain::lead_anonymised(c.lead))
      if (auto copy = tx.claim_contact_copy(c.claim.id)) domain::apply_contact_copy(c.lead, *copy);
    d.disputes.push_back(tx.dispute_for_claim(c.claim.id));
  }
  d.ledger = tx.ledger_entries(u.id, export_list_limit, 0);
  d.balance = tx.credit_balance(u.id);
  d.payments = tx.list_payments({u.id, false, export_list_limit, 0});
  std::vector<std::string> to{u.email};
  if (d.profile) to.push_back(d.profile->profile.phone_e164);
  d.messages = tx.messages_to(to, export_list_limit);
  d.sessions = tx.sessions_of_user(u.id);
  return d;
}

json::object profile_json(const ExportData& d) {
  json::object account{{"id", d.user.id.value},
                       {"email", d.user.email},
                       {"role", domain::to_string(d.user.role)},
                       {"email_verified_at", export_opt(d.user.email_verified_at)},
                       {"created_at", d.user.created_at},
                       {"updated_at", d.user.updated_at}};
  if (d.closure)
    account["closure"] = {{"closed_at", d.closure->closed_at}, {"reason", d.closure->reason}};
  json::object out{{"account", std::move(account)}};
  if (!d.profile) return out;
  const auto& p = d.profile->profile;
  const auto& s = d.profile->settings;
  json::array services, zips;
  for (const auto& x : p.services) services.push_back(json::value(x));
  for (const auto& x : p.extra_zips) zips.push_back(json::value(x));
  out["profile"] = {{"business_name", p.business_name},
                    {"contact_name", p.contact_name},
                    {"phone", p.phone_e164},
                    {"licence_number", p.licence_number},
                    {"licence_state", p.licence_state},
                    {"insurance_carrier", p.insurance_carrier},
                    {"insurance_expires_on", p.insurance_expires_on},
                    {"years_in_business", p.years_in_business},
                    {"description", p.description},
                    {"services", std::move(services)},
                    {"base_zip", p.base_zip},
                    {"radius_miles", p.radius_miles},
                    {"extra_zips", std::move(zips)},
                    {"plan_status", domain::to_string(d.plan.status)},
                    {"plan", plan_standing_json(d.plan)}};
  out["settings"] = {{"notify_email", s.notify_email},
                     {"notify_sms", s.notify_sms},
                     {"quiet_start_minute", s.quiet_start_minute},
                     {"quiet_end_minute", s.quiet_end_minute},
                     {"utc_offset_minutes", s.utc_offset_minutes},
                     {"daily_cap", s.daily_cap},
                     {"paused", s.paused}};
  return out;
}

json::object verification_json(const ExportData& d) {
  json::object out;
  if (d.profile) {
    const auto& r = d.profile->review;
    out["review"] = {{"status", domain::to_string(r.status)},
                     {"reason", r.reason},
                     {"licence_verified_on", r.licence_verified_on},
                     {"insurance_valid_until", r.insurance_valid_until},
                     {"reviewed_at", r.reviewed_at}};
  }
  json::array changes;
  for (const auto& c : d.changes)
    changes.push_back({{"field", c.field},
                       {"old_value", c.old_value},
                       {"new_value", c.new_value},
                       {"created_at", c.created_at},
                       {"checked_at", export_opt(c.reviewed_at)}});
  out["profile_changes"] = std::move(changes);
  return out;
}

}  // namespace

Result<DataExport> export_plumber_data(store::Store& store, const Clock& clock,
                                       domain::UserId user_id) {
  try {
    auto data = store.read<std::optional<ExportData>>([&](store::Tx& tx) {
      auto u = tx.user_by_id(user_id);
      return u ? std::optional<ExportData>(read_export(tx, *u)) : std::nullopt;
    });
    if (!data) return Error::make(ErrorCode::not_found, "There is no such account.");
    const auto& d = *data;
    auto now = clock.now_ms();
    ZipArchive z;
    z.add("README.txt",
          "Everything Plumbline holds about your account, exported " + export_date(now) +
              ".\r\n\r\nprofile.json       your account, profile and settings\r\n"
              "verification.json  what our staff checked and when, and changes to checked facts\r\n"
              "claims.json/.csv   the requests you claimed, with the contact details you bought\r\n"
              "ledger.json/.csv   every credit movement and your balance\r\n"
              "payments.json/.csv your payments\r\n"
              "messages.json      e-mails and texts we sent you\r\n"
              "sessions.json      where your account is logged in\r\n"
              "Times are milliseconds since 1970-01-01 UTC.\r\n",
          now);
    z.add("profile.json", pretty(profile_json(d)), now);
    z.add("verification.json", pretty(verification_json(d)), now);

    json::array claims;
    std::vector<std::vector<std::string>> claim_rows;
    for (std::size_t i = 0; i < d.claims.size(); ++i) {
      const auto& c = d.claims[i].claim;
      const auto& l = d.claims[i].lead;
      const auto& dispute = d.disputes[i];
      claims.push_back(
          {{"claim_id", c.id.value},
           {"lead_id", c.lead_id.value},
           {"claimed_at", c.created_at},
           {"price_credits", c.price_credits},
           {"outcome", domain::to_string(c.outcome)},
           {"job_value_cents", c.job_value_cents},
           {"notes", c.notes},
           {"refunded_at", export_opt(c.refunded_at)},
           {"dispute_status", dispute ? json::value(domain::to_string(dispute->status)) : nullptr},
           {"service_type", l.service_type},
           {"description", l.description},
           {"city", l.city},
           {"state", l.state},
           {"zip", l.zip},
           {"homeowner",
            {{"name", l.name},
             {"phone", l.phone_e164},
             {"email", l.email},
             {"address", l.address}}}});
      claim_rows.push_back({std::to_string(c.id.value), std::to_string(c.lead_id.value),
                            export_date(c.created_at), std::to_string(c.price_credits),
                            domain::to_string(c.outcome), l.service_type, l.city, l.state, l.zip,
                            l.name, l.phone_e164, l.email, l.address,
                            c.refunded_at ? export_date(*c.refunded_at) : ""});
    }
    z.add("claims.json", pretty(claims), now);
    z.add("claims.csv",
          export_csv({"claim_id", "lead_id", "claimed_at", "price_credits", "outcome", "service",
                      "city", "state", "zip", "name", "phone", "email", "address", "refunded_at"},
                     claim_rows),
          now);

    json::array ledger;
    std::vector<std::vector<std::string>> ledger_rows;
    for (const auto& e : d.ledger) {
      ledger.push_back({{"id", e.id},
                        {"kind", e.kind},
                        {"amount", e.amount},
                        {"reason", e.reason},
                        {"reference", e.reference},
                        {"created_at", e.created_at}});
      ledger_rows.push_back({std::to_string(e.id), export_date(e.created_at), e.kind,
                             std::to_string(e.amount), e.reason, e.reference});
    }
    z.add("ledger.json", pretty(json::object{{"balance", d.balance}, {"entries", ledger}}), now);
    z.add("ledger.csv",
          export_csv({"id", "at", "kind", "amount", "reason", "reference"}, ledger_rows), now);

    json::array payments;
    std::vector<std::vector<std::string>> payment_rows;
    for (const auto& p : d.payments) {
      payments.push_back({{"id", p.id},
                          {"kind", p.kind},
                          {"description", p.description},
                          {"credits", p.credits},
                          {"amount_cents", p.amount_cents},
                          {"currency", p.currency},
                          {"amount_refunded_cents", p.amount_refunded_cents},
                          {"receipt_url", p.receipt_url},
                          {"created_at", p.created_at}});
      payment_rows.push_back({std::to_string(p.id), export_date(p.created_at), p.kind,
                              p.description, std::to_string(p.amount_cents), p.currency,
                              std::to_string(p.amount_refunded_cents), p.receipt_url});
    }
    z.add("payments.json", pretty(payments), now);
    z.add("payments.csv",
          export_csv({"id", "at", "kind", "description", "amount_cents", "currency",
                      "refunded_cents", "receipt_url"},
                     payment_rows),
          now);

    json::array messages;
    for (const auto& m : d.messages) {
      json::value data;
      try {
        data = json::parse(m.data_json.empty() ? "{}" : m.data_json);
      } catch (const std::exception&) {
        data = m.data_json;
      }
      messages.push_back({{"id", m.id},
                          {"kind", m.kind},
                          {"channel", m.channel},
                          {"recipient", m.recipient},
                          {"status", domain::to_string(m.status)},
                          {"created_at", m.created_at},
                          {"sent_at", export_opt(m.sent_at)},
                          {"data", std::move(data)}});
    }
    z.add("messages.json", pretty(messages), now);

    json::array sessions;
    for (const auto& s : d.sessions)
      sessions.push_back({{"created_at", s.created_at},
                          {"last_seen_at", s.last_seen_at},
                          {"expires_at", s.absolute_expires_at},
                          {"remember", s.remember},
                          {"ip", s.ip},
                          {"user_agent", s.user_agent}});
    z.add("sessions.json", pretty(sessions), now);

    log::info("privacy_event", {{"event", "data_exported"}, {"user_id", user_id.value}});
    return DataExport{"plumbline-export-" + std::to_string(user_id.value) + "-" +
                          export_date(now).substr(0, 10) + ".zip",
                      z.finish()};
  } catch (const domain::Failure& e) {
    return unavailable_error(e, "export_plumber_data");
  }
}

}  // namespace plumbline::services
