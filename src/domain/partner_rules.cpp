// The rules of partner lead sources: staff's form, the consent evidence, what a source may send.
#include <algorithm>
#include <cctype>
#include <charconv>

#include "domain/contact.hpp"
#include "domain/partners.hpp"

namespace plumbline::domain {

namespace {

std::optional<int> whole_number(const std::string& text, int lo, int hi) {
  auto t = trim(text);
  int v = 0;
  auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (t.empty() || ec != std::errc() || end != t.data() + t.size() || v < lo || v > hi)
    return std::nullopt;
  return v;
}

// "https://host[:port]" or "http://host[:port]", nothing after: what frame-ancestors and the
// Origin header compare.
bool is_origin(const std::string& o) {
  std::string_view rest = o;
  if (rest.starts_with("https://"))
    rest.remove_prefix(8);
  else if (rest.starts_with("http://"))
    rest.remove_prefix(7);
  else
    return false;
  if (rest.empty() || rest.size() > 253) return false;
  return std::all_of(rest.begin(), rest.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':';
  });
}

bool is_zip_prefix(const std::string& z) {
  return !z.empty() && z.size() <= 5 &&
         std::all_of(z.begin(), z.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::string item;
  auto flush = [&] {
    auto t = trim(item);
    if (!t.empty() && std::find(out.begin(), out.end(), t) == out.end()) out.push_back(t);
    item.clear();
  };
  for (char c : text) {
    if (c == ',' || c == ' ' || c == '\n' || c == '\r' || c == '\t')
      flush();
    else
      item += c;
  }
  flush();
  return out;
}

std::string join_list(const std::vector<std::string>& items, const char* separator) {
  std::string out;
  for (const auto& i : items) {
    if (!out.empty()) out += separator;
    out += i;
  }
  return out;
}

Result<PartnerSource> validate_partner_source(const PartnerSourceInput& in,
                                              const std::vector<std::string>& known_services) {
  Error e = Error::make(ErrorCode::invalid_input, "Some answers need fixing.");
  PartnerSource s;
  s.name = trim(in.name);
  if (s.name.empty() || s.name.size() > 100)
    e.details.push_back({"name", "Enter the source's name (up to 100 characters)."});
  s.contact = trim(in.contact);
  if (s.contact.size() > 300)
    e.details.push_back({"contact", "Keep the contact to 300 characters."});
  s.services = split_list(in.services);
  for (const auto& k : s.services)
    if (std::find(known_services.begin(), known_services.end(), k) == known_services.end()) {
      e.details.push_back({"services", "\"" + k + "\" is not a service of the catalog."});
      break;
    }
  s.areas = split_list(in.areas);
  for (const auto& z : s.areas)
    if (!is_zip_prefix(z)) {
      e.details.push_back(
          {"areas", "\"" + z + "\" is not a ZIP code or the start of one (digits only)."});
      break;
    }
  auto cap =
      trim(in.daily_cap).empty() ? std::optional<int>(0) : whole_number(in.daily_cap, 0, 100000);
  if (!cap)
    e.details.push_back({"daily_cap", "Enter a whole number of requests a day (0 for no cap)."});
  else
    s.daily_cap = *cap;
  auto rate = trim(in.rate_per_minute).empty() ? std::optional<int>(60)
                                               : whole_number(in.rate_per_minute, 1, 6000);
  if (!rate)
    e.details.push_back({"rate_per_minute", "Enter requests per minute per key, 1 to 6000."});
  else
    s.rate_per_minute = *rate;
  s.terms = trim(in.terms);
  if (s.terms.size() > 500) e.details.push_back({"terms", "Keep the note to 500 characters."});
  s.frame_origins = split_list(in.frame_origins);
  for (auto& o : s.frame_origins) {
    while (o.ends_with('/')) o.pop_back();
    if (!is_origin(o)) {
      e.details.push_back({"frame_origins", "\"" + o +
                                                "\" is not an origin such as "
                                                "https://partner.example (no path)."});
      break;
    }
  }
  if (!e.details.empty()) return e;
  return s;
}

std::vector<FieldError> consent_evidence_problems(const ConsentEvidence& e, Millis now) {
  std::vector<FieldError> out;
  if (trim(e.text).empty())
    out.push_back({"consent_evidence.text", "Send the consent wording the homeowner was shown."});
  else if (e.text.size() > 4000)
    out.push_back({"consent_evidence.text", "Keep the wording to 4000 characters."});
  // Not in the future (a minute's clock skew allowed) and not before 2020.
  if (e.at <= 1577836800000 || e.at > now + 60000)
    out.push_back({"consent_evidence.at",
                   "Send when the homeowner agreed, in Unix milliseconds, not in the future."});
  if (trim(e.ip).empty() || e.ip.size() > 45 ||
      e.ip.find_first_not_of("0123456789abcdefABCDEF.:") != std::string::npos)
    out.push_back({"consent_evidence.ip", "Send the homeowner's IP address."});
  if (!(e.page_url.starts_with("https://") || e.page_url.starts_with("http://")) ||
      e.page_url.size() > 2000)
    out.push_back({"consent_evidence.page_url", "Send the address of the page the form was on."});
  return out;
}

std::optional<FieldError> partner_refusal(const PartnerSource& s, const std::string& service_type,
                                          const std::string& zip) {
  if (!s.services.empty() &&
      std::find(s.services.begin(), s.services.end(), service_type) == s.services.end())
    return FieldError{"service_type", "This source may not send requests for this service."};
  if (!s.areas.empty() && std::none_of(s.areas.begin(), s.areas.end(),
                                       [&](const auto& p) { return zip.starts_with(p); }))
    return FieldError{"zip", "This source may not send requests for this area."};
  return std::nullopt;
}

bool key_allows(const PartnerKey& k, const std::string& scope) {
  return !k.revoked() && std::find(k.scopes.begin(), k.scopes.end(), scope) != k.scopes.end();
}

bool plausible_partner_key(const std::string& key) {
  return key.starts_with(partner_key_prefix) && key.size() == 4 + 43 &&
         std::all_of(key.begin() + 4, key.end(), [](char c) {
           return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
         });
}

}  // namespace plumbline::domain
