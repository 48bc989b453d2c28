// Twilio webhooks: delivery status callbacks and inbound messages (STOP/START/HELP),
// signature-checked.
#include "domain/contact.hpp"
#include "domain/outbox.hpp"
#include "http/errors.hpp"
#include "http/forms.hpp"
#include "integrations/sms.hpp"
#include "log/log.hpp"
#include "web/handlers.hpp"

namespace plumbline::web {

namespace {

// The posted form of a Twilio webhook: not_found while SMS is not configured, forbidden unless
// X-Twilio-Signature matches the public URL Twilio called and every posted parameter.
domain::Result<http::FormData> verified_form(const Services& a, const Request& req) {
  if (!a.settings.sms_enabled)
    return domain::Error{domain::ErrorCode::not_found, "SMS is not configured."};
  auto form = http::parse_urlencoded(req.body);
  auto signature = req.header("x-twilio-signature");
  if (!form || !signature ||
      !integrations::verify_twilio_signature(a.settings.twilio_auth_token,
                                             a.settings.base_url + req.target, form->fields,
                                             std::string(*signature))) {
    log::warn("twilio_signature_rejected", {{"request_id", req.request_id}, {"route", req.route}});
    return domain::Error{domain::ErrorCode::forbidden, "The request signature is not valid."};
  }
  return std::move(*form);
}

Response twiml(std::string message) {
  std::string body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response>";
  std::string escaped = http::escape_html(message);
  if (!escaped.empty()) body += "<Message>" + escaped + "</Message>";
  body += "</Response>";
  return Response::text(200, body, "text/xml; charset=utf-8");
}

}  // namespace

Response twilio_status_callback(const Services& a, Request& req) {
  auto form = verified_form(a, req);
  if (!form) return http::error_response(req, form.error());
  auto sid = form->get("MessageSid");
  auto status = form->get("MessageStatus");
  if (sid.empty() || status.empty())
    return http::error_response(
        req, {domain::ErrorCode::bad_request, "MessageSid and MessageStatus are required."});
  auto applied = a.sms_feedback->record_delivery_status(sid, status);
  if (!applied) return http::error_response(req, applied.error());
  log::info("sms_delivery_status", {{"provider_id", sid},
                                    {"status", status},
                                    {"applied", *applied},
                                    {"error_code", form->get("ErrorCode")}});
  return Response::no_content();
}

Response twilio_inbound_message(const Services& a, Request& req) {
  auto form = verified_form(a, req);
  if (!form) return http::error_response(req, form.error());
  auto from = form->get("From");
  auto keyword = domain::parse_sms_keyword(form->get("Body"));
  if (from.empty())
    return http::error_response(req, {domain::ErrorCode::bad_request, "From is required."});
  if (keyword == domain::SmsKeyword::opt_out || keyword == domain::SmsKeyword::opt_in) {
    bool out = keyword == domain::SmsKeyword::opt_out;
    auto saved =
        a.sms_feedback->set_opt_out(from, out, domain::trim(form->get("Body")).substr(0, 20));
    if (!saved) return http::error_response(req, saved.error());
    log::info(out ? "sms_opt_out" : "sms_opt_in", {{"request_id", req.request_id}});
    // Twilio answers STOP and START itself on long codes; a second reply would be noise.
    return twiml("");
  }
  if (keyword == domain::SmsKeyword::help)
    return twiml(platform_name(a) +
                 ": texts about plumbing requests you made. Reply STOP to opt out, START to opt "
                 "back in. Help: " +
                 a.settings.base_url);
  return twiml("");
}

}  // namespace plumbline::web
