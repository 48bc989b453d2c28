// Lead ageing: expiry of open leads and the homeowner retention job, each in batches of short
// transactions.
#include "services/retention.hpp"

#include "domain/lead_verification.hpp"
#include "domain/marketplace_rules.hpp"
#include "domain/privacy.hpp"
#include "log/log.hpp"
#include "services/leads.hpp"
#include "services/service_steps.hpp"

namespace plumbline::services {

using domain::Result;

Result<int> RetentionService::expire_leads() {
  constexpr int batch = 500;
  auto now = clock_.now_ms();
  auto hours = std::to_string(rules_.marketplace().lead_expiry_ms / 3'600'000);
  int total = 0;
  try {
    // Issue 17: under the `required` policy a request whose phone nobody confirmed expires 30
    // minutes after it was made (never matched; a policy change later does not release it).
    for (;;) {
      auto r = store_.write<int>([&](store::Tx& tx) -> Result<int> {
        auto ids = tx.expire_unverified_leads(now - domain::unverified_lead_expiry_ms, now, batch);
        for (auto id : ids)
          tx.insert_lead_history({domain::LeadId{id}, now, domain::LeadStatus::open,
                                  domain::LeadStatus::expired, "system",
                                  "Expired: the phone was not confirmed within 30 minutes"});
        return static_cast<int>(ids.size());
      });
      if (!r) return r;
      total += r.value();
      if (r.value() < batch) break;
    }
    for (;;) {
      auto r = store_.write<int>([&](store::Tx& tx) -> Result<int> {
        auto ids = tx.expire_open_leads(now - rules_.marketplace().lead_expiry_ms, now, batch);
        for (auto id : ids) {
          tx.insert_lead_history({domain::LeadId{id}, now, domain::LeadStatus::open,
                                  domain::LeadStatus::expired, "system",
                                  "Expired: still open " + hours + " hours after the request"});
          tx.insert_live_event(domain::live_lead_gone, id, now);
        }
        return static_cast<int>(ids.size());
      });
      if (!r) return r;
      total += r.value();
      if (r.value() < batch) return total;
    }
  } catch (const domain::Failure& e) {
    return unavailable_error(e, "expire_leads");
  }
}

Result<int> RetentionService::anonymise_old_leads(const std::function<bool()>& keep_going) {
  constexpr int batch = 200;
  if (rules_.marketplace().homeowner_retention_days <= 0) return 0;  // kept (the operator's choice)
  auto now = clock_.now_ms();
  auto before = domain::retention_cutoff(now, rules_.marketplace().homeowner_retention_days);
  auto note = "Contact details anonymised: closed or expired more than " +
              std::to_string(rules_.marketplace().homeowner_retention_days) + " days ago";
  try {
    auto swept = steps::in_batches(
        store_, batch,
        [&](store::Tx& tx) {
          auto ids = tx.leads_due_for_anonymisation(before, batch);
          int n = 0;
          for (auto id : ids) {
            if (!tx.anonymise_lead(domain::LeadId{id}, now)) continue;
            auto lead = tx.lead_by_id(domain::LeadId{id});
            tx.insert_lead_history(
                {domain::LeadId{id}, now, lead->status, lead->status, "system", note});
            ++n;
          }
          return std::pair{ids.size(), n};
        },
        keep_going);
    if (!swept) return swept;
    int total = swept.value();
    if (total > 0)
      log::info("privacy_event", {{"event", "homeowner_retention"},
                                  {"anonymised", static_cast<std::int64_t>(total)}});
    return total;
  } catch (const domain::Failure& e) {
    return unavailable_error(e, "anonymise_old_leads");
  }
}

}  // namespace plumbline::services
