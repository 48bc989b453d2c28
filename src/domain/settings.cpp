// Business settings: the field table, each field's validator, the consent template and the checks
// of a catalog edit.
#include "domain/settings.hpp"

#include <cctype>
#include <charconv>
#include <set>

#include "domain/contact.hpp"

namespace plumbline::domain {

namespace {

using S = BusinessSettings;
using K = SettingKind;

// "22:00" → 1320; nullopt for anything that is not HH:MM on a 24-hour clock.
std::optional<int> settings_parse_hhmm(std::string_view v) {
  if (v.size() != 5 || v[2] != ':') return std::nullopt;
  for (int i : {0, 1, 3, 4})
    if (!std::isdigit(static_cast<unsigned char>(v[i]))) return std::nullopt;
  int h = (v[0] - '0') * 10 + (v[1] - '0'), m = (v[3] - '0') * 10 + (v[4] - '0');
  if (h > 23 || m > 59) return std::nullopt;
  return h * 60 + m;
}

std::string settings_hhmm(int minute) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d:%02d", minute / 60 % 24, minute % 60);
  return buf;
}

// Line endings as the browser sends them (CR LF) become LF, so the same text compares equal.
std::string settings_unix_lines(std::string_view v) {
  std::string out;
  out.reserve(v.size());
  for (std::size_t i = 0; i < v.size(); ++i)
    if (!(v[i] == '\r' && i + 1 < v.size() && v[i + 1] == '\n')) out += v[i];
  return out;
}

bool settings_zone_syntax(std::string_view v) {
  bool ok = !v.empty() && v.size() <= 64 && v.front() != '/' && v.find("..") == v.npos;
  for (char ch : v)
    ok = ok && (std::isalnum(static_cast<unsigned char>(ch)) || ch == '/' || ch == '_' ||
                ch == '-' || ch == '+');
  return ok;
}

std::string settings_length_message(const SettingField& f) {
  if (f.min > 0)
    return "Enter between " + std::to_string(f.min) + " and " + std::to_string(f.max) +
           " characters.";
  return "Keep it under " + std::to_string(f.max + 1) + " characters.";
}

}  // namespace

const std::vector<SettingField>& setting_fields() {
  static const std::vector<SettingField> fields{
      {"max_claims_per_lead", "rules", "Claims per lead", "Plumbers who may claim one request.",
       K::number, 1, 50, &S::max_claims_per_lead},
      {"lead_expiry_hours", "rules", "Lead expiry (hours)",
       "An open request expires this long after it was made.", K::number, 1, 24 * 365,
       &S::lead_expiry_hours},
      {"duplicate_window_days", "rules", "Duplicate window (days)",
       "A request from the same contact for the same service within this many days is marked a "
       "duplicate.",
       K::number, 0, 90, &S::duplicate_window_days},
      {"dispute_window_days", "rules", "Dispute window (days)",
       "A claim may be disputed this long after it was made.", K::number, 0, 365,
       &S::dispute_window_days},
      {"never_requested_window_days", "rules", "\"Never requested\" window (days)",
       "When a homeowner says they never made a request, claims younger than this are refunded at "
       "once; older ones go to the dispute queue.",
       K::number, 0, 365, &S::never_requested_window_days},
      {"past_due_grace_days", "rules", "Past-due grace (days)",
       "A plumber whose plan payment failed keeps claiming this long.", K::number, 0, 90,
       &S::past_due_grace_days},
      {"default_daily_cap", "rules", "Default daily cap",
       "A new plumber's claims per rolling 24 hours (they can change it).", K::number, 0, 1000,
       &S::default_daily_cap},
      {"default_quiet_start", "rules", "Default quiet hours start (HH:MM)",
       "A new plumber's quiet hours for text alerts; the same start and end means none.",
       K::clock_time, 0, 1439, &S::default_quiet_start_minute},
      {"default_quiet_end", "rules", "Default quiet hours end (HH:MM)", "", K::clock_time, 0, 1439,
       &S::default_quiet_end_minute},
      // Issue 17: verified reviews.
      {"review_request_days", "rules", "Review request delay (days)",
       "The homeowner is asked to review the plumber they hired this many days after the hire.",
       K::number, 0, 90, &S::review_request_days},
      {"platform_name", "business", "Platform name", "", K::line, 1, 80, nullptr,
       &S::platform_name},
      {"support_email", "business", "Support e-mail", "", K::email, 0, 254, nullptr,
       &S::support_email},
      {"support_phone", "business", "Support phone", "A US number.", K::phone, 0, 40, nullptr,
       &S::support_phone},
      {"postal_address", "business", "Postal address", "", K::text, 0, 500, nullptr,
       &S::postal_address},
      {"time_zone", "business", "Time zone", "An IANA name, e.g. America/Chicago.", K::time_zone, 1,
       64, nullptr, &S::time_zone},
      {"terms_text", "legal", "Terms of service", "Shown at /terms; blank lines start paragraphs.",
       K::text, 0, 50000, nullptr, &S::terms_text},
      {"privacy_text", "legal", "Privacy notice",
       "Shown at /privacy; blank lines start paragraphs.", K::text, 0, 50000, nullptr,
       &S::privacy_text},
      {"consent_template", "legal", "Consent wording (request form)",
       "Stored with each new request; {{max_claims}} is replaced by the claims per lead.",
       K::consent, 20, 5000, nullptr, &S::consent_template},
      // Issue 17 item 1 (docs/trust.md, "Verified phone").
      {"phone_verification", "rules", "Phone verification (badge or required)",
       "badge: plumbers are sent a request at once and see \"Phone verified\" once the homeowner "
       "enters the texted code; required: a request is sent to plumbers only after the code is "
       "entered, and expires 30 minutes after the request without it.",
       K::choice, 0, 0, nullptr, &S::phone_verification, "badge|required"},
  };
  return fields;
}

