// The time zone a person reads times in: a ZIP's zone (a plumber's base ZIP, a request's ZIP), else
// the platform's (PLUMBLINE_TIME_ZONE), which staff read in too.
#pragma once
#include <string>
#include <string_view>

#include "domain/lead.hpp"
#include "geo/time_zone.hpp"
#include "geo/zip_table.hpp"

namespace plumbline::services {

class LocalZones {
 public:
  LocalZones(const geo::ZipTable& zips, const geo::TimeZones& zones, std::string platform_zone)
      : zips_(zips), zones_(zones), platform_zone_(std::move(platform_zone)) {}

  const geo::TimeZone& platform() const { return zones_.get_or_utc(platform_zone_); }
  // The ZIP's zone; the platform's for an empty or unknown ZIP, or one without a zone.
  const geo::TimeZone& of_zip(std::string_view zip) const;
  // "Sat 5 Dec 2026, 2:40 pm PST" in of_zip(zip).
  std::string local_time(std::string_view zip, domain::Millis ms) const {
    return geo::local_time_text(ms, of_zip(zip));
  }

 private:
  const geo::ZipTable& zips_;
  const geo::TimeZones& zones_;
  std::string platform_zone_;
};

}  // namespace plumbline::services
