// LeadAdminTx: what the staff's lead page reads and writes beyond the other aggregates (internal
// notes, matches with names, alerts per match, a lead's disputes, stopping open alerts);
// store/{sqlite,postgres}/lead_admin.cpp implement it.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "domain/lead_admin.hpp"
#include "domain/marketplace.hpp"
#include "store/tx/method.hpp"

// One M(return type, name, (parameters)) per method (see store/tx/method.hpp).
#define PLUMBLINE_LEAD_ADMIN_TX(M)                                                               \
  M(std::int64_t, insert_lead_note, (const domain::LeadNote& note))                              \
  /* Newest first. */                                                                            \
  M(std::vector<domain::LeadNote>, lead_notes, (domain::LeadId lead_id))                         \
  /* Nearest first; business name and login e-mail from the plumber's account. */                \
  M(std::vector<domain::LeadMatchRow>, lead_match_rows, (domain::LeadId lead_id))                \
  /* Each lead_alert outbox row of the lead with the matched plumber it went to. */              \
  M(std::vector<domain::LeadAlert>, lead_alerts, (domain::LeadId lead_id))                       \
  M(std::vector<domain::Dispute>, disputes_for_lead, (domain::LeadId lead_id))                   \
  /* Pending alerts of the lead become dead with `why` as their last error; returns how many. */ \
  M(int, stop_lead_alerts, (domain::LeadId lead_id, const std::string& why, domain::Millis at))

namespace plumbline::store {

class LeadAdminTx {
 public:
  PLUMBLINE_LEAD_ADMIN_TX(PLUMBLINE_TX_PURE)

 protected:
  ~LeadAdminTx() = default;
};

}  // namespace plumbline::store
