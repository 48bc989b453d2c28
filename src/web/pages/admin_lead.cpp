// Staff pages: one request (lead) with everything known about it, and the actions on it — an
// internal note, resend the confirmation (staff), close as fraud or spam, reopen (admins).
// Adapters only.
#include <boost/json.hpp>

#include "domain/account.hpp"
#include "http/errors.hpp"
#include "web/handlers.hpp"
#include "web/input.hpp"
#include "web/local_time.hpp"
#include "web/present/lead_detail_view.hpp"
#include "web/present/photo_view.hpp"

namespace plumbline::web {

namespace {

namespace json = boost::json;

// The success message for ?done=… after a redirect (fixed texts: nothing from the URL is shown).
std::string lead_flash_for(const std::string& done) {
  static const std::pair<const char*, const char*> messages[] = {
      {"note", "Note added. Only staff can see it."},
      {"resent", "Confirmation queued: the homeowner will receive it again in a moment."},
      {"closed",
       "Request closed. Every claimant was refunded to their credit balance and told by e-mail."},
      {"reopened", "Request reopened. Refunded claims stay refunded."},
  };
  for (const auto& [key, text] : messages)
    if (done == key) return text;
  return {};
}

// The form an error belongs to and what to put back in it.
struct LeadFormError {
  std::string form;  // note | resend | close | reopen
  domain::Error error;
  json::object values;
};

Response staff_lead_page(const Services& a, const Request& req, domain::LeadId id, int status,
                         const std::string& flash, const LeadFormError* fe) {
  auto d = a.lead_admin->detail(id);
  if (!d) return http::error_response(req, d.error());
  bool is_admin = req.principal.role == domain::Role::admin;
  const auto& zone = staff_zone(a);
  auto ctx = lead_detail_json(
      *d, a.leads->catalog(), [&](domain::Millis ms) { return local_time(ms, zone); }, is_admin);
  json::object errors, values;
  if (fe) {
    values = fe->values;
    json::array details;
    for (const auto& x : fe->error.details)
      details.push_back({{"field", x.field}, {"message", x.message}});
    errors[fe->form] = json::object{{"message", fe->error.message}, {"details", details}};
  }
  ctx["flash"] = flash;
  ctx["photos"] = photo_gallery(d->photos, "/photos", true);  // issue 17: staff see them in full
  ctx["has_photos"] = !d->photos.empty();
  ctx["errors"] = std::move(errors);
  ctx["values"] = std::move(values);
  ctx["is_admin"] = is_admin;
  ctx["resend_limit_reached"] = d->resends_last_hour >= domain::confirmation_resends_per_hour;
  // A reopened request is on the market again for the whole expiry window (docs/console.md).
  ctx["expiry_hours"] = a.marketplace_settings.marketplace().lead_expiry_ms / 3'600'000;
  ctx["base_url"] = "/admin/leads/" + std::to_string(id.value);
  return render(a, req, status, "admin_lead", "Request #" + std::to_string(id.value),
                std::move(ctx));
}

// Runs one action: success → 303 back with ?done=; an input problem, a conflict or the resend
// limit → the page with the message at its form; anything else as an error page.
template <typename Action>
Response lead_action(const Services& a, Request& req, const std::string& form,
                     const std::string& done, json::object values, Action action) {
  auto id = path_id<domain::LeadId>(req);
  if (!id) return http::error_response(req, {domain::ErrorCode::not_found, "No such request."});
  auto err = action(*id);
  if (!err)
    return Response::redirect("/admin/leads/" + std::to_string(id->value) + "?done=" + done);
  auto code = err->code;
  if (code == domain::ErrorCode::invalid_input || code == domain::ErrorCode::conflict ||
      code == domain::ErrorCode::rate_limited) {
    LeadFormError fe{form, *err, std::move(values)};
    auto res = staff_lead_page(a, req, *id, domain::error_http_status(code), {}, &fe);
    if (err->retry_after_seconds > 0)
      res.headers.emplace_back("Retry-After", std::to_string(err->retry_after_seconds));
    return res;
  }
  return http::error_response(req, *err);
}

template <typename T>
std::optional<domain::Error> lead_error_of(const domain::Result<T>& r) {
  if (r) return std::nullopt;
  return r.error();
}

}  // namespace

Response show_admin_lead(const Services& a, Request& req) {
  auto id = path_id<domain::LeadId>(req);
  if (!id) return http::error_response(req, {domain::ErrorCode::not_found, "No such request."});
  return staff_lead_page(a, req, *id, 200, lead_flash_for(query_of(req).get("done")), nullptr);
}

Response submit_admin_lead_note(const Services& a, Request& req) {
  auto body = form_of(req).get("body");
  return lead_action(a, req, "note", "note", {{"note_body", body}}, [&](domain::LeadId id) {
    return lead_error_of(a.lead_admin->add_note(actor_of(req), id, body));
  });
}

Response submit_admin_lead_resend(const Services& a, Request& req) {
  auto reason = form_of(req).get("reason");
  return lead_action(
      a, req, "resend", "resent", {{"resend_reason", reason}}, [&](domain::LeadId id) {
        return lead_error_of(a.lead_admin->resend_confirmation(actor_of(req), id, reason));
      });
}

Response submit_admin_lead_close(const Services& a, Request& req) {
  auto f = form_of(req);
  auto reason = f.get("reason"), close_as = f.get("close_as");
  return lead_action(
      a, req, "close", "closed", {{"close_reason", reason}, {"close_as", close_as}},
      [&](domain::LeadId id) {
        return lead_error_of(a.lead_admin->close_lead(actor_of(req), id, close_as, reason));
      });
}

Response submit_admin_lead_reopen(const Services& a, Request& req) {
  auto reason = form_of(req).get("reason");
  return lead_action(a, req, "reopen", "reopened", {{"reopen_reason", reason}},
                     [&](domain::LeadId id) {
                       return lead_error_of(a.lead_admin->reopen_lead(actor_of(req), id, reason));
                     });
}

}  // namespace plumbline::web
