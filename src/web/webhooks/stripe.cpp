// Stripe webhook: verifies Stripe-Signature over the raw body, then hands the event to the payment
// service, which refuses an event of the other mode (wrong_livemode) and applies the rest. 400 for
// a bad signature or mode changes nothing; 503 until configured.
#include <boost/json.hpp>

#include "http/errors.hpp"
#include "integrations/stripe_signature.hpp"
#include "log/log.hpp"
#include "services/payments.hpp"
#include "web/handlers.hpp"

namespace plumbline::web {

Response stripe_webhook(const Services& a, Request& req) {
  const auto& secret = a.settings.stripe_webhook_secret;
  if (secret.empty())
    return http::error_response(req, {domain::ErrorCode::not_configured,
                                      "Stripe webhooks are not configured on this server."});
  auto now_s = a.clock.now_ms() / 1000;
  auto verdict = integrations::verify_stripe_signature(secret, req.header("stripe-signature"),
                                                       req.body, now_s);
  if (verdict != integrations::StripeSignatureResult::ok) {
    log::warn("stripe_signature_rejected",
              {{"request_id", req.request_id}, {"reason", integrations::to_string(verdict)}});
    auto refusal = domain::Error::make(domain::ErrorCode::signature_mismatch,
                                       "The Stripe-Signature header does not match the body.");
    switch (verdict) {
      case integrations::StripeSignatureResult::missing_header:
        refusal = {domain::ErrorCode::signature_missing_header,
                   "The Stripe-Signature header is missing."};
        break;
      case integrations::StripeSignatureResult::malformed:
        refusal = {domain::ErrorCode::signature_malformed,
                   "The Stripe-Signature header is malformed (needs t= and v1=)."};
        break;
      case integrations::StripeSignatureResult::stale:
        refusal = {domain::ErrorCode::signature_stale,
                   "The Stripe-Signature timestamp is outside the 300 second tolerance."};
        break;
      default:
        break;
    }
    return http::error_response(req, refusal);
  }
  boost::system::error_code ec;
  auto event = boost::json::parse(req.body, ec);
  if (ec)
    return http::error_response(req, {domain::ErrorCode::invalid_json, "The body is not JSON."});
  if (auto refusal = a.payments->wrong_mode(event)) {
    log::warn("stripe_wrong_livemode",
              {{"request_id", req.request_id}, {"detail", refusal->log_detail}});
    return http::error_response(req, *refusal);
  }
  auto* obj = event.if_object();
  auto result = a.payments->handle_event(event);
  if (!result.ok()) return http::error_response(req, result.error());
  const auto& out = result.value();
  log::info("stripe_event", {{"request_id", req.request_id},
                             {"event_id", obj && obj->contains("id") && (*obj)["id"].is_string()
                                              ? std::string((*obj)["id"].as_string())
                                              : std::string()},
                             {"outcome", out.outcome},
                             {"plumber_id", out.plumber_id.value}});
  boost::json::object body{
      {"received", true}, {"duplicate", out.duplicate}, {"outcome", out.outcome}};
  return Response::json(200, boost::json::serialize(body));
}

}  // namespace plumbline::web
