// AuditTx: the append-only audit trail; store/{sqlite,postgres}/audit.cpp implement it.
#pragma once
#include <cstdint>
#include <vector>

#include "domain/audit.hpp"
#include "store/tx/method.hpp"

// One M(return type, name, (parameters)) per method (see store/tx/method.hpp).
#define PLUMBLINE_AUDIT_TX(M)                                                                    \
  /* Appends one row; returns its id. Rows are never changed or deleted (the schema refuses). */ \
  M(std::int64_t, append_audit, (const domain::AuditEntry& entry))                               \
  M(std::vector<domain::AuditEntry>, list_audit, (const domain::AuditFilter& filter))

namespace plumbline::store {

class AuditTx {
 public:
  PLUMBLINE_AUDIT_TX(PLUMBLINE_TX_PURE)

 protected:
  ~AuditTx() = default;
};

}  // namespace plumbline::store
