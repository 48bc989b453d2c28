// Marketplace: late matching — a plumber who becomes able to receive leads is sent the open leads
// they would have been sent at intake, and a homeowner nobody had been sent is told once.
#include "domain/lead_rules.hpp"
#include "domain/marketplace_rules.hpp"
#include "log/log.hpp"
#include "services/marketplace.hpp"
#include "services/marketplace_messages.hpp"

namespace plumbline::services {

int MarketplaceService::match_open_leads(store::Tx& tx, std::int64_t plumber_id,
                                         domain::Millis now) {
  domain::LateMatchQuery q;
  q.plumber_id = plumber_id;
  q.created_since = now - settings_.lead_expiry_ms;
  q.cap_since = now - domain::day_ms;  // the rolling 24 h of intake matching
  q.now = now;
  q.limit = settings_.late_match_burst;
  auto matches = tx.late_matches(q);  // empty unless the plumber is eligible now
  if (matches.empty()) return 0;
  auto plumber = tx.plumber_profile(plumber_id);
  if (!plumber) return 0;
  // Read before the insert: a request nobody had been sent gets the homeowner's notice.
  std::vector<bool> first_plumber;
  for (const auto& m : matches) first_plumber.push_back(tx.lead_matches(m.lead_id).empty());
  tx.insert_lead_matches(matches);
  auto catalog = tx.catalog();
  domain::MatchCandidate candidate{plumber_id,
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
    // The alert lives as long as the lead, counted from the request, not from now.
    enqueue(tx,
            lead_alert_messages(notifications_, lead->id, *lead, candidate, catalog, now,
                                sms_due(candidate.base_zip, plumber->settings, lead->urgency, now),
                                lead->created_at + settings_.lead_expiry_ms));
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
