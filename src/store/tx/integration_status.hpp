// IntegrationStatusTx: what the system status page reads besides the outbox: worker heartbeats,
// the integrations' last outcomes and the database's own facts; store/{sqlite,postgres}/
// integration_status.cpp implement it.
#pragma once
#include <string>
#include <vector>

#include "domain/system_status.hpp"
#include "store/tx/method.hpp"

// One M(return type, name, (parameters)) per method (see store/tx/method.hpp).
#define PLUMBLINE_INTEGRATION_STATUS_TX(M)                                                \
  /* Sets the last success (or failure, with its error) of one integration to `at`. */    \
  M(void, record_integration_event,                                                       \
    (const std::string& name, bool success, domain::Millis at, const std::string& error)) \
  /* Every integration with a recorded outcome, by name. */                               \
  M(std::vector<domain::IntegrationEvent>, integration_events, ())                        \
  /* Inserts or updates the instance's row, and deletes rows that last beat before */     \
  /* forget_before (processes long gone). */                                              \
  M(void, record_worker_heartbeat,                                                        \
    (const domain::WorkerHeartbeat& beat, domain::Millis forget_before))                  \
  /* Newest beat first. */                                                                \
  M(std::vector<domain::WorkerHeartbeat>, worker_heartbeats, ())                          \
  /* The server's version and the database's size on disk (the dialects differ). */       \
  M(domain::DatabaseFacts, database_facts, ())

namespace plumbline::store {

class IntegrationStatusTx {
 public:
  PLUMBLINE_INTEGRATION_STATUS_TX(PLUMBLINE_TX_PURE)

 protected:
  ~IntegrationStatusTx() = default;
};

}  // namespace plumbline::store
