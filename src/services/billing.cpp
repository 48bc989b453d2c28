// BillingService: the Stripe customer, Checkout and Portal sessions, the billing overview, the
// success page's state, and the admin's plans, packs and payments.
#include "services/billing.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include "crypto/tokens.hpp"
#include "domain/billing_rules.hpp"
#include "domain/marketplace.hpp"
#include "log/log.hpp"
#include "services/audit.hpp"
#include "services/plan_standing.hpp"

namespace plumbline::services {

namespace {

namespace json = boost::json;
using domain::Error;
using domain::ErrorCode;
using domain::Result;

Error billing_unavailable(const std::exception& e, const char* what) {
  log::error("billing_store_error", {{"op", what}, {"error", std::string(e.what())}});
  return Error::make(ErrorCode::unavailable, "The service is unavailable; please try again.",
                     e.what());
}

// Logs what support needs (Stripe's request id, error type and code) but never the secret key or
// a returned URL, which would let a reader of the logs open someone's checkout or portal.
Error stripe_error(const char* op, const integrations::StripeReply& r, domain::UserId user_id) {
  log::warn("stripe_request_failed", {{"op", op},
                                      {"user_id", user_id.value},
                                      {"http_status", static_cast<std::int64_t>(r.http_status)},
                                      {"attempts", static_cast<std::int64_t>(r.attempts)},
                                      {"stripe_request_id", r.request_id},
                                      {"error_type", r.error_type},
                                      {"error_code", r.error_code}});
  return Error::make(ErrorCode::unavailable, BillingService::unavailable_message,
                     std::string(op) + ": " + r.error_type);
}

std::string str_field(const json::value& v, const char* key) {
  auto* o = v.if_object();
  if (!o) return {};
  auto it = o->find(key);
  if (it == o->end() || !it->value().is_string()) return {};
  return std::string(it->value().get_string());
}

Error billing_invalid(const std::string& field, const std::string& message) {
  Error e = Error::make(ErrorCode::invalid_input, message);
  e.details.push_back({field, message});
  return e;
}

json::object catalog_fields(const domain::PaymentPlan& p) {
  return {{"name", p.name},
          {"price_cents", p.price_cents},
          {"monthly_credits", p.monthly_credits},
          {"stripe_price_id", p.stripe_price_id},
          {"active", p.active}};
}
json::object catalog_fields(const domain::CreditPack& p) {
  return {{"credits", p.credits},
          {"price_cents", p.price_cents},
          {"stripe_price_id", p.stripe_price_id},
          {"active", p.active}};
}

// The audit row of one saved plan or pack: only the fields that changed (all of them for a new
// item); nullopt when nothing changed.
template <typename Item>
std::optional<domain::AuditEntry> catalog_audit_row(const domain::Actor& actor, domain::Millis now,
                                                    const char* action, const char* type,
                                                    const std::string& id, const Item* old,
                                                    const Item& item) {
  auto after = catalog_fields(item);
  json::object before_changed, after_changed;
  auto before = old ? catalog_fields(*old) : json::object{};
  for (const auto& [k, v] : after) {
    auto it = before.find(k);
    if (it != before.end() && it->value() == v) continue;
    if (it != before.end()) before_changed[k] = it->value();
    after_changed[k] = v;
  }
  if (after_changed.empty()) return std::nullopt;
  auto row = audit_entry(actor, now, action, type, id);
  if (!before_changed.empty()) row.before_json = json::serialize(before_changed);
  row.after_json = json::serialize(after_changed);
  return row;
}

bool purchasable(bool active, const std::string& price_id) {
  return active && !price_id.empty();
}

Error not_set_up() {
  return Error::make(ErrorCode::payments_not_set_up, BillingService::not_set_up_message);
}

}  // namespace

Result<BillingOverview> BillingService::overview(domain::UserId user_id) {
  try {
    return store_.read<Result<BillingOverview>>([&](store::Tx& tx) -> Result<BillingOverview> {
      auto billing = tx.plumber_billing(user_id);
      if (!billing) return Error::make(ErrorCode::not_found, "There is no plumber account here.");
      BillingOverview v;
      v.billing = *billing;
      v.standing = read_plan_standing(tx, user_id);
      v.credits = tx.credit_balance(user_id);
      for (auto& p : tx.list_plans())
        if (purchasable(p.active, p.stripe_price_id)) v.plans.push_back(std::move(p));
      for (auto& p : tx.list_packs())
        if (purchasable(p.active, p.stripe_price_id)) v.packs.push_back(std::move(p));
      domain::PaymentListQuery q;
      q.user_id = user_id;
      q.limit = 50;
      v.payments = tx.list_payments(q);
      v.movements = tx.ledger_entries(user_id, 50, 0);
      v.online_payment = online_payment();
      v.portal_available = v.online_payment && !billing->stripe_customer_id.empty();
      return v;
    });
  } catch (const domain::Failure& e) {
    return billing_unavailable(e, "billing_overview");
  }
}

Result<std::string> BillingService::ensure_customer(domain::UserId user_id) {
  if (!stripe_) return not_set_up();
  struct Who {
    std::string customer, email, name;
  };
  std::optional<Who> who;
  try {
    who = store_.read<std::optional<Who>>([&](store::Tx& tx) -> std::optional<Who> {
      auto profile = tx.plumber_profile(user_id);
      auto billing = tx.plumber_billing(user_id);
      if (!profile || !billing) return std::nullopt;
      return Who{billing->stripe_customer_id, profile->email, profile->profile.business_name};
    });
  } catch (const domain::Failure& e) {
    return billing_unavailable(e, "ensure_customer_read");
  }
  if (!who)
    return Error::make(ErrorCode::not_eligible, "Only plumbers can pay for plans and credits.");
  if (!who->customer.empty()) return who->customer;

  // The key is derived from the user, so two racing requests (or a retry after a lost answer)
  // make one customer at Stripe.
  integrations::StripeParams params{{"email", who->email}};
  if (!who->name.empty()) params.emplace_back("name", who->name);
  params.emplace_back("metadata[plumber_id]", std::to_string(user_id.value));
  auto reply =
      stripe_->post("/v1/customers", params, "plumbline-customer-" + std::to_string(user_id.value));
  auto id = reply.ok ? str_field(reply.body, "id") : std::string();
  if (id.rfind("cus_", 0) != 0) {
    if (reply.ok) reply.error_type = "invalid_response";
    return stripe_error("create_customer", reply, user_id);
  }
  try {
    return store_.write<std::string>([&](store::Tx& tx) -> Result<std::string> {
      if (tx.set_stripe_customer(user_id, id)) return id;
      // Someone stored one meanwhile: that one is used everywhere already.
      auto billing = tx.plumber_billing(user_id);
      if (billing && !billing->stripe_customer_id.empty()) return billing->stripe_customer_id;
      return Error::make(ErrorCode::internal, "The billing account could not be saved.");
    });
  } catch (const domain::Failure& e) {
    return billing_unavailable(e, "ensure_customer_write");
  }
}

Result<std::string> BillingService::start_checkout(domain::UserId user_id,
                                                   const CheckoutChoice& choice) {
  if (!stripe_) return not_set_up();
  bool is_plan = !choice.plan_id.empty(), is_pack = !choice.pack_id.empty();
  if (is_plan == is_pack) return billing_invalid("plan", "Choose one plan or one credit pack.");
  std::optional<domain::PaymentPlan> plan;
  std::optional<domain::CreditPack> pack;
  std::optional<domain::PlumberStatus> status;  // none: not a plumber
  domain::Credits balance = 0;
  try {
    store_.read_tx([&](store::Tx& tx) {
      if (auto p = tx.plumber_profile(user_id)) status = p->review.status;
      if (is_plan) plan = tx.plan_by_id(choice.plan_id);
      if (is_pack) pack = tx.pack_by_id(choice.pack_id);
      balance = tx.credit_balance(user_id);
    });
  } catch (const domain::Failure& e) {
    return billing_unavailable(e, "start_checkout_read");
  }
  if (!status)
    return Error::make(ErrorCode::not_eligible, "Only plumbers can pay for plans and credits.");
  if (status == domain::PlumberStatus::suspended || status == domain::PlumberStatus::rejected)
    return Error::make(ErrorCode::not_eligible, "Your account is " +
                                                    std::string(domain::to_string(*status)) +
                                                    ", so it cannot buy plans or credits.");
  if (is_plan && (!plan || !purchasable(plan->active, plan->stripe_price_id)))
    return billing_invalid("plan", "That plan is not available.");
  if (is_pack && (!pack || !purchasable(pack->active, pack->stripe_price_id)))
    return billing_invalid("pack", "That credit pack is not available.");
  // Refused before anyone pays: the webhook could not add these credits
  // (domain::credits_balance_max).
  if (is_pack && domain::balance_cap_problem(balance, pack->credits))
    return billing_invalid("pack", "This pack would take your balance above the maximum of " +
                                       domain::credits_text(domain::credits_balance_max) +
                                       ". Use some credits before buying more.");

  auto customer = ensure_customer(user_id);
  if (!customer) return customer.error();

  auto uid = std::to_string(user_id.value);
  const std::string& price = is_plan ? plan->stripe_price_id : pack->stripe_price_id;
  const char* mode = is_plan ? "subscription" : "payment";
  integrations::StripeParams params{
      {"mode", mode},
      {"line_items[0][price]", price},
      {"line_items[0][quantity]", "1"},
      {"customer", *customer},
      {"client_reference_id", "plumber_" + uid},
      // Stripe fills {CHECKOUT_SESSION_ID} in; the braces must reach it unexpanded.
      {"success_url", base_url_ + "/billing/done?session_id={CHECKOUT_SESSION_ID}"},
      {"cancel_url", base_url_ + "/billing?checkout=canceled"},
      {"metadata[plumber_id]", uid}};
  if (is_plan) {
    params.emplace_back("metadata[plan_id]", plan->id);
    params.emplace_back("subscription_data[metadata][plumber_id]", uid);
    params.emplace_back("subscription_data[metadata][plan_id]", plan->id);
  } else {
    params.emplace_back("metadata[pack_id]", pack->id);
    params.emplace_back("payment_intent_data[metadata][plumber_id]", uid);
    params.emplace_back("payment_intent_data[metadata][pack_id]", pack->id);
    params.emplace_back("invoice_creation[enabled]", "true");
  }
  // A fresh key per click (a second click is a new checkout); the client reuses it on retries.
  auto key = "plumbline-checkout-" + uid + "-" + crypto::random_hex(8);
  auto reply = stripe_->post("/v1/checkout/sessions", params, key);
  auto id = reply.ok ? str_field(reply.body, "id") : std::string();
  auto url = reply.ok ? str_field(reply.body, "url") : std::string();
  bool web_url = url.rfind("https://", 0) == 0 || url.rfind("http://", 0) == 0;
  if (id.rfind("cs_", 0) != 0 || !web_url) {
    if (reply.ok) reply.error_type = "invalid_response";
    return stripe_error("create_checkout_session", reply, user_id);
  }

  domain::CheckoutRecord record;
  record.id = id;
  record.user_id = user_id;
  record.mode = mode;
  if (is_plan) record.plan_id = plan->id;
  if (is_pack) record.pack_id = pack->id;
  record.created_at = clock_.now_ms();
  try {
    auto saved = store_.write<domain::Unit>([&](store::Tx& tx) -> Result<domain::Unit> {
      tx.insert_checkout_session(record);
      return domain::Unit{};
    });
    if (!saved) return saved.error();
  } catch (const domain::Failure& e) {
    // Without the record the success page could not tell this session from a forged one; the
    // unpaid session expires at Stripe on its own.
    return billing_unavailable(e, "start_checkout_record");
  }
  log::info("checkout_started", {{"user_id", user_id.value},
                                 {"session_id", id},
                                 {"mode", std::string(mode)},
                                 {"item", is_plan ? plan->id : pack->id},
                                 {"stripe_request_id", reply.request_id}});
  return url;
}

Result<std::string> BillingService::portal_url(domain::UserId user_id) {
  // The Portal is also where a plumber without a plan adds a card, so the customer is made here
  // when there is none yet (once: the customer key is per user).
  if (!stripe_) return not_set_up();
  auto customer = ensure_customer(user_id);
  if (!customer) return customer.error();
  auto reply = stripe_->post(
      "/v1/billing_portal/sessions",
      {{"customer", *customer}, {"return_url", base_url_ + "/billing"}},
      "plumbline-portal-" + std::to_string(user_id.value) + "-" + crypto::random_hex(8));
  auto url = reply.ok ? str_field(reply.body, "url") : std::string();
  if (url.rfind("https://", 0) != 0 && url.rfind("http://", 0) != 0) {
    if (reply.ok) reply.error_type = "invalid_response";
    return stripe_error("create_portal_session", reply, user_id);
  }
  return url;
}

Result<CheckoutState> BillingService::checkout_state(domain::UserId user_id,
                                                     const std::string& session_id) {
  try {
    return store_.read<Result<CheckoutState>>([&](store::Tx& tx) -> Result<CheckoutState> {
      auto record = session_id.rfind("cs_", 0) == 0 && session_id.size() <= 255
                        ? tx.checkout_session(session_id)
                        : std::nullopt;
      // Someone else's session looks exactly like an unknown one.
      if (!record || record->user_id != user_id)
        return Error::make(ErrorCode::not_found, "There is no such checkout.");
      CheckoutState s;
      s.record = *record;
      auto billing = tx.plumber_billing(user_id);
      s.standing = read_plan_standing(tx, user_id);
      s.plan_status = s.standing.status;
      s.credits = tx.credit_balance(user_id);
      if (record->mode == "payment") {
        s.complete = tx.ledger_reference_exists(domain::ledger_purchase, "purchase:" + record->id);
      } else {
        s.complete = record->completed_at > 0 && billing && !record->subscription_id.empty() &&
                     billing->stripe_subscription_id == record->subscription_id &&
                     (billing->plan_status == domain::PlanStatus::active ||
                      billing->plan_status == domain::PlanStatus::trialing);
        // The monthly credits come with invoice.paid, which may arrive after the session and the
        // subscription: done only once a subscription invoice was recorded (with its grant) since
        // this checkout began, so the page never shows an active plan without its credits.
        if (s.complete) {
          domain::PaymentListQuery q;
          q.user_id = user_id;
          q.limit = 20;
          auto list = tx.list_payments(q);
          s.complete = std::any_of(list.begin(), list.end(), [&](const domain::Payment& p) {
            return p.kind == "subscription" && p.created_at >= record->created_at;
          });
        }
      }
      return s;
    });
  } catch (const domain::Failure& e) {
    return billing_unavailable(e, "checkout_state");
  }
}

std::vector<domain::PaymentPlan> BillingService::plans() {
  return store_.read<std::vector<domain::PaymentPlan>>(
      [](store::Tx& tx) { return tx.list_plans(); });
}

std::vector<domain::CreditPack> BillingService::packs() {
  return store_.read<std::vector<domain::CreditPack>>(
      [](store::Tx& tx) { return tx.list_packs(); });
}

std::vector<domain::Payment> BillingService::payments(const domain::PaymentListQuery& q) {
  auto query = q;
  query.limit = std::clamp(query.limit, 1, 200);
  query.offset = std::max(query.offset, 0);
  return store_.read<std::vector<domain::Payment>>(
      [&](store::Tx& tx) { return tx.list_payments(query); });
}

Result<std::vector<domain::PaymentPlan>> BillingService::save_plans(
    const domain::Actor& actor, const std::vector<domain::PaymentPlan>& plans) {
  std::vector<domain::FieldError> problems;
  for (std::size_t i = 0; i < plans.size(); ++i) {
    auto p = domain::plan_problems(plans[i], "plans[" + std::to_string(i) + "].");
    problems.insert(problems.end(), p.begin(), p.end());
  }
  if (!problems.empty()) {
    auto e = Error::make(ErrorCode::invalid_input, "Some plan fields are wrong.");
    e.details = std::move(problems);
    return e;
  }
  try {
    auto r = store_.write<std::vector<domain::PaymentPlan>>(
        [&](store::Tx& tx) -> Result<std::vector<domain::PaymentPlan>> {
          auto was = tx.list_plans();
          auto now = clock_.now_ms();
          for (const auto& p : plans) {
            tx.save_plan(p);
            auto old = std::find_if(was.begin(), was.end(), [&](auto& o) { return o.id == p.id; });
            if (auto row = catalog_audit_row(actor, now, "catalog.plan", "plan", p.id,
                                             old == was.end() ? nullptr : &*old, p))
              tx.append_audit(*row);
          }
          return tx.list_plans();
        });
    if (r)
      log::info("admin_action",
                {{"action", "save_plans"}, {"count", static_cast<std::int64_t>(plans.size())}});
    return r;
  } catch (const store::StoreError& e) {
    if (e.kind() != store::StoreErrorKind::unique_violation)
      return billing_unavailable(e, "save_plans");
    // The only unique column an admin edits: two items cannot sell the same Stripe price.
    auto err =
        billing_invalid("stripe_price_id", "Another plan already uses that Stripe price id.");
    return err;
  } catch (const domain::Failure& e) {
    return billing_unavailable(e, "save_plans");
  }
}

Result<std::vector<domain::CreditPack>> BillingService::save_packs(
    const domain::Actor& actor, const std::vector<domain::CreditPack>& packs) {
  std::vector<domain::FieldError> problems;
  for (std::size_t i = 0; i < packs.size(); ++i) {
    auto p = domain::pack_problems(packs[i], "packs[" + std::to_string(i) + "].");
    problems.insert(problems.end(), p.begin(), p.end());
  }
  if (!problems.empty()) {
    auto e = Error::make(ErrorCode::invalid_input, "Some credit pack fields are wrong.");
    e.details = std::move(problems);
    return e;
  }
  try {
    auto r = store_.write<std::vector<domain::CreditPack>>(
        [&](store::Tx& tx) -> Result<std::vector<domain::CreditPack>> {
          auto was = tx.list_packs();
          auto now = clock_.now_ms();
          for (const auto& p : packs) {
            tx.save_pack(p);
            auto old = std::find_if(was.begin(), was.end(), [&](auto& o) { return o.id == p.id; });
            if (auto row = catalog_audit_row(actor, now, "catalog.pack", "pack", p.id,
                                             old == was.end() ? nullptr : &*old, p))
              tx.append_audit(*row);
          }
          return tx.list_packs();
        });
    if (r)
      log::info("admin_action",
                {{"action", "save_packs"}, {"count", static_cast<std::int64_t>(packs.size())}});
    return r;
  } catch (const store::StoreError& e) {
    if (e.kind() != store::StoreErrorKind::unique_violation)
      return billing_unavailable(e, "save_packs");
    // The only unique column an admin edits: two items cannot sell the same Stripe price.
    auto err = billing_invalid("stripe_price_id",
                               "Another credit pack already uses that Stripe price id.");
    return err;
  } catch (const domain::Failure& e) {
    return billing_unavailable(e, "save_packs");
  }
}

Result<domain::PaymentPlan> BillingService::save_plan(const domain::Actor& actor,
                                                      const domain::PaymentPlan& plan) {
  // Validated here too so that the form's fields are named without the list prefix.
  if (auto problems = domain::plan_problems(plan); !problems.empty()) {
    auto e = Error::make(ErrorCode::invalid_input, "Some plan fields are wrong.");
    e.details = std::move(problems);
    return e;
  }
  auto r = save_plans(actor, {plan});
  if (!r) return r.error();
  return plan;
}

Result<domain::CreditPack> BillingService::save_pack(const domain::Actor& actor,
                                                     const domain::CreditPack& pack) {
  if (auto problems = domain::pack_problems(pack); !problems.empty()) {
    auto e = Error::make(ErrorCode::invalid_input, "Some credit pack fields are wrong.");
    e.details = std::move(problems);
    return e;
  }
  auto r = save_packs(actor, {pack});
  if (!r) return r.error();
  return pack;
}

}  // namespace plumbline::services
