// The reader's time zone: base ZIP for plumbers, request ZIP for homeowners, the setting for staff.
#include "web/local_time.hpp"

#include "services/marketplace.hpp"

namespace plumbline::web {

const geo::TimeZone& staff_zone(const app::App& a) {
  return a.zones->get_or_utc(a.config.time_zone);
}

const geo::TimeZone& zip_zone(const app::App& a, std::string_view zip) {
  const auto* row = a.zips->find(zip);
  if (!row || row->tz.empty()) return staff_zone(a);
  if (const auto* z = a.zones->find(row->tz)) return *z;
  return staff_zone(a);
}

const geo::TimeZone& plumber_zone(app::App& a, std::int64_t plumber_id) {
  auto view = a.marketplace->profile(plumber_id);
  if (!view) return staff_zone(a);
  return zip_zone(a, view->plumber.profile.base_zip);
}

}  // namespace plumbline::web
