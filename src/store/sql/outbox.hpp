// The SQL of the outbox and SMS opt-outs, written once for both backends (PostgreSQL placeholders;
// see statement.hpp).
#pragma once
#include "domain/outbox.hpp"
#include "store/sql/row.hpp"
#include "store/sql/statement.hpp"

#define OUTBOX_COLUMNS                                                                         \
  "id, kind, channel, recipient, template, data, sealed, idempotency_key, lead_id, "           \
  "transactional, status, attempts, max_attempts, event_at, due_at, expires_at, lease_owner, " \
  "lease_until, last_error, provider_id, delivery_status, sent_at, created_at, updated_at, "   \
  "recipient_key"

namespace plumbline::store::sql {

template <RowReader R>
domain::OutboxMessage read_message(const R& r) {
  domain::OutboxMessage m;
  int i = 0;
  m.id = r.int64(i++);
  m.kind = r.text(i++);
  m.channel = r.text(i++);
  m.recipient = r.text(i++);
  m.template_name = r.text(i++);
  m.data_json = r.text(i++);
  m.sealed_json = r.text(i++);
  m.idempotency_key = r.text(i++);
  m.lead_id = sql::opt_id_column<domain::LeadId>(r, i++);
  m.transactional = r.boolean(i++);
  m.status = status_column<domain::MessageStatus>(r, i++);
  m.attempts = static_cast<int>(r.int64(i++));
  m.max_attempts = static_cast<int>(r.int64(i++));
  m.event_at = r.int64(i++);
  m.due_at = r.int64(i++);
  m.expires_at = r.opt_int64(i++);
  m.lease_owner = r.text(i++);
  m.lease_until = r.int64(i++);
  m.last_error = r.text(i++);
  m.provider_id = r.text(i++);
  m.delivery_status = r.text(i++);
  m.sent_at = r.opt_int64(i++);
  m.created_at = r.int64(i++);
  m.updated_at = r.int64(i++);
  m.recipient_key = r.text(i++);
  return m;
}

// A row of outbox_list: the message, then the plumber account of its recipient.
template <RowReader R>
domain::ListedMessage read_listed_message(const R& r) {
  domain::ListedMessage l;
  l.message = read_message(r);
  l.plumber_id = sql::opt_id_column<domain::UserId>(r, 25);
  return l;
}

}  // namespace plumbline::store::sql

