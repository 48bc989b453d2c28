// SQLite: Stripe event de-duplication and the payments that reached us.
#include "store/sql/payments.hpp"

#include "store/sql/billing.hpp"
#include "store/sql/credits.hpp"
#include "store/sqlite/sqlite_tx.hpp"

namespace plumbline::store::sqlite {

namespace {

std::optional<domain::Payment> one_payment(Connection& c, const char* sql, const std::string& key) {
  if (key.empty()) return std::nullopt;
  auto st = c.prepare(sql);
  st.bind(1, key);
  if (!st.step()) return std::nullopt;
  return sql::read_payment(st);
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
  auto st = c_.prepare<sql::payments::bill_list_payments>();
  st.bind(1, q.user_id).bind(2, q.problems_only ? 1 : 0).bind(3, q.limit).bind(4, q.offset);
  std::vector<domain::Payment> out;
  while (st.step()) out.push_back(sql::read_payment(st));
  return out;
}

}  // namespace plumbline::store::sqlite
