// Composition root: builds the store, reference data, services and web pieces from the config; owns
// lifetimes.
#pragma once
#include <atomic>
#include <memory>
#include <utility>
#include <vector>

#include "config/config.hpp"
#include "geo/time_zone.hpp"
#include "geo/zip_table.hpp"
#include "http/metrics.hpp"
#include "http/static_files.hpp"
#include "integrations/mailer.hpp"
#include "integrations/sms.hpp"
#include "integrations/stripe_client.hpp"
#include "integrations/webhook_client.hpp"
#include "limits/rate_limit.hpp"
#include "services/accounts.hpp"
#include "services/audit.hpp"
#include "services/billing.hpp"
#include "services/catalog_cache.hpp"
#include "services/claims.hpp"
#include "services/clock.hpp"
#include "services/disputes.hpp"
#include "services/events.hpp"
#include "services/homeowner.hpp"
#include "services/lead_admin.hpp"
#include "services/lead_browse.hpp"
#include "services/lead_console.hpp"
#include "services/lead_edit.hpp"
#include "services/lead_verification.hpp"  // issue 17
#include "services/leads.hpp"
#include "services/live_feed.hpp"
#include "services/local_zones.hpp"
#include "services/marketplace_settings.hpp"
#include "services/matching.hpp"
#include "services/message_admin.hpp"
#include "services/message_templates.hpp"
#include "services/my_area_report.hpp"
#include "services/partners.hpp"
#include "services/payments.hpp"
#include "services/photos.hpp"  // issue 17: request photos
#include "services/plumber_admin.hpp"
#include "services/plumber_console.hpp"
#include "services/profiles.hpp"
#include "services/public_profiles.hpp"
#include "services/report_rollups.hpp"
#include "services/reports.hpp"
#include "services/retention.hpp"
#include "services/reviews.hpp"
#include "services/settings.hpp"
#include "services/sms_feedback.hpp"
#include "services/staff.hpp"
#include "services/system_status.hpp"
#include "services/webhooks.hpp"
#include "store/store.hpp"
#include "web/services.hpp"
#include "web/view.hpp"
#include "worker/expiry_job.hpp"
#include "worker/outbox_worker.hpp"

namespace plumbline::testpay {
class TestStripe;
}
namespace plumbline::worker {
class ReconcileJob;
class PrivacyJob;
class ReviewRequestJob;
class Periodic;
class BackupJob;
class Leader;
}  // namespace plumbline::worker

namespace plumbline::app {

// Services ring it after a change that queued e-mail or SMS; it nudges the outbox worker once
// build_worker has attached one (before that, and in processes without a worker, it does nothing).
class OutboxDoorbell final : public services::OutboxNotifier {
 public:
  void attach(worker::OutboxWorker* worker) { worker_.store(worker); }
  void messages_queued() override;

 private:
  std::atomic<worker::OutboxWorker*> worker_{nullptr};
};

// Everyone told about a stored lead; the list is LeadSubscribers::lead_submitted in app.cpp.
class LeadSubscribers final : public services::LeadEvents {
 public:
  LeadSubscribers(http::Metrics& metrics, services::LiveFeed& live, OutboxDoorbell& outbox)
      : metrics_(metrics), live_(live), outbox_(outbox) {}
  void lead_submitted(const services::SubmittedLead& lead) override;

 private:
  http::Metrics& metrics_;
  services::LiveFeed& live_;
  OutboxDoorbell& outbox_;
};

// The business facts every message shows, read from the console's settings for each message;
// `fallback` (from the config) fills a support e-mail the settings leave empty.
class SettingsBranding final : public services::BrandingSource {
 public:
  SettingsBranding(const services::SettingsService& settings, domain::MessageBranding fallback)
      : settings_(settings), fallback_(std::move(fallback)) {}
  domain::MessageBranding branding() const override;

