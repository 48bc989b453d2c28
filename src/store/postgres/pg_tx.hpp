// PgTx: the Tx interface over one pooled PostgreSQL connection inside an open transaction.
#pragma once
#include "store/postgres/pg_conn.hpp"
#include "store/store.hpp"

namespace plumbline::store::pg {

class PgTx final : public Tx {
 public:
  explicit PgTx(Conn& c) : c_(c) {}

  domain::Catalog catalog() override;

  std::int64_t insert_lead(const domain::NewLead& lead) override;
  std::optional<domain::Lead> lead_by_id(std::int64_t id) override;
  std::optional<domain::Lead> lead_by_tracking_hash(const std::string& tracking_hash) override;
  std::optional<std::int64_t> recent_lead_for_phone(const std::string& phone_e164,
                                                    const std::string& service_type,
                                                    domain::Millis since) override;
  bool update_lead_status(std::int64_t id, const std::string& from, const std::string& to,
                          const std::string& closed_reason, domain::Millis at) override;
  std::int64_t count_leads() override;

  void insert_lead_history(const domain::LeadHistoryEntry& entry) override;
  std::vector<domain::LeadHistoryEntry> lead_history(std::int64_t lead_id) override;

 private:
  Conn& c_;
};

}  // namespace plumbline::store::pg
