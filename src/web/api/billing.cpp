// JSON API for billing: the plumber's overview, Checkout and Portal URLs, a checkout's state, and
// the admin's plans, packs and payments.
#include "services/billing.hpp"

#include <boost/json.hpp>

#include "http/errors.hpp"
#include "http/forms.hpp"
#include "services/plan_standing.hpp"
#include "web/api/api_io.hpp"
#include "web/handlers.hpp"
#include "web/input.hpp"
#include "web/present/plumber_view.hpp"

namespace plumbline::web {

namespace {

using api_io::ok_json;

namespace json = boost::json;

Response not_configured(const Request& req) {
  return http::error_response(
      req, {domain::ErrorCode::unavailable, services::BillingService::unavailable_message});
}

json::value iso_seconds(std::int64_t unix_seconds) {
  return unix_seconds > 0 ? json::value(iso_time(unix_seconds * 1000)) : json::value(nullptr);
}

json::object payment_json(const domain::Payment& p) {
  return {
      {"id", p.id},
      {"user_id", p.user_id.value},
      {"kind", p.kind},
      {"stripe_id", p.stripe_id},
      {"item_id", p.item_id},
      {"description", p.description},
      {"credits", p.credits},
      {"amount_cents", p.amount_cents},
      {"currency", p.currency},
      {"receipt_url", p.receipt_url.empty() ? json::value(nullptr) : json::value(p.receipt_url)},
      {"amount_refunded_cents", p.amount_refunded_cents},
      {"refunded", p.amount_refunded_cents > 0},
      {"dispute_status",
       p.dispute_status.empty() ? json::value(nullptr) : json::value(p.dispute_status)},
      {"dispute_reason",
       p.dispute_reason.empty() ? json::value(nullptr) : json::value(p.dispute_reason)},
      {"created_at", iso_time(p.created_at)}};
}

json::object plan_json(const domain::PaymentPlan& p) {
  return {{"id", p.id},
          {"name", p.name},
          {"price_cents", p.price_cents},
          {"monthly_credits", p.monthly_credits},
          {"stripe_price_id", p.stripe_price_id},
          {"active", p.active}};
}

json::object pack_json(const domain::CreditPack& p) {
  return {{"id", p.id},
          {"credits", p.credits},
          {"price_cents", p.price_cents},
          {"stripe_price_id", p.stripe_price_id},
          {"active", p.active}};
}

// The items of the list under `key` (1 to 50 objects), each read by `read_one` from its members;
// type errors are named "plans[i].field".
template <typename T, typename ReadOne>
domain::Result<std::vector<T>> read_items(const json::object& body, const char* key,
                                          ReadOne read_one) {
  auto it = body.find(key);
  if (it == body.end() || !it->value().is_array()) return type_errors({{key, "must be an array"}});
  const auto& list = it->value().get_array();
  if (list.empty() || list.size() > 50) return type_errors({{key, "must hold 1 to 50 items"}});
  std::vector<domain::FieldError> errs;
  std::vector<T> items;
  for (std::size_t i = 0; i < list.size(); ++i) {
    auto name = std::string(key) + "[" + std::to_string(i) + "]";
    if (!list[i].is_object()) {
      errs.push_back({name, "must be an object"});
      continue;
    }
    JsonFields in{list[i].get_object(), name + "."};
    items.push_back(read_one(in));
    errs.insert(errs.end(), in.errors.begin(), in.errors.end());
  }
  if (!errs.empty()) return type_errors(std::move(errs));
  return items;
}

}  // namespace

Response api_billing(const Services& a, Request& req) {
  if (!a.billing) return not_configured(req);
  auto r = a.billing->overview(req.principal.user_id);
  if (!r) return http::error_response(req, r.error());
  const auto& v = *r;
  json::array payments, movements, plans, packs;
  for (const auto& p : v.payments) payments.push_back(payment_json(p));
  for (const auto& e : v.movements)
    movements.push_back({{"id", e.id},
                         {"kind", e.kind},
                         {"amount", e.amount},
                         {"reason", e.reason},
                         {"created_at", iso_time(e.created_at)}});
  for (const auto& p : v.plans) plans.push_back(plan_json(p));
  for (const auto& p : v.packs) packs.push_back(pack_json(p));
  const auto& b = v.billing;
  const auto& st = v.standing;
  auto standing = services::plan_standing_json(st);
  return ok_json(
      200,
      json::object{{"plan", standing["plan"]},
                   {"plan_name", standing["name"]},
                   {"status", domain::to_string(st.status)},
                   {"status_label", standing["status_label"]},
                   {"credits_per_month", st.credits_per_period},
                   {"renewal", iso_seconds(b.current_period_end)},
                   {"cancel_at_period_end", b.cancel_at_period_end},
                   {"credits", v.credits},
                   {"portal_available", v.portal_available},
                   {"online_payment", v.online_payment},
                   {"online_payment_message",
                    v.online_payment ? json::value(nullptr)
                                     : json::value(services::BillingService::not_set_up_message)},
                   {"plans", std::move(plans)},
                   {"packs", std::move(packs)},
                   {"payments", std::move(payments)},
                   {"movements", std::move(movements)}});
}

Response api_billing_checkout(const Services& a, Request& req) {
  if (!a.billing) return not_configured(req);
  auto o = json_body(req);
  if (!o) return http::error_response(req, o.error());
  JsonFields in{*o};
  services::CheckoutChoice choice{in.str("plan"), in.str("pack")};
  if (!in.errors.empty()) return http::error_response(req, type_errors(in.errors));
  auto url = a.billing->start_checkout(req.principal.user_id, choice);
  if (!url) return http::error_response(req, url.error());
  return ok_json(200, json::object{{"url", *url}});
}

Response api_billing_portal(const Services& a, Request& req) {
  if (!a.billing) return not_configured(req);
  auto url = a.billing->portal_url(req.principal.user_id);
  if (!url) return http::error_response(req, url.error());
  return ok_json(200, json::object{{"url", *url}});
}

Response api_billing_checkout_state(const Services& a, Request& req) {
  if (!a.billing) return not_configured(req);
  auto s = a.billing->checkout_state(req.principal.user_id, req.param("id"));
  if (!s) return http::error_response(req, s.error());
  return ok_json(
      200, json::object{{"status", s->complete ? "complete" : "processing"},
                        {"mode", s->record.mode},
                        {"plan_status", domain::to_string(s->plan_status)},
                        {"plan_name", s->standing.has_plan() ? json::value(s->standing.plan_name)
                                                             : json::value(nullptr)},
                        {"credits", s->credits}});
}

Response api_admin_plans(const Services& a, Request& req) {
  if (!a.billing) return not_configured(req);
  json::array out;
  for (const auto& p : a.billing->plans()) out.push_back(plan_json(p));
  return ok_json(200, json::object{{"plans", std::move(out)}});
}

Response api_admin_put_plans(const Services& a, Request& req) {
  if (!a.billing) return not_configured(req);
  auto o = json_body(req);
  if (!o) return http::error_response(req, o.error());
  auto plans = read_items<domain::PaymentPlan>(*o, "plans", [](JsonFields& in) {
    domain::PaymentPlan p;
    p.id = in.str("id");
    p.name = in.str("name");
    p.price_cents = in.integer("price_cents");
    p.monthly_credits = in.integer("monthly_credits");
    p.stripe_price_id = in.str("stripe_price_id");
    p.active = in.boolean("active", true);
    return p;
  });
  if (!plans) return http::error_response(req, plans.error());
  auto saved = a.billing->save_plans(actor_of(req), *plans);
  if (!saved) return http::error_response(req, saved.error());
  json::array out;
  for (const auto& p : *saved) out.push_back(plan_json(p));
  return ok_json(200, json::object{{"plans", std::move(out)}});
}

Response api_admin_packs(const Services& a, Request& req) {
  if (!a.billing) return not_configured(req);
  json::array out;
  for (const auto& p : a.billing->packs()) out.push_back(pack_json(p));
  return ok_json(200, json::object{{"packs", std::move(out)}});
}

Response api_admin_put_packs(const Services& a, Request& req) {
  if (!a.billing) return not_configured(req);
  auto o = json_body(req);
  if (!o) return http::error_response(req, o.error());
  auto packs = read_items<domain::CreditPack>(*o, "packs", [](JsonFields& in) {
    domain::CreditPack p;
    p.id = in.str("id");
    p.credits = in.integer("credits");
    p.price_cents = in.integer("price_cents");
    p.stripe_price_id = in.str("stripe_price_id");
    p.active = in.boolean("active", true);
    return p;
  });
  if (!packs) return http::error_response(req, packs.error());
  auto saved = a.billing->save_packs(actor_of(req), *packs);
  if (!saved) return http::error_response(req, saved.error());
  json::array out;
  for (const auto& p : *saved) out.push_back(pack_json(p));
  return ok_json(200, json::object{{"packs", std::move(out)}});
}

Response api_admin_payments(const Services& a, Request& req) {
  if (!a.billing) return not_configured(req);
  auto q = query_of(req);
  domain::PaymentListQuery query;
  query.problems_only = q.get("problems") == "1";
  int page = parse_int(q.get("page"), 1, 100000).value_or(1);
  query.limit = parse_int(q.get("per_page"), 1, 100).value_or(50);
  query.offset = (page - 1) * query.limit;
  json::array out;
  for (const auto& p : a.billing->payments(query)) out.push_back(payment_json(p));
  return ok_json(
      200, json::object{{"payments", std::move(out)}, {"page", page}, {"per_page", query.limit}});
}

}  // namespace plumbline::web
