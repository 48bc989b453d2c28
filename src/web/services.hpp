// What a handler may use: the services, the web pieces and the settings it reads (web::Services),
// built once by app.cpp; and the rate limiters that routes.cpp puts in front of route groups.
#pragma once
#include <string>
#include <vector>

#include "geo/time_zone.hpp"
#include "geo/zip_table.hpp"
#include "http/metrics.hpp"
#include "http/static_files.hpp"
#include "limits/rate_limit.hpp"
#include "services/accounts.hpp"
#include "services/audit.hpp"
#include "services/billing.hpp"
#include "services/claims.hpp"
#include "services/clock.hpp"
#include "services/data_export.hpp"
#include "services/disputes.hpp"
#include "services/homeowner.hpp"
#include "services/lead_admin.hpp"
#include "services/lead_browse.hpp"
#include "services/lead_console.hpp"
#include "services/lead_edit.hpp"
#include "services/lead_verification.hpp"  // issue 17
#include "services/leads.hpp"
#include "services/live_feed.hpp"
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
#include "services/reports.hpp"
#include "services/reviews.hpp"
#include "services/settings.hpp"
#include "services/sms_feedback.hpp"
#include "services/staff.hpp"
#include "services/system_status.hpp"
#include "services/webhooks.hpp"  // issue 20: outbound webhooks
#include "web/view.hpp"

namespace plumbline::testpay {
class TestStripe;
}

namespace plumbline::web {

// The configuration values handlers read (config::Config holds the rest).
struct WebSettings {
  std::string base_url;                      // public URL: links, signatures, the CSRF origin
  bool https = false;                        // cookies get Secure (and __Host-)
  std::vector<std::string> trusted_proxies;  // whose X-Forwarded-Proto counts
  std::string time_zone;                     // the staff's zone (PLUMBLINE_TIME_ZONE)
  int max_claims_per_lead = 0;
  int homeowner_retention_days = 0;
  int closed_account_keep_days = 0;
  int sse_heartbeat_seconds = 0;
  bool online_payment = false;  // a Stripe key, or test-payments mode
  bool sms_enabled = false;     // Twilio is configured
  std::string twilio_auth_token;
  std::string stripe_webhook_secret;
  bool dev_mailbox = false;  // no SMTP: e-mail goes to mail_folder, shown at /dev/mail on loopback
  std::string mail_folder;
};

// Handlers receive this as `a`. Non-owning: the composition root (App) owns what it points to.
// Pointers and references mirror App's members (unique_ptr → pointer, value → reference), so
// handler code reads `a.claims->claim(…)` and `a.clock.now_ms()` as before. No store, no rate
// limiters: a handler reaches data through a service, and limits are middleware.
struct Services {
  WebSettings settings;
  const services::Clock& clock;
  http::Metrics& metrics;
  const services::MarketplaceRules& marketplace_settings;  // .marketplace() per request
  const geo::ZipTable* zips;
  const geo::TimeZones* zones;
  const http::StaticFiles* statics;
  const View* view;
  services::LiveFeed* live;
  services::AccountService* accounts;
  services::DataExportService* exports;
  services::LeadService* leads;
  services::PartnerService* partners;  // partner lead sources and the embedded form (issue 20)
  services::MatchingService* matching;
  services::ProfileService* profiles;
  services::LeadBrowseService* lead_browse;
  services::ClaimService* claims;
  services::DisputeService* disputes;
  services::HomeownerService* homeowners;
  services::PlumberAdminService* plumber_admin;
  services::BillingService* billing;
  services::PaymentService* payments;
  services::SmsFeedbackService* sms_feedback;
  services::SystemStatusService* status;
  services::AuditService* audit;
  services::MessageTemplateService* message_templates = nullptr;  // the console's template editor
  services::LeadEditService* lead_edit;  // staff: phone-ins, edits, re-matching
  services::LeadAdminService* lead_admin;
  services::StaffService* staff;
  services::PlumberConsoleService* plumber_console;
  services::SettingsService* business;  // business settings and catalog (issue 15)
  services::LeadConsoleService* lead_console;
  testpay::TestStripe* test_stripe = nullptr;  // test-payments mode only (testpay/handlers.cpp)
  services::MessageAdminService* messages = nullptr;  // the console's outbox (issue 15)
  services::ReportService* reports = nullptr;         // the admin reports (issue 16)
  services::MyAreaReportService* my_area = nullptr;   // a plumber's "Demand in my area" (issue 16)
  services::LeadVerificationService* verification = nullptr;  // issue 17: verified phone
  services::PhotoService* photos = nullptr;                   // request photos (issue 17)
  // Issue 17 (hired, reviews, public profiles).
  services::ReviewService* reviews = nullptr;
  services::PublicProfileService* public_profiles = nullptr;
  const std::string* openapi = nullptr;          // docs/openapi.json as read at start-up
  services::WebhookService* webhooks = nullptr;  // outbound webhooks (issue 20 item 3)
};

// The per-IP and per-address rate limiters; routes.cpp puts them in front of route groups.
struct Limiters {
  limits::RateLimiter& intake;
  limits::RateLimiter& api;
  limits::RateLimiter& webhook;
  limits::RateLimiter& coverage;  // the request form's ZIP check
  limits::RateLimiter& auth;      // log-in, sign-up, reset, resend
  limits::RateLimiter& address;   // per e-mail address: sign-up, resend, reset

  // Issue 17: per IP, entering and resending phone codes.
  limits::RateLimiter& verification;
};

}  // namespace plumbline::web
