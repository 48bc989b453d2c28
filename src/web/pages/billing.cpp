// Plumber billing pages: the billing overview, starting Checkout or the Billing Portal, and the
// success page that waits for the webhook (it never grants anything itself).
#include "services/billing.hpp"

#include <boost/json.hpp>

#include "http/errors.hpp"
#include "http/forms.hpp"
#include "web/handlers.hpp"
#include "web/input.hpp"
#include "web/local_time.hpp"
#include "web/present/plan_view.hpp"
#include "web/present/plumber_view.hpp"

namespace plumbline::web {

namespace {

namespace json = boost::json;

std::string credits_text(domain::Credits n) {
  return std::to_string(n) + (n == 1 ? " credit" : " credits");
}

Response not_configured(const Request& req) {
  return http::error_response(
      req, {domain::ErrorCode::unavailable, services::BillingService::unavailable_message});
}

Response billing_page(const Services& a, const Request& req, int status, const std::string& error) {
  auto r = a.billing->overview(req.principal.user_id);
  if (!r) return http::error_response(req, r.error());
  const auto& v = *r;
  const auto& zone = plumber_zone(a, req.principal.user_id);
  json::array plans, packs, payments, movements;
  const auto& st = v.standing;
  for (const auto& p : v.plans)
    plans.push_back({{"id", p.id},
                     {"name", p.name},
                     {"price", dollars(p.price_cents)},
                     {"credits", p.monthly_credits},
                     {"per_credit", per_credit(p.price_cents, p.monthly_credits)},
                     {"current", st.plan_id == p.id && st.has_plan() &&
                                     st.status != domain::PlanStatus::canceled}});
  // Smallest first (the store's order), each with its price per credit.
  for (const auto& p : v.packs)
    packs.push_back({{"id", p.id},
                     {"credits", credits_text(p.credits)},
                     {"price", dollars(p.price_cents)},
                     {"per_credit", per_credit(p.price_cents, p.credits)}});
  for (const auto& p : v.payments)
    payments.push_back({{"at", local_time(p.created_at, zone)},
                        {"at_iso", iso_time(p.created_at)},
                        {"what", p.description},
                        {"amount", dollars(p.amount_cents)},
                        {"currency", p.currency == "usd" ? std::string("$") : p.currency + " "},
                        {"receipt_url", p.receipt_url},
                        {"refunded", p.amount_refunded_cents > 0},
                        {"refunded_amount", dollars(p.amount_refunded_cents)},
                        {"fully_refunded", p.amount_refunded_cents >= p.amount_cents},
                        {"disputed", !p.dispute_status.empty()}});
  for (const auto& e : v.movements) movements.push_back(ledger_row(e, zone, v.payments));
  auto q = query_of(req);
  json::object ctx{
      {"plan", plan_standing_context(v.standing, &zone)},
      {"credits", v.credits},
      {"plans", std::move(plans)},
      {"has_plans", v.online_payment && !v.plans.empty()},
      {"packs", std::move(packs)},
      {"has_packs", v.online_payment && !v.packs.empty()},
      {"online_payment", v.online_payment},
      // Once: a refused checkout shows the same words as its error.
      {"not_set_up_notice",
       v.online_payment || !error.empty() ? "" : services::BillingService::not_set_up_message},
      {"portal_available", v.portal_available},
      {"payments", std::move(payments)},
      {"has_payments", !v.payments.empty()},
      {"movements", std::move(movements)},
      {"has_movements", !v.movements.empty()},
      {"canceled_notice", q.get("checkout") == "canceled"},
      {"error", error}};
  return render(a, req, status, "billing", error.empty() ? "Billing" : "Billing: " + error,
                std::move(ctx));
}

// A failed checkout or portal request shows the billing page again with the reason; the status
// says what kind of failure it was (4xx for the request, 503 for Stripe).
Response billing_error(const Services& a, const Request& req, const domain::Error& e) {
  return billing_page(a, req, http::status_for(e.code), e.message);
}

}  // namespace

Response show_billing(const Services& a, Request& req) {
  if (!a.billing) return not_configured(req);
  return billing_page(a, req, 200, "");
}

Response submit_billing_checkout(const Services& a, Request& req) {
  if (!a.billing) return not_configured(req);
  auto f = form_of(req);
  services::CheckoutChoice choice{f.get("plan"), f.get("pack")};
  auto url = a.billing->start_checkout(req.principal.user_id, choice);
  if (!url) return billing_error(a, req, url.error());
  return Response::redirect(*url, 303);
}

Response submit_billing_portal(const Services& a, Request& req) {
  if (!a.billing) return not_configured(req);
  auto url = a.billing->portal_url(req.principal.user_id);
  if (!url) return billing_error(a, req, url.error());
  return Response::redirect(*url, 303);
}

Response show_billing_done(const Services& a, Request& req) {
  if (!a.billing) return not_configured(req);
  auto session_id = query_of(req).get("session_id");
  auto s = a.billing->checkout_state(req.principal.user_id, session_id);
  if (!s) {
    if (s.error().code == domain::ErrorCode::not_found)
      return http::error_response(req,
                                  {domain::ErrorCode::not_found,
                                   "There is no such checkout. If you paid, your payment shows on "
                                   "the billing page once Stripe confirms it."});
    return http::error_response(req, s.error());
  }
  bool is_plan = s->record.mode == "subscription";
  json::object ctx{
      {"complete", s->complete},
      {"is_plan", is_plan},
      {"plan_status_label", plan_label(s->standing.status)},
      {"plan", plan_standing_context(s->standing, &plumber_zone(a, req.principal.user_id))},
      {"credits", s->credits},
      {"status_url", "/api/v1/billing/checkout/" + s->record.id},
      // Without JavaScript the page reloads itself until the webhook has been applied.
      {"refresh_seconds", s->complete ? json::value(nullptr) : json::value(3)},
      {"page_js", json::array{json::value(a.statics->url_for("js/billing-done.js"))}}};
  return render(a, req, 200, "billing_done",
                s->complete ? "Payment received" : "Payment processing", std::move(ctx));
}

}  // namespace plumbline::web
