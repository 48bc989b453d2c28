// Fuzz target: the validators every form and API reads through (domain/contact, domain/lead_rules):
// phone, e-mail, ZIP, names and the whole lead. Oracles: what a validator accepts is in its
// normal form and accepted again unchanged; a valid lead's text fields hold no control characters.
#include <algorithm>

#include "domain/contact.hpp"
#include "domain/lead_rules.hpp"
#include "fuzz_input.hpp"

namespace {

using namespace plumbline;

domain::Catalog catalog() {
  domain::Catalog c;
  c.services = {{"leak_repair", "Leak repair", 2, true}, {"retired", "Retired", 2, false}};
  c.urgencies = {{"emergency", "Emergency", 1}, {"flexible", "Flexible", 0}};
  return c;
}

const geo::ZipTable& zips() {
  static const auto t = geo::ZipTable::parse(
      "# fuzz\n94110\t37.75\t-122.415\tSan Francisco\tCA\n00601\t18.18\t-66.75\t\tPR\n");
  return t;
}

bool digits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

void single_fields(std::string_view s) {
  if (auto phone = domain::normalize_us_phone(s)) {
    FUZZ_CHECK(phone->size() == 12 && phone->starts_with("+1") && digits(phone->substr(2)));
    FUZZ_CHECK(domain::normalize_us_phone(*phone) == phone);
    FUZZ_CHECK(domain::normalize_us_phone(domain::display_phone(*phone)) == phone);
  }
  (void)domain::display_phone(s);
  if (domain::plausible_email(s)) {
    FUZZ_CHECK(s.size() <= 254 && s.find('@') != std::string_view::npos);
    FUZZ_CHECK(!domain::has_control_chars(s, false));
  }
  auto trimmed = domain::trim(s);
  FUZZ_CHECK(trimmed.size() <= s.size() && s.find(trimmed) != std::string_view::npos);
  FUZZ_CHECK(domain::trim(trimmed) == trimmed);
  if (!domain::has_control_chars(s, true)) FUZZ_CHECK(domain::utf8_length(s) <= s.size());
  auto zip = domain::zip5(std::string(s));
  FUZZ_CHECK(zip.empty() || (zip.size() == 5 && digits(zip) && s.starts_with(zip)));
  (void)domain::plausible_tracking_token(std::string(s));
  (void)domain::contact_method_label(s);
}

}  // namespace

// Input: up to 11 fields separated by NUL: service, description, urgency, ZIP, address, name,
// phone, e-mail, contact method, best time, then flags (consent, send anyway) in the last field.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto input = fuzz::text(data, size);
  single_fields(input);
  auto f = fuzz::fields(input, 11);
  domain::LeadInput in;
  in.service_type = f[0];
  in.description = f[1];
  in.urgency = f[2];
  in.zip = f[3];
  in.address = f[4];
  in.name = f[5];
  in.phone = f[6];
  in.email = f[7];
  in.contact_method = f[8];
  in.best_time = f[9];
  in.consent = f[10].find('c') != std::string_view::npos;
  in.send_anyway = f[10].find('s') != std::string_view::npos;
  domain::RequestContext ctx{"203.0.113.9", "fuzz", "web", 1'700'000'000'000};
  static const auto cat = catalog();
  auto lead = domain::validate_lead(in, cat, zips(), ctx);
  if (lead.ok()) {
    const auto& l = lead.value();
    FUZZ_CHECK(in.consent);
    FUZZ_CHECK(l.zip == "94110" || l.zip == "00601");
    FUZZ_CHECK(l.name.size() >= 2 && !domain::has_control_chars(l.name, false));
    FUZZ_CHECK(!domain::has_control_chars(l.description, true));
    FUZZ_CHECK(l.email.empty() || domain::plausible_email(l.email));
    FUZZ_CHECK(l.phone_e164.empty() || domain::normalize_us_phone(l.phone_e164) == l.phone_e164);
  } else {
    FUZZ_CHECK(!lead.error().details.empty() || !lead.error().message.empty());
  }
  return 0;
}
