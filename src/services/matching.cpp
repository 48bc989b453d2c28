// Matching a new lead inside the intake transaction (fair, simultaneous alerts), late matching (a
// plumber who becomes able to receive leads is sent the open leads they would have been sent at
// intake; a homeowner nobody had been sent is told once), and the form's coverage check.
#include "services/matching.hpp"

#include "domain/contact.hpp"
#include "domain/lead_rules.hpp"
#include "domain/marketplace_rules.hpp"
#include "log/log.hpp"
#include "services/marketplace_messages.hpp"
#include "services/webhook_events.hpp"

namespace plumbline::services {

using domain::Result;

MatchingService::MatchingService(store::Store& store, const geo::ZipTable& zips,
                                 const LocalZones& zones, const Clock& clock, CatalogCache& catalog,
                                 NotificationSettings notifications, const MarketplaceRules& rules)
    : store_(store),
      zips_(zips),
      zones_(zones),
      clock_(clock),
      catalog_(catalog),
      notifications_(std::move(notifications)),
      rules_(rules) {}

int MatchingService::match_new_lead(store::Tx& tx, std::int64_t lead_id,
                                    const domain::NewLead& lead, const domain::Catalog& catalog,
                                    domain::Millis now) {
  const domain::MatchQuery query{
      lead.lat, lead.lng, lead.zip, lead.service_type, now - domain::day_ms, now};
  auto candidates = tx.match_plumbers(query);
  // Why each plumber covering the request was left out, for their "Demand in my area" report.
  tx.record_match_misses(domain::LeadId{lead_id}, query);
  std::vector<domain::LeadMatch> matches;
  matches.reserve(candidates.size());
  for (const auto& c : candidates)
    matches.push_back({domain::LeadId{lead_id}, c.plumber_id, c.distance_miles, now});
  if (!matches.empty()) tx.insert_lead_matches(matches);
  // Every alert is due at the same instant `now`, so no plumber hears about a lead before another
  // on the same channel; only a plumber's own quiet hours delay their text.
  auto expires = now + rules_.marketplace().lead_expiry_ms;
  for (const auto& c : candidates)
    enqueue(tx, lead_alert_messages(notifications_, lead_id, lead, c, catalog, now,
                                    sms_due(c.base_zip, c.settings, lead.urgency, now), expires));
  queue_matched_events(tx, domain::LeadId{lead_id}, lead, candidates, now);
  // The dashboards' live event is the caller's to write, last (see services/lead_matcher.hpp).
  return static_cast<int>(matches.size());
}

int MatchingService::match_again(store::Tx& tx, const domain::Lead& lead, domain::Millis now) {
  auto already = tx.lead_matches(lead.id);
  auto is_new = [&already](domain::UserId plumber_id) {
    for (const auto& m : already)
      if (m.plumber_id == plumber_id) return false;
    return true;
  };
  std::vector<domain::MatchCandidate> fresh;
  for (auto& c : tx.match_plumbers(
           {lead.lat, lead.lng, lead.zip, lead.service_type, now - domain::day_ms, now}))
    if (is_new(c.plumber_id)) fresh.push_back(std::move(c));
  if (fresh.empty()) return 0;
  std::vector<domain::LeadMatch> matches;
  for (const auto& c : fresh) matches.push_back({lead.id, c.plumber_id, c.distance_miles, now});
  tx.insert_lead_matches(matches);
  auto catalog = tx.catalog();
  // As in late matching, the alert lives as long as the lead, counted from live_since.
  for (const auto& c : fresh)
    enqueue(tx, lead_alert_messages(notifications_, lead.id.value, lead, c, catalog, now,
                                    sms_due(c.base_zip, c.settings, lead.urgency, now),
                                    lead.live_since + rules_.marketplace().lead_expiry_ms));
  queue_matched_events(tx, lead.id, lead, fresh, now);
  tx.insert_live_event(domain::live_lead_new, lead.id, now);
  auto n = static_cast<int>(fresh.size());
  tx.insert_lead_history({lead.id, now, lead.status, lead.status, "admin",
                          "Matching re-run by staff: sent to " + std::to_string(n) +
                              (n == 1 ? " more plumber" : " more plumbers")});
  if (already.empty())
    enqueue(tx, plumber_joined_messages(notifications_, lead, tx.messages_for_lead(lead.id),
                                        catalog, now));
  return n;
}

void MatchingService::queue_matched_events(store::Tx& tx, domain::LeadId lead_id,
                                           const domain::NewLead& lead,
                                           const std::vector<domain::MatchCandidate>& matched,
                                           domain::Millis now) const {
  std::vector<WebhookEvent> events;
  for (const auto& c : matched) {
    WebhookEvent ev;
    ev.type = domain::webhook_lead_matched;
    ev.plumbers = {c.plumber_id};
    ev.data = webhook_lead_data(lead_id, lead);
    ev.data["plumber_id"] = c.plumber_id.value;
    ev.data["distance_miles"] = c.distance_miles;
    ev.lead_id = lead_id;
    events.push_back(std::move(ev));
  }
  if (!events.empty()) queue_webhook_events(tx, notifications_.secret_key, events, now);
}

domain::Millis MatchingService::sms_due(const std::string& base_zip,
                                        const domain::PlumberSettings& settings,
                                        const std::string& urgency, domain::Millis now) const {
  const auto& zone = quiet_hours_zone(base_zip);
  return domain::sms_due_at(settings, urgency, now, [&zone](domain::Millis at) {
    // Floor to whole seconds so that instants before 1970 land in the right second too.
    auto seconds = at >= 0 ? at / 1000 : (at - 999) / 1000;
    return static_cast<domain::Millis>(zone.at(seconds).utc_offset_seconds) * 1000;
  });
}

Result<ZipCoverage> MatchingService::zip_coverage(const std::string& zip,
                                                  const std::string& service_type) {
  auto z = domain::zip5(domain::trim(zip));
  if (z.empty()) return ZipCoverage::incomplete;
  const auto* place = zips_.find(z);
  if (!place) return ZipCoverage::unknown_zip;
  auto catalog = catalog_.get();
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
  } catch (const domain::Failure& e) {
    return unavailable_error(e, "zip_coverage");
  }
}

