// Admin pages: the start page, plumbers (list, the profile-change queue, review, credits, plan)
// and the disputes queue. Adapters only.
#include <algorithm>
#include <boost/json.hpp>
#include <charconv>
#include <ctime>

#include "domain/contact.hpp"
#include "domain/lead_rules.hpp"
#include "domain/marketplace_rules.hpp"
#include "domain/profile_change_rules.hpp"
#include "http/errors.hpp"
#include "http/forms.hpp"
#include "services/claims.hpp"
#include "services/disputes.hpp"
#include "services/lead_browse.hpp"
#include "services/plumber_admin.hpp"
#include "services/profiles.hpp"
#include "web/handlers.hpp"
#include "web/input.hpp"
#include "web/local_time.hpp"
#include "web/present/plan_view.hpp"
#include "web/present/plumber_console_view.hpp"
#include "web/present/plumber_view.hpp"
#include "web/present/report_view.hpp"

namespace plumbline::web {

namespace {

namespace json = boost::json;

constexpr int plumbers_per_page = 25, disputes_per_page = 50, ledger_rows = 50;

const char* ledger_label(const std::string& kind) {
  if (kind == domain::ledger_grant) return "Grant";
  if (kind == domain::ledger_purchase) return "Purchase";
  if (kind == domain::ledger_claim) return "Claim";
  if (kind == domain::ledger_refund) return "Refund";
  if (kind == domain::ledger_adjustment) return "Adjustment";
  return "Other";
}

// The success message for ?done=… after a redirect (fixed texts: nothing from the URL is shown).
std::string flash_for(const std::string& done) {
  static const std::pair<const char*, const char*> messages[] = {
      {"approved", "Plumber approved. We have told them by e-mail."},
      {"reactivated", "Plumber reactivated. We have told them by e-mail."},
      {"rejected", "Plumber rejected. We have told them why by e-mail."},
      {"suspended", "Plumber suspended. We have told them why by e-mail."},
      {"credits", "Credits updated; the ledger below shows the new entry."},
      {"plan", "Plan updated."},
      {"rechecked",
       "New check recorded: the changed details are checked and the plumber has been told."},
      {"dispute_approved",
       "Dispute approved: the credits went back to the plumber, who has been told."},
      {"dispute_denied", "Dispute denied. The plumber has been told why."},
      // The console's actions (pages/admin_plumbers.cpp).
      {"edited", "Profile updated. We have told the plumber by e-mail."},
      {"password_reset", "Password-reset link sent to the plumber's e-mail address."},
      {"sessions_ended", "All of the plumber's sessions ended. We have told them by e-mail."},
      {"closed",
       "Account closed: it no longer matches, its sessions ended, and its personal data is "
       "anonymised after the waiting period."},
  };
  for (const auto& [key, text] : messages)
    if (done == key) return text;
  return {};
}

// Which form an error belongs to, what it says, and the values to put back.
struct FormError {
  std::string form;  // approve | reject | suspend | credits | plan
  domain::Error error;
  json::object values;
};

json::object plumber_row(const services::ProfileView& v, const domain::Catalog& catalog,
                         const geo::TimeZone& zone) {
  const auto& p = v.plumber;
  const auto& in = p.profile;
  json::array services, missing, zips;
  for (const auto& s : in.services)
    services.push_back(
        {{"label", service_label(catalog, s)}, {"service_class", service_badge_class(s)}});
  for (const auto& m : v.missing) missing.push_back(json::value(m));
  for (const auto& z : in.extra_zips) zips.push_back(json::value(z));
  json::array changes;  // verified facts changed since the last check (escaped by the template)
  for (const auto& c : v.changes)
    changes.push_back({{"label", domain::verified_fact_label(c.field)},
                       {"field", c.field},
                       {"old_value", c.old_value.empty() ? "(empty)" : c.old_value},
                       {"new_value", c.new_value.empty() ? "(empty)" : c.new_value},
                       {"at", local_time(c.created_at, zone)}});
  return {{"id", p.user_id.value},
          {"url", "/admin/plumbers/" + std::to_string(p.user_id.value)},
          {"email", p.email},
          {"email_verified", v.email_verified},
          {"business_name", in.business_name.empty() ? "(no business name)" : in.business_name},
          {"contact_name", in.contact_name},
          {"phone", domain::display_phone(in.phone_e164)},
          {"phone_e164", in.phone_e164},
          {"licence_number", in.licence_number},
          {"licence_state", in.licence_state},
          {"insurance_carrier", in.insurance_carrier},
          {"insurance_expires_on", in.insurance_expires_on},
          {"years_in_business", in.years_in_business},
          {"description", in.description},
          {"services", std::move(services)},
          {"base_zip", in.base_zip},
          {"radius_miles", in.radius_miles},
          {"extra_zips", std::move(zips)},
          {"has_extra_zips", !in.extra_zips.empty()},
          {"status", domain::to_string(p.review.status)},
          {"status_label", status_label(p.review.status)},
          {"status_reason", p.review.reason},
          {"licence_verified_on", p.review.licence_verified_on},
          {"insurance_valid_until", p.review.insurance_valid_until},
          {"reviewed_at", p.review.reviewed_at > 0 ? local_time(p.review.reviewed_at, zone) : ""},
          {"plan_status", domain::to_string(v.plan.status)},
          {"plan_label", plan_label(v.plan.status)},
          {"plan", plan_standing_context(v.plan, &zone)},
          {"paused", p.settings.paused},
          {"missing", std::move(missing)},
          {"missing_count", static_cast<std::int64_t>(v.missing.size())},
          {"ready", v.missing.empty()},
          {"changes", std::move(changes)},
          {"has_changes", !v.changes.empty()},
          {"changes_count", static_cast<std::int64_t>(v.changes.size())},
          {"updated_at", p.updated_at > 0 ? local_time(p.updated_at, zone) : ""}};
}

// An approved plumber whose changed facts wait for a check (or lost a verification date): the
// approve form records the new check.
bool needs_recheck(const services::ProfileView& v) {
  const auto& r = v.plumber.review;
  return r.status == domain::PlumberStatus::approved &&
         (!v.changes.empty() || r.licence_verified_on.empty() || r.insurance_valid_until.empty());
}

// A refused edit form shows what the admin typed (values edit_*, edit_services), not the stored
// profile the dossier's edit form starts from.
void refill_plumber_edit_form(json::object& dossier, const json::object& typed) {
  auto* edit = dossier.if_contains("edit");
  if (!edit || !edit->is_object()) return;
  auto& form = edit->as_object();
  for (const char* key : {"business_name", "contact_name", "phone", "base_zip", "radius_miles"})
    if (auto* v = typed.if_contains(std::string("edit_") + key)) form[key] = *v;
  const auto* chosen = typed.if_contains("edit_services");
  if (!chosen || !chosen->is_array()) return;
  if (auto* services = form.if_contains("services"); services && services->is_array())
    for (auto& s : services->as_array()) {
      auto& service = s.as_object();
      const auto& list = chosen->as_array();
      service["checked"] = std::find(list.begin(), list.end(), service["slug"]) != list.end();
    }
}

Response plumber_page(const Services& a, const Request& req, domain::UserId id, int status,
                      const std::string& flash, const FormError* fe) {
  auto v = a.profiles->profile(id);
  if (!v) return http::error_response(req, v.error());
  auto credits = a.claims->credits(id, ledger_rows, 0);
  if (!credits) return http::error_response(req, credits.error());
  auto catalog = a.leads->catalog();
  const auto& st = v->plumber.review.status;

  json::array ledger;
  for (const auto& e : credits->entries)
    ledger.push_back({{"at", local_time(e.created_at, staff_zone(a))},
                      {"kind", ledger_label(e.kind)},
                      {"amount", (e.amount > 0 ? "+" : "") + std::to_string(e.amount)},
                      {"reason", e.reason}});
  json::array plans;
  for (auto p : {domain::PlanStatus::none, domain::PlanStatus::active, domain::PlanStatus::past_due,
                 domain::PlanStatus::canceled})
    plans.push_back({{"value", domain::to_string(p)},
                     {"label", plan_label(p)},
                     {"selected", v->plumber.plan_status == p}});

  // Put back what the admin typed into the form that failed; elsewhere the stored values.
  json::object values{{"licence_verified_on", v->plumber.review.licence_verified_on},
                      {"insurance_valid_until", v->plumber.review.insurance_valid_until}};
  json::object errors;
  if (fe) {
    for (const auto& [k, val] : fe->values) values[k] = val;
    json::array details;
    for (const auto& d : fe->error.details)
      details.push_back({{"field", d.field}, {"message", d.message}});
    errors[fe->form] = json::object{{"message", fe->error.message}, {"details", details}};
  }
  std::string title = v->plumber.profile.business_name.empty() ? v->plumber.email
                                                               : v->plumber.profile.business_name;
  auto closure = a.accounts->closure(id);
  auto dossier = a.plumber_console->dossier(id);  // the console's sections (admin_plumbers.cpp)
  if (!dossier) return http::error_response(req, dossier.error());
  auto dossier_ctx = plumber_dossier_context(a, *dossier);
  if (fe && fe->form == "edit") refill_plumber_edit_form(dossier_ctx, fe->values);
  return render(a, req, status, "admin_plumber", "Plumber: " + title,
                {{"plumber", plumber_row(*v, catalog, staff_zone(a))},
                 {"dossier", std::move(dossier_ctx)},
                 {"is_admin", req.principal.role == domain::Role::admin},
                 {"flash", flash},
                 {"balance", credits->balance},
                 {"ledger", std::move(ledger)},
                 {"has_ledger", !credits->entries.empty()},
                 {"plans", std::move(plans)},
                 {"values", std::move(values)},
                 {"errors", std::move(errors)},
                 {"can_approve", st != domain::PlumberStatus::approved || needs_recheck(*v)},
                 {"is_reactivation", st == domain::PlumberStatus::suspended},
                 {"is_recheck", needs_recheck(*v)},
                 {"can_reject", st == domain::PlumberStatus::pending},
                 {"can_suspend", st == domain::PlumberStatus::approved},
                 {"closed", closure.has_value()},
                 {"closed_at", closure ? local_time(closure->closed_at, staff_zone(a)) : ""},
                 {"closed_reason", closure ? closure->reason : ""},
                 {"closed_keep_days", a.settings.closed_account_keep_days},
                 {"base_url", "/admin/plumbers/" + domain::to_string(id)}});
}

// Runs one admin action on a plumber: success → 303 with ?done=, failure → the page with the
// error at the form (422 for input problems; other errors as error pages).
template <typename Action>
Response plumber_action(const Services& a, Request& req, const std::string& form,
                        const std::string& done, json::object values, Action action) {
  auto id = path_id<domain::UserId>(req);
  if (!id) return http::error_response(req, {domain::ErrorCode::not_found, "No such plumber."});
  auto err = action(*id);
  if (!err)
    return Response::redirect("/admin/plumbers/" + domain::to_string(*id) + "?done=" + done);
  if (err->code == domain::ErrorCode::invalid_input || err->code == domain::ErrorCode::conflict ||
      err->code == domain::ErrorCode::insufficient_credits) {
    FormError fe{form, *err, std::move(values)};
    return plumber_page(a, req, *id, err->code == domain::ErrorCode::conflict ? 409 : 422, {}, &fe);
  }
  return http::error_response(req, *err);
}

template <typename T>
std::optional<domain::Error> error_of(const domain::Result<T>& r) {
  if (r) return std::nullopt;
  return r.error();
}

Response review_action(const Services& a, Request& req, domain::PlumberStatus status,
                       const std::string& form, const std::string& done) {
  auto f = form_of(req);
  domain::PlumberReview r;
  r.status = status;
  r.reason = f.get("reason");
  r.licence_verified_on = f.get("licence_verified_on");
  r.insurance_valid_until = f.get("insurance_valid_until");
  json::object values{{"licence_verified_on", r.licence_verified_on},
                      {"insurance_valid_until", r.insurance_valid_until},
                      {form + "_reason", r.reason}};
  return plumber_action(a, req, form, done, std::move(values), [&](domain::UserId id) {
    return error_of(a.plumber_admin->review(actor_of(req), id, r));
  });
}

Response disputes_page(const Services& a, const Request& req, int status, const std::string& flash,
                       domain::DisputeId error_id = {}, const domain::Error* error = nullptr,
                       const std::string& typed_reason = {}) {
  auto q = query_of(req);
  auto which = domain::parse<domain::DisputeStatus>(q.get("status"))
                   .value_or(domain::DisputeStatus::pending);
  auto list = a.disputes->disputes(which, disputes_per_page, 0);
  if (!list) return http::error_response(req, list.error());
  auto catalog = a.leads->catalog();
  json::array rows;
  for (const auto& d : *list) {
    const auto& c = d.lead;
    json::object row{
        {"id", d.dispute.id.value},
        {"plumber_url", "/admin/plumbers/" + std::to_string(d.dispute.plumber_id.value)},
        {"business_name", d.business_name},
        {"reason_label", domain::dispute_reason_label(d.dispute.reason)},
        {"details", d.dispute.details},
        {"created_at", local_time(d.dispute.created_at, staff_zone(a))},
        {"status", domain::to_string(d.dispute.status)},
        {"status_label", domain::dispute_status_label(d.dispute.status)},
        {"resolution", d.dispute.resolution},
        {"pending", d.dispute.status == domain::DisputeStatus::pending},
        {"price_credits", d.price_credits},
        {"lead", json::object{{"id", c.lead_id.value},
                              {"service_label", service_label(catalog, c.service_type)},
                              {"service_class", service_badge_class(c.service_type)},
                              {"urgency_label", urgency_label(catalog, c.urgency)},
                              {"city", c.city},
                              {"state", c.state},
                              {"zip", c.zip},
                              {"description", c.description},
                              {"status_label", domain::status_label(c.status)},
                              {"created_at", local_time(c.created_at, staff_zone(a))}}},
        {"approve_url", "/admin/disputes/" + std::to_string(d.dispute.id.value) + "/approve"},
        {"deny_url", "/admin/disputes/" + std::to_string(d.dispute.id.value) + "/deny"}};
    // The homeowner's contact details, so "wrong contact details" can be judged (admins only).
    if (d.dispute.status == domain::DisputeStatus::pending)
      if (auto v = a.lead_browse->lead_view(req.principal.user_id, true, c.lead_id);
          v && v->contact)
        row["contact"] = json::object{{"name", v->contact->name},
                                      {"phone", domain::display_phone(v->contact->phone_e164)},
                                      {"phone_e164", v->contact->phone_e164},
                                      {"email", v->contact->email}};
    if (error && d.dispute.id == error_id) {
      row["error"] = error->message;
      row["typed_reason"] = typed_reason;
    }
    rows.push_back(std::move(row));
  }
  json::array tabs;
  for (auto s : {domain::DisputeStatus::pending, domain::DisputeStatus::approved,
                 domain::DisputeStatus::denied})
    tabs.push_back({{"status", domain::to_string(s)},
                    {"label", s == domain::DisputeStatus::pending    ? "Waiting"
                              : s == domain::DisputeStatus::approved ? "Approved"
                                                                     : "Denied"},
                    {"current", which == s}});
  return render(a, req, status, "admin_disputes", "Disputes",
                {{"disputes", std::move(rows)},
                 {"has_disputes", !list->empty()},
                 {"showing_pending", which == domain::DisputeStatus::pending},
                 {"tabs", std::move(tabs)},
                 {"flash", flash},
                 {"general_error", error && !error_id.is_set() ? error->message : ""}});
}

Response resolve_action(const Services& a, Request& req, bool approve) {
  auto id = path_id<domain::DisputeId>(req);
  if (!id) return http::error_response(req, {domain::ErrorCode::not_found, "No such dispute."});
  auto reason = form_of(req).get("reason");
  auto d = a.disputes->resolve_dispute(actor_of(req), *id, approve, reason);
  if (d)
    return Response::redirect(approve ? "/admin/disputes?done=dispute_approved"
                                      : "/admin/disputes?done=dispute_denied");
  const auto& e = d.error();
  if (e.code == domain::ErrorCode::invalid_input || e.code == domain::ErrorCode::conflict)
    return disputes_page(a, req, e.code == domain::ErrorCode::conflict ? 409 : 422, {}, *id, &e,
                         reason);
  return http::error_response(req, e);
}

}  // namespace

// The admin's start page: the overview report's KPI cards for the last 30 days, profile changes
// to review, and the outbox's state.
Response show_admin_home(const Services& a, Request& req) {
  auto o = a.status->admin_overview();
  auto overview = a.reports->build("overview", "30d", "", "");
  std::string kpis_html, period_text;
  if (overview) {
    kpis_html = a.view->fragment("report_kpis", report_kpis_context(*overview));
    period_text =
        report_dates_text(overview->range.from_date, overview->range.to_date) + ", compared with " +
        report_dates_text(overview->range.previous_from_date, overview->range.previous_to_date);
  }
  return render(a, req, 200, "admin_home", "Admin",
                {{"kpis_html", kpis_html},
                 {"overview_period", period_text},
                 {"can_admin", req.principal.role == domain::Role::admin},
                 {"profile_changes", std::to_string(o.profile_changes)},
                 {"outbox", json::object{{"pending", std::to_string(o.outbox.pending)},
                                         {"sending", std::to_string(o.outbox.sending)},
                                         {"sent", std::to_string(o.outbox.sent)},
                                         {"dead", std::to_string(o.outbox.dead)}}}});
}

Response show_admin_profile_changes(const Services& a, Request& req) {
  auto q = query_of(req);
  auto status = domain::parse<domain::PlumberStatus>(q.get("status"));  // none: any
  const bool changes = q.get("changes") == "pending";  // the queue of profile changes to check
  if (changes) status.reset();
  int page = parse_int(q.get("page"), 1, 1000000).value_or(1);
  auto list = a.plumber_admin->list_plumbers(
      {status, plumbers_per_page, (page - 1) * plumbers_per_page, changes});
  if (!list) return http::error_response(req, list.error());
  auto catalog = a.leads->catalog();
  json::array rows;
  for (const auto& v : list->plumbers) rows.push_back(plumber_row(v, catalog, staff_zone(a)));
  json::array filters;
  filters.push_back({{"value", ""}, {"label", "All"}, {"selected", !status}});
  for (auto s : {domain::PlumberStatus::pending, domain::PlumberStatus::approved,
                 domain::PlumberStatus::rejected, domain::PlumberStatus::suspended})
    filters.push_back(
        {{"value", domain::to_string(s)}, {"label", status_label(s)}, {"selected", status == s}});
  auto link = [&](int p) {
    std::string url = "/admin/plumbers?page=" + std::to_string(p);
    if (status) url += "&status=" + std::string(domain::to_string(*status));
    if (changes) url += "&changes=pending";
    return url;
  };
  bool has_next = static_cast<std::int64_t>(page) * plumbers_per_page < list->total;
  return render(a, req, 200, "admin_plumbers", changes ? "Profile changes to check" : "Plumbers",
                {{"plumbers", std::move(rows)},
                 {"changes_queue", changes},
                 {"has_plumbers", !list->plumbers.empty()},
                 {"filters", std::move(filters)},
                 {"total", list->total},
                 {"page", page},
                 {"prev_url", page > 1 ? link(page - 1) : ""},
                 {"next_url", has_next ? link(page + 1) : ""}});
}

Response admin_plumber_form_error(const Services& a, const Request& req, domain::UserId id,
                                  const std::string& form, const domain::Error& error,
                                  boost::json::object values) {
  FormError fe{form, error, std::move(values)};
  return plumber_page(a, req, id, error.code == domain::ErrorCode::conflict ? 409 : 422, {}, &fe);
}

Response show_admin_plumber(const Services& a, Request& req) {
  auto id = path_id<domain::UserId>(req);
  if (!id) return http::error_response(req, {domain::ErrorCode::not_found, "No such plumber."});
  return plumber_page(a, req, *id, 200, flash_for(query_of(req).get("done")), nullptr);
}

Response submit_admin_approve_plumber(const Services& a, Request& req) {
  std::string done = "approved";
  if (auto id = path_id<domain::UserId>(req))
    if (auto v = a.profiles->profile(*id)) {
      if (v->plumber.review.status == domain::PlumberStatus::suspended) done = "reactivated";
      if (needs_recheck(*v)) done = "rechecked";
    }
  return review_action(a, req, domain::PlumberStatus::approved, "approve", done);
}

Response submit_admin_reject_plumber(const Services& a, Request& req) {
  return review_action(a, req, domain::PlumberStatus::rejected, "reject", "rejected");
}

Response submit_admin_suspend_plumber(const Services& a, Request& req) {
  return review_action(a, req, domain::PlumberStatus::suspended, "suspend", "suspended");
}

Response submit_admin_close_plumber(const Services& a, Request& req) {
  auto reason = form_of(req).get("reason");
  return plumber_action(
      a, req, "close", "closed", json::object{{"close_reason", reason}}, [&](domain::UserId id) {
        return error_of(a.accounts->admin_close_account(actor_of(req), id, reason));
      });
}

Response submit_admin_plumber_credits(const Services& a, Request& req) {
  auto f = form_of(req);
  auto amount_text = f.get("amount");
  auto reason = f.get("reason");
  json::object values{{"amount", amount_text}, {"credits_reason", reason}};
  return plumber_action(
      a, req, "credits", "credits", std::move(values),
      [&](domain::UserId id) -> std::optional<domain::Error> {
        // 64-bit parse: too long for it is refused (never wrapped); the service applies the caps.
        domain::Credits amount = 0;
        std::string s = amount_text;
        if (!s.empty() && s[0] == '+') s.erase(0, 1);
        auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), amount);
        if (ec == std::errc::result_out_of_range) {
          auto e = domain::Error::make(domain::ErrorCode::invalid_input,
                                       "That number is too large: at most " +
                                           domain::credits_text(domain::credits_entry_max) +
                                           " can be added or removed at a time.");
          e.details.push_back({"amount", e.message});
          return e;
        }
        if (s.empty() || ec != std::errc{} || p != s.data() + s.size() || amount == 0) {
          auto e = domain::Error::make(domain::ErrorCode::invalid_input,
                                       "Enter a whole number of credits other "
                                       "than 0 (negative takes credits away).");
          e.details.push_back({"amount", e.message});
          return e;
        }
        return error_of(a.plumber_admin->adjust_credits(actor_of(req), id, amount, reason));
      });
}

Response submit_admin_plumber_plan(const Services& a, Request& req) {
  auto status = form_of(req).get("status");
  return plumber_action(a, req, "plan", "plan", json::object{}, [&](domain::UserId id) {
    return error_of(a.plumber_admin->set_plan(actor_of(req), id, status));
  });
}

Response show_admin_disputes(const Services& a, Request& req) {
  return disputes_page(a, req, 200, flash_for(query_of(req).get("done")));
}

Response submit_admin_approve_dispute(const Services& a, Request& req) {
  return resolve_action(a, req, true);
}

Response submit_admin_deny_dispute(const Services& a, Request& req) {
  return resolve_action(a, req, false);
}

}  // namespace plumbline::web
