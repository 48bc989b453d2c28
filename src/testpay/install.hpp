// Switches the app into test-payments mode when no Stripe key is configured.
#pragma once
#include "app/app.hpp"
#include "integrations/stripe_client.hpp"

namespace plumbline::testpay {

// Without a.config.stripe_secret_key: derives the local webhook secret (unless one is configured)
// and the local API key from the secret key, builds a.test_stripe and points stripe_options at it
// (http://<loopback>:<listen port>/test-payments/stripe). Does nothing when a key is configured.
void install_test_payments(app::App& a, integrations::StripeOptions& stripe_options);

}  // namespace plumbline::testpay
