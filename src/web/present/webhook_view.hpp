// Webhook endpoints and their delivery log as JSON (the API) and as page data (account and console
// pages): one shape for both.
#pragma once
#include <boost/json.hpp>

#include "domain/webhooks.hpp"

namespace plumbline::web {

boost::json::object webhook_endpoint_json(const domain::WebhookEndpoint& e, domain::Millis now);
boost::json::object webhook_delivery_json(const domain::WebhookDelivery& d);

}  // namespace plumbline::web
