// SQLite: Stripe event de-duplication, plans and packs, and each plumber's Stripe link.
#include "store/sql/payments.hpp"

#include "store/sql/billing.hpp"
#include "store/sql/credits.hpp"
#include "store/sqlite/sqlite_tx.hpp"

namespace plumbline::store::sqlite {

namespace {

domain::PaymentPlan read_plan(const Statement& st) {
  domain::PaymentPlan p;
  p.id = st.text(0);
  p.name = st.text(1);
  p.price_cents = st.int64(2);
  p.monthly_credits = st.int64(3);
  p.stripe_price_id = st.text(4);
  p.active = st.int64(5) != 0;
  return p;
}

domain::CreditPack read_pack(const Statement& st) {
  domain::CreditPack p;
  p.id = st.text(0);
  p.credits = st.int64(1);
  p.price_cents = st.int64(2);
  p.stripe_price_id = st.text(3);
  p.active = st.int64(4) != 0;
  return p;
}
}  // namespace

bool SqliteTx::record_stripe_event(const std::string& id, const std::string& type,
                                   std::int64_t created, const std::string& outcome,
                                   domain::Millis at) {
  auto st = c_.prepare<sql::payments::pay_record_event>();
  st.bind(1, id).bind(2, type).bind(3, created).bind(4, at).bind(5, outcome);
  st.run();
  return sqlite3_changes(c_.handle()) == 1;
}

std::int64_t SqliteTx::count_stripe_events() {
  auto st = c_.prepare<sql::payments::pay_count_events>();
  return st.step() ? st.int64(0) : 0;
}

std::vector<domain::PaymentPlan> SqliteTx::list_plans() {
  auto st = c_.prepare<sql::billing::pay_plans>();
  std::vector<domain::PaymentPlan> out;
  while (st.step()) out.push_back(read_plan(st));
  return out;
}

std::vector<domain::CreditPack> SqliteTx::list_packs() {
  auto st = c_.prepare<sql::billing::pay_packs>();
  std::vector<domain::CreditPack> out;
  while (st.step()) out.push_back(read_pack(st));
  return out;
}

std::optional<domain::PaymentPlan> SqliteTx::plan_by_price(const std::string& stripe_price_id) {
  auto st = c_.prepare<sql::billing::pay_plan_by_price>();
  st.bind(1, stripe_price_id);
  if (!st.step()) return std::nullopt;
  return read_plan(st);
}

std::optional<domain::PaymentPlan> SqliteTx::plan_by_id(const std::string& id) {
  auto st = c_.prepare<sql::billing::pay_plan_by_id>();
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return read_plan(st);
}

std::optional<domain::CreditPack> SqliteTx::pack_by_id(const std::string& id) {
  auto st = c_.prepare<sql::billing::pay_pack_by_id>();
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return read_pack(st);
}

std::optional<std::int64_t> SqliteTx::plumber_by_stripe_customer(const std::string& customer_id) {
  if (customer_id.empty()) return std::nullopt;
  auto st = c_.prepare<sql::billing::pay_by_customer>();
  st.bind(1, customer_id);
  if (!st.step()) return std::nullopt;
  return st.int64(0);
}

std::optional<domain::PlumberBilling> SqliteTx::plumber_billing(std::int64_t user_id) {
  auto st = c_.prepare<sql::billing::pay_billing>();
  st.bind(1, user_id);
  if (!st.step()) return std::nullopt;
  domain::PlumberBilling b;
  b.user_id = st.int64(0);
  b.stripe_customer_id = st.text(1);
  b.stripe_subscription_id = st.text(2);
  b.plan_id = st.text(3);
  b.plan_status = st.text(4);
  b.current_period_end = st.int64(5);
  b.stripe_state_at = st.int64(6);
  b.cancel_at_period_end = st.int64(7) != 0;
  return b;
}

bool SqliteTx::save_plumber_billing(const domain::PlumberBilling& b, domain::Millis at) {
  auto st = c_.prepare<sql::billing::pay_save_billing>();
  st.bind(1, b.user_id).bind(2, b.stripe_customer_id).bind(3, b.stripe_subscription_id);
  st.bind(4, b.plan_id).bind(5, b.plan_status).bind(6, b.current_period_end);
  st.bind(7, b.stripe_state_at).bind(8, at).bind(9, b.cancel_at_period_end ? 1 : 0);
  st.run();
  return sqlite3_changes(c_.handle()) == 1;
}

bool SqliteTx::ledger_reference_exists(const std::string& kind, const std::string& reference) {
  auto st = c_.prepare<sql::credits::pay_reference_exists>();
  st.bind(1, kind).bind(2, reference);
  return st.step();
}

}  // namespace plumbline::store::sqlite
