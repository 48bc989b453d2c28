// Switches the app into test-payments mode (PLUMBLINE_TEST_PAYMENTS=on and no Stripe key).
#pragma once
#include <memory>

#include "config/config.hpp"
#include "integrations/stripe_client.hpp"
#include "services/billing.hpp"
#include "testpay/test_stripe.hpp"

namespace plumbline::testpay {

// Called only when c.test_payments_active() (on, no Stripe key; the config refused it on https or
// a non-loopback address): derives the local webhook secret (unless one is configured) into `c`
// and the local API key from the secret key, builds the test Stripe and points stripe_options at
// it (http://<loopback>:<listen port>/test-payments/stripe). Returns null otherwise.
std::shared_ptr<TestStripe> install_test_payments(config::Config& c,
                                                  integrations::StripeOptions& stripe_options);

// Makes the app's plans and packs the test Stripe's price catalogue, as an operator would create
// them in Stripe (read at each lookup, so the admin's changes count at once).
void sell_catalogue(TestStripe& stripe, services::BillingService& billing);

}  // namespace plumbline::testpay
