// SQLite: billing: plan and pack editing, the Stripe customer link, Checkout Sessions we created
// and the payments that reached us.
#include "store/sql/billing.hpp"

#include "store/sql/payments.hpp"
#include "store/sqlite/sqlite_tx.hpp"

namespace plumbline::store::sqlite {

namespace {
constexpr const char* insert_checkout_sql =
    "INSERT INTO checkout_sessions (id, user_id, mode, plan_id, pack_id, created_at, completed_at, "
    "subscription_id) VALUES (?1, ?2, ?3, nullif(?4, ''), nullif(?5, ''), ?6, nullif(?7, 0), "
    "nullif(?8, ''))";
#define PAYMENT_COLUMNS                                                                          \
  "SELECT id, user_id, kind, stripe_id, coalesce(payment_intent, ''), coalesce(charge_id, ''), " \
  "item_id, description, credits, amount_cents, currency, receipt_url, amount_refunded_cents, "  \
  "dispute_status, dispute_reason, created_at, updated_at FROM payments "
constexpr const char* list_sql = PAYMENT_COLUMNS
    "WHERE (?1 = 0 OR user_id = ?1) "
    "AND (?2 = 0 OR amount_refunded_cents > 0 OR dispute_status <> '') "
    "ORDER BY created_at DESC, id DESC LIMIT ?3 OFFSET ?4";
#undef PAYMENT_COLUMNS

domain::Payment read_payment(const Statement& st) {
  domain::Payment p;
  int i = 0;
  p.id = st.int64(i++);
  p.user_id = st.int64(i++);
  p.kind = st.text(i++);
  p.stripe_id = st.text(i++);
  p.payment_intent = st.text(i++);
  p.charge_id = st.text(i++);
  p.item_id = st.text(i++);
  p.description = st.text(i++);
  p.credits = st.int64(i++);
  p.amount_cents = st.int64(i++);
  p.currency = st.text(i++);
  p.receipt_url = st.text(i++);
  p.amount_refunded_cents = st.int64(i++);
  p.dispute_status = st.text(i++);
  p.dispute_reason = st.text(i++);
  p.created_at = st.int64(i++);
  p.updated_at = st.int64(i++);
  return p;
}

std::optional<domain::Payment> one_payment(Connection& c, const char* sql, const std::string& key) {
  if (key.empty()) return std::nullopt;
  auto st = c.prepare(sql);
  st.bind(1, key);
  if (!st.step()) return std::nullopt;
  return read_payment(st);
}
}  // namespace

bool SqliteTx::set_stripe_customer(std::int64_t user_id, const std::string& customer_id) {
  auto st = c_.prepare<sql::billing::bill_set_customer>();
  st.bind(1, user_id).bind(2, customer_id);
  st.run();
  return sqlite3_changes(c_.handle()) == 1;
}

void SqliteTx::save_plan(const domain::PaymentPlan& plan) {
  auto st = c_.prepare<sql::billing::bill_save_plan>();
  st.bind(1, plan.id).bind(2, plan.name).bind(3, plan.price_cents).bind(4, plan.monthly_credits);
  st.bind(5, plan.stripe_price_id).bind(6, plan.active ? 1 : 0);
  st.run();
}

void SqliteTx::save_pack(const domain::CreditPack& pack) {
  auto st = c_.prepare<sql::billing::bill_save_pack>();
  st.bind(1, pack.id).bind(2, pack.credits).bind(3, pack.price_cents);
  st.bind(4, pack.stripe_price_id).bind(5, pack.active ? 1 : 0);
  st.run();
}

void SqliteTx::insert_checkout_session(const domain::CheckoutRecord& r) {
  auto st = c_.prepare(insert_checkout_sql);
  st.bind(1, r.id).bind(2, r.user_id).bind(3, r.mode).bind(4, r.plan_id).bind(5, r.pack_id);
  st.bind(6, r.created_at).bind(7, r.completed_at).bind(8, r.subscription_id);
  st.run();
}

std::optional<domain::CheckoutRecord> SqliteTx::checkout_session(const std::string& id) {
  auto st = c_.prepare<sql::billing::bill_checkout>();
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  domain::CheckoutRecord r;
  r.id = st.text(0);
  r.user_id = st.int64(1);
  r.mode = st.text(2);
  r.plan_id = st.text(3);
  r.pack_id = st.text(4);
  r.created_at = st.int64(5);
  r.completed_at = st.int64(6);
  r.subscription_id = st.text(7);
  return r;
}

bool SqliteTx::complete_checkout_session(const std::string& id, const std::string& subscription_id,
                                         domain::Millis at) {
  auto st = c_.prepare<sql::billing::bill_complete_checkout>();
  st.bind(1, id).bind(2, subscription_id).bind(3, at);
  st.run();
  return sqlite3_changes(c_.handle()) == 1;
}

bool SqliteTx::insert_payment(const domain::Payment& p) {
  auto st = c_.prepare<sql::payments::bill_insert_payment>();
  st.bind(1, p.user_id).bind(2, p.kind).bind(3, p.stripe_id).bind(4, p.payment_intent);
  st.bind(5, p.charge_id).bind(6, p.item_id).bind(7, p.description).bind(8, p.credits);
  st.bind(9, p.amount_cents).bind(10, p.currency).bind(11, p.receipt_url);
  st.bind(12, p.amount_refunded_cents).bind(13, p.dispute_status).bind(14, p.dispute_reason);
  st.bind(15, p.created_at).bind(16, p.updated_at);
  st.run();
  return sqlite3_changes(c_.handle()) == 1;
}

std::optional<domain::Payment> SqliteTx::payment_by_stripe_id(const std::string& stripe_id) {
  return one_payment(c_, sql::sqlite_text<sql::payments::bill_payment_by_stripe_id>, stripe_id);
}

std::optional<domain::Payment> SqliteTx::payment_by_intent(const std::string& payment_intent) {
  return one_payment(c_, sql::sqlite_text<sql::payments::bill_payment_by_intent>, payment_intent);
}

std::optional<domain::Payment> SqliteTx::payment_by_charge(const std::string& charge_id) {
  return one_payment(c_, sql::sqlite_text<sql::payments::bill_payment_by_charge>, charge_id);
}

void SqliteTx::update_payment(const domain::Payment& p) {
  auto st = c_.prepare<sql::payments::bill_update_payment>();
  st.bind(1, p.id).bind(2, p.payment_intent).bind(3, p.charge_id).bind(4, p.receipt_url);
  st.bind(5, p.amount_refunded_cents).bind(6, p.dispute_status).bind(7, p.dispute_reason);
  st.bind(8, p.updated_at);
  st.run();
}

std::vector<domain::Payment> SqliteTx::list_payments(const domain::PaymentListQuery& q) {
  auto st = c_.prepare(list_sql);
  st.bind(1, q.user_id).bind(2, q.problems_only ? 1 : 0).bind(3, q.limit).bind(4, q.offset);
  std::vector<domain::Payment> out;
  while (st.step()) out.push_back(read_payment(st));
  return out;
}

}  // namespace plumbline::store::sqlite
