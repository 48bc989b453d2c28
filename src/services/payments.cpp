// Applying Stripe webhook events: de-duplication, credit packs, plan allowances and plan status.
#include "services/payments.hpp"

#include <boost/json.hpp>
#include <charconv>
#include <functional>

#include "domain/marketplace.hpp"

namespace plumbline::services {

namespace json = boost::json;

namespace {

const json::value* at(const json::object* o, std::initializer_list<std::string_view> path) {
  const json::value* v = nullptr;
  for (auto key : path) {
    if (!o) return nullptr;
    v = o->if_contains(key);
    o = v && v->is_object() ? &v->as_object() : nullptr;
  }
  return v;
}

std::string str(const json::object* o, std::initializer_list<std::string_view> path) {
  auto v = at(o, path);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

std::int64_t num(const json::object* o, std::initializer_list<std::string_view> path) {
  auto v = at(o, path);
  if (!v) return 0;
  if (v->is_int64()) return v->as_int64();
  if (v->is_uint64()) return static_cast<std::int64_t>(v->as_uint64());
  return 0;
}

// The first element of a list field such as lines.data or items.data.
const json::object* first_of(const json::object* o, std::initializer_list<std::string_view> path) {
  auto v = at(o, path);
  if (!v || !v->is_array() || v->as_array().empty() || !v->as_array()[0].is_object())
    return nullptr;
  return &v->as_array()[0].as_object();
}

std::optional<std::int64_t> parse_id(const std::string& s) {
  std::int64_t id = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), id);
  if (s.empty() || ec != std::errc{} || p != s.data() + s.size() || id <= 0) return std::nullopt;
  return id;
}

// What an event means for the database: `outcome` is stored with the event id, `apply` runs only
// when the id is new.
struct Decision {
  std::string outcome;
  std::int64_t plumber_id = 0;
  std::function<void()> apply;
};

class Applier {
 public:
  Applier(store::Tx& tx, domain::Millis now, std::int64_t created)
      : tx_(tx), now_(now), created_(created) {}

