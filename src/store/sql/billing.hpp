// The SQL of plans, packs, plumbers' billing and checkout sessions, written once for both backends
// (PostgreSQL placeholders; see statement.hpp).
#pragma once
#include "domain/payments.hpp"
#include "store/sql/row.hpp"
#include "store/sql/statement.hpp"

#define PACK_COLUMNS "id, credits, price_cents, stripe_price_id, active"

#define PLAN_COLUMNS "id, name, price_cents, monthly_credits, stripe_price_id, active"

namespace plumbline::store::sql {

template <RowReader R>
domain::PaymentPlan read_plan(const R& r) {
  domain::PaymentPlan p;
  p.id = r.text(0);
  p.name = r.text(1);
  p.price_cents = r.int64(2);
  p.monthly_credits = r.int64(3);
  p.stripe_price_id = r.text(4);
  p.active = r.int64(5) != 0;
  return p;
}

template <RowReader R>
domain::CheckoutRecord read_checkout(const R& r) {
  domain::CheckoutRecord c;
  c.id = r.text(0);
  c.user_id = sql::id_column<domain::UserId>(r, 1);
  c.mode = r.text(2);
  c.plan_id = r.text(3);
  c.pack_id = r.text(4);
  c.created_at = r.int64(5);
  c.completed_at = r.int64(6);
  c.subscription_id = r.text(7);
  return c;
}

template <RowReader R>
domain::PlumberBilling read_plumber_billing(const R& r) {
  domain::PlumberBilling b;
  b.user_id = sql::id_column<domain::UserId>(r, 0);
  b.stripe_customer_id = r.text(1);
  b.stripe_subscription_id = r.text(2);
  b.plan_id = r.text(3);
  b.plan_status = status_column<domain::PlanStatus>(r, 4);
  b.current_period_end = r.int64(5);
  b.stripe_state_at = r.int64(6);
  b.cancel_at_period_end = r.boolean(7);
  return b;
}

}  // namespace plumbline::store::sql

namespace plumbline::store::sql {

template <RowReader R>
domain::CreditPack read_pack(const R& r) {
  domain::CreditPack p;
  p.id = r.text(0);
  p.credits = r.int64(1);
  p.price_cents = r.int64(2);
  p.stripe_price_id = r.text(3);
  p.active = r.int64(4) != 0;
  return p;
}

}  // namespace plumbline::store::sql

namespace plumbline::store::sql::billing {

inline constexpr Statement bill_set_customer{
    "bill_set_customer",
    "UPDATE plumbers SET stripe_customer_id = $2 WHERE user_id = $1 AND stripe_customer_id IS "
    "NULL"};
inline constexpr Statement bill_save_plan{
    "bill_save_plan",
    "INSERT INTO plans (id, name, price_cents, monthly_credits, stripe_price_id, active) "
    "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO UPDATE SET name = excluded.name, "
    "price_cents = excluded.price_cents, monthly_credits = excluded.monthly_credits, "
    "stripe_price_id = excluded.stripe_price_id, active = excluded.active"};
inline constexpr Statement bill_save_pack{
    "bill_save_pack",
    "INSERT INTO packs (id, credits, price_cents, stripe_price_id, active) "
    "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO UPDATE SET credits = excluded.credits, "
    "price_cents = excluded.price_cents, stripe_price_id = excluded.stripe_price_id, "
    "active = excluded.active"};
inline constexpr Statement bill_checkout{
    "bill_checkout",
    "SELECT id, user_id, mode, coalesce(plan_id, ''), coalesce(pack_id, ''), created_at, "
    "coalesce(completed_at, 0), coalesce(subscription_id, '') FROM checkout_sessions WHERE id = "
    "$1"};
// The row lock makes a concurrent completion wait and then see completed_at set: one winner.
inline constexpr Statement bill_complete_checkout{
    "bill_complete_checkout",
    "UPDATE checkout_sessions SET completed_at = $3, "
    "subscription_id = coalesce(nullif($2, ''), subscription_id) "
    "WHERE id = $1 AND completed_at IS NULL"};
inline constexpr Statement pay_plans{"pay_plans",
                                     "SELECT " PLAN_COLUMNS " FROM plans ORDER BY price_cents, id"};
inline constexpr Statement pay_packs{"pay_packs",
                                     "SELECT " PACK_COLUMNS " FROM packs ORDER BY credits, id"};
inline constexpr Statement pay_plan_by_price{
    "pay_plan_by_price", "SELECT " PLAN_COLUMNS " FROM plans WHERE stripe_price_id = $1"};
inline constexpr Statement pay_plan_by_id{"pay_plan_by_id",
                                          "SELECT " PLAN_COLUMNS " FROM plans WHERE id = $1"};
inline constexpr Statement pay_pack_by_id{"pay_pack_by_id",
                                          "SELECT " PACK_COLUMNS " FROM packs WHERE id = $1"};
inline constexpr Statement pay_by_customer{
    "pay_by_customer", "SELECT user_id FROM plumbers WHERE stripe_customer_id = $1"};
inline constexpr Statement pay_billing{
    "pay_billing",
    "SELECT user_id, coalesce(stripe_customer_id, ''), coalesce(stripe_subscription_id, ''), "
    "coalesce(plan_id, ''), plan_status, current_period_end, stripe_state_at, cancel_at_period_end "
    "FROM plumbers WHERE user_id = $1"};
// Guarded: a newer stored state, or a canceled subscription, is never overwritten. A concurrent
// writer holds the row lock; READ COMMITTED re-checks this WHERE against its committed row.
inline constexpr Statement pay_save_billing{
    "pay_save_billing",
    "UPDATE plumbers SET stripe_customer_id = nullif($2, ''), "
    "stripe_subscription_id = nullif($3, ''), plan_id = nullif($4, ''), plan_status = $5, "
    "current_period_end = $6, stripe_state_at = $7, cancel_at_period_end = $9, "
    "plan_changed_at = CASE WHEN plan_status = $5 THEN plan_changed_at ELSE $8 END, updated_at = "
    "$8 "
    "WHERE user_id = $1 AND stripe_state_at <= $7 "
    "AND NOT (plan_status = 'canceled' AND stripe_subscription_id = nullif($3, '') AND $5 <> "
    "'canceled')"};

inline constexpr Statement bill_insert_checkout{
    "bill_insert_checkout",
    "INSERT INTO checkout_sessions (id, user_id, mode, plan_id, pack_id, created_at, completed_at, "
    "subscription_id) VALUES ($1, $2, $3, nullif($4, ''), nullif($5, ''), $6, "
    "nullif(CAST($7 AS bigint), 0), nullif($8, ''))"};

}  // namespace plumbline::store::sql::billing
