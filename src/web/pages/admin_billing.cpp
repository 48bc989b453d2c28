// Admin billing page: plans and credit packs as editable forms, and recent payments with refunds
// and disputes marked.
#include <algorithm>
#include <boost/json.hpp>
#include <map>

#include "domain/billing_rules.hpp"
#include "http/errors.hpp"
#include "http/forms.hpp"
#include "services/billing.hpp"
#include "web/handlers.hpp"
#include "web/input.hpp"
#include "web/local_time.hpp"
#include "web/present/plumber_view.hpp"

namespace plumbline::web {

namespace {

namespace json = boost::json;

// What the form shows for one item: the saved values, or what was typed when saving failed.
struct Shown {
  std::string id;
  json::object values;
  std::vector<domain::FieldError> errors;
};

json::object errors_of(const std::vector<domain::FieldError>& errs) {
  json::object o;
  for (const auto& e : errs)
    if (!o.contains(e.field)) o[e.field] = e.message;
  return o;
}

Response admin_billing_page(const Services& a, const Request& req, int status,
                            const std::string& notice, const std::optional<Shown>& failed_plan,
                            const std::optional<Shown>& failed_pack) {
  if (!a.billing)
    return http::error_response(
        req, {domain::ErrorCode::unavailable, services::BillingService::unavailable_message});
  json::array plans, packs, payments;
  for (const auto& p : a.billing->plans()) {
    json::object values{{"name", p.name},
                        {"price", dollars(p.price_cents)},
                        {"monthly_credits", std::to_string(p.monthly_credits)},
                        {"stripe_price_id", p.stripe_price_id},
                        {"active", p.active}};
    json::object errors;
    if (failed_plan && failed_plan->id == p.id) {
      values = failed_plan->values;
      errors = errors_of(failed_plan->errors);
    }
    plans.push_back({{"id", p.id},
                     {"label", p.name},
                     {"values", std::move(values)},
                     {"errors", std::move(errors)}});
  }
  for (const auto& p : a.billing->packs()) {
    json::object values{{"price", dollars(p.price_cents)},
                        {"credits", std::to_string(p.credits)},
                        {"stripe_price_id", p.stripe_price_id},
                        {"active", p.active}};
    json::object errors;
    if (failed_pack && failed_pack->id == p.id) {
      values = failed_pack->values;
      errors = errors_of(failed_pack->errors);
    }
    packs.push_back({{"id", p.id},
                     {"label", std::to_string(p.credits)},
                     {"values", std::move(values)},
                     {"errors", std::move(errors)}});
  }
  domain::PaymentListQuery q;
  q.limit = 100;
  std::map<domain::UserId, std::string> business;  // each payer's business name, read once
  auto business_of = [&](domain::UserId user_id) -> const std::string& {
    auto it = business.find(user_id);
    if (it != business.end()) return it->second;
    auto v = a.profiles->profile(user_id);
    std::string name = v ? v->plumber.profile.business_name : std::string();
    return business[user_id] = name.empty() ? "(no business name)" : name;
  };
  const auto& zone = staff_zone(a);
  for (const auto& p : a.billing->payments(q))
    payments.push_back({{"at", local_time(p.created_at, zone)},
                        {"at_iso", iso_time(p.created_at)},
                        {"plumber_url", "/admin/plumbers/" + std::to_string(p.user_id.value)},
                        {"business_name", business_of(p.user_id)},
                        {"what", p.description},
                        {"stripe_id", p.stripe_id},
                        {"amount", dollars(p.amount_cents)},
                        {"refunded", p.amount_refunded_cents > 0},
                        {"refunded_amount", dollars(p.amount_refunded_cents)},
                        {"disputed", !p.dispute_status.empty()},
                        {"dispute_status", stripe_status_label(p.dispute_status)},
                        {"dispute_reason", p.dispute_reason},
                        {"problem", p.amount_refunded_cents > 0 || !p.dispute_status.empty()}});
  bool failed = failed_plan || failed_pack;
  bool has_payments = !payments.empty();
  return render(a, req, status, "admin_billing",
                failed ? "Billing: please check the form" : "Billing",
                {{"notice", notice},
                 {"online_payment", a.billing->online_payment()},
                 {"failed", failed},
                 {"plans", std::move(plans)},
                 {"packs", std::move(packs)},
                 {"payments", std::move(payments)},
                 {"has_payments", has_payments}});
}

std::string flash(const std::string& saved) {
  if (saved == "plan") return "The plan is saved.";
  if (saved == "pack") return "The credit pack is saved.";
  return "";
}

// Reads a dollars field into cents; a problem is recorded under `field`.
// Too large stays too large (64-bit; the service says so) instead of wrapping around.
domain::Cents cents_of(const std::string& text, std::vector<domain::FieldError>& errs) {
  auto cents = parse_dollars(text);
  if (!cents) {
    errs.push_back({"price_cents", "Enter the price in dollars, e.g. 49 or 49.00."});
    return 0;
  }
  return *cents;
}

}  // namespace

Response show_admin_billing(const Services& a, Request& req) {
  auto q = query_of(req);
  return admin_billing_page(a, req, 200, flash(q.get("saved")), std::nullopt, std::nullopt);
}

Response submit_admin_plan(const Services& a, Request& req) {
  if (!a.billing)
    return http::error_response(
        req, {domain::ErrorCode::unavailable, services::BillingService::unavailable_message});
  auto f = form_of(req);
  std::vector<domain::FieldError> errs;
  domain::PaymentPlan p;
  p.id = req.param("id");
  p.name = f.get("name");
  p.price_cents = cents_of(f.get("price"), errs);
  if (auto c = parse_int64(f.get("monthly_credits")))
    p.monthly_credits = *c;
  else
    errs.push_back({"monthly_credits", "Enter the monthly credits as a whole number."});
  p.stripe_price_id = f.get("stripe_price_id");
  p.active = f.get("active") == "yes";
  if (errs.empty()) {
    auto saved = a.billing->save_plan(actor_of(req), p);
    if (saved) return Response::redirect("/admin/billing?saved=plan");
    if (saved.error().code != domain::ErrorCode::invalid_input)
      return http::error_response(req, saved.error());
    errs = saved.error().details;
  }
  Shown shown{p.id,
              {{"name", p.name},
               {"price", f.get("price")},
               {"monthly_credits", f.get("monthly_credits")},
               {"stripe_price_id", p.stripe_price_id},
               {"active", p.active}},
              errs};
  return admin_billing_page(a, req, 422, "", shown, std::nullopt);
}

Response submit_admin_pack(const Services& a, Request& req) {
  if (!a.billing)
    return http::error_response(
        req, {domain::ErrorCode::unavailable, services::BillingService::unavailable_message});
  auto f = form_of(req);
  std::vector<domain::FieldError> errs;
  domain::CreditPack p;
  p.id = req.param("id");
  p.price_cents = cents_of(f.get("price"), errs);
  if (auto c = parse_int64(f.get("credits")))
    p.credits = *c;
  else
    errs.push_back({"credits", "Enter the credits as a whole number."});
  p.stripe_price_id = f.get("stripe_price_id");
  p.active = f.get("active") == "yes";
  if (errs.empty()) {
    auto saved = a.billing->save_pack(actor_of(req), p);
    if (saved) return Response::redirect("/admin/billing?saved=pack");
    if (saved.error().code != domain::ErrorCode::invalid_input)
      return http::error_response(req, saved.error());
    errs = saved.error().details;
  }
  Shown shown{p.id,
              {{"price", f.get("price")},
               {"credits", f.get("credits")},
               {"stripe_price_id", p.stripe_price_id},
               {"active", p.active}},
              errs};
  return admin_billing_page(a, req, 422, "", std::nullopt, shown);
}

}  // namespace plumbline::web
