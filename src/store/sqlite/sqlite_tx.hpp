// SqliteTx: the Tx interface over one SQLite connection inside an open transaction.
#pragma once
#include "store/sqlite/sqlite_db.hpp"
#include "store/store.hpp"

namespace plumbline::store::sqlite {

class SqliteTx final : public Tx {
 public:
  explicit SqliteTx(Connection& c) : c_(c) {}

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

  std::int64_t enqueue_message(const domain::OutboundMessage& message) override;
  std::vector<domain::OutboxMessage> lease_messages(const std::string& owner, domain::Millis now,
                                                    domain::Millis lease_until, int limit) override;
  void mark_message_sent(std::int64_t id, domain::Millis now,
                         const std::string& provider_id) override;
  void mark_message_retry(std::int64_t id, domain::Millis next_due, const std::string& error,
                          domain::Millis now) override;
  void mark_message_dead(std::int64_t id, const std::string& reason, domain::Millis now) override;
  std::optional<domain::OutboxMessage> message_by_id(std::int64_t id) override;
  std::vector<domain::OutboxMessage> messages_by_status(const std::string& status,
                                                        int limit) override;
  std::vector<domain::OutboxMessage> messages_for_lead(std::int64_t lead_id) override;
  bool retry_dead_message(std::int64_t id, domain::Millis now) override;
  domain::OutboxCounts outbox_counts() override;
  bool update_delivery_status(const std::string& provider_id, const std::string& status,
                              domain::Millis now) override;

  void set_sms_opt_out(const std::string& phone_e164, bool opted_out, const std::string& keyword,
                       domain::Millis now) override;
  bool sms_opted_out(const std::string& phone_e164) override;

 private:
  Connection& c_;
};

}  // namespace plumbline::store::sqlite