bool MatchingService::covers(const domain::NewLead& lead) {
  auto r = zip_coverage(lead.zip, lead.service_type);
  // When the check fails, let the request through: intake itself will say who was sent it.
  return !r || r.value() != ZipCoverage::none;
}

int MatchingService::match_open_leads(store::Tx& tx, std::int64_t plumber_id, domain::Millis now) {
  domain::LateMatchQuery q;
  q.plumber_id = domain::UserId{plumber_id};
  q.live_since = now - rules_.marketplace().lead_expiry_ms;
  q.cap_since = now - domain::day_ms;  // the rolling 24 h of intake matching
  q.now = now;
  q.limit = rules_.marketplace().late_match_burst;
  auto matches = tx.late_matches(q);  // empty unless the plumber is eligible now
  if (matches.empty()) return 0;
  auto plumber = tx.plumber_profile(domain::UserId{plumber_id});
  if (!plumber) return 0;
  // Read before the insert: a request nobody had been sent gets the homeowner's notice.
  std::vector<bool> first_plumber;
  for (const auto& m : matches) first_plumber.push_back(tx.lead_matches(m.lead_id).empty());
  tx.insert_lead_matches(matches);
  auto catalog = tx.catalog();
  domain::MatchCandidate candidate{domain::UserId{plumber_id},
                                   0,
                                   plumber->email,
                                   plumber->profile.phone_e164,
                                   plumber->profile.business_name,
                                   plumber->profile.base_zip,
                                   plumber->settings};
  int homeowners_told = 0;
  for (std::size_t i = 0; i < matches.size(); ++i) {
    auto lead = tx.lead_by_id(matches[i].lead_id);
    if (!lead) continue;
    candidate.distance_miles = matches[i].distance_miles;
    // The alert lives as long as the lead, counted from live_since (the request or its reopening).
    enqueue(tx,
            lead_alert_messages(notifications_, lead->id.value, *lead, candidate, catalog, now,
                                sms_due(candidate.base_zip, plumber->settings, lead->urgency, now),
                                lead->live_since + rules_.marketplace().lead_expiry_ms));
    queue_matched_events(tx, lead->id, *lead, {candidate}, now);
    tx.insert_live_event(domain::live_lead_new, lead->id, now);
    tx.insert_lead_history({lead->id, now, lead->status, lead->status, "system",
                            "Sent to a plumber who started covering this area after the request"});
    if (first_plumber[i]) {
      auto notices = plumber_joined_messages(notifications_, *lead, tx.messages_for_lead(lead->id),
                                             catalog, now);
      enqueue(tx, notices);
      homeowners_told += notices.empty() ? 0 : 1;
    }
  }
  log::info("late_match", {{"plumber_id", plumber_id},
                           {"leads", static_cast<std::int64_t>(matches.size())},
                           {"homeowners_told", static_cast<std::int64_t>(homeowners_told)}});
  return static_cast<int>(matches.size());
}

}  // namespace plumbline::services
