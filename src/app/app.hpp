// Composition root: builds the store, reference data, services and web pieces from the config; owns
// lifetimes.
#pragma once
#include <memory>

#include "config/config.hpp"
#include "geo/time_zone.hpp"
#include "geo/zip_table.hpp"
#include "http/metrics.hpp"
#include "http/rate_limit.hpp"
#include "http/static_files.hpp"
#include "integrations/mailer.hpp"
#include "integrations/sms.hpp"
#include "integrations/stripe_client.hpp"
#include "services/accounts.hpp"
#include "services/billing.hpp"
#include "services/clock.hpp"
#include "services/leads.hpp"
#include "services/live_feed.hpp"
#include "services/marketplace.hpp"
#include "services/payments.hpp"
#include "store/store.hpp"
#include "web/view.hpp"
#include "worker/expiry_job.hpp"
#include "worker/outbox_worker.hpp"

namespace plumbline::testpay {
class TestStripe;
}
namespace plumbline::worker {
class ReconcileJob;
class PrivacyJob;
}  // namespace plumbline::worker

namespace plumbline::app {

struct App {
  config::Config config;
  std::unique_ptr<store::Store> store;
  std::unique_ptr<geo::ZipTable> zips;
  std::unique_ptr<geo::TimeZones> zones;  // every zone of the ZIP table, and the staff's
  services::SystemClock clock;
  std::unique_ptr<services::LeadService> leads;
  std::unique_ptr<services::MarketplaceService> marketplace;  // matches each new lead (on_new_lead)
  std::unique_ptr<worker::ExpiryJob> expiry;  // built by build_worker; started by serve or worker
  http::Metrics metrics;
  std::unique_ptr<http::StaticFiles> statics;
  std::unique_ptr<web::View> view;
  std::unique_ptr<http::RateLimiter> intake_limiter;
  std::unique_ptr<http::RateLimiter> api_limiter;
  std::unique_ptr<http::RateLimiter> webhook_limiter;
  std::unique_ptr<http::RateLimiter> coverage_limiter;  // per IP: the request form's ZIP check
  std::unique_ptr<http::RateLimiter> auth_limiter;      // per IP: log-in, sign-up, reset, resend
  std::unique_ptr<http::RateLimiter> address_limiter;  // per e-mail address: sign-up, resend, reset
  std::unique_ptr<crypto::PasswordPolicy> password_policy;
  std::unique_ptr<services::AccountService> accounts;
  std::unique_ptr<integrations::Mailer> mailer;
  std::unique_ptr<integrations::SmsSender> sms;  // null when Twilio is not configured
  std::unique_ptr<worker::OutboxWorker> outbox;  // built always; started by serve or worker
  std::unique_ptr<services::LiveFeed> live;  // dashboard live feed; its poller starts on first use
  // Payments (issue 6). In test-payments mode (no Stripe key, PLUMBLINE_TEST_PAYMENTS=on) `stripe`
  // talks to the built-in test Stripe over HTTP like to the real one; nothing else knows the mode.
  // Null with neither: online payment is not set up (billing says so; admins grant credits).
  std::unique_ptr<integrations::StripeClient> stripe;
  std::unique_ptr<services::PaymentService> payments;  // webhook + reconciliation entry point
  std::unique_ptr<services::BillingService>
      billing;  // always built; refuses checkout without stripe
  // shared_ptr: App's users need not see these types.
  std::shared_ptr<testpay::TestStripe> test_stripe;  // only in test-payments mode
  std::shared_ptr<worker::ReconcileJob> reconcile;   // built by build_worker; started like expiry
  std::shared_ptr<worker::PrivacyJob> privacy;       // built by build_worker; started like expiry
};

// Returns the API signing keys from PLUMBLINE_JWT_KEYS, or one key derived from the secret key.
std::vector<crypto::JwtKey> jwt_keys(const config::Config& c);

// Builds the outbox worker with `threads` threads and the lead expiry job (neither started).
void build_worker(App& a, int threads);

// Opens the database for the config (no schema check).
std::unique_ptr<store::Store> open_store(const config::Config& c);

// Builds everything the server needs; throws std::runtime_error with a message for a person.
std::unique_ptr<App> build(const config::Config& c, std::unique_ptr<store::Store> store);

// Returns the secret key from config or <data_dir>/secret.key, creating the file (mode 0600) once.
std::string load_or_create_secret(const config::Config& c);

}  // namespace plumbline::app
