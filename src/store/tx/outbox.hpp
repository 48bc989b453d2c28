// OutboxTx: outbound messages (enqueue, lease, delivery reports) and SMS consent;
// store/{sqlite,postgres}/outbox.cpp implement it.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/outbox.hpp"
#include "store/tx/method.hpp"

// One M(return type, name, (parameters)) per method (see store/tx/method.hpp).
#define PLUMBLINE_OUTBOX_TX(M)                                                                     \
  /* Adds a pending message and returns its id; when the idempotency key exists already, */        \
  /* returns that message's id and changes nothing. */                                             \
  M(std::int64_t, enqueue_message, (const domain::OutboundMessage& message))                       \
  /* Adds each message as enqueue_message does (a key present already is left as it is), on */     \
  /* PostgreSQL in one statement: a lead's fan-out of alerts costs one round trip, not one per */  \
  /* plumber. */                                                                                   \
  M(void, enqueue_messages, (const std::vector<domain::OutboundMessage>& messages))                \
  /* Leases up to `limit` messages that are due (pending with due_at <= now, or sending with an */ \
  /* expired lease), oldest due first: sets status sending, lease_owner, lease_until and */        \
  /* attempts + 1, and returns them as updated. On PostgreSQL concurrent callers never get the */  \
  /* same row (SKIP LOCKED). */                                                                    \
  M(std::vector<domain::OutboxMessage>, lease_messages,                                            \
    (const std::string& owner, domain::Millis now, domain::Millis lease_until, int limit))         \
  /* A leased message given back untried: pending again (as due as before), attempts - 1, the */   \
  /* lease cleared; false when `owner` no longer holds its lease (sent, or leased by another). */  \
  M(bool, release_message_lease, (std::int64_t id, const std::string& owner, domain::Millis now))  \
  M(void, mark_message_sent,                                                                       \
    (std::int64_t id, domain::Millis now, const std::string& provider_id))                         \
  /* Back to pending, due again at next_due, with the error recorded and the lease cleared. */     \
  M(void, mark_message_retry,                                                                      \
    (std::int64_t id, domain::Millis next_due, const std::string& error, domain::Millis now))      \
  M(void, mark_message_dead, (std::int64_t id, const std::string& reason, domain::Millis now))     \
  M(std::optional<domain::OutboxMessage>, message_by_id, (std::int64_t id))                        \
  /* Newest first; an empty status lists every status. */                                          \
  M(std::vector<domain::OutboxMessage>, messages_by_status,                                        \
    (const std::string& status, int limit))                                                        \
  M(std::vector<domain::OutboxMessage>, messages_for_lead, (domain::LeadId lead_id))               \
  /* Moves a dead message back to pending (due now, attempts reset); false when it is not dead. */ \
  M(bool, retry_dead_message, (std::int64_t id, domain::Millis now))                               \
  M(domain::OutboxCounts, outbox_counts, ())                                                       \
  /* Messages of this kind with this recipient_key created at or after `since`, whatever their */  \
  /* status; 0 for an empty key. On PostgreSQL it first takes a transaction-scoped advisory */     \
  /* lock on the key, so that concurrent writers counting the same key run one after the other */  \
  /* and each sees the rows the other enqueued (a daily limit checked with it holds under */       \
  /* concurrency). */                                                                              \
  M(std::int64_t, count_recent_messages,                                                           \
    (const std::string& kind, const std::string& recipient_key, domain::Millis since))             \
  /* Records a provider's delivery report for the message with this provider id; false when */     \
  /* unknown or when the report would downgrade a final state (see */                              \
  /* domain::delivery_status_may_replace). */                                                      \
  M(bool, update_delivery_status,                                                                  \
    (const std::string& provider_id, const std::string& status, domain::Millis now))               \
  M(void, set_sms_opt_out,                                                                         \
    (const std::string& phone_e164, bool opted_out, const std::string& keyword,                    \
     domain::Millis now))                                                                          \
  M(bool, sms_opted_out, (const std::string& phone_e164))                                          \
  /* The console's list (see domain::OutboxFilter): newest first, at most filter.limit rows. */    \
  M(std::vector<domain::ListedMessage>, list_messages, (const domain::OutboxFilter& filter))       \
  /* A pending message due now (staff's "retry now"); false when it is not pending. */             \
  M(bool, expedite_pending_message, (std::int64_t id, domain::Millis now))                         \
  /* A pending message marked dead with `error` (staff's cancel); false when it is not pending. */ \
  M(bool, cancel_pending_message, (std::int64_t id, const std::string& error, domain::Millis now)) \
  /* created_at of the oldest pending message (the outbox's lag); nullopt when none waits. */      \
  M(std::optional<domain::Millis>, oldest_pending_message_at, ())

namespace plumbline::store {

class OutboxTx {
 public:
  PLUMBLINE_OUTBOX_TX(PLUMBLINE_TX_PURE)

 protected:
  ~OutboxTx() = default;
};

}  // namespace plumbline::store
