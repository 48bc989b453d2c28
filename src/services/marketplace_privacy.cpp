// Marketplace privacy: the homeowner's "Delete my details" on the tracking page of a closed or
// expired request, the retention job for old requests, and the claimants' copy of what they bought.
#include "domain/privacy.hpp"
#include "log/log.hpp"
#include "services/marketplace.hpp"
#include "services/marketplace_detail.hpp"

namespace plumbline::services {

using domain::Error;
using domain::ErrorCode;
using domain::Result;
using namespace marketplace_detail;

namespace marketplace_detail {

void keep_bought_contact(store::Tx& tx, std::int64_t claim_id, domain::Lead& lead) {
  if (!domain::lead_anonymised(lead)) return;
  if (auto copy = tx.claim_contact_copy(claim_id)) domain::apply_contact_copy(lead, *copy);
}

}  // namespace marketplace_detail

Result<TrackedLead> MarketplaceService::delete_homeowner_details(const std::string& token) {
  auto now = clock_.now_ms();
  bool changed = false;
  std::int64_t lead_id = 0;
  try {
    auto r = store_.write<TrackedLead>([&](store::Tx& tx) -> Result<TrackedLead> {
      auto lead = lead_by_token(tx, token);
      if (!lead) return not_found("that request. Check the link in your e-mail");
      lead_id = lead->id;
      if (domain::lead_anonymised(*lead)) return tracked(tx, lead->id);  // a second click
      if (!domain::homeowner_can_delete(lead->status))
        return Error::make(ErrorCode::conflict,
                           "Your request is still running, so plumbers still need your details. "
                           "Cancel it or tell us you hired someone first; then you can delete "
                           "your details.");
      changed = tx.anonymise_lead(lead->id, now);
      if (changed)
        tx.insert_lead_history({lead->id, now, lead->status, lead->status, "homeowner",
                                "The homeowner deleted their contact details"});
      return tracked(tx, lead->id);
    });
    if (r && changed)
      log::info("privacy_event", {{"event", "homeowner_details_deleted"}, {"lead_id", lead_id}});
    return r;
  } catch (const std::exception& e) {
    return unavailable_error(e, "delete_homeowner_details");
  }
}

Result<int> MarketplaceService::anonymise_old_leads() {
  constexpr int batch = 200;
  if (settings_.homeowner_retention_days <= 0) return 0;  // kept (the operator's choice)
  auto now = clock_.now_ms();
  auto before = domain::retention_cutoff(now, settings_.homeowner_retention_days);
  auto note = "Contact details anonymised: closed or expired more than " +
              std::to_string(settings_.homeowner_retention_days) + " days ago";
  int total = 0;
  try {
    for (;;) {
      std::size_t seen = 0;
      auto r = store_.write<int>([&](store::Tx& tx) -> Result<int> {
        int n = 0;
        auto ids = tx.leads_due_for_anonymisation(before, batch);
        seen = ids.size();
        for (auto id : ids) {
          if (!tx.anonymise_lead(id, now)) continue;
          auto lead = tx.lead_by_id(id);
          tx.insert_lead_history({id, now, lead->status, lead->status, "system", note});
          ++n;
        }
        return n;
      });
      if (!r) return r;
      total += r.value();
      if (seen < static_cast<std::size_t>(batch) || r.value() == 0) break;
    }
    if (total > 0)
      log::info("privacy_event", {{"event", "homeowner_retention"},
                                  {"anonymised", static_cast<std::int64_t>(total)}});
    return total;
  } catch (const std::exception& e) {
    return unavailable_error(e, "anonymise_old_leads");
  }
}

}  // namespace plumbline::services
