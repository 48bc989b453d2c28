// Applying Stripe events in one transaction: de-duplication, credit packs, plan allowances, plan
// status, the payments record, refunds and disputes.
#include "services/payments.hpp"

#include <charconv>
#include <functional>

#include "domain/marketplace.hpp"
#include "log/log.hpp"
#include "services/payments_detail.hpp"
#include "services/webhook_events.hpp"

namespace plumbline::services {

using namespace payments_detail;

namespace {

std::optional<std::int64_t> parse_id(const std::string& s) {
  std::int64_t id = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), id);
  if (s.empty() || ec != std::errc{} || p != s.data() + s.size() || id <= 0) return std::nullopt;
  return id;
}

std::string credits_text(domain::Credits n) {
  return std::to_string(n) + (n == 1 ? " credit" : " credits");
}

// A subscription's state as one object (an event snapshot or the fetched current one) shows it.
struct SubState {
  std::string subscription;
  std::optional<domain::PlanStatus> status;  // none: changes nothing
  std::optional<domain::PaymentPlan> plan;
  std::int64_t period_end = 0;
  std::optional<bool> cancel_at_period_end;
  std::int64_t at = 0;  // the state's time: event.created, or the fetch time
};

class Applier {
 public:
  Applier(store::Tx& tx, domain::Millis now, std::int64_t created, const Fetched& fetched)
      : tx_(tx), now_(now), created_(created), fetched_(fetched) {}

  // The plumber named in our own metadata, else the one linked to the Stripe customer.
  std::optional<domain::PlumberBilling> plumber(const json::object* metadata,
                                                const std::string& customer) {
    if (auto id = parse_id(str(metadata, {"plumber_id"})))
      if (auto b = tx_.plumber_billing(domain::UserId{*id})) return b;
    if (auto id = tx_.plumber_by_stripe_customer(customer)) return tx_.plumber_billing(*id);
    return std::nullopt;
  }

  // Links the customer unless another plumber holds it (then the link is left alone).
  void link_customer(domain::PlumberBilling& b, const std::string& customer) {
    if (customer.empty() || b.stripe_customer_id == customer) return;
    auto holder = tx_.plumber_by_stripe_customer(customer);
    if (holder && *holder != b.user_id) return;
    b.stripe_customer_id = customer;
  }

  // Takes a subscription state when it is not older than the newest applied and the same
  // subscription was not canceled already (canceled is final in Stripe).
  static bool may_set_state(const domain::PlumberBilling& b, const std::string& subscription,
                            std::int64_t at) {
    if (!subscription.empty() && b.stripe_subscription_id == subscription &&
        b.plan_status == domain::PlanStatus::canceled)
      return false;
    return at >= b.stripe_state_at;
  }

  SubState sub_state(const json::object* sub, std::int64_t at) {
    SubState s;
    s.subscription = str(sub, {"id"});
    s.status = plan_status_for_stripe(str(sub, {"status"}));
    auto item = first_of(sub, {"items", "data"});
    s.period_end = num(item, {"current_period_end"});
    if (s.period_end == 0) s.period_end = num(sub, {"current_period_end"});  // before 2025-03
    s.plan = tx_.plan_by_price(str(item, {"price", "id"}));
    s.cancel_at_period_end = flag(sub, {"cancel_at_period_end"});
    s.at = at;
    return s;
  }

  // The fetched subscription when it is the one this event is about.
  const json::object* current(const std::string& subscription) const {
    if (!fetched_.subscription || subscription.empty()) return nullptr;
    return str(fetched_.subscription, {"id"}) == subscription ? fetched_.subscription : nullptr;
  }

  static void set_state(domain::PlumberBilling& b, const SubState& s) {
    if (s.status) b.plan_status = *s.status;
    if (!s.subscription.empty()) b.stripe_subscription_id = s.subscription;
    if (s.plan) b.plan_id = s.plan->id;
    if (s.period_end > 0) b.current_period_end = s.period_end;
    if (s.cancel_at_period_end) b.cancel_at_period_end = *s.cancel_at_period_end;
    b.stripe_state_at = s.at;
  }

  bool grant(domain::UserId user_id, const char* kind, domain::Credits amount,
             const std::string& reference, const std::string& reason) {
    if (amount <= 0 || tx_.ledger_reference_exists(kind, reference)) return false;
    domain::LedgerEntry e;
    e.user_id = user_id;
    e.kind = kind;
    e.amount = amount;
    e.reason = reason.substr(0, domain::ledger_reason_max);
    e.reference = reference;
    e.created_at = now_;
    if (domain::ledger_entry_problem(e)) return false;
    if (tx_.append_ledger_entry(e)) return true;
    // A credit is refused only by the balance cap: the money arrived but the credits could not
    // be added (checkout refuses such a pack beforehand, so only a grant in between gets here).
    // The payment stays recorded; an operator refunds it or adjusts by hand.
    log::error("credits_over_balance_cap", {{"user_id", user_id.value},
                                            {"kind", std::string(kind)},
                                            {"amount", amount},
                                            {"reference", reference}});
    return false;
  }

