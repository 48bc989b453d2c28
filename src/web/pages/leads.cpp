// Homeowner pages: request form, submit, confirmation, tracking and cancel. Adapters only.
#include <boost/json.hpp>

#include "domain/lead_rules.hpp"
#include "http/errors.hpp"
#include "http/forms.hpp"
#include "web/handlers.hpp"

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
  return in;
}

boost::json::object form_context(app::App& a, const Request& req, const domain::LeadInput& in,
                                 const std::vector<domain::FieldError>& errors) {
  auto catalog = a.leads->catalog();
  boost::json::array services, urgencies, methods, error_list;
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
  boost::json::object errs;
  for (const auto& e : errors) {
    error_list.push_back({{"field", e.field}, {"message", e.message}});
    if (!errs.contains(e.field)) errs[e.field] = e.message;
  }
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
  return {{"csrf_token", req.csrf_token},        {"services", std::move(services)},
          {"urgencies", std::move(urgencies)},   {"contact_methods", std::move(methods)},
          {"values", std::move(values)},         {"has_errors", !errors.empty()},
          {"error_list", std::move(error_list)}, {"errors", std::move(errs)},
          {"consent_text", domain::consent_text}};
}

std::string format_time(domain::Millis ms) {
  std::time_t t = ms / 1000;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M UTC", &tm);
  return buf;
}

boost::json::object lead_context(app::App& a, const domain::Lead& l) {
  auto catalog = a.leads->catalog();
  const auto* s = catalog.service(l.service_type);
  const auto* u = catalog.urgency(l.urgency);
  return {{"service_label", s ? s->label : l.service_type},
          {"urgency_label", u ? u->label : l.urgency},
          {"description", l.description},
          {"zip", l.zip},
          {"city", l.city},
          {"state", l.state},
          {"status", l.status},
          {"status_label", domain::status_label(l.status)},
          {"created_at", format_time(l.created_at)}};
}

Response tracking_page(app::App& a, const Request& req, const services::TrackedLead& t,
                       bool cancelled_now) {
  boost::json::array history;
  for (const auto& h : t.history)
    history.push_back({{"at", format_time(h.at)},
                       {"status_label", domain::status_label(h.to_status)},
                       {"note", h.note}});
  auto token = req.param("token");
  auto res = render(a, req, 200, "lead_tracking", "Your plumbing request",
                    {{"lead", lead_context(a, t.lead)},
                     {"history", std::move(history)},
                     {"can_cancel", domain::homeowner_can_cancel(t.lead.status)},
                     {"cancel_url", "/t/" + token + "/cancel"},
                     {"csrf_token", req.csrf_token},
                     {"cancelled_now", cancelled_now},
                     {"is_duplicate", t.lead.is_duplicate()}});
  res.set_header("Referrer-Policy", "no-referrer");  // the URL is the secret
  return res;
}

}  // namespace

Response show_lead_form(app::App& a, Request& req) {
  auto query = http::parse_urlencoded(req.query).value_or(http::FormData{});
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

Response submit_lead_form(app::App& a, Request& req) {
  auto form = http::parse_urlencoded(req.body);
  if (!form)
    return http::error_response(req, 400, "bad_request",
                                "The form data could not be read. Please try again.");
  auto in = input_from_form(*form);
  domain::RequestContext ctx{req.remote_ip, req.header_or("user-agent", ""), "web", 0};
  auto r = a.leads->submit(in, ctx);
  if (!r) {
    if (r.error().code == domain::ErrorCode::invalid_input)
      return render(a, req, 422, "lead_form", "Request a plumber: please check your answers",
                    form_context(a, req, in, r.error().details));
    return http::error_response(req, r.error());
  }
  return Response::redirect("/t/" + r->tracking_token + "/sent");
}

Response show_lead_confirmation(app::App& a, Request& req) {
  auto t = a.leads->track(req.param("token"));
  if (!t) return http::error_response(req, t.error());
  auto res = render(a, req, 200, "lead_confirmation", "Request received",
                    {{"tracking_url", a.config.base_url + "/t/" + req.param("token")},
                     {"lead", lead_context(a, t->lead)},
                     {"email", t->lead.email},
                     {"is_duplicate", t->lead.is_duplicate()}});
  res.set_header("Referrer-Policy", "no-referrer");
  return res;
}

Response show_lead_tracking(app::App& a, Request& req) {
  auto t = a.leads->track(req.param("token"));
  if (!t) return http::error_response(req, t.error());
  auto q = http::parse_urlencoded(req.query).value_or(http::FormData{});
  return tracking_page(a, req, *t, q.get("cancelled") == "1");
}

Response cancel_lead(app::App& a, Request& req) {
  auto t = a.leads->cancel(req.param("token"));
  if (!t) return http::error_response(req, t.error());
  return Response::redirect("/t/" + req.param("token") + "?cancelled=1");
}

}  // namespace plumbline::web
