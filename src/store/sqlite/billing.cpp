// SQLite: plans and packs, each plumber's Stripe link and billing state, and the Checkout Sessions
// we created.
#include "store/sql/billing.hpp"

#include "store/sql/payments.hpp"
#include "store/sqlite/sqlite_tx.hpp"

namespace plumbline::store::sqlite {

namespace {}  // namespace

bool SqliteTx::set_stripe_customer(domain::UserId user_id, const std::string& customer_id) {
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
  auto st = c_.prepare<sql::billing::bill_insert_checkout>();
  st.bind(1, r.id).bind(2, r.user_id).bind(3, r.mode).bind(4, r.plan_id).bind(5, r.pack_id);
  st.bind(6, r.created_at).bind(7, r.completed_at).bind(8, r.subscription_id);
  st.run();
}

std::optional<domain::CheckoutRecord> SqliteTx::checkout_session(const std::string& id) {
  auto st = c_.prepare<sql::billing::bill_checkout>();
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return sql::read_checkout(st);
}

bool SqliteTx::complete_checkout_session(const std::string& id, const std::string& subscription_id,
                                         domain::Millis at) {
  auto st = c_.prepare<sql::billing::bill_complete_checkout>();
  st.bind(1, id).bind(2, subscription_id).bind(3, at);
  st.run();
  return sqlite3_changes(c_.handle()) == 1;
}

std::vector<domain::PaymentPlan> SqliteTx::list_plans() {
  auto st = c_.prepare<sql::billing::pay_plans>();
  std::vector<domain::PaymentPlan> out;
  while (st.step()) out.push_back(sql::read_plan(st));
  return out;
}

std::vector<domain::CreditPack> SqliteTx::list_packs() {
  auto st = c_.prepare<sql::billing::pay_packs>();
  std::vector<domain::CreditPack> out;
  while (st.step()) out.push_back(sql::read_pack(st));
  return out;
}

std::optional<domain::PaymentPlan> SqliteTx::plan_by_price(const std::string& stripe_price_id) {
  auto st = c_.prepare<sql::billing::pay_plan_by_price>();
  st.bind(1, stripe_price_id);
  if (!st.step()) return std::nullopt;
  return sql::read_plan(st);
}

std::optional<domain::PaymentPlan> SqliteTx::plan_by_id(const std::string& id) {
  auto st = c_.prepare<sql::billing::pay_plan_by_id>();
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return sql::read_plan(st);
}

std::optional<domain::CreditPack> SqliteTx::pack_by_id(const std::string& id) {
  auto st = c_.prepare<sql::billing::pay_pack_by_id>();
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return sql::read_pack(st);
}

std::optional<domain::UserId> SqliteTx::plumber_by_stripe_customer(const std::string& customer_id) {
  if (customer_id.empty()) return std::nullopt;
  auto st = c_.prepare<sql::billing::pay_by_customer>();
  st.bind(1, customer_id);
  if (!st.step()) return std::nullopt;
  return domain::UserId{st.int64(0)};
}

std::optional<domain::PlumberBilling> SqliteTx::plumber_billing(domain::UserId user_id) {
  auto st = c_.prepare<sql::billing::pay_billing>();
  st.bind(1, user_id);
  if (!st.step()) return std::nullopt;
  return sql::read_plumber_billing(st);
}

bool SqliteTx::save_plumber_billing(const domain::PlumberBilling& b, domain::Millis at) {
  auto st = c_.prepare<sql::billing::pay_save_billing>();
  st.bind(1, b.user_id).bind(2, b.stripe_customer_id).bind(3, b.stripe_subscription_id);
  st.bind(4, b.plan_id).bind(5, b.plan_status).bind(6, b.current_period_end);
  st.bind(7, b.stripe_state_at).bind(8, at).bind(9, b.cancel_at_period_end ? 1 : 0);
  st.run();
  return sqlite3_changes(c_.handle()) == 1;
}

}  // namespace plumbline::store::sqlite
