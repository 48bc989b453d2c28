// SQLite: Stripe event de-duplication, plans and packs, and each plumber's Stripe link.
#include "store/sqlite/sqlite_tx.hpp"

namespace plumbline::store::sqlite {

namespace {
constexpr const char* record_event_sql =
    "INSERT INTO stripe_events (id, type, created, received_at, processed_at, outcome) "
    "VALUES (?1, ?2, ?3, ?4, ?4, ?5) ON CONFLICT (id) DO NOTHING";
constexpr const char* count_events_sql = "SELECT count(*) FROM stripe_events";
#define PLAN_COLUMNS "id, name, price_cents, monthly_credits, stripe_price_id, active"
#define PACK_COLUMNS "id, credits, price_cents, stripe_price_id, active"
constexpr const char* plans_sql = "SELECT " PLAN_COLUMNS " FROM plans ORDER BY price_cents, id";
constexpr const char* packs_sql = "SELECT " PACK_COLUMNS " FROM packs ORDER BY credits, id";
constexpr const char* plan_by_price_sql =
    "SELECT " PLAN_COLUMNS " FROM plans WHERE stripe_price_id = ?1";
constexpr const char* plan_by_id_sql = "SELECT " PLAN_COLUMNS " FROM plans WHERE id = ?1";
constexpr const char* pack_by_id_sql = "SELECT " PACK_COLUMNS " FROM packs WHERE id = ?1";
#undef PLAN_COLUMNS
#undef PACK_COLUMNS
constexpr const char* by_customer_sql =
    "SELECT user_id FROM plumbers WHERE stripe_customer_id = ?1";
constexpr const char* billing_sql =
    "SELECT user_id, coalesce(stripe_customer_id, ''), coalesce(stripe_subscription_id, ''), "
    "coalesce(plan_id, ''), plan_status, current_period_end, stripe_state_at, cancel_at_period_end "
    "FROM plumbers WHERE user_id = ?1";
// Guarded: a newer stored state, or a canceled subscription, is never overwritten (store.hpp).
constexpr const char* save_billing_sql =
    "UPDATE plumbers SET stripe_customer_id = nullif(?2, ''), "
    "stripe_subscription_id = nullif(?3, ''), plan_id = nullif(?4, ''), plan_status = ?5, "
    "current_period_end = ?6, stripe_state_at = ?7, cancel_at_period_end = ?9, "
    "plan_changed_at = CASE WHEN plan_status = ?5 THEN plan_changed_at ELSE ?8 END, updated_at = "
    "?8 "
    "WHERE user_id = ?1 AND stripe_state_at <= ?7 "
    "AND NOT (plan_status = 'canceled' AND stripe_subscription_id = nullif(?3, '') AND ?5 <> "
    "'canceled')";
constexpr const char* reference_exists_sql =
    "SELECT 1 FROM credit_ledger WHERE kind = ?1 AND reference = ?2";

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
  auto st = c_.prepare(record_event_sql);
  st.bind(1, id).bind(2, type).bind(3, created).bind(4, at).bind(5, outcome);
  st.run();
  return sqlite3_changes(c_.handle()) == 1;
}

std::int64_t SqliteTx::count_stripe_events() {
  auto st = c_.prepare(count_events_sql);
  return st.step() ? st.int64(0) : 0;
}

std::vector<domain::PaymentPlan> SqliteTx::list_plans() {
  auto st = c_.prepare(plans_sql);
  std::vector<domain::PaymentPlan> out;
  while (st.step()) out.push_back(read_plan(st));
  return out;
}

std::vector<domain::CreditPack> SqliteTx::list_packs() {
  auto st = c_.prepare(packs_sql);
  std::vector<domain::CreditPack> out;
  while (st.step()) out.push_back(read_pack(st));
  return out;
}

std::optional<domain::PaymentPlan> SqliteTx::plan_by_price(const std::string& stripe_price_id) {
  auto st = c_.prepare(plan_by_price_sql);
  st.bind(1, stripe_price_id);
  if (!st.step()) return std::nullopt;
  return read_plan(st);
}

std::optional<domain::PaymentPlan> SqliteTx::plan_by_id(const std::string& id) {
  auto st = c_.prepare(plan_by_id_sql);
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return read_plan(st);
}

std::optional<domain::CreditPack> SqliteTx::pack_by_id(const std::string& id) {
  auto st = c_.prepare(pack_by_id_sql);
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return read_pack(st);
}

std::optional<std::int64_t> SqliteTx::plumber_by_stripe_customer(const std::string& customer_id) {
  if (customer_id.empty()) return std::nullopt;
  auto st = c_.prepare(by_customer_sql);
  st.bind(1, customer_id);
  if (!st.step()) return std::nullopt;
  return st.int64(0);
}

std::optional<domain::PlumberBilling> SqliteTx::plumber_billing(std::int64_t user_id) {
  auto st = c_.prepare(billing_sql);
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
  auto st = c_.prepare(save_billing_sql);
  st.bind(1, b.user_id).bind(2, b.stripe_customer_id).bind(3, b.stripe_subscription_id);
  st.bind(4, b.plan_id).bind(5, b.plan_status).bind(6, b.current_period_end);
  st.bind(7, b.stripe_state_at).bind(8, at).bind(9, b.cancel_at_period_end ? 1 : 0);
  st.run();
  return sqlite3_changes(c_.handle()) == 1;
}

bool SqliteTx::ledger_reference_exists(const std::string& kind, const std::string& reference) {
  auto st = c_.prepare(reference_exists_sql);
  st.bind(1, kind).bind(2, reference);
  return st.step();
}

}  // namespace plumbline::store::sqlite
