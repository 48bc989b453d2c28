// Switches the app into test-payments mode (PLUMBLINE_TEST_PAYMENTS=on and no Stripe key).
#pragma once
#include "app/app.hpp"
#include "integrations/stripe_client.hpp"

namespace plumbline::testpay {

// Called only when a.config.test_payments_active() (on, no Stripe key; the config refused it on
// https or a non-loopback address): derives the local webhook secret (unless one is configured)
// and the local API key from the secret key, builds a.test_stripe and points stripe_options at it
// (http://<loopback>:<listen port>/test-payments/stripe). Does nothing otherwise.
void install_test_payments(app::App& a, integrations::StripeOptions& stripe_options);

}  // namespace plumbline::testpay
