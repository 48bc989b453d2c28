// ZIP → time zone, with the platform's zone as the fallback.
#include "services/local_zones.hpp"

namespace plumbline::services {

const geo::TimeZone& LocalZones::of_zip(std::string_view zip) const {
  const auto* place = zips_.find(zip);
  if (place && !place->tz.empty())
    if (const auto* zone = zones_.find(place->tz)) return *zone;
  return platform();
}

}  // namespace plumbline::services
