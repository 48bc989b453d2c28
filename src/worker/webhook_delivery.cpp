// One webhook delivery attempt: the endpoint read fresh (removed → given up), its host resolved and
// every address checked again (DNS rebinding), the body signed with the current secret (and the
// previous one during a rotation's grace), POSTed to the checked address, and the attempt logged.
#include <boost/json.hpp>

#include "crypto/sealed.hpp"
#include "log/log.hpp"
#include "services/webhooks.hpp"
#include "worker/outbox_worker.hpp"

namespace plumbline::worker {

namespace {

// The stored body with the sealed private data (claim.created's contact details) merged into its
// "data"; the stored body as it is when there is none.
std::string webhook_body(const domain::OutboxMessage& m, const std::string& secret_key) {
  if (m.sealed_json.empty()) return m.data_json;
  auto extra = crypto::unseal(secret_key, m.sealed_json);
  if (!extra) throw std::invalid_argument("the sealed event data cannot be opened");
  auto body = boost::json::parse(m.data_json).as_object();
  auto& data = body["data"].as_object();
  auto private_data = boost::json::parse(*extra);  // kept alive while its members are copied
  for (const auto& [k, v] : private_data.as_object()) data[k] = v;
  return boost::json::serialize(body);
}

std::int64_t webhook_endpoint_id(const std::string& recipient) {
  const std::string prefix = "webhook:";
  if (recipient.rfind(prefix, 0) != 0) return 0;
  try {
    return std::stoll(recipient.substr(prefix.size()));
  } catch (const std::exception&) {
    return 0;
  }
}

}  // namespace

domain::SendResult OutboxWorker::send_webhook(const domain::OutboxMessage& m) {
  using domain::SendOutcome;
  if (!opts_.webhook_client)
    return {SendOutcome::permanent_failure, "", "webhooks are not configured"};
  auto endpoint_id = webhook_endpoint_id(m.recipient);
  auto endpoint = store_.read<std::optional<domain::WebhookEndpoint>>(
      [&](store::Tx& tx) { return tx.webhook_endpoint(endpoint_id); });
  if (!endpoint || !endpoint->active)
    return {SendOutcome::permanent_failure, "", "the endpoint was removed"};
  auto body = webhook_body(m, opts_.secret_key);
  auto event_id = boost::json::parse(m.data_json).as_object()["id"].as_string();

  domain::WebhookDelivery attempt;
  attempt.endpoint_id = endpoint_id;
  attempt.message_id = m.id;
  attempt.event = m.template_name;
  attempt.event_id = std::string(event_id);
  attempt.attempt = std::max(1, m.attempts);
  auto record = [&]() {
    attempt.created_at = clock_.now_ms();
    store_.write_tx([&](store::Tx& tx) {
      tx.insert_webhook_delivery(attempt);
      return true;
    });
  };

  auto target = domain::parse_webhook_url(endpoint->url);
  std::string refusal = domain::webhook_url_refusal(endpoint->url, opts_.webhook_allow_hosts);
  std::string address;
  if (refusal.empty() && target) {
    auto checked = services::checked_webhook_address(*opts_.webhook_client, *target,
                                                     opts_.webhook_allow_hosts);
    if (checked)
      address = *checked;
    else
      refusal = checked.error().message;
  }
  if (!refusal.empty() || !target) {
    attempt.error = "refused: " + (refusal.empty() ? std::string("not a valid URL") : refusal);
    record();
    log::warn("webhook_refused", {{"id", m.id}, {"endpoint", endpoint_id}, {"reason", refusal}});
    return {SendOutcome::permanent_failure, "", attempt.error};
  }

  std::vector<std::string> secrets;
  auto now = clock_.now_ms();
  if (auto s = crypto::unseal(opts_.secret_key, endpoint->secret_sealed)) secrets.push_back(*s);
  if (!endpoint->previous_secret_sealed.empty() && now < endpoint->previous_until)
    if (auto s = crypto::unseal(opts_.secret_key, endpoint->previous_secret_sealed))
      secrets.push_back(*s);
  if (secrets.empty()) return {SendOutcome::permanent_failure, "", "the secret cannot be opened"};
  auto header = integrations::webhook_signature_header(secrets, now / 1000, body);
  auto res = opts_.webhook_client->post(
      *target, address, body,
      {{integrations::webhook_signature_header_name, header},
       {"Plumbline-Event", m.template_name},
       {"Plumbline-Event-Id", attempt.event_id},
       {"Plumbline-Delivery", std::to_string(m.id) + "-" + std::to_string(attempt.attempt)}});
  attempt.status_code = res.status_code;
  attempt.response_ms = std::max<domain::Millis>(0, res.response_ms);
  attempt.error = res.error;
  record();
  switch (domain::classify_webhook_status(res.status_code)) {
    case domain::WebhookAnswer::delivered:
      return {SendOutcome::sent, std::to_string(res.status_code), ""};
    case domain::WebhookAnswer::give_up:
      return {SendOutcome::permanent_failure, "", res.error};
    case domain::WebhookAnswer::retry:
      break;
  }
  return {SendOutcome::temporary_failure, "", res.error.empty() ? "no answer" : res.error};
}

}  // namespace plumbline::worker