const SettingField* setting_field(std::string_view key) {
  for (const auto& f : setting_fields())
    if (key == f.key) return &f;
  return nullptr;
}

std::string setting_text(const BusinessSettings& s, const SettingField& f) {
  if (f.kind == K::clock_time) return settings_hhmm(s.*f.number);
  if (f.number) return std::to_string(s.*f.number);
  return s.*f.text;
}

std::optional<std::string> set_setting(BusinessSettings& s, const SettingField& f,
                                       std::string_view raw, const ZoneKnown& zone_known) {
  std::string v =
      f.kind == K::text || f.kind == K::consent ? settings_unix_lines(trim(raw)) : trim(raw);
  if (f.kind == K::number) {
    std::int64_t n = 0;
    auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
    if (v.empty() || ec != std::errc() || end != v.data() + v.size() || n < f.min || n > f.max)
      return "Enter a whole number from " + std::to_string(f.min) + " to " + std::to_string(f.max) +
             ".";
    s.*f.number = static_cast<int>(n);
    return std::nullopt;
  }
  if (f.kind == K::clock_time) {
    auto m = settings_parse_hhmm(v);
    if (!m) return "Enter a time as HH:MM, e.g. 21:00.";
    s.*f.number = *m;
    return std::nullopt;
  }
  if (f.kind == K::choice) {
    std::string_view allowed = f.choices ? f.choices : "";
    for (std::size_t at = 0; at <= allowed.size();) {
      auto bar = allowed.find('|', at);
      if (bar == allowed.npos) bar = allowed.size();
      if (!v.empty() && allowed.substr(at, bar - at) == v) {
        s.*f.text = std::move(v);
        return std::nullopt;
      }
      at = bar + 1;
    }
    std::string words;
    for (char ch : allowed) words += ch == '|' ? std::string(" or ") : std::string(1, ch);
    return "Enter " + words + ".";
  }
  auto length = utf8_length(v);
  if (length < static_cast<std::size_t>(f.min) || length > static_cast<std::size_t>(f.max))
    return settings_length_message(f);
  bool multiline = f.kind == K::text || f.kind == K::consent;
  if (has_control_chars(v, multiline)) return "Remove unusual control characters.";
  if (f.kind == K::email && !v.empty()) {
    for (auto& ch : v) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (!plausible_email(v)) return "Enter an e-mail address like help@example.com.";
  }
  if (f.kind == K::phone && !v.empty()) {
    auto e164 = normalize_us_phone(v);
    if (!e164) return "Enter a US phone number like (415) 555-0134.";
    v = *e164;
  }
  if (f.kind == K::time_zone && (!settings_zone_syntax(v) || !zone_known || !zone_known(v)))
    return "Enter a time zone this server knows, e.g. America/Chicago.";
  if (f.kind == K::consent) {
    for (auto at = v.find("{{"); at != v.npos; at = v.find("{{", at + 2))
      if (v.compare(at, 14, "{{max_claims}}") != 0)
        return "Only {{max_claims}} may appear in double braces.";
  }
  s.*f.text = std::move(v);
  return std::nullopt;
}

