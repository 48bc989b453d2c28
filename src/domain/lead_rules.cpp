// Validation of homeowner requests: one message per field, written for the homeowner.
#include "domain/lead_rules.hpp"

#include <algorithm>
#include <cctype>

#include "domain/contact.hpp"
#include "domain/settings.hpp"

namespace plumbline::domain {

std::string consent_text(int max_claims) {
  return render_consent(default_consent_template(), max_claims);
}

namespace {

std::string clip(std::string_view s, std::size_t max_bytes) {
  // Marketing fields are captured silently: never reject, only cut to a safe size on a UTF-8
  // boundary.
  if (s.size() <= max_bytes) return std::string(s);
  std::size_t n = max_bytes;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return std::string(s.substr(0, n));
}

}  // namespace

Result<NewLead> validate_lead(const LeadInput& in, const Catalog& catalog,
                              const geo::ZipTable& zips, const RequestContext& ctx) {
  std::vector<FieldError> errs;
  NewLead out;
  auto fail = [&](const char* field, std::string msg) { errs.push_back({field, std::move(msg)}); };

  out.service_type = trim(in.service_type);
  if (out.service_type.empty())
    fail("service_type", "Choose the kind of work you need.");
  else if (!catalog.service(out.service_type))
    fail("service_type", "Choose one of the listed kinds of work.");

  out.description = trim(in.description);
  auto dlen = utf8_length(out.description);
  if (dlen == 0)
    fail("description", "Describe the problem in a few words.");
  else if (dlen < 10)
    fail("description", "Add a little more detail (at least 10 characters).");
  else if (dlen > 2000)
    fail("description", "Keep the description under 2,000 characters.");
  else if (has_control_chars(out.description, true))
    fail("description", "Remove unusual control characters.");

  out.urgency = trim(in.urgency);
  if (out.urgency.empty())
    fail("urgency", "Tell us how soon you need a plumber.");
  else if (!catalog.urgency(out.urgency))
    fail("urgency", "Choose one of the listed time frames.");

  std::string zip_raw = trim(in.zip);
  std::string z = zip5(zip_raw);
  if (zip_raw.empty())
    fail("zip", "Enter the ZIP code where the work is.");
  else if (z.empty())
    fail("zip", "Enter a 5-digit ZIP code, like 94110.");
  else if (const auto* info = zips.find(z)) {
    out.zip = z;
    out.lat = info->lat;
    out.lng = info->lng;
    out.city = info->city;
    out.state = info->state;
  } else {
    fail("zip", "We don't know ZIP code " + z + ". Check it and try again.");
  }

  out.address = trim(in.address);
  if (utf8_length(out.address) > 200)
    fail("address", "Keep the address under 200 characters.");
  else if (has_control_chars(out.address, false))
    fail("address", "Remove unusual control characters.");

  out.name = trim(in.name);
  auto nlen = utf8_length(out.name);
  if (nlen == 0)
    fail("name", "Enter your name so the plumber knows who to ask for.");
  else if (nlen < 2 || nlen > 100)
    fail("name", "Enter a name between 2 and 100 characters.");
  else if (has_control_chars(out.name, false))
    fail("name", "Remove unusual control characters.");

  std::string phone = trim(in.phone);
  if (phone.empty())
    fail("phone", "Enter a phone number where plumbers can reach you.");
  else if (auto e164 = normalize_us_phone(phone))
    out.phone_e164 = *e164;
  else
    fail("phone", "Enter a 10-digit US phone number, like (415) 555-0134.");

  out.email = trim(in.email);
  if (out.email.empty())
    fail("email", "Enter your e-mail address; we send your tracking link there.");
  else if (!plausible_email(out.email))
    fail("email", "Enter a valid e-mail address, like you@example.com.");

  out.contact_method = trim(in.contact_method);
  if (out.contact_method.empty())
    fail("contact_method", "Choose how you prefer to be contacted.");
  else if (out.contact_method != "phone" && out.contact_method != "text" &&
           out.contact_method != "email")
    fail("contact_method", "Choose phone, text or e-mail.");

  out.best_time = trim(in.best_time);
  if (utf8_length(out.best_time) > 100)
    fail("best_time", "Keep the best time under 100 characters.");
  else if (has_control_chars(out.best_time, false))
    fail("best_time", "Remove unusual control characters.");

  if (!in.consent)
    fail("consent",
         "Tick the box to agree to be contacted; we cannot pass on your request without it.");

  if (!errs.empty()) {
    Error e = Error::make(ErrorCode::invalid_input, "Some answers need fixing.");
    e.details = std::move(errs);
    return e;
  }
  out.consent_text = ctx.consent_text.empty() ? consent_text(ctx.max_claims) : ctx.consent_text;
  out.consent_at = ctx.now;
  out.consent_ip = ctx.ip;
  out.consent_user_agent = clip(ctx.user_agent, 512);
  out.utm_source = clip(trim(in.utm_source), 100);
  out.utm_medium = clip(trim(in.utm_medium), 100);
  out.utm_campaign = clip(trim(in.utm_campaign), 100);
  out.referrer = clip(trim(in.referrer), 500);
  out.source = ctx.source;
  return out;
}

std::string zip5(const std::string& raw) {
  // Accepts "12345" and ZIP+4 "12345-6789".
  if (raw.size() == 5 && std::all_of(raw.begin(), raw.end(), ::isdigit)) return raw;
  if (raw.size() == 10 && raw[5] == '-' && std::all_of(raw.begin(), raw.begin() + 5, ::isdigit) &&
      std::all_of(raw.begin() + 6, raw.end(), ::isdigit))
    return raw.substr(0, 5);
  return {};
}

bool plausible_tracking_token(const std::string& t) {
  if (t.size() < 22 || t.size() > 64) return false;
  for (char c : t)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
  return true;
}

bool homeowner_can_cancel(LeadStatus status) {
  return status == LeadStatus::open || status == LeadStatus::full;
}

std::string status_label(LeadStatus status) {
  // Short on purpose: who was sent the request is the status line's (domain/lead_reach.hpp).
  if (status == LeadStatus::open) return "Open";
  if (status == LeadStatus::full) return "Full";
  if (status == LeadStatus::closed) return "Closed";
  return "Expired";
}

}  // namespace plumbline::domain
