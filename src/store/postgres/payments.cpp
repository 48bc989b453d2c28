// PostgreSQL: Stripe event de-duplication and the payments that reached us.
#include "store/sql/payments.hpp"

#include "store/postgres/pg_tx.hpp"
#include "store/sql/billing.hpp"
#include "store/sql/credits.hpp"

namespace plumbline::store::pg {

namespace {

std::optional<domain::Payment> one_payment(Conn& c, const Sql& sql, const std::string& key) {
  if (key.empty()) return std::nullopt;
  auto r = c.run(sql, key);
  if (r.rows() == 0) return std::nullopt;
  return sql::read_payment(r.row(0));
}
}  // namespace

bool PgTx::record_stripe_event(const std::string& id, const std::string& type, std::int64_t created,
                               const std::string& outcome, domain::Millis at) {
  return c_.run(sql::payments::pay_record_event, id, type, created, at, outcome).affected() == 1;
}

std::int64_t PgTx::count_stripe_events() {
  return c_.run(sql::payments::pay_count_events).int64(0, 0);
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
  auto r = c_.run(sql::payments::bill_list_payments, q.user_id, q.problems_only, q.limit, q.offset);
  std::vector<domain::Payment> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(sql::read_payment(r.row(i)));
  return out;
}

}  // namespace plumbline::store::pg
