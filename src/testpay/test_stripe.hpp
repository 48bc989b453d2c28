// Test-payments mode (no Stripe key configured): a built-in, in-memory stand-in for the parts of
// the Stripe API Plumbline calls, a checkout page marked TEST MODE, a test portal, and delivery of
// signed events to the app's own /webhooks/stripe. The app reaches it over HTTP only.
#pragma once
#include <memory>
#include <string>

namespace plumbline::testpay {

struct TestStripeOptions {
  std::string public_base_url;  // for the browser: checkout/portal page URLs
  std::string webhook_url;      // where signed events are POSTed (the app's own, on loopback)
  std::string webhook_secret;   // whsec_…, shared with the webhook handler
  std::string secret_key;       // the Bearer key the API part accepts
};

class TestStripe {
 public:
  explicit TestStripe(TestStripeOptions options);
  ~TestStripe();
  TestStripe(const TestStripe&) = delete;
  TestStripe& operator=(const TestStripe&) = delete;

  const TestStripeOptions& options() const;

  struct Impl;
  Impl& impl() { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace plumbline::testpay
