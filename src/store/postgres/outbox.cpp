// PostgreSQL: the outbox (enqueue, SKIP LOCKED leases, outcomes, listing, delivery reports) and SMS
// opt-outs.
#include "store/sql/outbox.hpp"

#include <algorithm>

#include "store/postgres/pg_tx.hpp"

namespace plumbline::store::pg {

namespace {
// PostgreSQL only: FOR UPDATE SKIP LOCKED, which SQLite lacks (it has one writer).
// Concurrent leasers skip each other's locked rows, so no row is handed to two of them.
constexpr Sql lease_sql{
    "outbox_lease",
    "UPDATE outbox SET status = 'sending', lease_owner = $1, lease_until = $3, "
    "attempts = attempts + 1, updated_at = $2 "
    "WHERE id IN (SELECT id FROM outbox "
    "WHERE (status = 'pending' AND due_at <= $2) OR (status = 'sending' AND lease_until < $2) "
    "ORDER BY due_at, id LIMIT $4 FOR UPDATE SKIP LOCKED) "
    "RETURNING " OUTBOX_COLUMNS};
// PostgreSQL only: unnest over array parameters (SQLite runs outbox_enqueue once per row, with no
// round trip to save). Same columns and conflict rule as sql::outbox::outbox_enqueue.
constexpr Sql enqueue_many_sql{
    "outbox_enqueue_many",
    "INSERT INTO outbox (kind, channel, recipient, template, data, sealed, idempotency_key, "
    "lead_id, transactional, max_attempts, event_at, due_at, expires_at, created_at, updated_at, "
    "recipient_key) "
    "SELECT kind, channel, recipient, template, data, sealed, idempotency_key, lead_id, "
    "transactional, max_attempts, event_at, due_at, expires_at, event_at, event_at, recipient_key "
    "FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], "
    "$7::text[], $8::bigint[], $9::boolean[], $10::integer[], $11::bigint[], $12::bigint[], "
    "$13::bigint[], $14::text[]) AS m(kind, channel, recipient, template, data, sealed, "
    "idempotency_key, lead_id, transactional, max_attempts, event_at, due_at, expires_at, "
    "recipient_key) "
    "ON CONFLICT (idempotency_key) DO NOTHING"};
// PostgreSQL only: an advisory lock; SQLite has one writer.
// Held until the transaction ends: a second writer with the same key waits here, then (READ
// COMMITTED: a new snapshot per statement) counts the first one's committed rows. The two-integer
// form is a key space of its own (class 0x706c726b, "plrk"), apart from the single-bigint locks
// of migrations and live events; a hash collision only makes two recipients wait on each other.
constexpr Sql lock_recipient_key_sql{"outbox_lock_recipient_key",
                                     "SELECT pg_advisory_xact_lock(1886155371, hashtext($1))"};
// PostgreSQL only: FOR UPDATE, which SQLite lacks (it has one writer).
// Locks the row so that two reports for one message are applied one after the other.
constexpr Sql delivery_by_provider_sql{
    "outbox_delivery_by_provider",
    "SELECT id, delivery_status FROM outbox WHERE provider_id = $1 ORDER BY id DESC LIMIT 1 "
    "FOR UPDATE"};

std::vector<domain::OutboxMessage> read_all(const Result& r) {
  std::vector<domain::OutboxMessage> out;
  out.reserve(static_cast<std::size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i) out.push_back(sql::read_message(r.row(i)));
  return out;
}
}  // namespace

std::int64_t PgTx::enqueue_message(const domain::OutboundMessage& m) {
  auto r = c_.run(sql::outbox::outbox_enqueue, m.kind, m.channel, m.recipient, m.template_name,
                  m.data_json, m.sealed_json, m.idempotency_key, m.lead_id, m.transactional,
                  m.max_attempts, m.event_at, m.due_at, m.expires_at, m.recipient_key);
  if (r.rows() == 1) return r.int64(0, 0);
  auto existing = c_.run(sql::outbox::outbox_id_by_key, m.idempotency_key);
  if (existing.rows() == 0)
    throw StoreError(StoreErrorKind::other, "outbox: idempotency key vanished");
  return existing.int64(0, 0);
}

void PgTx::enqueue_messages(const std::vector<domain::OutboundMessage>& ms) {
  if (ms.empty()) return;
  using M = domain::OutboundMessage;
  c_.run(enqueue_many_sql, array_param(ms, [](const M& m) { return m.kind; }),
         array_param(ms, [](const M& m) { return m.channel; }),
         array_param(ms, [](const M& m) { return m.recipient; }),
         array_param(ms, [](const M& m) { return m.template_name; }),
         array_param(ms, [](const M& m) { return m.data_json; }),
         array_param(ms, [](const M& m) { return m.sealed_json; }),
         array_param(ms, [](const M& m) { return m.idempotency_key; }),
         array_param(ms, [](const M& m) { return m.lead_id; }),
         array_param(ms, [](const M& m) { return m.transactional; }),
         array_param(ms, [](const M& m) { return static_cast<std::int64_t>(m.max_attempts); }),
         array_param(ms, [](const M& m) { return m.event_at; }),
         array_param(ms, [](const M& m) { return m.due_at; }),
         array_param(ms, [](const M& m) { return m.expires_at; }),
         array_param(ms, [](const M& m) { return m.recipient_key; }));
}

std::int64_t PgTx::count_recent_messages(const std::string& kind, const std::string& recipient_key,
                                         domain::Millis since) {
  if (recipient_key.empty()) return 0;
  c_.run(lock_recipient_key_sql, recipient_key);
  return c_.run(sql::outbox::outbox_count_recent, kind, recipient_key, since).int64(0, 0);
}

std::vector<domain::OutboxMessage> PgTx::lease_messages(const std::string& owner,
                                                        domain::Millis now,
                                                        domain::Millis lease_until, int limit) {
  if (limit <= 0) return {};
  auto out = read_all(c_.run(lease_sql, owner, now, lease_until, limit));
  // RETURNING yields rows in no particular order.
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.due_at != b.due_at ? a.due_at < b.due_at : a.id < b.id;
  });
  return out;
}

