// Refunds and disputes from Stripe's charge events, recorded on the payment they are about.
#include <algorithm>

#include "services/payments_detail.hpp"

namespace plumbline::services::payments_detail {

namespace {

// Won, lost and closed disputes are over: a late "needs_response" must not reopen one.
bool dispute_final(const std::string& status) {
  return status == "won" || status == "lost" || status == "warning_closed" || status == "prevented";
}

// The payment a charge or dispute is about: by PaymentIntent, else by charge id.
std::optional<domain::Payment> payment_for(store::Tx& tx, const std::string& payment_intent,
                                           const std::string& charge) {
  if (auto p = tx.payment_by_intent(payment_intent)) return p;
  return tx.payment_by_charge(charge);
}

}  // namespace

// Refunds and disputes are recorded for the admin; the credits the payment bought are NOT taken
// back automatically (they may be spent already, and a partial refund has no credit price): the
// admin sees the payment flagged and adjusts the balance by hand.
Decision charge_refunded(store::Tx& tx, domain::Millis now, const json::object* ch) {
  auto charge = str(ch, {"id"});
  auto intent = str(ch, {"payment_intent"});
  auto p = payment_for(tx, intent, charge);
  if (!p) return {"unknown_payment", {}, {}};
  auto refunded = num(ch, {"amount_refunded"});
  auto receipt = str(ch, {"receipt_url"});
  return {"refund_recorded", p->user_id, [=, &tx]() mutable {
            if (p->charge_id.empty()) p->charge_id = charge;
            if (p->payment_intent.empty()) p->payment_intent = intent;
            // Cumulative in Stripe, so a late event with a smaller total changes nothing.
            p->amount_refunded_cents = std::max(p->amount_refunded_cents, refunded);
            if (p->receipt_url.empty()) p->receipt_url = receipt;
            p->updated_at = now;
            tx.update_payment(*p);
          }};
}

Decision dispute(store::Tx& tx, domain::Millis now, const json::object* d) {
  auto charge = str(d, {"charge"});
  auto intent = str(d, {"payment_intent"});
  auto p = payment_for(tx, intent, charge);
  if (!p) return {"unknown_payment", {}, {}};
  auto status = str(d, {"status"});
  auto reason = str(d, {"reason"});
  return {"dispute_recorded", p->user_id, [=, &tx]() mutable {
            if (p->charge_id.empty()) p->charge_id = charge;
            if (p->payment_intent.empty()) p->payment_intent = intent;
            if (!dispute_final(p->dispute_status) || dispute_final(status)) {
              p->dispute_status = status;
              if (!reason.empty()) p->dispute_reason = reason;
            }
            p->updated_at = now;
            tx.update_payment(*p);
          }};
}

}  // namespace plumbline::services::payments_detail
