// The SQL of Stripe events and payments, written once for both backends (PostgreSQL placeholders;
// see statement.hpp).
#pragma once
#include "domain/payments.hpp"
#include "store/sql/row.hpp"
#include "store/sql/statement.hpp"

#define PAYMENT_COLUMNS                                                                          \
  "SELECT id, user_id, kind, stripe_id, coalesce(payment_intent, ''), coalesce(charge_id, ''), " \
  "item_id, description, credits, amount_cents, currency, receipt_url, amount_refunded_cents, "  \
  "dispute_status, dispute_reason, created_at, updated_at FROM payments "

namespace plumbline::store::sql {

template <RowReader R>
domain::Payment read_payment(const R& r) {
  domain::Payment p;
  int i = 0;
  p.id = r.int64(i++);
  p.user_id = sql::id_column<domain::UserId>(r, i++);
  p.kind = r.text(i++);
  p.stripe_id = r.text(i++);
  p.payment_intent = r.text(i++);
  p.charge_id = r.text(i++);
  p.item_id = r.text(i++);
  p.description = r.text(i++);
  p.credits = r.int64(i++);
  p.amount_cents = r.int64(i++);
  p.currency = r.text(i++);
  p.receipt_url = r.text(i++);
  p.amount_refunded_cents = r.int64(i++);
  p.dispute_status = r.text(i++);
  p.dispute_reason = r.text(i++);
  p.created_at = r.int64(i++);
  p.updated_at = r.int64(i++);
  return p;
}

}  // namespace plumbline::store::sql

namespace plumbline::store::sql::payments {

inline constexpr Statement bill_insert_payment{
    "bill_insert_payment",
    "INSERT INTO payments (user_id, kind, stripe_id, payment_intent, charge_id, item_id, "
    "description, credits, amount_cents, currency, receipt_url, amount_refunded_cents, "
    "dispute_status, dispute_reason, created_at, updated_at) VALUES ($1, $2, $3, nullif($4, ''), "
    "nullif($5, ''), $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) "
    "ON CONFLICT (stripe_id) DO NOTHING"};
inline constexpr Statement bill_payment_by_stripe_id{"bill_payment_by_stripe_id",
                                                     PAYMENT_COLUMNS "WHERE stripe_id = $1"};
// Several payments never share an intent or a charge in practice; the oldest wins if they do.
inline constexpr Statement bill_payment_by_intent{
    "bill_payment_by_intent", PAYMENT_COLUMNS "WHERE payment_intent = $1 ORDER BY id LIMIT 1"};
inline constexpr Statement bill_payment_by_charge{
    "bill_payment_by_charge", PAYMENT_COLUMNS "WHERE charge_id = $1 ORDER BY id LIMIT 1"};
inline constexpr Statement bill_update_payment{
    "bill_update_payment",
    "UPDATE payments SET payment_intent = nullif($2, ''), charge_id = nullif($3, ''), "
    "receipt_url = $4, amount_refunded_cents = $5, dispute_status = $6, dispute_reason = $7, "
    "updated_at = $8 WHERE id = $1"};
// ON CONFLICT DO NOTHING waits for a concurrent insert of the same id to commit, then skips it:
// exactly one transaction sees "new".
inline constexpr Statement pay_record_event{
    "pay_record_event",
    "INSERT INTO stripe_events (id, type, created, received_at, processed_at, outcome) "
    "VALUES ($1, $2, $3, $4, $4, $5) ON CONFLICT (id) DO NOTHING"};
inline constexpr Statement pay_count_events{"pay_count_events",
                                            "SELECT count(*) FROM stripe_events"};

inline constexpr Statement bill_list_payments{
    "bill_list_payments", PAYMENT_COLUMNS
    "WHERE (CAST($1 AS bigint) = 0 OR user_id = $1) "
    "AND (NOT CAST($2 AS boolean) OR amount_refunded_cents > 0 OR dispute_status <> '') "
    "ORDER BY created_at DESC, id DESC LIMIT $3 OFFSET $4"};

}  // namespace plumbline::store::sql::payments
