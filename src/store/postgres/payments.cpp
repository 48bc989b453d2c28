// PostgreSQL: Stripe event de-duplication, plans and packs, and each plumber's Stripe link.
#include "store/postgres/pg_tx.hpp"

namespace plumbline::store::pg {

namespace {
// ON CONFLICT DO NOTHING waits for a concurrent insert of the same id to commit, then skips it:
// exactly one transaction sees "new".
constexpr Sql record_event_sql{
    "pay_record_event",
    "INSERT INTO stripe_events (id, type, created, received_at, processed_at, outcome) "
    "VALUES ($1, $2, $3, $4, $4, $5) ON CONFLICT (id) DO NOTHING"};
constexpr Sql count_events_sql{"pay_count_events", "SELECT count(*) FROM stripe_events"};
#define PLAN_COLUMNS "id, name, price_cents, monthly_credits, stripe_price_id, active"
#define PACK_COLUMNS "id, credits, price_cents, stripe_price_id, active"
constexpr Sql plans_sql{"pay_plans", "SELECT " PLAN_COLUMNS " FROM plans ORDER BY price_cents, id"};
constexpr Sql packs_sql{"pay_packs", "SELECT " PACK_COLUMNS " FROM packs ORDER BY credits, id"};
constexpr Sql plan_by_price_sql{"pay_plan_by_price",
                                "SELECT " PLAN_COLUMNS " FROM plans WHERE stripe_price_id = $1"};
constexpr Sql plan_by_id_sql{"pay_plan_by_id", "SELECT " PLAN_COLUMNS " FROM plans WHERE id = $1"};
constexpr Sql pack_by_id_sql{"pay_pack_by_id", "SELECT " PACK_COLUMNS " FROM packs WHERE id = $1"};
#undef PLAN_COLUMNS
#undef PACK_COLUMNS
constexpr Sql by_customer_sql{"pay_by_customer",
                              "SELECT user_id FROM plumbers WHERE stripe_customer_id = $1"};
constexpr Sql billing_sql{
    "pay_billing",
    "SELECT user_id, coalesce(stripe_customer_id, ''), coalesce(stripe_subscription_id, ''), "
    "coalesce(plan_id, ''), plan_status, current_period_end, stripe_state_at, cancel_at_period_end "
    "FROM plumbers WHERE user_id = $1"};
// Guarded: a newer stored state, or a canceled subscription, is never overwritten. A concurrent
// writer holds the row lock; READ COMMITTED re-checks this WHERE against its committed row.
constexpr Sql save_billing_sql{
    "pay_save_billing",
    "UPDATE plumbers SET stripe_customer_id = nullif($2, ''), "
    "stripe_subscription_id = nullif($3, ''), plan_id = nullif($4, ''), plan_status = $5, "
    "current_period_end = $6, stripe_state_at = $7, cancel_at_period_end = $9, "
    "plan_changed_at = CASE WHEN plan_status = $5 THEN plan_changed_at ELSE $8 END, updated_at = "
    "$8 "
    "WHERE user_id = $1 AND stripe_state_at <= $7 "
    "AND NOT (plan_status = 'canceled' AND stripe_subscription_id = nullif($3, '') AND $5 <> "
    "'canceled')"};
constexpr Sql reference_exists_sql{
    "pay_reference_exists", "SELECT 1 FROM credit_ledger WHERE kind = $1 AND reference = $2"};

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
  return c_.run(record_event_sql, id, type, created, at, outcome).affected() == 1;
}

std::int64_t PgTx::count_stripe_events() {
  return c_.run(count_events_sql).int64(0, 0);
}

std::vector<domain::PaymentPlan> PgTx::list_plans() {
  auto r = c_.run(plans_sql);
  std::vector<domain::PaymentPlan> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(read_plan(r, i));
  return out;
}

std::vector<domain::CreditPack> PgTx::list_packs() {
  auto r = c_.run(packs_sql);
  std::vector<domain::CreditPack> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(read_pack(r, i));
  return out;
}

std::optional<domain::PaymentPlan> PgTx::plan_by_price(const std::string& stripe_price_id) {
  auto r = c_.run(plan_by_price_sql, stripe_price_id);
  if (r.rows() == 0) return std::nullopt;
  return read_plan(r, 0);
}

std::optional<domain::PaymentPlan> PgTx::plan_by_id(const std::string& id) {
  auto r = c_.run(plan_by_id_sql, id);
  if (r.rows() == 0) return std::nullopt;
  return read_plan(r, 0);
}

std::optional<domain::CreditPack> PgTx::pack_by_id(const std::string& id) {
  auto r = c_.run(pack_by_id_sql, id);
  if (r.rows() == 0) return std::nullopt;
  return read_pack(r, 0);
}

std::optional<std::int64_t> PgTx::plumber_by_stripe_customer(const std::string& customer_id) {
  if (customer_id.empty()) return std::nullopt;
  auto r = c_.run(by_customer_sql, customer_id);
  if (r.rows() == 0) return std::nullopt;
  return r.int64(0, 0);
}

std::optional<domain::PlumberBilling> PgTx::plumber_billing(std::int64_t user_id) {
  auto r = c_.run(billing_sql, user_id);
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
  return c_.run(save_billing_sql, b.user_id, b.stripe_customer_id, b.stripe_subscription_id,
                b.plan_id, b.plan_status, b.current_period_end, b.stripe_state_at, at,
                b.cancel_at_period_end)
             .affected() == 1;
}

bool PgTx::ledger_reference_exists(const std::string& kind, const std::string& reference) {
  return c_.run(reference_exists_sql, kind, reference).rows() > 0;
}

}  // namespace plumbline::store::pg