  // payment.succeeded to the plumber's webhooks and the platform's (nothing private: no sealing).
  void payment_succeeded(const domain::Payment& p) {
    WebhookEvent ev;
    ev.type = domain::webhook_payment_succeeded;
    ev.plumbers = {p.user_id};
    ev.data = {{"plumber_id", p.user_id.value}, {"kind", p.kind},
               {"stripe_id", p.stripe_id},      {"description", p.description},
               {"credits", p.credits},          {"amount_cents", p.amount_cents},
               {"currency", p.currency}};
    queue_webhook_events(tx_, "", {ev}, now_);
  }

  domain::Payment payment(domain::UserId user_id, const char* kind, const std::string& stripe_id) {
    domain::Payment p;
    p.user_id = user_id;
    p.kind = kind;
    p.stripe_id = stripe_id;
    p.created_at = now_;
    p.updated_at = now_;
    return p;
  }

  Decision checkout_completed(const json::object* s) {
    auto session_id = str(s, {"id"});
    auto customer = str(s, {"customer"});
    auto mode = str(s, {"mode"});
    auto metadata = object_at(s, {"metadata"});
    auto b = plumber(metadata, customer);
    if (!b) return {"unknown_plumber", {}, {}};
    if (mode == "payment") {
      if (str(s, {"payment_status"}) != "paid") return {"unpaid", b->user_id, {}};
      auto pack = tx_.pack_by_id(str(metadata, {"pack_id"}));
      if (!pack) return {"unknown_pack", b->user_id, {}};
      auto record = payment(b->user_id, "pack", session_id);
      record.payment_intent = str(s, {"payment_intent"});
      record.charge_id = fetched_.charge_id;
      record.receipt_url = fetched_.receipt_url;
      record.item_id = pack->id;
      record.description = credits_text(pack->credits);
      record.credits = pack->credits;
      record.amount_cents = num(s, {"amount_total"});
      if (auto c = str(s, {"currency"}); !c.empty()) record.currency = c;
      std::string reference = "purchase:" + session_id;
      bool applied =
          session_id.empty() || tx_.ledger_reference_exists(domain::ledger_purchase, reference);
      return {applied ? "purchase_already_applied" : "purchase", b->user_id,
              [this, b, pack, reference, customer, session_id, record, applied]() mutable {
                // A repeat records nothing (and tells no webhook twice).
                if (!session_id.empty() && tx_.insert_payment(record)) payment_succeeded(record);
                if (applied) return;
                grant(b->user_id, domain::ledger_purchase, pack->credits, reference,
                      std::to_string(pack->credits) + "-credit pack");
                auto before = *b;
                link_customer(*b, customer);
                if (b->stripe_customer_id != before.stripe_customer_id)
                  tx_.save_plumber_billing(*b, now_);
              }};
    }
    if (mode == "subscription") {
      auto subscription = str(s, {"subscription"});
      return {"subscription_linked", b->user_id,
              [this, b, customer, subscription, metadata]() mutable {
                link_customer(*b, customer);
                // A newer subscription replaces the link; a late event for the linked one changes
                // nothing.
                if (!subscription.empty() && b->stripe_subscription_id != subscription &&
                    created_ >= b->stripe_state_at) {
                  b->stripe_subscription_id = subscription;
                  auto plan = tx_.plan_by_id(str(metadata, {"plan_id"}));
                  if (plan) b->plan_id = plan->id;
                }
                tx_.save_plumber_billing(*b, now_);
              }};
    }
    return {"ignored_mode", b->user_id, {}};
  }

  Decision invoice(const json::object* inv, bool paid) {
    auto invoice_id = str(inv, {"id"});
    auto customer = str(inv, {"customer"});
    auto subscription = invoice_subscription(inv);
    auto b = plumber(object_at(inv, {"parent", "subscription_details", "metadata"}), customer);
    if (!b) return {"unknown_plumber", {}, {}};
    auto line = first_of(inv, {"lines", "data"});
    auto price = str(line, {"pricing", "price_details", "price"});
    if (price.empty()) price = str(line, {"price", "id"});
    auto plan = tx_.plan_by_price(price);
    if (!plan && !b->plan_id.empty()) plan = tx_.plan_by_id(b->plan_id);
    // The invoice grants its credits; the plan's state comes from the current subscription when
    // handle_event could fetch it, else from what this invoice implies.
    SubState state;
    if (auto sub = current(subscription)) {
      state = sub_state(sub, fetched_.subscription_at);
    } else {
      state.subscription = subscription;
      state.status = paid ? domain::PlanStatus::active : domain::PlanStatus::past_due;
      state.plan = plan;
      state.period_end = num(line, {"period", "end"});
      state.at = created_;
    }
    bool set = state.status && may_set_state(*b, subscription, state.at);
    std::string outcome =
        paid ? "grant" : "status:" + std::string(domain::to_string(domain::PlanStatus::past_due));
    if (!set) outcome += paid ? "(state_older)" : "_skipped";
    auto record = payment(b->user_id, "subscription", invoice_id);
    if (paid && !invoice_id.empty()) {
      record.amount_cents = num(inv, {"amount_paid"});
      if (auto c = str(inv, {"currency"}); !c.empty()) record.currency = c;
      record.receipt_url = str(inv, {"hosted_invoice_url"});
      record.payment_intent =
          str(first_of(inv, {"payments", "data"}), {"payment", "payment_intent"});
      if (plan) {
        record.item_id = plan->id;
        record.credits = plan->monthly_credits;
        record.description = plan->name + " plan";
      } else {
        record.description = "Subscription";
      }
    }
    return {outcome, b->user_id, [=, this]() mutable {
              if (paid && plan)
                grant(b->user_id, domain::ledger_grant, plan->monthly_credits,
                      "grant:invoice:" + invoice_id, plan->name + " plan, monthly credits");
              if (paid && !invoice_id.empty() && tx_.insert_payment(record))
                payment_succeeded(record);
              link_customer(*b, customer);
              if (set) set_state(*b, state);
              tx_.save_plumber_billing(*b, now_);
            }};
  }