  // The plumber named in our own metadata, else the one linked to the Stripe customer.
  std::optional<domain::PlumberBilling> plumber(const json::object* metadata,
                                                const std::string& customer) {
    if (auto id = parse_id(str(metadata, {"plumber_id"})))
      if (auto b = tx_.plumber_billing(*id)) return b;
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

  // Takes a subscription state (status, period end, plan) when it is not older than the newest
  // applied and the same subscription was not canceled already (canceled is final in Stripe).
  bool may_set_state(const domain::PlumberBilling& b, const std::string& subscription) {
    if (!subscription.empty() && b.stripe_subscription_id == subscription &&
        b.plan_status == domain::plan_canceled)
      return false;
    return created_ >= b.stripe_state_at;
  }

  bool grant(std::int64_t user_id, const char* kind, int amount, const std::string& reference,
             const std::string& reason) {
    if (amount <= 0 || tx_.ledger_reference_exists(kind, reference)) return false;
    domain::LedgerEntry e;
    e.user_id = user_id;
    e.kind = kind;
    e.amount = amount;
    e.reason = reason.substr(0, domain::ledger_reason_max);
    e.reference = reference;
    e.created_at = now_;
    if (domain::ledger_entry_problem(e)) return false;
    return tx_.append_ledger_entry(e);
  }

  Decision checkout_completed(const json::object* s) {
    auto session_id = str(s, {"id"});
    auto customer = str(s, {"customer"});
    auto mode = str(s, {"mode"});
    auto meta_v = at(s, {"metadata"});
    const json::object* metadata = meta_v && meta_v->is_object() ? &meta_v->as_object() : nullptr;
    auto b = plumber(metadata, customer);
    if (!b) return {"unknown_plumber", 0, {}};
    if (mode == "payment") {
      if (str(s, {"payment_status"}) != "paid") return {"unpaid", b->user_id, {}};
      auto pack = tx_.pack_by_id(str(metadata, {"pack_id"}));
      if (!pack) return {"unknown_pack", b->user_id, {}};
      std::string reference = "purchase:" + session_id;
      if (session_id.empty() || tx_.ledger_reference_exists(domain::ledger_purchase, reference))
        return {"purchase_already_applied", b->user_id, {}};
      return {"purchase", b->user_id, [this, b, pack, reference, customer, session_id]() mutable {
                grant(b->user_id, domain::ledger_purchase, pack->credits, reference,
                      "Credit pack " + pack->id + " (Stripe checkout " + session_id + ")");
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
    auto subscription = str(inv, {"parent", "subscription_details", "subscription"});
    if (subscription.empty()) subscription = str(inv, {"subscription"});  // before API 2025-03
    auto meta_v = at(inv, {"parent", "subscription_details", "metadata"});
    const json::object* metadata = meta_v && meta_v->is_object() ? &meta_v->as_object() : nullptr;
    auto b = plumber(metadata, customer);
    if (!b) return {"unknown_plumber", 0, {}};
    auto line = first_of(inv, {"lines", "data"});
    auto price = str(line, {"pricing", "price_details", "price"});
    if (price.empty()) price = str(line, {"price", "id"});
    auto plan = tx_.plan_by_price(price);
    if (!plan && !b->plan_id.empty()) plan = tx_.plan_by_id(b->plan_id);
    std::int64_t period_end = num(line, {"period", "end"});
    std::string status = paid ? domain::plan_active : domain::plan_past_due;
    bool set_state = may_set_state(*b, subscription);
    std::string outcome = paid ? "grant" : "status:past_due";
    if (!set_state) outcome += paid ? "(state_older)" : "_skipped";
    return {outcome, b->user_id, [=, this]() mutable {
              if (paid && plan)
                grant(
                    b->user_id, domain::ledger_grant, plan->monthly_credits,
                    "grant:invoice:" + invoice_id,
                    "Plan " + plan->name + " monthly credits (Stripe invoice " + invoice_id + ")");
              link_customer(*b, customer);
              if (set_state) {
                b->plan_status = status;
                if (!subscription.empty()) b->stripe_subscription_id = subscription;
                if (plan) b->plan_id = plan->id;
                if (period_end > 0) b->current_period_end = period_end;
                b->stripe_state_at = created_;
              }
              tx_.save_plumber_billing(*b, now_);
            }};
  }

  Decision subscription(const json::object* sub) {
    auto subscription = str(sub, {"id"});
    auto customer = str(sub, {"customer"});
    auto meta_v = at(sub, {"metadata"});
    const json::object* metadata = meta_v && meta_v->is_object() ? &meta_v->as_object() : nullptr;
    auto b = plumber(metadata, customer);
    if (!b) return {"unknown_plumber", 0, {}};
    auto status = plan_status_for_stripe(str(sub, {"status"}));
    if (status.empty()) return {"ignored_status:" + str(sub, {"status"}), b->user_id, {}};
    if (!may_set_state(*b, subscription)) return {"state_older", b->user_id, {}};
    auto item = first_of(sub, {"items", "data"});
    std::int64_t period_end = num(item, {"current_period_end"});
    if (period_end == 0) period_end = num(sub, {"current_period_end"});  // before API 2025-03
    auto plan = tx_.plan_by_price(str(item, {"price", "id"}));
    return {"status:" + status, b->user_id, [=, this]() mutable {
              link_customer(*b, customer);
              b->plan_status = status;
              b->stripe_subscription_id = subscription;
              if (plan) b->plan_id = plan->id;
              if (period_end > 0) b->current_period_end = period_end;
              b->stripe_state_at = created_;
              tx_.save_plumber_billing(*b, now_);
            }};
  }

 private:
  store::Tx& tx_;
  domain::Millis now_;
  std::int64_t created_;
};

}  // namespace

std::string plan_status_for_stripe(std::string_view s) {
  if (s == "active") return domain::plan_active;
  if (s == "trialing") return domain::plan_trialing;
  if (s == "past_due" || s == "unpaid") return domain::plan_past_due;
  if (s == "canceled" || s == "incomplete_expired") return domain::plan_canceled;
  return {};
}

domain::Result<StripeEventOutcome> PaymentService::apply_event(const json::value& event) {
  const json::object* e = event.is_object() ? &event.as_object() : nullptr;
  auto id = str(e, {"id"});
  auto type = str(e, {"type"});
  auto created = num(e, {"created"});
  auto object_v = at(e, {"data", "object"});
  if (id.empty() || type.empty() || !object_v || !object_v->is_object())
    return domain::Error::make(domain::ErrorCode::invalid_input,
                               "The event needs id, type and data.object.");
  const json::object* object = &object_v->as_object();
  domain::Millis now = clock_.now_ms();
  StripeEventOutcome out;
  return store_.write<StripeEventOutcome>([&](store::Tx& tx) -> domain::Result<StripeEventOutcome> {
    Applier applier(tx, now, created);
    Decision d;
    if (type == "checkout.session.completed" || type == "checkout.session.async_payment_succeeded")
      d = applier.checkout_completed(object);
    else if (type == "invoice.paid")
      d = applier.invoice(object, true);
    else if (type == "invoice.payment_failed")
      d = applier.invoice(object, false);
    else if (type == "customer.subscription.created" || type == "customer.subscription.updated" ||
             type == "customer.subscription.deleted")
      d = applier.subscription(object);
    else
      d = {"ignored", 0, {}};
    // Recorded before the effects: on PostgreSQL a concurrent copy of this event waits here for
    // the first to commit and then sees the id, so only one transaction applies it.
    if (!tx.record_stripe_event(id, type, created, d.outcome, now)) {
      out.duplicate = true;
      out.outcome = "duplicate";
      return out;
    }
    if (d.apply) d.apply();
    out.outcome = d.outcome;
    out.plumber_id = d.plumber_id;
    return out;
  });
}

}  // namespace plumbline::services

namespace plumbline::services {

// TEMPORARY on m-client, for linking only: the payments branch brings the real handle_event (fetch
// the current subscription / payment intent first). Until then the snapshot is applied as is, which
// is what handle_event does when a fetch fails. Drop this at merge in favour of that version.
domain::Result<StripeEventOutcome> PaymentService::handle_event(const json::value& event) {
  return apply_event(event);
}

}  // namespace plumbline::services
