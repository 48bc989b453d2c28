// Plumber profile, settings and review rules: validation in words a plumber understands.
#include "domain/marketplace_rules.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

#include "domain/contact.hpp"

namespace plumbline::domain {

namespace {

// USPS codes of the states, DC and the territories that issue plumbing licences.
constexpr std::array<std::string_view, 56> licence_states{
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL",
    "IN", "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE",
    "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD",
    "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY", "PR", "VI", "GU", "AS", "MP"};

bool is_zip5(std::string_view z) {
  return z.size() == 5 &&
         std::all_of(z.begin(), z.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// A one-line text field: trimmed, at most `max` characters, no control characters.
void check_line(std::vector<FieldError>& errs, const char* field, std::string& value, bool required,
                std::size_t max, const std::string& what) {
  value = trim(value);
  auto n = utf8_length(value);
  if (n == 0 && required)
    errs.push_back({field, "Enter " + what + "."});
  else if (n > max)
    errs.push_back({field, "Keep " + what + " under " + std::to_string(max) + " characters."});
  else if (has_control_chars(value, false))
    errs.push_back({field, "Remove unusual control characters."});
}

// Keeps the first of each value, in input order.
std::vector<std::string> unique_trimmed(const std::vector<std::string>& in) {
  std::vector<std::string> out;
  for (const auto& raw : in) {
    auto v = trim(raw);
    if (!v.empty() && std::find(out.begin(), out.end(), v) == out.end()) out.push_back(v);
  }
  return out;
}

void check_services(std::vector<FieldError>& errs, PlumberProfileInput& p, const Catalog& catalog) {
  p.services = unique_trimmed(p.services);
  for (const auto& s : p.services)
    if (!catalog.service(s)) {
      errs.push_back({"services", "Choose services from the list (\"" + s + "\" is not one)."});
      return;
    }
}

void check_area(std::vector<FieldError>& errs, PlumberProfileInput& p, const geo::ZipTable& zips) {
  p.base_zip = trim(p.base_zip);
  p.base_lat = p.base_lng = 0;
  if (!p.base_zip.empty()) {
    const auto* info = is_zip5(p.base_zip) ? zips.find(p.base_zip) : nullptr;
    if (!is_zip5(p.base_zip))
      errs.push_back({"base_zip", "Enter a 5-digit ZIP code, like 94110."});
    else if (!info)
      errs.push_back({"base_zip", "We don't know ZIP code " + p.base_zip + ". Check it."});
    else
      p.base_lat = info->lat, p.base_lng = info->lng;
  }
  if (p.radius_miles < radius_min_miles || p.radius_miles > radius_max_miles)
    errs.push_back({"radius_miles", "Choose a radius between " + std::to_string(radius_min_miles) +
                                        " and " + std::to_string(radius_max_miles) + " miles."});
  p.extra_zips = unique_trimmed(p.extra_zips);
  if (p.extra_zips.size() > extra_zips_max) {
    errs.push_back({"extra_zips", "List at most " + std::to_string(extra_zips_max) +
                                      " extra ZIP codes (you gave " +
                                      std::to_string(p.extra_zips.size()) + ")."});
    return;
  }
  std::string unknown;
  for (const auto& z : p.extra_zips)
    if (!is_zip5(z) || !zips.find(z)) unknown += (unknown.empty() ? "" : ", ") + z;
  if (!unknown.empty())
    errs.push_back({"extra_zips",
                    "We don't know these ZIP codes: " + unknown + ". Use 5-digit US ZIP codes."});
}

// YYYY-MM-DD with a real month and day.
bool is_date(std::string_view d) {
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u})
    if (d[i] < '0' || d[i] > '9') return false;
  int y = std::stoi(std::string(d.substr(0, 4)));
  int m = std::stoi(std::string(d.substr(5, 2)));
  int day = std::stoi(std::string(d.substr(8, 2)));
  static constexpr int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1900 || m < 1 || m > 12 || day < 1 || day > days[m - 1]) return false;
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return !(m == 2 && day == 29 && !leap);
}

Error invalid(std::vector<FieldError> errs, std::string message) {
  auto e = Error::make(ErrorCode::invalid_input, std::move(message));
  e.details = std::move(errs);
  return e;
}

}  // namespace

