// Homeowner pages: request form with its ZIP check, submit, confirmation, tracking with claimants
// and actions, cancel.
#include "services/leads.hpp"

#include <boost/json.hpp>

#include "domain/contact.hpp"
#include "domain/lead_reach.hpp"
#include "domain/lead_rules.hpp"
#include "domain/partners.hpp"
#include "domain/privacy.hpp"
#include "domain/reviews.hpp"
#include "http/errors.hpp"
#include "http/forms.hpp"
#include "http/middleware.hpp"
#include "http/multipart.hpp"
#include "log/log.hpp"
#include "services/homeowner.hpp"
#include "services/matching.hpp"
#include "services/photos.hpp"
#include "web/handlers.hpp"
#include "web/input.hpp"
#include "web/local_time.hpp"
#include "web/present/form_errors.hpp"
#include "web/present/lead_verification_view.hpp"
#include "web/present/photo_view.hpp"
#include "web/present/plumber_view.hpp"
#include "web/present/service_questions_view.hpp"

namespace plumbline::web {

namespace {

domain::LeadInput input_from_form(const http::FormData& f) {
  domain::LeadInput in;
  in.service_type = f.get("service_type");
  in.description = f.get("description");
  in.urgency = f.get("urgency");
  in.zip = f.get("zip");
  in.address = f.get("address");
  in.name = f.get("name");
  in.phone = f.get("phone");
  in.email = f.get("email");
  in.contact_method = f.get("contact_method");
  in.best_time = f.get("best_time");
  auto consent = f.get("consent");
  in.consent = consent == "yes" || consent == "on" || consent == "true";
  in.utm_source = f.get("utm_source");
  in.utm_medium = f.get("utm_medium");
  in.utm_campaign = f.get("utm_campaign");
  in.referrer = f.get("referrer");
  in.send_anyway = f.get("send_anyway") == "yes";
  // Answers to the service's questions (issue 17), only those of the service they were asked for:
  // a homeowner who changed the type of work without JavaScript is asked the new questions.
  if (!in.service_type.empty() && f.get("questions_for") == in.service_type)
    for (const auto& [name, value] : f.fields)
      if (name.starts_with("answer_")) in.answers.emplace_back(name.substr(7), value);
  return in;
}

// The ZIP check's answer as HTML (yes or no, never who); `error`: the form came back unticked.
std::string zip_coverage_html(const Services& a, const std::string& zip,
                              const std::string& service_type, bool error,
                              bool send_anyway_checked) {
  auto r = a.matching->zip_coverage(zip, service_type);
  // When the store cannot answer, say nothing: the form still works and intake tells the truth.
  auto state = r ? r.value() : services::ZipCoverage::incomplete;
  const char* names[] = {"incomplete", "unknown_zip", "none", "some"};
  auto z = domain::zip5(domain::trim(zip));
  std::string label;
  auto catalog = a.leads->catalog();  // a copy: keep it alive while `s` points into it
  if (const auto* s = catalog.service(service_type); s && s->active) label = s->label;
  auto promise = domain::uncovered_request_promise(z, a.leads->lead_expiry_hours());
  return a.view->fragment("zip_coverage",
                          {{"state", names[static_cast<int>(state)]},
                           {"zip", z},
                           {"some", state == services::ZipCoverage::some},
                           {"none", state == services::ZipCoverage::none},
                           {"unknown_zip", state == services::ZipCoverage::unknown_zip},
                           {"notice", domain::no_coverage_notice(z, label)},
                           {"promise", promise},
                           {"error", error},
                           {"send_anyway_checked", send_anyway_checked}});
}

boost::json::object form_context(const Services& a, const Request& req, const domain::LeadInput& in,
                                 const std::vector<domain::FieldError>& errors) {
  auto catalog = a.leads->catalog();
  boost::json::array services, urgencies, methods;
  for (const auto& s : catalog.services)
    if (s.active)
      services.push_back(
          {{"slug", s.slug}, {"label", s.label}, {"selected", s.slug == in.service_type}});
  for (const auto& u : catalog.urgencies)
    urgencies.push_back({{"slug", u.slug}, {"label", u.label}, {"checked", u.slug == in.urgency}});
  const std::pair<const char*, const char*> contact[] = {
      {"phone", "Phone call"}, {"text", "Text message"}, {"email", "E-mail"}};
  for (const auto& [slug, label] : contact)
    methods.push_back({{"slug", slug}, {"label", label}, {"checked", in.contact_method == slug}});
  auto ctx = form_errors_context(errors);
  boost::json::object values{{"description", in.description},
                             {"zip", in.zip},
                             {"address", in.address},
                             {"name", in.name},
                             {"phone", in.phone},
                             {"email", in.email},
                             {"best_time", in.best_time},
                             {"utm_source", in.utm_source},
                             {"utm_medium", in.utm_medium},
                             {"utm_campaign", in.utm_campaign},
                             {"referrer", in.referrer},
                             {"consent_checked", in.consent}};
  auto coverage =
      in.zip.empty()
          ? std::string()
          : zip_coverage_html(a, in.zip, in.service_type,
                              ctx["errors"].as_object().contains("send_anyway"), in.send_anyway);
  ctx["csrf_token"] = req.csrf_token;
  ctx["form_action"] = "/request";
  ctx["services"] = std::move(services);
  ctx["coverage_html"] = coverage;
  ctx["urgencies"] = std::move(urgencies);
  ctx["contact_methods"] = std::move(methods);
  ctx["values"] = std::move(values);
  ctx["consent_text"] = a.business->consent_text();  // the setting's wording, as stored
  ctx["questions_html"] = a.view->fragment(
      "service_questions", service_questions_context(catalog.service(in.service_type), in.answers,
                                                     ctx["errors"].as_object()));
  return ctx;
}

boost::json::object lead_context(const Services& a, const services::TrackedLead& t) {
  const auto& l = t.lead;
  auto reach = a.leads->reach(t);
  auto catalog = a.leads->catalog();
  const auto* s = catalog.service(l.service_type);
  const auto* u = catalog.urgency(l.urgency);
  // Issue 17: a request held until its phone is confirmed has not been sent to anyone yet.
  const bool held = t.contact.facts.awaiting && l.status == domain::LeadStatus::open;
  const std::string held_line =
      "Not sent to plumbers yet: confirm your phone (or e-mail) and we send it at once.";
  return {{"service_label", s ? s->label : l.service_type},
          {"service_class", service_badge_class(l.service_type)},
          {"urgency_label", u ? u->label : l.urgency},
          {"description", l.description},
          {"zip", l.zip},
          {"city", l.city},
          {"state", l.state},
          {"status", domain::to_string(l.status)},
          {"status_label", held ? held_line : domain::tracking_status_line(reach)},
          {"reach", held ? held_line : domain::intake_summary(reach)},
          {"no_coverage", !held && !reach.duplicate && reach.matched == 0},
          {"created_at", local_time(l.created_at, zip_zone(a, l.zip))},
          {"created_iso", iso_time(l.created_at)},
          {"answers", lead_answers_view(l.answers)}};  // questions per service (issue 17)
}

// What Plumbline checked about a claimant. Approval needs both dates, so a missing one was cleared
// by a change to the licence or insurance that no admin has checked yet: no date is shown for it.
std::string verified_note(const domain::Claimant& c) {
  std::string note;
  if (!c.licence_verified_on.empty()) note = "Licence checked on " + c.licence_verified_on;
  if (!c.insurance_valid_until.empty())
    note += (note.empty() ? "Insurance valid until " : ", insurance valid until ") +
            c.insurance_valid_until;
  if (!note.empty()) note += ".";
  if (c.licence_verified_on.empty() || c.insurance_valid_until.empty())
    note += std::string(note.empty() ? "" : " ") +
            "This plumber changed some details recently; Plumbline has not checked them yet.";
  return note;
}

// The confirmation shown after ?done=… (fixed texts: nothing from the URL is echoed).
std::string tracking_notice(const http::FormData& q) {
  if (q.get("cancelled") == "1")
    return "Your request has been cancelled. No more plumbers will be sent it.";
  auto done = q.get("done");
  if (done == "details")
    return "Thanks: we added your details and told the plumbers who have your request.";
  if (done == "photos")  // issue 17
    return "Thanks: your photos are added. The plumbers who have your request can see them.";
  if (done == "hired")
    return "Great news. We have closed your request, so no more plumbers will be sent it.";
  if (done == "deleted")
    return "Your name, phone number, e-mail and address are deleted from this request. The "
           "plumbers who took it on keep the copy they were given.";
  if (done == "never_requested")
    return "Thank you for telling us. We have closed this request and the plumbers who took it "
           "on have had their credits back.";
  return {};
}

// Issue 17: the form's files as the photo service takes them (views into the body).
std::vector<services::PhotoUpload> photo_uploads(const std::vector<http::FilePart>& files) {
  std::vector<services::PhotoUpload> out;
  for (const auto& f : files) out.push_back({f.filename, f.bytes});
  return out;
}

// A form on the tracking page that failed: which one, the message, what was typed.
struct TrackingFormError {
  std::string form;  // details | never_requested | delete
  std::string message;
  std::string typed;
};

Response tracking_page(const Services& a, const Request& req, const services::TrackedLead& t,
                       int status, const std::string& notice,
                       const TrackingFormError* fe = nullptr) {
  const auto& zone = zip_zone(a, t.lead.zip);  // the homeowner's: their request's ZIP
  boost::json::array history;
  for (const auto& h : t.history) {
    history.push_back({{"at", local_time(h.at, zone)},
                       {"at_iso", iso_time(h.at)},
                       {"status_label", domain::status_label(h.to_status)},
                       {"note", h.note}});
  }
  boost::json::array claims;
  for (const auto& c : t.claimants)
    claims.push_back(
        {{"business_name", c.business_name},
         {"phone", domain::display_phone(c.phone_e164)},
         {"phone_e164", c.phone_e164},
         {"licence_number", c.licence_number},
         {"licence_state", c.licence_state},
         {"verified_note", verified_note(c)},
         {"claimed_at", local_time(c.claimed_at, zone)},
         // Issue 17: the hired choice's value and the public profile.
         {"hired_value", "plumber:" + std::to_string(c.plumber_id.value)},
         {"profile_url", "/pros/" + domain::profile_slug(c.business_name, c.plumber_id.value)}});
  boost::json::object errors;
  if (fe) errors[fe->form] = fe->message;
  auto token = req.param("token");
  auto base = "/t/" + token;
  bool active = domain::homeowner_can_cancel(t.lead.status);
  bool anonymised = domain::lead_anonymised(t.lead);
  // Issue 17: the code form until the phone is confirmed, then the badge.
  auto verify = verification_box_html(*a.view, t.contact, token, req.csrf_token);
  auto res =
      render(a, req, status, "lead_tracking", "Your plumbing request",
             {{"lead", lead_context(a, t)},
              {"history", std::move(history)},
              {"show_claims", true},
              {"has_claimants", !t.claimants.empty()},  // issue 17: the hired choice
              {"claims", std::move(claims)},
              {"can_cancel", active},
              {"can_act", active},
              {"cancel_url", base + "/cancel"},
              {"details_url", base + "/details"},
              {"hired_url", base + "/hired"},
              {"never_requested_url", base + "/never-requested"},
              {"can_delete", !anonymised && domain::homeowner_can_delete(t.lead.status)},
              {"details_deleted", anonymised},
              {"delete_url", base + "/delete"},
              {"extra_details", t.lead.extra_details},
              {"typed_details", fe && fe->form == "details" ? fe->typed : ""},
              {"errors", std::move(errors)},
              {"flagged_never_requested", t.lead.flag == domain::lead_flag_never_requested},
              {"csrf_token", req.csrf_token},
              {"notice", notice},
              {"is_duplicate", t.lead.is_duplicate()},
              {"verification_html", verify},
              // Issue 17: the homeowner's photos and the "add photos" form.
              {"photos", photo_gallery(t.photos, base + "/photos", true)},
              {"has_photos", !t.photos.empty()},
              {"photos_url", base + "/photos"},
              {"photos_room", domain::max_photos_per_lead - static_cast<int>(t.photos.size())},
              {"can_add_photos",
               active && static_cast<int>(t.photos.size()) < domain::max_photos_per_lead}});
  res.set_header("Referrer-Policy", "no-referrer");  // the URL is the secret
  return res;
}

// Runs a homeowner action by token: success → 303 to the tracking page with ?done=; an input
// problem → the page again (422) with the message at the form.
template <typename Action>
Response homeowner_action(const Services& a, Request& req, const std::string& form,
                          const std::string& done, const std::string& typed, Action action) {
  auto token = req.param("token");
  auto r = action(token);
  if (r) return Response::redirect("/t/" + token + "?done=" + done);
  const auto& e = r.error();
  if (e.code != domain::ErrorCode::invalid_input && e.code != domain::ErrorCode::conflict)
    return http::error_response(req, e);
  auto t = a.leads->track(token);
  if (!t) return http::error_response(req, t.error());
  std::string message = e.message;
  for (const auto& d : e.details)
    if (d.message != message) message += " " + d.message;
  TrackingFormError fe{form, message, typed};
  return tracking_page(a, req, *t, e.code == domain::ErrorCode::conflict ? 409 : 422, {}, &fe);
}

}  // namespace

Response show_lead_form(const Services& a, Request& req) {
  auto query = query_of(req);
  domain::LeadInput in;
  in.service_type = query.get("service_type");
  in.urgency = query.get("urgency");
  in.zip = query.get("zip");
  in.utm_source = query.get("utm_source");
  in.utm_medium = query.get("utm_medium");
  in.utm_campaign = query.get("utm_campaign");
  in.referrer = req.header_or("referer", "");
  return render(a, req, 200, "lead_form", "Request a plumber", form_context(a, req, in, {}));
}

Response submit_lead_form(const Services& a, Request& req) {
  // Issue 17: the form is multipart (photos) when the browser sends it; urlencoded still works.
  auto boundary = http::multipart_boundary(req.header_or("content-type", ""));
  auto form =
      boundary ? std::optional<http::FormData>(form_of(req)) : http::parse_urlencoded(req.body);
  auto files = files_of(req, "photos");
  if (!form || !files)
    return http::error_response(req, {domain::ErrorCode::bad_request,
                                      "The form data could not be read. Please try again."});
  auto in = input_from_form(*form);
  // Questions per service (issue 17): a service whose questions the homeowner has not seen yet
  // (no JavaScript) comes back once with them, every field kept, before anything is stored.
  auto catalog = a.leads->catalog();
  if (const auto* s = catalog.service(in.service_type);
      s && !s->questions.empty() && form->get("questions_for") != in.service_type) {
    auto ctx = form_context(a, req, in, {});
    ctx["questions_step"] = true;
    ctx["questions_step_service"] = s->label;
    ctx["questions_step_photos"] = !files->empty();  // a browser cannot keep chosen files
    return render(a, req, 200, "lead_form", "Request a plumber: a few questions", std::move(ctx));
  }
  // Issue 17: photos are checked and decoded before the request is stored, so a refused photo
  // stores nothing and the form comes back with the answers kept (files must be chosen again).
  services::PreparedPhotos photos;
  if (!files->empty()) {
    auto prepared = a.photos->prepare(photo_uploads(*files));
    if (!prepared)
      return render(a, req, 422, "lead_form", "Request a plumber: please check your answers",
                    form_context(a, req, in, prepared.error().details));
    photos = std::move(*prepared);
  }
  domain::RequestContext ctx{req.remote_ip, req.header_or("user-agent", ""), "web", 0, true};
  auto r = a.leads->submit(in, ctx);
  if (!r) {
    if (r.error().code == domain::ErrorCode::invalid_input)
      return render(a, req, 422, "lead_form", "Request a plumber: please check your answers",
                    form_context(a, req, in, r.error().details));
    return http::error_response(req, r.error());
  }
  if (!photos.images.empty()) {
    // The request is stored; should its photos fail now (the database went away), the homeowner
    // can add them again from the tracking page, which says how many it holds.
    if (auto attached = a.photos->attach(r->tracking_token, std::move(photos)); !attached)
      log::warn("intake_photos_not_attached", {{"error", attached.error().log_detail}});
  }
  return Response::redirect("/t/" + r->tracking_token + "/sent");
}

Response submit_lead_photos(const Services& a, Request& req) {
  auto files = files_of(req, "photos");
  return homeowner_action(
      a, req, "photos", "photos", {},
      [&](const std::string& token) -> domain::Result<std::vector<domain::PhotoInfo>> {
        if (!files)
          return domain::Error::make(domain::ErrorCode::bad_request,
                                     "The form data could not be read. Please try again.");
        return a.photos->add_by_token(token, photo_uploads(*files));
      });
}

// GET /request/coverage?zip=&service_type=: the form's ZIP check as the homeowner types (htmx swaps
// the answer in). Always 200 with a fragment, so a half-typed ZIP clears the previous answer.
Response show_zip_coverage(const Services& a, Request& req) {
  auto q = query_of(req);
  auto res =
      Response::html(200, zip_coverage_html(a, q.get("zip"), q.get("service_type"), false, false));
  res.set_header("Cache-Control", "no-store");  // coverage changes as plumbers join and pause
  return res;
}

// GET /request/questions?service_type=: the chosen service's questions (issue 17), swapped into the
// request form by htmx when the type of work changes; an unknown service has none.
Response show_service_questions(const Services& a, Request& req) {
  auto catalog = a.leads->catalog();
  auto res = Response::html(
      200, a.view->fragment("service_questions",
                            service_questions_context(
                                catalog.service(query_of(req).get("service_type")), {}, {})));
  res.set_header("Cache-Control", "no-store");  // the console may change the questions
  return res;
}

Response show_lead_confirmation(const Services& a, Request& req) {
  auto t = a.leads->track(req.param("token"));
  if (!t) return http::error_response(req, t.error());
  auto business = a.business->current();  // the console's support contact (issue 15)
  // Issue 17: the code form (or the "Phone verified" badge).
  auto verify = verification_box_html(*a.view, t->contact, req.param("token"), req.csrf_token);
  auto res = render(a, req, 200, "lead_confirmation", "Request received",
                    {{"tracking_url", a.settings.base_url + "/t/" + req.param("token")},
                     {"lead", lead_context(a, *t)},
                     {"email", t->lead.email},
                     {"is_duplicate", t->lead.is_duplicate()},
                     {"platform_name", business->platform_name},
                     {"support_email", business->support_email},
                     {"support_phone", domain::display_phone(business->support_phone)},
                     {"verification_html", verify}});
  res.set_header("Referrer-Policy", "no-referrer");
  return res;
}

Response show_lead_tracking(const Services& a, Request& req) {
  auto t = a.leads->track(req.param("token"));
  if (!t) return http::error_response(req, t.error());
  auto q = query_of(req);
  return tracking_page(a, req, *t, 200, tracking_notice(q));
}

Response cancel_lead(const Services& a, Request& req) {
  auto t = a.leads->cancel(req.param("token"));
  if (!t) return http::error_response(req, t.error());
  return Response::redirect("/t/" + req.param("token") + "?cancelled=1");
}

Response submit_lead_details(const Services& a, Request& req) {
  auto text = form_of(req).get("details");
  return homeowner_action(a, req, "details", "details", text, [&](const std::string& token) {
    return a.homeowners->add_details(token, text);
  });
}

// Issue 17: `hired` is "plumber:<id>" (one of the claimants) or "someone_else"; a form without
// it (no claimants to choose from) means someone else.
Response submit_lead_hired(const Services& a, Request& req) {
  auto value = form_of(req).get("hired");
  auto choice =
      value.empty() ? std::optional(domain::HiredChoice{}) : domain::parse_hired_choice(value);
  return homeowner_action(a, req, "hired", "hired", {},
                          [&](const std::string& token) -> domain::Result<services::TrackedLead> {
                            if (!choice) {
                              if (auto t = a.leads->track(token); !t) return t.error();
                              return domain::Error::make(domain::ErrorCode::invalid_input,
                                                         "Choose the plumber you hired, or "
                                                         "\"someone else\".");
                            }
                            return a.homeowners->mark_hired(token, *choice);
                          });
}

// Needs the "I confirm" box ticked: a confirmation step that works without JavaScript.
Response submit_lead_never_requested(const Services& a, Request& req) {
  auto form = form_of(req);
  auto confirm = form.get("confirm");
  return homeowner_action(a, req, "never_requested", "never_requested", {},
                          [&](const std::string& token) -> domain::Result<services::TrackedLead> {
                            if (confirm != "yes") {
                              // Unknown tokens stay 404 whether or not the box was ticked.
                              if (auto t = a.leads->track(token); !t) return t.error();
                              return domain::Error::make(
                                  domain::ErrorCode::invalid_input,
                                  "Tick the box to confirm that you never asked for this "
                                  "plumbing work.");
                            }
                            return a.homeowners->never_requested(token);
                          });
}

// "Delete my details" (closed or expired requests): needs the "I understand" box ticked.
Response submit_lead_delete_details(const Services& a, Request& req) {
  auto confirm = form_of(req).get("confirm");
  return homeowner_action(a, req, "delete", "deleted", {},
                          [&](const std::string& token) -> domain::Result<services::TrackedLead> {
                            if (confirm != "yes") {
                              if (auto t = a.leads->track(token); !t) return t.error();
                              return domain::Error::make(
                                  domain::ErrorCode::invalid_input,
                                  "Tick the box to confirm that you want your details deleted.");
                            }
                            return a.homeowners->delete_homeowner_details(token);
                          });
}

// The embedded request form (issue 20): /request's form on a partner's page, posting to
// /embed/{id}/request with a signed form token (routes.cpp: framed_form_csrf); only the source's
// origins may frame its pages, and its requests carry the source.
namespace {

Response framed_by(Response res, const domain::PartnerSource& s) {
  auto origins = domain::join_list(s.frame_origins, " ");
  res.set_header("Content-Security-Policy",
                 http::content_security_policy({}, origins.empty() ? "'none'" : origins));
  return res;
}

Response embedded_form(const Services& a, const Request& req, int status,
                       const domain::PartnerSource& s, boost::json::object ctx) {
  ctx["form_action"] = "/embed/" + std::to_string(s.id.value) + "/request";
  ctx["embedded"] = true;
  return framed_by(render(a, req, status, "lead_form", "Request a plumber", std::move(ctx)), s);
}

}  // namespace

Response show_embedded_lead_form(const Services& a, Request& req) {
  auto id = path_id<domain::PartnerSourceId>(req);
  auto source = id ? a.partners->source(*id)
                   : domain::Error::make(domain::ErrorCode::not_found, "No such form.");
  if (!source) return http::error_response(req, source.error());
  auto query = query_of(req);
  domain::LeadInput in;
  in.service_type = query.get("service_type");
  in.zip = query.get("zip");
  in.utm_source = query.get("utm_source");
  in.utm_medium = query.get("utm_medium");
  in.utm_campaign = query.get("utm_campaign");
  in.referrer = req.header_or("referer", "");  // the partner's page
  return embedded_form(a, req, 200, *source, form_context(a, req, in, {}));
}

Response submit_embedded_lead_form(const Services& a, Request& req) {
  auto id = path_id<domain::PartnerSourceId>(req);
  auto source = id ? a.partners->source(*id)
                   : domain::Error::make(domain::ErrorCode::not_found, "No such form.");
  if (!source) return http::error_response(req, source.error());
  auto boundary = http::multipart_boundary(req.header_or("content-type", ""));
  auto form =
      boundary ? std::optional<http::FormData>(form_of(req)) : http::parse_urlencoded(req.body);
  if (!form)
    return http::error_response(req, {domain::ErrorCode::bad_request,
                                      "The form data could not be read. Please try again."});
  auto in = input_from_form(*form);
  auto catalog = a.leads->catalog();
  if (const auto* s = catalog.service(in.service_type);
      s && !s->questions.empty() && form->get("questions_for") != in.service_type) {
    auto ctx = form_context(a, req, in, {});
    ctx["questions_step"] = true;
    ctx["questions_step_service"] = s->label;
    return embedded_form(a, req, 200, *source, std::move(ctx));
  }
  domain::RequestContext ctx{req.remote_ip, req.header_or("user-agent", ""), "web", 0, true};
  auto r = a.partners->submit_embedded(*id, in, ctx);
  if (!r) {
    if (r.error().code == domain::ErrorCode::invalid_input)
      return embedded_form(a, req, 422, *source, form_context(a, req, in, r.error().details));
    return framed_by(http::error_response(req, r.error()), *source);
  }
  auto res = render(a, req, 200, "embed_sent", "Request sent",
                    {{"embedded", true},
                     {"tracking_url", a.settings.base_url + "/t/" + r->tracking_token},
                     {"matched", r->matched}});
  res.set_header("Referrer-Policy", "no-referrer");  // the page holds the tracking link
  return framed_by(std::move(res), *source);
}

}  // namespace plumbline::web
