// Test-payments mode: the local keys, the in-memory Stripe and where the app's Stripe client and
// webhook deliveries go.
#include "testpay/install.hpp"

#include "crypto/tokens.hpp"
#include "log/log.hpp"
#include "testpay/test_stripe_impl.hpp"

namespace plumbline::testpay {

namespace {

// The app's own address as seen from this host: a wildcard listen address is reached on loopback.
std::string loopback_origin(const config::Config& c) {
  std::string host = c.listen_host;
  if (host.empty() || host == "0.0.0.0")
    host = "127.0.0.1";
  else if (host == "::" || host == "[::]")
    host = "[::1]";
  else if (host.find(':') != std::string::npos && host.front() != '[')
    host = "[" + host + "]";
  return "http://" + host + ":" + std::to_string(c.listen_port);
}

}  // namespace

std::shared_ptr<TestStripe> install_test_payments(config::Config& c,
                                                  integrations::StripeOptions& stripe_options) {
  if (!c.test_payments_active()) return nullptr;
  // Derived, not random: a restart (or a second process on the same secret key) keeps accepting
  // the same signatures and keys.
  if (c.stripe_webhook_secret.empty())
    c.stripe_webhook_secret =
        "whsec_local_" + crypto::hmac_sha256_hex(c.secret_key, "plumbline test-payments webhook");
  auto origin = loopback_origin(c);
  TestStripeOptions o;
  o.public_base_url = c.base_url;
  o.webhook_url = origin + "/webhooks/stripe";
  o.webhook_secret = c.stripe_webhook_secret;
  o.secret_key =
      "sk_test_local_" + crypto::hmac_sha256_hex(c.secret_key, "plumbline test-payments api");
  auto stripe = std::make_shared<TestStripe>(o);
  stripe_options.api_base = origin + "/test-payments/stripe";
  stripe_options.secret_key = o.secret_key;
  log::warn(
      "test_payments_mode",
      {{"message", std::string("PLUMBLINE_TEST_PAYMENTS is on and no Stripe key is configured: "
                               "payments go to the built-in TEST MODE checkout at /test-payments; "
                               "no real money moves and anyone can buy credits.")}});
  return stripe;
}

void sell_catalogue(TestStripe& stripe, services::BillingService& billing) {
  stripe.impl().price_lookup = [&billing](const std::string& price_id) -> std::optional<TestPrice> {
    for (const auto& plan : billing.plans())
      if (plan.stripe_price_id == price_id)
        return TestPrice{
            price_id,
            plan.name + " plan, " + std::to_string(plan.monthly_credits) + " credits a month",
            plan.price_cents, true};
    for (const auto& pack : billing.packs())
      if (pack.stripe_price_id == price_id)
        return TestPrice{price_id, std::to_string(pack.credits) + " lead credits", pack.price_cents,
                         false};
    return std::nullopt;
  };
}

}  // namespace plumbline::testpay
