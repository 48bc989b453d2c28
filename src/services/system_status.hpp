// The state of the system as operators and admins see it: readiness for the load balancer, and the
// counts on the admin home page.
#pragma once
#include <cstdint>

#include "domain/outbox.hpp"
#include "store/store.hpp"

namespace plumbline::services {

enum class Readiness { ready, database_unreachable, schema_out_of_date };

struct AdminOverview {
  std::int64_t lead_count = 0;
  std::int64_t profile_changes = 0;  // pending profile changes waiting for a review
  domain::OutboxCounts outbox;
};

class SystemStatusService {
 public:
  explicit SystemStatusService(store::Store& store) : store_(store) {}

  // Whether this process can serve: the database answers and its schema is up to date.
  Readiness readiness();
  // One read transaction.
  AdminOverview admin_overview();

 private:
  store::Store& store_;
};

}  // namespace plumbline::services
