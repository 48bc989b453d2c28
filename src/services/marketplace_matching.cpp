// Marketplace: matching a new lead inside the intake transaction (fair, simultaneous alerts), the
// form's coverage check, and the periodic expiry of open leads.
#include "domain/contact.hpp"
#include "domain/lead_rules.hpp"
#include "domain/marketplace_rules.hpp"
#include "services/marketplace.hpp"
#include "services/marketplace_detail.hpp"
#include "services/marketplace_messages.hpp"

namespace plumbline::services {

using domain::Result;

int MarketplaceService::match_new_lead(store::Tx& tx, std::int64_t lead_id,
                                       const domain::NewLead& lead, const domain::Catalog& catalog,
                                       domain::Millis now) {
  auto candidates = tx.match_plumbers(
      {lead.lat, lead.lng, lead.zip, lead.service_type, now - domain::day_ms, now});
  std::vector<domain::LeadMatch> matches;
  matches.reserve(candidates.size());
  for (const auto& c : candidates)
    matches.push_back({lead_id, c.plumber_id, c.distance_miles, now});
  if (!matches.empty()) tx.insert_lead_matches(matches);
  // Every alert is due at the same instant `now`, so no plumber hears about a lead before another
  // on the same channel; only a plumber's own quiet hours delay their text.
  auto expires = now + settings_.lead_expiry_ms;
  for (const auto& c : candidates)
    enqueue(tx, lead_alert_messages(notifications_, lead_id, lead, c, catalog, now,
                                    sms_due(c.base_zip, c.settings, lead.urgency, now), expires));
  // No dashboard shows a lead nobody matched; skipping the event also spares PostgreSQL's ordered
  // event commit (see store/postgres/live_events.cpp).
  if (!matches.empty()) tx.insert_live_event(domain::live_lead_new, lead_id, now);
  return static_cast<int>(matches.size());
}

const geo::TimeZone& MarketplaceService::quiet_hours_zone(const std::string& base_zip) const {
  const auto* place = zips_.find(base_zip);
  if (place && !place->tz.empty())
    if (const auto* zone = zones_.find(place->tz)) return *zone;
  return zones_.get_or_utc(settings_.platform_time_zone);
}

domain::Millis MarketplaceService::sms_due(const std::string& base_zip,
                                           const domain::PlumberSettings& settings,
                                           const std::string& urgency, domain::Millis now) const {
  const auto& zone = quiet_hours_zone(base_zip);
  return domain::sms_due_at(settings, urgency, now, [&zone](domain::Millis at) {
    // Floor to whole seconds so that instants before 1970 land in the right second too.
    auto seconds = at >= 0 ? at / 1000 : (at - 999) / 1000;
    return static_cast<domain::Millis>(zone.at(seconds).utc_offset_seconds) * 1000;
  });
}

Result<ZipCoverage> MarketplaceService::zip_coverage(const std::string& zip,
                                                     const std::string& service_type) {
  auto z = domain::zip5(domain::trim(zip));
  if (z.empty()) return ZipCoverage::incomplete;
  const auto* place = zips_.find(z);
  if (!place) return ZipCoverage::unknown_zip;
  auto catalog = leads_.catalog();
  std::vector<std::string> services;
  if (const auto* s = catalog.service(service_type); s && s->active)
    services.push_back(s->slug);
  else
    for (const auto& s : catalog.services)
      if (s.active) services.push_back(s.slug);
  auto now = clock_.now_ms();
  try {
    return store_.read<ZipCoverage>([&](store::Tx& tx) {
      for (const auto& service : services)
        if (!tx.match_plumbers({place->lat, place->lng, z, service, now - domain::day_ms, now})
                 .empty())
          return ZipCoverage::some;
      return ZipCoverage::none;
    });
  } catch (const std::exception& e) {
    return unavailable_error(e, "zip_coverage");
  }
}

bool MarketplaceService::covers(const domain::NewLead& lead) {
  auto r = zip_coverage(lead.zip, lead.service_type);
  // When the check fails, let the request through: intake itself will say who was sent it.
  return !r || r.value() != ZipCoverage::none;
}

Result<int> MarketplaceService::expire_leads() {
  constexpr int batch = 500;
  auto now = clock_.now_ms();
  auto hours = std::to_string(settings_.lead_expiry_ms / 3'600'000);
  int total = 0;
  try {
    for (;;) {
      auto r = store_.write<int>([&](store::Tx& tx) -> Result<int> {
        auto ids = tx.expire_open_leads(now - settings_.lead_expiry_ms, now, batch);
        for (auto id : ids) {
          tx.insert_lead_history({id, now, domain::lead_open, domain::lead_expired, "system",
                                  "Expired: still open " + hours + " hours after the request"});
          tx.insert_live_event(domain::live_lead_gone, id, now);
        }
        return static_cast<int>(ids.size());
      });
      if (!r) return r;
      total += r.value();
      if (r.value() < batch) return total;
    }
  } catch (const std::exception& e) {
    return unavailable_error(e, "expire_leads");
  }
}

}  // namespace plumbline::services
