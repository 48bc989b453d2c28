// JSON API for admins: plumbers (list, the profile-change queue, view with pending changes,
// approve, reject, suspend, credits, plan) and disputes.
#include <boost/json.hpp>
#include <ctime>

#include "domain/contact.hpp"
#include "domain/marketplace_rules.hpp"
#include "http/errors.hpp"
#include "web/api/api_io.hpp"
#include "web/handlers.hpp"
#include "web/input.hpp"
#include "web/present/plumber_view.hpp"

namespace plumbline::web {

namespace {

using api_io::ok_json;

namespace json = boost::json;

constexpr int per_page_default = 20, per_page_max = 100;

json::value opt_time(domain::Millis ms) {
  return ms > 0 ? json::value(iso_time(ms)) : json::value(nullptr);
}

Response not_found(const Request& req, const char* what) {
  return http::error_response(req,
                              {domain::ErrorCode::not_found, std::string("No such ") + what + "."});
}

// page/per_page from the query string: {limit, offset, page, per_page} or a 422.
struct Paging {
  int page = 1, per_page = per_page_default;
  int offset() const { return (page - 1) * per_page; }
};

std::optional<int> int_param(const http::FormData& q, const char* name, int def, int lo, int hi,
                             std::vector<domain::FieldError>& errs) {
  if (!q.has(name) || q.get(name).empty()) return def;
  auto v = parse_int(q.get(name), lo, hi);
  if (!v)
    errs.push_back(
        {name, "must be a whole number from " + std::to_string(lo) + " to " + std::to_string(hi)});
  return v;
}

// The owner's view of the profile plus what only admins see (reviewer, times, pause and cap).
json::object admin_profile_json(const services::ProfileView& v) {
  const auto& p = v.plumber;
  auto o = profile_json(v);
  o["email_verified"] = v.email_verified;
  o["reviewed_by"] = p.review.reviewed_by ? json::value(p.review.reviewed_by->value) : nullptr;
  o["reviewed_at"] = opt_time(p.review.reviewed_at);
  o["plan_changed_at"] = opt_time(p.plan_changed_at);
  o["paused"] = p.settings.paused;
  o["daily_cap"] = p.settings.daily_cap;
  o["updated_at"] = opt_time(p.updated_at);
  json::array changes;  // verified facts changed since the last check, newest first
  for (const auto& c : v.changes)
    changes.push_back({{"id", c.id},
                       {"field", c.field},
                       {"old_value", c.old_value},
                       {"new_value", c.new_value},
                       {"created_at", iso_time(c.created_at)}});
  o["profile_changes"] = std::move(changes);
  return o;
}

json::object ledger_json(const domain::LedgerEntry& e) {
  return {{"id", e.id},
          {"kind", e.kind},
          {"amount", e.amount},
          {"reason", e.reason},
          {"actor_user_id", e.actor_user_id ? json::value(e.actor_user_id->value) : nullptr},
          {"reference", e.reference},
          {"created_at", iso_time(e.created_at)}};
}

json::object dispute_json(const domain::Dispute& d) {
  return {{"id", d.id.value},
          {"claim_id", d.claim_id.value},
          {"plumber_id", d.plumber_id.value},
          {"lead_id", d.lead_id.value},
          {"reason", d.reason},
          {"details", d.details},
          {"status", domain::to_string(d.status)},
          {"resolution", d.resolution},
          {"resolved_by", d.resolved_by ? json::value(d.resolved_by->value) : nullptr},
          {"created_at", iso_time(d.created_at)},
          {"resolved_at", d.resolved_at ? json::value(iso_time(*d.resolved_at)) : nullptr}};
}

json::object card_json(const domain::LeadCard& c) {
  return {{"id", c.lead_id.value},
          {"service_type", c.service_type},
          {"urgency", c.urgency},
          {"city", c.city},
          {"state", c.state},
          {"zip", c.zip},
          {"description", c.description},
          {"status", domain::to_string(c.status)},
          {"price_credits", c.price_credits},
          {"max_claims", c.max_claims},
          {"claims_count", c.claims_count},
          {"created_at", iso_time(c.created_at)}};
}

// The plumber with their balance and latest ledger entries.
Response plumber_response(const Services& a, const Request& req, const services::ProfileView& v) {
  auto body = admin_profile_json(v);
  if (auto c = a.claims->credits(v.plumber.user_id, 50, 0)) {
    json::array entries;
    for (const auto& e : c->entries) entries.push_back(ledger_json(e));
    body["balance"] = c->balance;
    body["ledger"] = std::move(entries);
  } else {
    return http::error_response(req, c.error());
  }
  return ok_json(200, body);
}

Response review(const Services& a, Request& req, domain::PlumberStatus status) {
  auto id = path_id<domain::UserId>(req);
  if (!id) return not_found(req, "plumber");
  auto o = json_body(req);
  if (!o) return http::error_response(req, o.error());
  JsonFields in{*o};
  domain::PlumberReview r;
  r.status = status;
  r.reason = in.str("reason");
  r.licence_verified_on = in.str("licence_verified_on");
  r.insurance_valid_until = in.str("insurance_valid_until");
  if (!in.errors.empty()) return http::error_response(req, type_errors(in.errors));
  auto v = a.plumber_admin->review(actor_of(req), *id, r);
  if (!v) return http::error_response(req, v.error());
  return plumber_response(a, req, *v);
}

Response resolve(const Services& a, Request& req, bool approve) {
  auto id = path_id<domain::DisputeId>(req);
  if (!id) return not_found(req, "dispute");
  std::string reason;
  if (!req.body.empty()) {
    auto o = json_body(req);
    if (!o) return http::error_response(req, o.error());
    JsonFields in{*o};
    reason = in.str("reason");
    if (!in.errors.empty()) return http::error_response(req, type_errors(in.errors));
  }
  auto d = a.disputes->resolve_dispute(actor_of(req), *id, approve, reason);
  if (!d) return http::error_response(req, d.error());
  return ok_json(200, dispute_json(*d));
}

}  // namespace

Response api_admin_plumbers(const Services& a, Request& req) {
  auto q = query_of(req);
  std::vector<domain::FieldError> errs;
  auto page = int_param(q, "page", 1, 1, 1000000, errs);
  auto per_page = int_param(q, "per_page", per_page_default, 1, per_page_max, errs);
  auto status = domain::parse<domain::PlumberStatus>(q.get("status"));
  if (!q.get("status").empty() && !status)
    errs.push_back({"status", "must be pending, approved, rejected or suspended"});
  auto changes = q.get("changes");  // "pending": the queue of profile changes to check
  if (!changes.empty() && changes != "pending") errs.push_back({"changes", "must be pending"});
  if (!errs.empty())
    return http::error_response(
        req, {domain::ErrorCode::invalid_input, "Some parameters are wrong.", errs});
  domain::PlumberListQuery query{status, *per_page, (*page - 1) * *per_page, !changes.empty()};
  auto list = a.plumber_admin->list_plumbers(query);
  if (!list) return http::error_response(req, list.error());
  json::array data;
  for (const auto& v : list->plumbers) data.push_back(admin_profile_json(v));
  return ok_json(200, {{"plumbers", std::move(data)},
                       {"page", *page},
                       {"per_page", *per_page},
                       {"total", list->total}});
}

Response api_admin_plumber(const Services& a, Request& req) {
  auto id = path_id<domain::UserId>(req);
  if (!id) return not_found(req, "plumber");
  auto v = a.profiles->profile(*id);
  if (!v) return http::error_response(req, v.error());
  return plumber_response(a, req, *v);
}

Response api_admin_approve_plumber(const Services& a, Request& req) {
  return review(a, req, domain::PlumberStatus::approved);
}

Response api_admin_reject_plumber(const Services& a, Request& req) {
  return review(a, req, domain::PlumberStatus::rejected);
}

Response api_admin_suspend_plumber(const Services& a, Request& req) {
  return review(a, req, domain::PlumberStatus::suspended);
}

Response api_admin_plumber_credits(const Services& a, Request& req) {
  auto id = path_id<domain::UserId>(req);
  if (!id) return not_found(req, "plumber");
  auto o = json_body(req);
  if (!o) return http::error_response(req, o.error());
  JsonFields in{*o};
  auto reason = in.str("reason");
  auto& errs = in.errors;
  // Any 64-bit whole number reaches the service, which applies the caps (domain/credits.hpp);
  // a number beyond 64 bits (Boost.JSON: uint64 or double) is refused here, never wrapped.
  domain::Credits amount = 0;
  auto it = o->find("amount");
  if (it == o->end() || !it->value().is_int64() || it->value().get_int64() == 0)
    errs.push_back(
        {"amount",
         "must be a whole number of credits other than 0 (negative takes away), at most " +
             domain::credits_text(domain::credits_entry_max) + " at a time"});
  else
    amount = it->value().get_int64();
  if (!errs.empty())
    return http::error_response(req,
                                {domain::ErrorCode::invalid_input, "Some fields are wrong.", errs});
  auto balance = a.plumber_admin->adjust_credits(actor_of(req), *id, amount, reason);
  if (!balance) return http::error_response(req, balance.error());
  return ok_json(200, {{"plumber_id", id->value}, {"amount", amount}, {"balance", *balance}});
}

// Closes a plumber's account with {"reason"}; 200 with the closure, 409 when closed already.
Response api_admin_close_plumber(const Services& a, Request& req) {
  auto id = path_id<domain::UserId>(req);
  if (!id) return not_found(req, "plumber");
  auto o = json_body(req);
  if (!o) return http::error_response(req, o.error());
  JsonFields in{*o};
  auto reason = in.str("reason");
  if (!in.errors.empty()) return http::error_response(req, type_errors(in.errors));
  auto r = a.accounts->admin_close_account(actor_of(req), *id, reason);
  if (!r) return http::error_response(req, r.error());
  return ok_json(
      200, json::object{{"id", id->value}, {"closed", true}, {"reason", domain::trim(reason)}});
}

Response api_admin_plumber_plan(const Services& a, Request& req) {
  auto id = path_id<domain::UserId>(req);
  if (!id) return not_found(req, "plumber");
  auto o = json_body(req);
  if (!o) return http::error_response(req, o.error());
  JsonFields in{*o};
  auto status = in.str("status");
  if (!in.errors.empty()) return http::error_response(req, type_errors(in.errors));
  auto v = a.plumber_admin->set_plan(actor_of(req), *id, status);
  if (!v) return http::error_response(req, v.error());
  return plumber_response(a, req, *v);
}

Response api_admin_disputes(const Services& a, Request& req) {
  auto q = query_of(req);
  std::vector<domain::FieldError> errs;
  auto page = int_param(q, "page", 1, 1, 1000000, errs);
  auto per_page = int_param(q, "per_page", per_page_default, 1, per_page_max, errs);
  auto status = q.has("status") ? domain::parse<domain::DisputeStatus>(q.get("status"))
                                : domain::DisputeStatus::pending;
  if (!status) errs.push_back({"status", "must be pending, approved or denied"});
  if (!errs.empty())
    return http::error_response(
        req, {domain::ErrorCode::invalid_input, "Some parameters are wrong.", errs});
  auto list = a.disputes->disputes(status, *per_page, (*page - 1) * *per_page);
  if (!list) return http::error_response(req, list.error());
  json::array data;
  for (const auto& v : *list) {
    auto d = dispute_json(v.dispute);
    d["business_name"] = v.business_name;
    d["price_credits"] = v.price_credits;
    d["lead"] = card_json(v.lead);
    data.push_back(std::move(d));
  }
  return ok_json(200, {{"disputes", std::move(data)}, {"page", *page}, {"per_page", *per_page}});
}

Response api_admin_approve_dispute(const Services& a, Request& req) {
  return resolve(a, req, true);
}

Response api_admin_deny_dispute(const Services& a, Request& req) {
  return resolve(a, req, false);
}

}  // namespace plumbline::web
