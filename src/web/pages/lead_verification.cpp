// Homeowner pages of the contact check (issue 17 item 1): the verify page with the code form,
// entering a code, asking for a new one, and the e-mailed link's page and button. Anonymous: the
// tracking token in the URL is the key; forms use the anonymous CSRF scheme (decision 0003).
#include "services/lead_verification.hpp"

#include <boost/json.hpp>

#include "http/errors.hpp"
#include "services/leads.hpp"
#include "web/handlers.hpp"
#include "web/input.hpp"
#include "web/present/lead_verification_view.hpp"
#include "web/present/plumber_view.hpp"

namespace plumbline::web {

namespace {

// The tracking pages' headers: the URL is the secret.
Response verification_private(Response res) {
  res.set_header("Referrer-Policy", "no-referrer");
  res.set_header("Cache-Control", "no-store");
  return res;
}

// The verify page for the request behind the token, with `error` at the code field.
Response verification_page(const Services& a, const Request& req, int status,
                           const std::string& notice, const std::string& error = {}) {
  auto token = req.param("token");
  auto t = a.leads->track(token);
  if (!t) return http::error_response(req, t.error());
  auto catalog = a.leads->catalog();
  const auto* s = catalog.service(t->lead.service_type);
  boost::json::object lead{{"service_label", s ? s->label : t->lead.service_type},
                           {"service_class", service_badge_class(t->lead.service_type)},
                           {"city", t->lead.city},
                           {"state", t->lead.state},
                           {"zip", t->lead.zip}};
  return verification_private(
      render(a, req, status, "lead_verify", "Confirm your contact details",
             {{"verification_html",
               verification_box_html(*a.view, t->contact, token, req.csrf_token, error)},
              {"notice", notice},
              {"tracking_url", "/t/" + token},
              {"lead", std::move(lead)}}));
}

// A refused entry or resend: the page again with the reason at the form (422 wrong code, 409 a
// stale code or a closed request); anything else (404, 429, 503) is the error page.
Response verification_refused(const Services& a, const Request& req, const domain::Error& e) {
  if (e.code != domain::ErrorCode::invalid_input && e.code != domain::ErrorCode::conflict)
    return verification_private(http::error_response(req, e));
  return verification_page(a, req, e.code == domain::ErrorCode::conflict ? 409 : 422, {},
                           e.details.empty() ? e.message : e.details.front().message);
}

}  // namespace

Response show_lead_verify(const Services& a, Request& req) {
  auto q = query_of(req);
  std::string notice;  // fixed texts: nothing from the URL is echoed
  if (q.get("done") == "1") notice = "Thank you: your contact details are confirmed.";
  if (q.get("sent") == "1") notice = "We sent you a new code. The old one no longer works.";
  return verification_page(a, req, 200, notice);
}

Response submit_lead_verify(const Services& a, Request& req) {
  auto r = a.verification->verify_code(req.param("token"), form_of(req).get("code"));
  if (!r) return verification_refused(a, req, r.error());
  return Response::redirect("/t/" + req.param("token") + "/verify?done=1");
}

Response submit_lead_verify_resend(const Services& a, Request& req) {
  auto r = a.verification->resend(req.param("token"));
  if (!r) return verification_refused(a, req, r.error());
  return Response::redirect("/t/" + req.param("token") + "/verify?sent=1");
}

Response show_lead_email_confirm(const Services& a, Request& req) {
  auto token = req.param("token");
  auto t = a.leads->track(token);  // an unknown request is 404 before any button is shown
  if (!t) return verification_private(http::error_response(req, t.error()));
  return verification_private(
      render(a, req, 200, "lead_email_confirm", "Confirm your e-mail address",
             {{"confirm_url", "/t/" + token + "/confirm/" + req.param("secret")},
              {"csrf_token", req.csrf_token},
              {"tracking_url", "/t/" + token}}));
}

Response submit_lead_email_confirm(const Services& a, Request& req) {
  auto r = a.verification->verify_link(req.param("token"), req.param("secret"));
  if (!r) return verification_private(http::error_response(req, r.error()));
  return Response::redirect("/t/" + req.param("token") + "/verify?done=1");
}

}  // namespace plumbline::web