Result<BusinessSettings> apply_settings(
    BusinessSettings current, const std::vector<std::pair<std::string, std::string>>& changes,
    const ZoneKnown& zone_known) {
  std::vector<FieldError> errs;
  for (const auto& [key, value] : changes) {
    const auto* f = setting_field(key);
    if (!f) {
      errs.push_back({key, "There is no setting called " + key + "."});
      continue;
    }
    if (auto why = set_setting(current, *f, value, zone_known)) errs.push_back({key, *why});
  }
  if (!errs.empty()) {
    auto e = Error::make(ErrorCode::invalid_input, "Some settings need fixing; nothing was saved.");
    e.details = std::move(errs);
    return e;
  }
  return current;
}

std::string render_consent(std::string_view consent_template, int max_claims) {
  std::string out;
  const std::string_view mark = "{{max_claims}}";
  std::size_t i = 0;
  for (auto at = consent_template.find(mark); at != consent_template.npos;
       at = consent_template.find(mark, i)) {
    out.append(consent_template.substr(i, at - i));
    out += std::to_string(max_claims);
    i = at + mark.size();
  }
  out.append(consent_template.substr(i));
  return out;
}

std::string default_consent_template() {
  return "I agree that Plumbline may share my request and contact details with up to "
         "{{max_claims}} licensed plumbers who serve my area, and that they and Plumbline may "
         "contact me about this request by phone, text message or e-mail, including by automated "
         "means. Consent is not a condition of any purchase. Message and data rates may apply; "
         "reply STOP to opt out of texts. Plumbers who take on my request keep the contact details "
         "they were given. Once my request is closed or expired I can delete my details from its "
         "tracking page; otherwise Plumbline anonymises them when the retention period on its "
         "privacy page has passed.";
}

std::string default_terms_text() {
  return "These terms have not been written yet by the operator of this site.\n\n"
         "Homeowners use the request form for free. Plumbers pay in credits for the requests they "
         "claim, at the price shown before they claim.";
}

std::string default_privacy_text() {
  return "We use the details you give in a request to pass it on to the licensed plumbers who "
         "serve your area, as the consent on the request form says.\n\n"
         "You can delete your details from your request's tracking page once it is closed or "
         "expired; otherwise we anonymise them after the retention period.";
}

std::optional<Error> catalog_refusal(const Catalog& proposed, const Catalog& current) {
  std::vector<FieldError> errs;
  std::set<std::string> seen;
  auto slug_ok = [](const std::string& s) {
    if (s.empty() || s.size() > 40) return false;
    for (char ch : s)
      if (!(std::islower(static_cast<unsigned char>(ch)) ||
            std::isdigit(static_cast<unsigned char>(ch)) || ch == '_'))
        return false;
    return true;
  };
  auto check_label = [&](const std::string& field, const std::string& label) {
    auto n = utf8_length(label);
    if (n < 1 || n > 80 || has_control_chars(label, false))
      errs.push_back({field, "Enter a label of 1 to 80 characters."});
  };
  for (std::size_t i = 0; i < proposed.services.size(); ++i) {
    const auto& s = proposed.services[i];
    auto at = "services[" + std::to_string(i) + "].";
    if (!slug_ok(s.slug))
      errs.push_back({at + "slug", "Use 1 to 40 lower-case letters, digits or underscores."});
    else if (!seen.insert(s.slug).second)
      errs.push_back({at + "slug", "This service is listed twice."});
    check_label(at + "label", s.label);
    if (utf8_length(s.description) > 500 || has_control_chars(s.description, true))
      errs.push_back({at + "description", "Keep the description under 500 characters."});
    if (s.base_price_credits < 0 || s.base_price_credits > 1000)
      errs.push_back({at + "base_price_credits", "Enter a price from 0 to 1000 credits."});
    if (s.sort_order < 0 || s.sort_order > 10000)
      errs.push_back({at + "sort_order", "Enter a display order from 0 to 10000."});
  }
  for (std::size_t i = 0; i < proposed.urgencies.size(); ++i) {
    const auto& u = proposed.urgencies[i];
    auto at = "urgencies[" + std::to_string(i) + "].";
    bool known = false;
    for (const auto& c : current.urgencies) known = known || c.slug == u.slug;
    if (!known) errs.push_back({at + "slug", "There is no urgency called " + u.slug + "."});
    check_label(at + "label", u.label);
    if (u.surcharge_credits < 0 || u.surcharge_credits > 1000)
      errs.push_back({at + "surcharge_credits", "Enter a surcharge from 0 to 1000 credits."});
  }
  if (errs.empty()) return std::nullopt;
  auto e =
      Error::make(ErrorCode::invalid_input, "Some catalog entries need fixing; nothing was saved.");
  e.details = std::move(errs);
  return e;
}

}  // namespace plumbline::domain