 private:
  const services::SettingsService& settings_;
  const domain::MessageBranding fallback_;
};

struct App {
  config::Config config;
  std::unique_ptr<store::Store> store;
  // Issue 19: reads for reports and dashboards on PLUMBLINE_DATABASE_REPLICA_URL while it is fresh
  // (null without one: they read `store`).
  std::unique_ptr<store::Store> report_store;
  std::unique_ptr<geo::ZipTable> zips;
  std::unique_ptr<geo::TimeZones> zones;  // every zone of the ZIP table, and the staff's
  std::unique_ptr<services::LocalZones> local_zones;  // ZIP → zone, the platform's as fallback
  services::SystemClock clock;
  http::Metrics metrics;
  services::MarketplaceSettings marketplace_settings;  // from the config; the base of `settings`
  OutboxDoorbell outbox_bell;
  std::unique_ptr<services::LiveFeed> live;  // dashboard live feed; its poller starts on first use
  std::unique_ptr<LeadSubscribers> lead_events;
  std::unique_ptr<services::CatalogCache> catalog;
  // The business settings and catalog the console edits; the services read the rules through it.
  std::unique_ptr<services::SettingsService> settings;
  // The services, one per area of the business (see build_services in app.cpp).
  std::unique_ptr<services::MatchingService> matching;  // matches each new lead; late matching
  std::unique_ptr<services::LeadService> leads;         // intake, tracking, cancel
  std::unique_ptr<services::PartnerService> partners;   // partner lead sources (issue 20)
  std::unique_ptr<services::ProfileService> profiles;
  std::unique_ptr<services::LeadBrowseService> lead_browse;  // available leads, lead pages
  std::unique_ptr<services::ClaimService> claims;
  std::unique_ptr<services::DisputeService> disputes;
  std::unique_ptr<services::HomeownerService> homeowners;  // tracking-page actions
  std::unique_ptr<services::PlumberAdminService> plumber_admin;
  std::unique_ptr<services::PlumberConsoleService> plumber_console;  // the staff plumbers console
  std::unique_ptr<services::RetentionService> retention;       // expiry and homeowner retention
  std::unique_ptr<services::DataExportService> exports;        // the plumber's data export
  std::unique_ptr<services::SmsFeedbackService> sms_feedback;  // Twilio's statuses and opt-outs
  std::unique_ptr<services::LeadAdminService> lead_admin;      // the staff's lead page
  std::unique_ptr<services::AuditService> audit;          // the staff actions and security events
  std::unique_ptr<services::LeadEditService> lead_edit;   // staff: phone-ins, edits, re-matching
  std::unique_ptr<services::StaffService> staff;          // staff invitations, roles and removal
  std::unique_ptr<services::SystemStatusService> status;  // readiness, the admin's counts
  // Message templates staff override (issue 15): the business facts every message shows, the
  // overrides the worker reads, and the console's service.
  domain::MessageBranding branding;                   // the config's, behind the settings
  std::unique_ptr<SettingsBranding> branding_source;  // the settings' now (reads `settings`)
  std::unique_ptr<services::TemplateOverrideCache> template_overrides;
  std::unique_ptr<services::MessageTemplateService> message_templates;
  std::unique_ptr<services::LeadConsoleService> lead_console;  // the console's request list
  std::unique_ptr<services::MyAreaReportService> my_area;      // a plumber's "Demand in my area"
  std::unique_ptr<services::LeadVerificationService> verification;  // issue 17: verified phone
  std::unique_ptr<worker::ExpiryJob> expiry;  // built by build_worker; started by serve or worker
  std::unique_ptr<http::StaticFiles> statics;
  std::unique_ptr<web::View> view;
  std::string openapi_document;  // PLUMBLINE_OPENAPI_FILE, served at /api/v1/openapi.json
  std::unique_ptr<limits::RateLimiter> intake_limiter;
  std::unique_ptr<limits::RateLimiter> api_limiter;
  std::unique_ptr<limits::RateLimiter> webhook_limiter;
  std::unique_ptr<limits::RateLimiter> coverage_limiter;  // per IP: the request form's ZIP check
  std::unique_ptr<limits::RateLimiter> auth_limiter;      // per IP: log-in, sign-up, reset, resend
  std::unique_ptr<limits::RateLimiter>
      address_limiter;  // per e-mail address: sign-up, resend, reset
  std::unique_ptr<limits::RateLimiter> verification_limiter;  // issue 17: per IP, phone codes
  std::unique_ptr<crypto::PasswordPolicy> password_policy;
  std::unique_ptr<services::AccountService> accounts;
  std::unique_ptr<integrations::Mailer> mailer;
  std::unique_ptr<integrations::SmsSender> sms;  // null when Twilio is not configured
  std::unique_ptr<worker::OutboxWorker> outbox;  // built always; started by serve or worker
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
  // The console's outbox (issue 15) and this worker process's heartbeat (built by build_worker,
  // started like expiry).
  std::unique_ptr<services::MessageAdminService> messages;
  std::shared_ptr<worker::Periodic> heartbeat;
  std::unique_ptr<services::ReportService> reports;               // the admin reports (issue 16)
  std::unique_ptr<services::ReportRollupService> report_rollups;  // their daily rollups
  std::shared_ptr<worker::Periodic> rollup_job;  // built by build_worker; started like expiry
  // Request photos (issue 17): libvips behind integrations::ImageProcessor, and their service.
  std::unique_ptr<integrations::ImageProcessor> images;
  std::unique_ptr<services::PhotoService> photos;
  // Issue 17: reviews (and the worker's review e-mails, started like expiry) and public profiles.
  std::unique_ptr<services::ReviewService> reviews;
  std::unique_ptr<services::PublicProfileService> public_profiles;
  std::shared_ptr<worker::ReviewRequestJob> review_job;
  // Scheduled SQLite backups (issue 19): built by build_worker when an interval is set; started
  // by the leader like expiry.
  std::shared_ptr<worker::BackupJob> backup_job;
  // Issue 19: starts the periodic jobs above (expiry, privacy, reviews, rollups, reconciliation,
  // backups) in one process of the fleet at a time (built by build_worker; started by serve or
  // worker).
  std::shared_ptr<worker::Leader> leader;
  // Outbound webhooks (issue 20 item 3): the HTTP client (the worker delivers with it too) and the
  // endpoints' service.
  std::unique_ptr<integrations::WebhookClient> webhook_client;
  std::unique_ptr<services::WebhookService> webhooks;
  // What the handlers use (web/services.hpp): pointers to the members above, built last.
  std::unique_ptr<web::Services> web;
};

// The rate limiters, for web::add_routes.
web::Limiters limiters(App& a);

// Returns the API signing keys from PLUMBLINE_JWT_KEYS, or one key derived from the secret key.
std::vector<crypto::JwtKey> jwt_keys(const config::Config& c);

// Builds the outbox worker with `threads` threads, the periodic jobs and their leader (none
// started).
void build_worker(App& a, int threads);

// Opens the database for the config (no schema check).
std::unique_ptr<store::Store> open_store(const config::Config& c);

// Builds everything the server needs; throws std::runtime_error with a message for a person.
std::unique_ptr<App> build(const config::Config& c, std::unique_ptr<store::Store> store);

// Returns the secret key from config or <data_dir>/secret.key, creating the file (mode 0600) once.
std::string load_or_create_secret(const config::Config& c);

}  // namespace plumbline::app
