// The reader's time zone: base ZIP for plumbers, request ZIP for homeowners, the setting for staff.
#include "web/local_time.hpp"

#include <map>

#include "services/profiles.hpp"

namespace plumbline::web {

// The console's time zone setting (any zone of the zoneinfo folder, loaded on first use), else
// the config's.
const geo::TimeZone& staff_zone(const Services& a) {
  if (a.business)
    if (const auto* z = a.zones->find(a.business->current()->time_zone)) return *z;
  return a.zones->get_or_utc(a.settings.time_zone);
}

const geo::TimeZone& zip_zone(const Services& a, std::string_view zip) {
  const auto* row = a.zips->find(zip);
  if (!row || row->tz.empty()) return staff_zone(a);
  if (const auto* z = a.zones->find(row->tz)) return *z;
  return staff_zone(a);
}

std::string zone_label(const geo::TimeZone& zone, domain::Millis now) {
  static const std::map<std::string, std::string, std::less<>> by_abbreviation{
      {"EST", "Eastern time"},  {"EDT", "Eastern time"},   {"CST", "Central time"},
      {"CDT", "Central time"},  {"MST", "Mountain time"},  {"MDT", "Mountain time"},
      {"PST", "Pacific time"},  {"PDT", "Pacific time"},   {"AKST", "Alaska time"},
      {"AKDT", "Alaska time"},  {"HST", "Hawaii time"},    {"HDT", "Hawaii time"},
      {"AST", "Atlantic time"}, {"ChST", "Chamorro time"}, {"SST", "Samoa time"}};
  auto it = by_abbreviation.find(zone.at(now / 1000).abbreviation);
  return it != by_abbreviation.end() ? it->second : zone.name();
}

const geo::TimeZone& plumber_zone(const Services& a, domain::UserId user_id) {
  auto view = a.profiles->profile(user_id);
  if (!view) return staff_zone(a);
  return zip_zone(a, view->plumber.profile.base_zip);
}

}  // namespace plumbline::web