void PgTx::mark_message_sent(std::int64_t id, domain::Millis now, const std::string& provider_id) {
  c_.run(sql::outbox::outbox_mark_sent, id, now, provider_id);
}

void PgTx::mark_message_retry(std::int64_t id, domain::Millis next_due, const std::string& error,
                              domain::Millis now) {
  c_.run(sql::outbox::outbox_mark_retry, id, next_due, error, now);
}

void PgTx::mark_message_dead(std::int64_t id, const std::string& reason, domain::Millis now) {
  c_.run(sql::outbox::outbox_mark_dead, id, reason, now);
}

std::optional<domain::OutboxMessage> PgTx::message_by_id(std::int64_t id) {
  auto r = c_.run(sql::outbox::outbox_by_id, id);
  if (r.rows() == 0) return std::nullopt;
  return sql::read_message(r.row(0));
}

std::vector<domain::OutboxMessage> PgTx::messages_by_status(const std::string& status, int limit) {
  if (limit <= 0) return {};
  if (status.empty()) return read_all(c_.run(sql::outbox::outbox_all, limit));
  return read_all(c_.run(sql::outbox::outbox_by_status, status, limit));
}

std::vector<domain::OutboxMessage> PgTx::messages_for_lead(domain::LeadId lead_id) {
  return read_all(c_.run(sql::outbox::outbox_for_lead, lead_id));
}

bool PgTx::retry_dead_message(std::int64_t id, domain::Millis now) {
  return c_.run(sql::outbox::outbox_retry_dead, id, now).affected() == 1;
}

domain::OutboxCounts PgTx::outbox_counts() {
  domain::OutboxCounts counts;
  auto r = c_.run(sql::outbox::outbox_counts);
  for (int i = 0; i < r.rows(); ++i) {
    counts.add(r.text(i, 0), r.int64(i, 1));
  }
  return counts;
}

bool PgTx::update_delivery_status(const std::string& provider_id, const std::string& status,
                                  domain::Millis now) {
  if (provider_id.empty()) return false;  // unsent messages all have an empty provider id
  auto r = c_.run(delivery_by_provider_sql, provider_id);
  if (r.rows() == 0) return false;
  if (!domain::delivery_status_may_replace(r.text(0, 1), status)) return false;
  return c_.run(sql::outbox::outbox_set_delivery, r.int64(0, 0), status, now).affected() == 1;
}

void PgTx::set_sms_opt_out(const std::string& phone_e164, bool opted_out,
                           const std::string& keyword, domain::Millis now) {
  c_.run(sql::outbox::sms_set_opt_out, phone_e164, opted_out, keyword, now);
}

bool PgTx::sms_opted_out(const std::string& phone_e164) {
  auto r = c_.run(sql::outbox::sms_opted_out, phone_e164);
  return r.rows() > 0 && r.boolean(0, 0);
}

std::vector<domain::ListedMessage> PgTx::list_messages(const domain::OutboxFilter& f) {
  if (f.limit <= 0) return {};
  auto r = c_.run(sql::outbox::outbox_list, f.status, f.channel, f.template_name, f.from, f.to,
                  f.before_id, static_cast<std::int64_t>(f.limit));
  std::vector<domain::ListedMessage> out;
  out.reserve(static_cast<std::size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i) out.push_back(sql::read_listed_message(r.row(i)));
  return out;
}

bool PgTx::release_message_lease(std::int64_t id, const std::string& owner, domain::Millis now) {
  return c_.run(sql::outbox::outbox_release_lease, id, owner, now).affected() == 1;
}

bool PgTx::expedite_pending_message(std::int64_t id, domain::Millis now) {
  return c_.run(sql::outbox::outbox_expedite, id, now).affected() == 1;
}

bool PgTx::cancel_pending_message(std::int64_t id, const std::string& error, domain::Millis now) {
  return c_.run(sql::outbox::outbox_cancel, id, error, now).affected() == 1;
}

std::optional<domain::Millis> PgTx::oldest_pending_message_at() {
  return c_.run(sql::outbox::outbox_oldest_pending).opt_int64(0, 0);
}

}  // namespace plumbline::store::pg