namespace plumbline::store::sql::outbox {

// A message is created by the transaction of its causing event, so it is created at event_at.
// A known key inserts nothing and returns no row; the caller then looks the id up (a concurrent
// insert of the same key waits on the unique index until the first transaction ends).
inline constexpr Statement outbox_enqueue{
    "outbox_enqueue",
    "INSERT INTO outbox (kind, channel, recipient, template, data, sealed, idempotency_key, "
    "lead_id, transactional, max_attempts, event_at, due_at, expires_at, created_at, updated_at, "
    "recipient_key) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $11, $11, $14) "
    "ON CONFLICT (idempotency_key) DO NOTHING RETURNING id"};
inline constexpr Statement outbox_id_by_key{"outbox_id_by_key",
                                            "SELECT id FROM outbox WHERE idempotency_key = $1"};
inline constexpr Statement outbox_mark_sent{
    "outbox_mark_sent",
    "UPDATE outbox SET status = 'sent', sent_at = $2, provider_id = $3, lease_owner = '', "
    "lease_until = 0, last_error = '', updated_at = $2 WHERE id = $1"};
inline constexpr Statement outbox_mark_retry{
    "outbox_mark_retry",
    "UPDATE outbox SET status = 'pending', due_at = $2, last_error = $3, lease_owner = '', "
    "lease_until = 0, updated_at = $4 WHERE id = $1"};
inline constexpr Statement outbox_mark_dead{
    "outbox_mark_dead",
    "UPDATE outbox SET status = 'dead', last_error = $2, lease_owner = '', lease_until = 0, "
    "updated_at = $3 WHERE id = $1"};
inline constexpr Statement outbox_by_id{"outbox_by_id",
                                        "SELECT " OUTBOX_COLUMNS " FROM outbox WHERE id = $1"};
inline constexpr Statement outbox_by_status{
    "outbox_by_status",
    "SELECT " OUTBOX_COLUMNS " FROM outbox WHERE status = $1 ORDER BY id DESC LIMIT $2"};
inline constexpr Statement outbox_all{
    "outbox_all", "SELECT " OUTBOX_COLUMNS " FROM outbox ORDER BY id DESC LIMIT $1"};
inline constexpr Statement outbox_for_lead{
    "outbox_for_lead", "SELECT " OUTBOX_COLUMNS " FROM outbox WHERE lead_id = $1 ORDER BY id"};
inline constexpr Statement outbox_retry_dead{
    "outbox_retry_dead",
    "UPDATE outbox SET status = 'pending', due_at = $2, attempts = 0, lease_owner = '', "
    "lease_until = 0, updated_at = $2 WHERE id = $1 AND status = 'dead'"};
inline constexpr Statement outbox_counts{"outbox_counts",
                                         "SELECT status, count(*) FROM outbox GROUP BY status"};
// The repeated "recipient_key <> ''" lets the planner use the partial index outbox_recipient_key.
inline constexpr Statement outbox_count_recent{
    "outbox_count_recent",
    "SELECT count(*) FROM outbox WHERE recipient_key = $2 AND recipient_key <> '' AND kind = $1 "
    "AND created_at >= $3"};
inline constexpr Statement outbox_set_delivery{
    "outbox_set_delivery", "UPDATE outbox SET delivery_status = $2, updated_at = $3 WHERE id = $1"};
inline constexpr Statement sms_set_opt_out{
    "sms_set_opt_out",
    "INSERT INTO sms_opt_outs (phone_e164, opted_out, keyword, updated_at) VALUES ($1, $2, $3, $4) "
    "ON CONFLICT (phone_e164) DO UPDATE SET opted_out = excluded.opted_out, "
    "keyword = excluded.keyword, updated_at = excluded.updated_at"};
inline constexpr Statement sms_opted_out{
    "sms_opted_out", "SELECT opted_out FROM sms_opt_outs WHERE phone_e164 = $1"};

// The console's list (issue 15): every filter optional ("" / 0 = any; the casts keep PostgreSQL
// from typing a parameter compared with 0 as a 32-bit integer). The last column is the plumber
// account the recipient's e-mail address belongs to (users.email is unique), else NULL.
inline constexpr Statement outbox_list{
    "outbox_list",
    "SELECT " OUTBOX_COLUMNS
    ", (SELECT u.id FROM users u WHERE u.email = outbox.recipient "
    "AND u.role = 'plumber') AS plumber_id FROM outbox "
    "WHERE ($1 = '' OR status = $1) AND ($2 = '' OR channel = $2) AND ($3 = '' OR template = $3) "
    "AND (CAST($4 AS BIGINT) = 0 OR created_at >= $4) "
    "AND (CAST($5 AS BIGINT) = 0 OR created_at < $5) "
    "AND (CAST($6 AS BIGINT) = 0 OR outbox.id < $6) ORDER BY outbox.id DESC LIMIT $7"};
// Only while `owner` still holds the lease: once it has run out, another worker may hold it.
inline constexpr Statement outbox_release_lease{
    "outbox_release_lease",
    "UPDATE outbox SET status = 'pending', attempts = attempts - 1, lease_owner = '', "
    "lease_until = 0, updated_at = $3 WHERE id = $1 AND status = 'sending' AND lease_owner = $2"};
inline constexpr Statement outbox_expedite{
    "outbox_expedite",
    "UPDATE outbox SET due_at = $2, updated_at = $2 WHERE id = $1 AND status = 'pending'"};
inline constexpr Statement outbox_cancel{
    "outbox_cancel",
    "UPDATE outbox SET status = 'dead', last_error = $2, lease_owner = '', lease_until = 0, "
    "updated_at = $3 WHERE id = $1 AND status = 'pending'"};
inline constexpr Statement outbox_oldest_pending{
    "outbox_oldest_pending", "SELECT min(created_at) FROM outbox WHERE status = 'pending'"};

}  // namespace plumbline::store::sql::outbox
