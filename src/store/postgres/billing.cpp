// PostgreSQL: billing: plan and pack editing, the Stripe customer link, Checkout Sessions we
// created and the payments that reached us.
#include "store/sql/billing.hpp"

#include "store/postgres/pg_tx.hpp"
#include "store/sql/payments.hpp"

namespace plumbline::store::pg {

namespace {
constexpr Sql insert_checkout_sql{
    "bill_insert_checkout",
    "INSERT INTO checkout_sessions (id, user_id, mode, plan_id, pack_id, created_at, completed_at, "
    "subscription_id) VALUES ($1, $2, $3, nullif($4, ''), nullif($5, ''), $6, "
    "nullif($7::bigint, 0), nullif($8, ''))"};
#define PAYMENT_COLUMNS                                                                          \
  "SELECT id, user_id, kind, stripe_id, coalesce(payment_intent, ''), coalesce(charge_id, ''), " \
  "item_id, description, credits, amount_cents, currency, receipt_url, amount_refunded_cents, "  \
  "dispute_status, dispute_reason, created_at, updated_at FROM payments "
constexpr Sql payment_list_sql{
    "bill_list_payments", PAYMENT_COLUMNS
    "WHERE ($1::bigint = 0 OR user_id = $1) "
    "AND (NOT $2::boolean OR amount_refunded_cents > 0 OR dispute_status <> '') "
    "ORDER BY created_at DESC, id DESC LIMIT $3 OFFSET $4"};
#undef PAYMENT_COLUMNS

domain::Payment read_payment(const Result& r, int row) {
  domain::Payment p;
  int i = 0;
  p.id = r.int64(row, i++);
  p.user_id = r.int64(row, i++);
  p.kind = r.text(row, i++);
  p.stripe_id = r.text(row, i++);
  p.payment_intent = r.text(row, i++);
  p.charge_id = r.text(row, i++);
  p.item_id = r.text(row, i++);
  p.description = r.text(row, i++);
  p.credits = r.int64(row, i++);
  p.amount_cents = r.int64(row, i++);
  p.currency = r.text(row, i++);
  p.receipt_url = r.text(row, i++);
  p.amount_refunded_cents = r.int64(row, i++);
  p.dispute_status = r.text(row, i++);
  p.dispute_reason = r.text(row, i++);
  p.created_at = r.int64(row, i++);
  p.updated_at = r.int64(row, i++);
  return p;
}

std::optional<domain::Payment> one_payment(Conn& c, const Sql& sql, const std::string& key) {
  if (key.empty()) return std::nullopt;
  auto r = c.run(sql, key);
  if (r.rows() == 0) return std::nullopt;
  return read_payment(r, 0);
}
}  // namespace

bool PgTx::set_stripe_customer(std::int64_t user_id, const std::string& customer_id) {
  return c_.run(sql::billing::bill_set_customer, user_id, customer_id).affected() == 1;
}

void PgTx::save_plan(const domain::PaymentPlan& plan) {
  c_.run(sql::billing::bill_save_plan, plan.id, plan.name, plan.price_cents, plan.monthly_credits,
         plan.stripe_price_id, plan.active ? 1 : 0);
}

void PgTx::save_pack(const domain::CreditPack& pack) {
  c_.run(sql::billing::bill_save_pack, pack.id, pack.credits, pack.price_cents,
         pack.stripe_price_id, pack.active ? 1 : 0);
}

void PgTx::insert_checkout_session(const domain::CheckoutRecord& r) {
  c_.run(insert_checkout_sql, r.id, r.user_id, r.mode, r.plan_id, r.pack_id, r.created_at,
         r.completed_at, r.subscription_id);
}

std::optional<domain::CheckoutRecord> PgTx::checkout_session(const std::string& id) {
  auto res = c_.run(sql::billing::bill_checkout, id);
  if (res.rows() == 0) return std::nullopt;
  domain::CheckoutRecord r;
  r.id = res.text(0, 0);
  r.user_id = res.int64(0, 1);
  r.mode = res.text(0, 2);
  r.plan_id = res.text(0, 3);
  r.pack_id = res.text(0, 4);
  r.created_at = res.int64(0, 5);
  r.completed_at = res.int64(0, 6);
  r.subscription_id = res.text(0, 7);
  return r;
}

bool PgTx::complete_checkout_session(const std::string& id, const std::string& subscription_id,
                                     domain::Millis at) {
  return c_.run(sql::billing::bill_complete_checkout, id, subscription_id, at).affected() == 1;
}

bool PgTx::insert_payment(const domain::Payment& p) {
  return c_.run(sql::payments::bill_insert_payment, p.user_id, p.kind, p.stripe_id,
                p.payment_intent, p.charge_id, p.item_id, p.description, p.credits, p.amount_cents,
                p.currency, p.receipt_url, p.amount_refunded_cents, p.dispute_status,
                p.dispute_reason, p.created_at, p.updated_at)
             .affected() == 1;
}

std::optional<domain::Payment> PgTx::payment_by_stripe_id(const std::string& stripe_id) {
  return one_payment(c_, sql::payments::bill_payment_by_stripe_id, stripe_id);
}

std::optional<domain::Payment> PgTx::payment_by_intent(const std::string& payment_intent) {
  return one_payment(c_, sql::payments::bill_payment_by_intent, payment_intent);
}

std::optional<domain::Payment> PgTx::payment_by_charge(const std::string& charge_id) {
  return one_payment(c_, sql::payments::bill_payment_by_charge, charge_id);
}

void PgTx::update_payment(const domain::Payment& p) {
  c_.run(sql::payments::bill_update_payment, p.id, p.payment_intent, p.charge_id, p.receipt_url,
         p.amount_refunded_cents, p.dispute_status, p.dispute_reason, p.updated_at);
}

std::vector<domain::Payment> PgTx::list_payments(const domain::PaymentListQuery& q) {
  auto r = c_.run(payment_list_sql, q.user_id, q.problems_only, q.limit, q.offset);
  std::vector<domain::Payment> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(read_payment(r, i));
  return out;
}

}  // namespace plumbline::store::pg