Result<PlumberProfileInput> validate_profile(const PlumberProfileInput& input,
                                             const Catalog& catalog, const geo::ZipTable& zips) {
  std::vector<FieldError> errs;
  PlumberProfileInput p = input;
  check_line(errs, "business_name", p.business_name, true, 100, "your business name");
  check_line(errs, "contact_name", p.contact_name, true, 100, "a contact name");
  auto phone = trim(p.phone_e164);
  if (phone.empty())
    errs.push_back({"phone", "Enter a phone number homeowners can call."});
  else if (auto e164 = normalize_us_phone(phone))
    p.phone_e164 = *e164;
  else
    errs.push_back({"phone", "Enter a 10-digit US phone number, like (415) 555-0134."});
  check_line(errs, "licence_number", p.licence_number, false, 50, "a licence number");
  p.licence_state = upper(trim(p.licence_state));
  if (!p.licence_state.empty() && std::find(licence_states.begin(), licence_states.end(),
                                            p.licence_state) == licence_states.end())
    errs.push_back({"licence_state", "Choose the state that issued your licence."});
  check_line(errs, "insurance_carrier", p.insurance_carrier, false, 100, "an insurance carrier");
  p.insurance_expires_on = trim(p.insurance_expires_on);
  if (!p.insurance_expires_on.empty() && !is_date(p.insurance_expires_on))
    errs.push_back({"insurance_expires_on", "Enter the expiry date as YYYY-MM-DD."});
  if (p.years_in_business < 0 || p.years_in_business > 150)
    errs.push_back({"years_in_business", "Enter the years in business as a number from 0 to 150."});
  p.description = trim(p.description);
  if (utf8_length(p.description) > 2000)
    errs.push_back({"description", "Keep the description under 2,000 characters."});
  else if (has_control_chars(p.description, true))
    errs.push_back({"description", "Remove unusual control characters."});
  check_services(errs, p, catalog);
  check_area(errs, p, zips);
  if (!errs.empty()) return invalid(std::move(errs), "Some answers need fixing.");
  return p;
}

Result<PlumberSettings> validate_settings(const PlumberSettings& in) {
  std::vector<FieldError> errs;
  if (in.quiet_start_minute < 0 || in.quiet_start_minute > 1439)
    errs.push_back({"quiet_start_minute", "Choose a start time between 00:00 and 23:59."});
  if (in.quiet_end_minute < 0 || in.quiet_end_minute > 1439)
    errs.push_back({"quiet_end_minute", "Choose an end time between 00:00 and 23:59."});
  if (in.daily_cap < 0 || in.daily_cap > 1000)
    errs.push_back({"daily_cap", "Enter a daily limit from 0 to 1,000 claims."});
  if (!errs.empty()) return invalid(std::move(errs), "Some settings need fixing.");
  return in;
}

std::vector<std::string> approval_missing(const PlumberProfile& pl, bool email_verified) {
  const auto& p = pl.profile;
  std::vector<std::string> missing;
  auto need = [&](bool ok, const char* what) {
    if (!ok) missing.emplace_back(what);
  };
  need(email_verified, "a verified e-mail address (use the link we e-mailed you)");
  need(!p.business_name.empty(), "your business name");
  need(!p.contact_name.empty(), "a contact name");
  need(!p.phone_e164.empty(), "a phone number");
  need(!p.licence_number.empty(), "your licence number");
  need(!p.licence_state.empty(), "the state that issued your licence");
  need(!p.insurance_carrier.empty(), "your insurance carrier");
  need(!p.insurance_expires_on.empty(), "your insurance expiry date");
  need(!p.services.empty(), "at least one service you offer");
  need(!p.base_zip.empty(), "the ZIP code your service area starts from");
  return missing;
}

Status validate_review(const PlumberReview& r) {
  std::vector<FieldError> errs;
  if (r.status != PlumberStatus::approved && r.status != PlumberStatus::rejected &&
      r.status != PlumberStatus::suspended)
    errs.push_back({"status", "Choose approve, reject or suspend."});
  auto reason = trim(r.reason);
  if (r.status != PlumberStatus::approved && reason.empty())
    errs.push_back({"reason", "Give the plumber a reason; they will see it."});
  else if (utf8_length(reason) > 500)
    errs.push_back({"reason", "Keep the reason under 500 characters."});
  bool approving = r.status == PlumberStatus::approved;
  if (approving && r.licence_verified_on.empty())
    errs.push_back({"licence_verified_on", "Enter the date you checked the licence."});
  else if (!r.licence_verified_on.empty() && !is_date(r.licence_verified_on))
    errs.push_back({"licence_verified_on", "Enter the date as YYYY-MM-DD."});
  if (approving && r.insurance_valid_until.empty())
    errs.push_back({"insurance_valid_until", "Enter the date the insurance is valid until."});
  else if (!r.insurance_valid_until.empty() && !is_date(r.insurance_valid_until))
    errs.push_back({"insurance_valid_until", "Enter the date as YYYY-MM-DD."});
  if (!errs.empty()) return invalid(std::move(errs), "The review needs fixing.");
  return ok_status();
}

bool is_plumber_status(const std::string& s) {
  return parse<PlumberStatus>(s).has_value();
}

bool is_plan_status(const std::string& s) {
  return parse<PlanStatus>(s).has_value();
}

}  // namespace plumbline::domain
