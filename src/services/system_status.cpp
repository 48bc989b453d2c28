// Readiness and the admin home page's counts, read from the store.
#include "services/system_status.hpp"

#include <exception>

namespace plumbline::services {

Readiness SystemStatusService::readiness() {
  if (!store_.ping()) return Readiness::database_unreachable;
  try {
    if (!store_.migration_status().up_to_date()) return Readiness::schema_out_of_date;
  } catch (const std::exception&) {
    return Readiness::database_unreachable;
  }
  return Readiness::ready;
}

AdminOverview SystemStatusService::admin_overview() {
  return store_.read<AdminOverview>([](store::Tx& tx) {
    AdminOverview o;
    o.outbox = tx.outbox_counts();
    o.lead_count = tx.count_leads();
    o.profile_changes = tx.count_pending_profile_changes();
    return o;
  });
}

}  // namespace plumbline::services
