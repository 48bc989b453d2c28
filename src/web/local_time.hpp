// Which time zone each reader of a page sees times in (docs/decisions/0008-local-times.md).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "domain/lead.hpp"
#include "geo/time_zone.hpp"
#include "web/services.hpp"

namespace plumbline::web {

// Staff (admin pages and e-mails): the platform's zone, PLUMBLINE_TIME_ZONE.
const geo::TimeZone& staff_zone(const Services& a);
// A homeowner: the zone of their request's ZIP; the platform's when the ZIP has none.
const geo::TimeZone& zip_zone(const Services& a, std::string_view zip);
// A plumber: the zone of their base ZIP; the platform's before they have one.
const geo::TimeZone& plumber_zone(const Services& a, domain::UserId user_id);

// "Pacific time" for a US zone (named by its standard abbreviation), else the zone's IANA name.
std::string zone_label(const geo::TimeZone& zone, domain::Millis now);

// "Sat 5 Dec 2026, 2:40 pm PST".
inline std::string local_time(domain::Millis ms, const geo::TimeZone& zone) {
  return geo::local_time_text(ms, zone);
}

}  // namespace plumbline::web
