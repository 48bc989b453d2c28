// PostgreSQL: plans and packs, each plumber's Stripe link and billing state, and the Checkout
// Sessions we created.
#include "store/sql/billing.hpp"

#include "store/postgres/pg_tx.hpp"
#include "store/sql/payments.hpp"

namespace plumbline::store::pg {

namespace {}  // namespace

bool PgTx::set_stripe_customer(domain::UserId user_id, const std::string& customer_id) {
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
  c_.run(sql::billing::bill_insert_checkout, r.id, r.user_id, r.mode, r.plan_id, r.pack_id,
         r.created_at, r.completed_at, r.subscription_id);
}

std::optional<domain::CheckoutRecord> PgTx::checkout_session(const std::string& id) {
  auto res = c_.run(sql::billing::bill_checkout, id);
  if (res.rows() == 0) return std::nullopt;
  return sql::read_checkout(res.row(0));
}

bool PgTx::complete_checkout_session(const std::string& id, const std::string& subscription_id,
                                     domain::Millis at) {
  return c_.run(sql::billing::bill_complete_checkout, id, subscription_id, at).affected() == 1;
}

std::vector<domain::PaymentPlan> PgTx::list_plans() {
  auto r = c_.run(sql::billing::pay_plans);
  std::vector<domain::PaymentPlan> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(sql::read_plan(r.row(i)));
  return out;
}

std::vector<domain::CreditPack> PgTx::list_packs() {
  auto r = c_.run(sql::billing::pay_packs);
  std::vector<domain::CreditPack> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(sql::read_pack(r.row(i)));
  return out;
}

std::optional<domain::PaymentPlan> PgTx::plan_by_price(const std::string& stripe_price_id) {
  auto r = c_.run(sql::billing::pay_plan_by_price, stripe_price_id);
  if (r.rows() == 0) return std::nullopt;
  return sql::read_plan(r.row(0));
}

std::optional<domain::PaymentPlan> PgTx::plan_by_id(const std::string& id) {
  auto r = c_.run(sql::billing::pay_plan_by_id, id);
  if (r.rows() == 0) return std::nullopt;
  return sql::read_plan(r.row(0));
}

std::optional<domain::CreditPack> PgTx::pack_by_id(const std::string& id) {
  auto r = c_.run(sql::billing::pay_pack_by_id, id);
  if (r.rows() == 0) return std::nullopt;
  return sql::read_pack(r.row(0));
}

std::optional<domain::UserId> PgTx::plumber_by_stripe_customer(const std::string& customer_id) {
  if (customer_id.empty()) return std::nullopt;
  auto r = c_.run(sql::billing::pay_by_customer, customer_id);
  if (r.rows() == 0) return std::nullopt;
  return domain::UserId{r.int64(0, 0)};
}

std::optional<domain::PlumberBilling> PgTx::plumber_billing(domain::UserId user_id) {
  auto r = c_.run(sql::billing::pay_billing, user_id);
  if (r.rows() == 0) return std::nullopt;
  return sql::read_plumber_billing(r.row(0));
}

bool PgTx::save_plumber_billing(const domain::PlumberBilling& b, domain::Millis at) {
  return c_.run(sql::billing::pay_save_billing, b.user_id, b.stripe_customer_id,
                b.stripe_subscription_id, b.plan_id, b.plan_status, b.current_period_end,
                b.stripe_state_at, at, b.cancel_at_period_end)
             .affected() == 1;
}

}  // namespace plumbline::store::pg
