// Staff pages for a request by hand: take one by phone (staff), correct one and re-run matching
// (admins). Validation is intake's (services/lead_edit.cpp); these pages read and show.
#include <boost/json.hpp>

#include "domain/contact.hpp"
#include "domain/lead_rules.hpp"
#include "http/errors.hpp"
#include "services/lead_edit.hpp"
#include "web/handlers.hpp"
#include "web/input.hpp"
#include "web/local_time.hpp"
#include "web/present/form_errors.hpp"

namespace plumbline::web {

namespace {

namespace json = boost::json;

// The typed fields, as the homeowner form names them.
struct TypedLead {
  std::string service_type, description, urgency, zip, address, name, phone, email, contact_method,
      best_time;
};

TypedLead typed_from_form(const http::FormData& f) {
  return {f.get("service_type"),   f.get("description"), f.get("urgency"), f.get("zip"),
          f.get("address"),        f.get("name"),        f.get("phone"),   f.get("email"),
          f.get("contact_method"), f.get("best_time")};
}

TypedLead typed_from_lead(const domain::Lead& l) {
  return {l.service_type,
          l.description,
          l.urgency,
          l.zip,
          l.address,
          l.name,
          domain::display_phone(l.phone_e164),
          l.email,
          l.contact_method,
          l.best_time};
}

// The fields fragment (templates/pages/admin_lead_fields.mustache) and the page's error context.
json::object lead_form_context(const Services& a, const Request& req, const TypedLead& t,
                               const std::vector<domain::FieldError>& errors) {
  auto catalog = a.lead_edit->catalog();
  json::array services, urgencies, methods;
  for (const auto& s : catalog.services)
    if (s.active || s.slug == t.service_type)
      services.push_back(
          {{"slug", s.slug}, {"label", s.label}, {"selected", s.slug == t.service_type}});
  for (const auto& u : catalog.urgencies)
    urgencies.push_back({{"slug", u.slug}, {"label", u.label}, {"checked", u.slug == t.urgency}});
  const std::pair<const char*, const char*> contact[] = {
      {"phone", "Phone call"}, {"text", "Text message"}, {"email", "E-mail"}};
  for (const auto& [slug, label] : contact)
    methods.push_back({{"slug", slug}, {"label", label}, {"checked", t.contact_method == slug}});
  auto ctx = form_errors_context(errors);
  json::object fields{{"services", std::move(services)},
                      {"urgencies", std::move(urgencies)},
                      {"contact_methods", std::move(methods)},
                      {"errors", ctx["errors"]},
                      {"values",
                       {{"description", t.description},
                        {"zip", t.zip},
                        {"address", t.address},
                        {"name", t.name},
                        {"phone", t.phone},
                        {"email", t.email},
                        {"best_time", t.best_time}}}};
  ctx["fields_html"] = a.view->fragment("admin_lead_fields", fields);
  ctx["csrf_token"] = req.csrf_token;
  return ctx;
}

Response phone_lead_page(const Services& a, const Request& req, int status, const TypedLead& t,
                         const std::vector<domain::FieldError>& errors, bool consent, bool notify,
                         const std::string& reason) {
  auto ctx = lead_form_context(a, req, t, errors);
  ctx["reason"] = reason;
  ctx["consent_text"] = a.lead_edit->consent_wording();
  ctx["consent_checked"] = consent;
  ctx["notify_checked"] = notify;
  return render(a, req, status, "admin_lead_new", "New request by phone", std::move(ctx));
}

// The success message for ?done=… (fixed texts: nothing from the URL is shown).
std::string lead_edit_flash(const std::string& done) {
  if (done == "edited") return "Saved. The change is in the request's history and the audit trail.";
  if (done == "rematched") return "Matching re-run: every plumber who matches it now has it.";
  return {};
}

struct EditPageState {
  std::vector<domain::FieldError> errors;
  std::string reason, rematch_reason, rematch_error, flash;
  bool notify = false;
};

Response lead_edit_page(const Services& a, const Request& req, int status, const domain::Lead& l,
                        const TypedLead& t, const EditPageState& s) {
  auto ctx = lead_form_context(a, req, t, s.errors);
  auto id = std::to_string(l.id.value);
  ctx["id"] = l.id.value;
  ctx["lead_url"] = "/admin/leads/" + id;
  ctx["status_label"] = domain::status_label(l.status);
  ctx["source"] = l.source;
  ctx["created_at"] = local_time(l.created_at, staff_zone(a));
  ctx["price_credits"] = l.price_credits;
  ctx["claims_count"] = l.claims_count;
  ctx["reason"] = s.reason;
  ctx["notify_checked"] = s.notify;
  ctx["flash"] = s.flash;
  ctx["rematch_error"] = s.rematch_error;
  ctx["rematch_reason"] = s.rematch_reason;
  ctx["can_rematch"] = l.status == domain::LeadStatus::open;
  return render(a, req, status, "admin_lead_edit", "Edit request #" + id, std::move(ctx));
}

}  // namespace

Response show_admin_lead_new(const Services& a, Request& req) {
  return phone_lead_page(a, req, 200, {}, {}, false, true, "");
}

Response submit_admin_lead_new(const Services& a, Request& req) {
  auto f = form_of(req);
  auto t = typed_from_form(f);
  services::PhoneLead in;
  in.fields = {t.service_type, t.description, t.urgency,        t.zip,      t.address, t.name,
               t.phone,        t.email,       t.contact_method, t.best_time};
  in.consent_read = f.get("consent") == "yes";
  in.notify_now = f.get("notify_now") == "yes";
  in.reason = f.get("reason");
  auto r = a.lead_edit->create_by_phone(actor_of(req), in);
  if (!r) {
    if (r.error().code != domain::ErrorCode::invalid_input)
      return http::error_response(req, r.error());
    return phone_lead_page(a, req, 422, t, r.error().details, in.consent_read, in.notify_now,
                           in.reason);
  }
  return Response::redirect("/admin/leads/" + std::to_string(r->id.value) + "?done=created");
}

Response show_admin_lead_edit(const Services& a, Request& req) {
  auto id = path_id<domain::LeadId>(req);
  if (!id) return http::error_response(req, {domain::ErrorCode::not_found, "No such request."});
  auto l = a.lead_edit->lead(*id);
  if (!l) return http::error_response(req, l.error());
  EditPageState s;
  s.flash = lead_edit_flash(query_of(req).get("done"));
  return lead_edit_page(a, req, 200, *l, typed_from_lead(*l), s);
}

Response submit_admin_lead_edit(const Services& a, Request& req) {
  auto id = path_id<domain::LeadId>(req);
  if (!id) return http::error_response(req, {domain::ErrorCode::not_found, "No such request."});
  auto f = form_of(req);
  auto t = typed_from_form(f);
  services::LeadEdit e{t.service_type, t.description,   t.urgency,
                       t.zip,          t.address,       t.name,
                       t.phone,        t.email,         t.contact_method,
                       t.best_time,    f.get("reason"), f.get("notify_claimants") == "yes"};
  auto r = a.lead_edit->edit(actor_of(req), *id, e);
  if (r) return Response::redirect("/admin/leads/" + domain::to_string(*id) + "/edit?done=edited");
  if (r.error().code != domain::ErrorCode::invalid_input)
    return http::error_response(req, r.error());
  auto l = a.lead_edit->lead(*id);
  if (!l) return http::error_response(req, l.error());
  EditPageState s;
  s.errors = r.error().details;
  // An error with no field (nothing changed) is listed against the first field.
  if (s.errors.empty()) s.errors.push_back({"service_type", r.error().message});
  s.reason = e.reason;
  s.notify = e.notify_claimants;
  return lead_edit_page(a, req, 422, *l, t, s);
}

Response submit_admin_lead_rematch(const Services& a, Request& req) {
  auto id = path_id<domain::LeadId>(req);
  if (!id) return http::error_response(req, {domain::ErrorCode::not_found, "No such request."});
  auto reason = form_of(req).get("reason");
  auto r = a.lead_edit->rematch(actor_of(req), *id, reason);
  if (r)
    return Response::redirect("/admin/leads/" + domain::to_string(*id) + "/edit?done=rematched");
  if (r.error().code == domain::ErrorCode::not_found) return http::error_response(req, r.error());
  if (r.error().code != domain::ErrorCode::invalid_input &&
      r.error().code != domain::ErrorCode::conflict)
    return http::error_response(req, r.error());
  auto l = a.lead_edit->lead(*id);
  if (!l) return http::error_response(req, l.error());
  EditPageState s;
  s.rematch_error =
      r.error().details.empty() ? r.error().message : r.error().details.front().message;
  s.rematch_reason = reason;
  return lead_edit_page(a, req, r.error().code == domain::ErrorCode::conflict ? 409 : 422, *l,
                        typed_from_lead(*l), s);
}

}  // namespace plumbline::web