  Decision subscription(const json::object* event_sub) {
    // The current object when handle_event fetched it, at the fetch time; else the snapshot.
    auto sub = current(str(event_sub, {"id"}));
    auto state = sub ? sub_state(sub, fetched_.subscription_at) : sub_state(event_sub, created_);
    if (!sub) sub = event_sub;
    auto customer = str(sub, {"customer"});
    auto b = plumber(object_at(sub, {"metadata"}), customer);
    if (!b) return {"unknown_plumber", {}, {}};
    if (!state.status) return {"ignored_status:" + str(sub, {"status"}), b->user_id, {}};
    if (!may_set_state(*b, state.subscription, state.at)) return {"state_older", b->user_id, {}};
    return {"status:" + std::string(domain::to_string(*state.status)), b->user_id,
            [=, this]() mutable {
              link_customer(*b, customer);
              set_state(*b, state);
              tx_.save_plumber_billing(*b, now_);
            }};
  }

 private:
  store::Tx& tx_;
  domain::Millis now_;
  std::int64_t created_;
  const Fetched& fetched_;
};

}  // namespace

std::optional<domain::PlanStatus> plan_status_for_stripe(std::string_view s) {
  if (s == "active") return domain::PlanStatus::active;
  if (s == "trialing") return domain::PlanStatus::trialing;
  if (s == "past_due" || s == "unpaid") return domain::PlanStatus::past_due;
  if (s == "canceled" || s == "incomplete_expired") return domain::PlanStatus::canceled;
  return std::nullopt;
}

domain::Result<StripeEventOutcome> payments_detail::apply(store::Store& store, domain::Millis now,
                                                          const json::value& event,
                                                          const Fetched& fetched,
                                                          OpenLeadMatcher* late_matching) {
  const json::object* e = event.is_object() ? &event.as_object() : nullptr;
  auto id = str(e, {"id"});
  auto type = str(e, {"type"});
  auto created = num(e, {"created"});
  const json::object* object = object_at(e, {"data", "object"});
  if (id.empty() || type.empty() || !object)
    return domain::Error::make(domain::ErrorCode::invalid_input,
                               "The event needs id, type and data.object.");
  StripeEventOutcome out;
  return store.write<StripeEventOutcome>([&](store::Tx& tx) -> domain::Result<StripeEventOutcome> {
    Applier applier(tx, now, created, fetched);
    Decision d;
    bool checkout =
        type == "checkout.session.completed" || type == "checkout.session.async_payment_succeeded";
    if (checkout)
      d = applier.checkout_completed(object);
    else if (type == "invoice.paid")
      d = applier.invoice(object, true);
    else if (type == "invoice.payment_failed")
      d = applier.invoice(object, false);
    else if (type == "customer.subscription.created" || type == "customer.subscription.updated" ||
             type == "customer.subscription.deleted")
      d = applier.subscription(object);
    else if (type == "charge.refunded")
      d = charge_refunded(tx, now, object);
    else if (type == "charge.dispute.created" || type == "charge.dispute.updated" ||
             type == "charge.dispute.closed")
      d = dispute(tx, now, object);
    else
      d = {"ignored", {}, {}};
    // Recorded before the effects: on PostgreSQL a concurrent copy of this event waits here for
    // the first to commit and then sees the id, so only one transaction applies it.
    if (!tx.record_stripe_event(id, type, created, d.outcome, now)) {
      out.duplicate = true;
      out.outcome = "duplicate";
      return out;
    }
    // The success page tells a finished checkout from an open one by this (unknown ids: no-op).
    if (checkout)
      tx.complete_checkout_session(str(object, {"id"}), str(object, {"subscription"}), now);
    if (d.apply) d.apply();
    if (d.apply && d.plumber_id.is_set() && late_matching)
      late_matching->match_open_leads(tx, d.plumber_id.value, now);
    out.outcome = d.outcome;
    out.plumber_id = d.plumber_id;
    return out;
  });
}

domain::Result<StripeEventOutcome> PaymentService::apply_event(const json::value& event) {
  return payments_detail::apply(store_, clock_.now_ms(), event, Fetched{}, late_matching_);
}

}  // namespace plumbline::services
