// PostgreSQL: Stripe event de-duplication, plans and packs, and each plumber's Stripe link.
#include "store/sql/payments.hpp"

#include "store/postgres/pg_tx.hpp"
#include "store/sql/billing.hpp"
#include "store/sql/credits.hpp"

namespace plumbline::store::pg {

namespace {

domain::PaymentPlan read_plan(const Result& r, int row) {
  domain::PaymentPlan p;
  p.id = r.text(row, 0);
  p.name = r.text(row, 1);
  p.price_cents = r.int64(row, 2);
  p.monthly_credits = r.int64(row, 3);
  p.stripe_price_id = r.text(row, 4);
  p.active = r.int32(row, 5) != 0;
  return p;
}

domain::CreditPack read_pack(const Result& r, int row) {
  domain::CreditPack p;
  p.id = r.text(row, 0);
  p.credits = r.int64(row, 1);
  p.price_cents = r.int64(row, 2);
  p.stripe_price_id = r.text(row, 3);
  p.active = r.int32(row, 4) != 0;
  return p;
}
}  // namespace

bool PgTx::record_stripe_event(const std::string& id, const std::string& type, std::int64_t created,
                               const std::string& outcome, domain::Millis at) {
  return c_.run(sql::payments::pay_record_event, id, type, created, at, outcome).affected() == 1;
}

std::int64_t PgTx::count_stripe_events() {
  return c_.run(sql::payments::pay_count_events).int64(0, 0);
}

std::vector<domain::PaymentPlan> PgTx::list_plans() {
  auto r = c_.run(sql::billing::pay_plans);
  std::vector<domain::PaymentPlan> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(read_plan(r, i));
  return out;
}

std::vector<domain::CreditPack> PgTx::list_packs() {
  auto r = c_.run(sql::billing::pay_packs);
  std::vector<domain::CreditPack> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(read_pack(r, i));
  return out;
}

std::optional<domain::PaymentPlan> PgTx::plan_by_price(const std::string& stripe_price_id) {
  auto r = c_.run(sql::billing::pay_plan_by_price, stripe_price_id);
  if (r.rows() == 0) return std::nullopt;
  return read_plan(r, 0);
}

std::optional<domain::PaymentPlan> PgTx::plan_by_id(const std::string& id) {
  auto r = c_.run(sql::billing::pay_plan_by_id, id);
  if (r.rows() == 0) return std::nullopt;
  return read_plan(r, 0);
}

std::optional<domain::CreditPack> PgTx::pack_by_id(const std::string& id) {
  auto r = c_.run(sql::billing::pay_pack_by_id, id);
  if (r.rows() == 0) return std::nullopt;
  return read_pack(r, 0);
}

std::optional<std::int64_t> PgTx::plumber_by_stripe_customer(const std::string& customer_id) {
  if (customer_id.empty()) return std::nullopt;
  auto r = c_.run(sql::billing::pay_by_customer, customer_id);
  if (r.rows() == 0) return std::nullopt;
  return r.int64(0, 0);
}

std::optional<domain::PlumberBilling> PgTx::plumber_billing(std::int64_t user_id) {
  auto r = c_.run(sql::billing::pay_billing, user_id);
  if (r.rows() == 0) return std::nullopt;
  domain::PlumberBilling b;
  b.user_id = r.int64(0, 0);
  b.stripe_customer_id = r.text(0, 1);
  b.stripe_subscription_id = r.text(0, 2);
  b.plan_id = r.text(0, 3);
  b.plan_status = r.text(0, 4);
  b.current_period_end = r.int64(0, 5);
  b.stripe_state_at = r.int64(0, 6);
  b.cancel_at_period_end = r.boolean(0, 7);
  return b;
}

bool PgTx::save_plumber_billing(const domain::PlumberBilling& b, domain::Millis at) {
  return c_.run(sql::billing::pay_save_billing, b.user_id, b.stripe_customer_id,
                b.stripe_subscription_id, b.plan_id, b.plan_status, b.current_period_end,
                b.stripe_state_at, at, b.cancel_at_period_end)
             .affected() == 1;
}

bool PgTx::ledger_reference_exists(const std::string& kind, const std::string& reference) {
  return c_.run(sql::credits::pay_reference_exists, kind, reference).rows() > 0;
}

}  // namespace plumbline::store::pg
