// Wiring of the application from its configuration.
#include "app/app.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "crypto/tokens.hpp"
#include "domain/contact.hpp"
#include "domain/payments_rules.hpp"
#include "domain/system_status.hpp"
#include "services/integration_recorders.hpp"
#include "services/report_demand.hpp"
#include "services/report_health.hpp"
#include "services/report_overview.hpp"
#include "services/report_plumbers.hpp"
#include "services/report_revenue.hpp"
#include "services/report_sources.hpp"
#include "testpay/install.hpp"
#include "testpay/test_stripe.hpp"
#include "web/api/openapi.hpp"
#include "web/present/lead_card.hpp"
#include "worker/backup_job.hpp"
#include "worker/leader.hpp"
#include "worker/periodic.hpp"
#include "worker/privacy_job.hpp"
#include "worker/reconcile_job.hpp"
#include "worker/report_rollup_job.hpp"
#include "worker/review_request_job.hpp"

namespace plumbline::app {

// Shown on the system status page; the same as `plumbline --version` (src/main.cpp).
constexpr const char* plumbline_version = "0.1.0";

std::unique_ptr<store::Store> open_store(const config::Config& c) {
  store::StoreOptions so;
  so.read_pool_size = c.db_pool_size;
  so.synchronous_full = c.sqlite_synchronous_full;
  return store::open_store(c.database_url, so);
}

namespace {

std::string read_secret_file(const std::filesystem::path& p) {
  struct stat st {};
  if (::stat(p.c_str(), &st) == 0 && (st.st_mode & 0077))
    throw std::runtime_error(p.string() + " is readable by other users; run: chmod 600 " +
                             p.string());
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string key = ss.str();
  while (!key.empty() && (key.back() == '\n' || key.back() == '\r')) key.pop_back();
  if (key.size() < 32)
    throw std::runtime_error(p.string() + " holds a key shorter than 32 characters");
  return key;
}

}  // namespace

// A new key is written to a file created with mode 0600 (never readable by others, whatever the
// umask), flushed, then linked into place: a reader sees no file or the whole key, and of two
// processes starting at once the second reads the first one's key.
std::string load_or_create_secret(const config::Config& c) {
  if (!c.secret_key.empty()) return c.secret_key;
  namespace fs = std::filesystem;
  fs::path p = fs::path(c.data_dir) / "secret.key";
  if (fs::exists(p)) return read_secret_file(p);
  fs::create_directories(p.parent_path().empty() ? fs::path(".") : p.parent_path());
  std::string key = crypto::random_token(32);
  fs::path tmp = p;
  tmp += ".new-" + crypto::random_token(6);
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    throw std::runtime_error("cannot create " + tmp.string() + ": " + std::strerror(errno));
  std::string line = key + "\n";
  bool written = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) &&
                 ::fsync(fd) == 0;
  ::close(fd);
  if (!written) {
    ::unlink(tmp.c_str());
    throw std::runtime_error("cannot write " + tmp.string());
  }
  int linked = ::link(tmp.c_str(), p.c_str());
  int link_errno = errno;
  ::unlink(tmp.c_str());
  if (linked != 0) {
    if (link_errno == EEXIST) return read_secret_file(p);
    throw std::runtime_error("cannot create " + p.string() + ": " + std::strerror(link_errno));
  }
  return key;
}

// Who hears about a stored lead, all in one place.
void LeadSubscribers::lead_submitted(const services::SubmittedLead& s) {
  metrics_.add("plumbline_leads_created_total",
               s.duplicate ? "duplicate=\"true\"" : "duplicate=\"false\"");
  for (const auto& channel : s.confirmations_withheld)
    metrics_.add("plumbline_lead_confirmations_withheld_total", "channel=\"" + channel + "\"");
  live_.nudge();              // its live event reaches open dashboards without waiting for the poll
  outbox_.messages_queued();  // the confirmation and alerts go out without waiting for the poll
}

domain::MessageBranding SettingsBranding::branding() const {
  auto s = settings_.current();
  domain::MessageBranding b = fallback_;
  if (!s->platform_name.empty()) b.platform_name = s->platform_name;
  if (!s->support_email.empty()) b.support_email = s->support_email;
  b.support_phone = s->support_phone.empty() ? "" : domain::display_phone(s->support_phone);
  b.postal_address = s->postal_address;
  return b;
}

void OutboxDoorbell::messages_queued() {
  if (auto* worker = worker_.load()) worker->nudge();  // low hand-off latency without busy polling
}

namespace {

// The settings the services share, from the config.
services::MarketplaceSettings marketplace_settings(const config::Config& c) {
  constexpr domain::Millis hour_ms = 3600LL * 1000;
  services::MarketplaceSettings ms;
  ms.max_claims_per_lead = c.max_claims_per_lead;
  ms.lead_expiry_ms = c.lead_expiry_hours * hour_ms;
  ms.dispute_window_ms = c.dispute_window_days * 24 * hour_ms;
  ms.past_due_grace_ms = c.past_due_grace_days * 24 * hour_ms;
  ms.homeowner_retention_days = c.homeowner_retention_days;
  return ms;
}

// The business facts every message shows when the settings leave them empty: the support e-mail
// is the mail's reply-to or from address (SettingsBranding puts the settings' values over it).
domain::MessageBranding message_branding(const config::Config& c) {
  domain::MessageBranding b;
  auto from = c.mail_reply_to.empty() ? c.mail_from : c.mail_reply_to;
  auto lt = from.find('<'), gt = from.find('>');
  b.support_email = lt != std::string::npos && gt != std::string::npos && gt > lt
                        ? from.substr(lt + 1, gt - lt - 1)
                        : from;
  return b;
}

// What the worker and the console's message page look a template part up with: a staff override
// when there is one.
std::function<std::optional<std::string>(const std::string&)> template_override_of(
    services::TemplateOverrideCache& cache) {
  return [&cache](const std::string& name) { return cache.find(name); };
}

// The first values of the business settings on an empty database, from the config; the console
// (SettingsService) keeps later values in the database.
domain::BusinessSettings first_business_settings(const config::Config& c) {
  domain::BusinessSettings b;
  b.max_claims_per_lead = c.max_claims_per_lead;
  b.lead_expiry_hours = c.lead_expiry_hours;
  b.dispute_window_days = c.dispute_window_days;
  b.never_requested_window_days = c.dispute_window_days;  // the rule before it was a setting
  b.past_due_grace_days = c.past_due_grace_days;
  b.platform_name = c.platform_name;
  b.support_email = c.support_email;
  b.support_phone = c.support_phone;
  b.postal_address = c.postal_address;
  b.time_zone = c.time_zone;
  b.terms_text = domain::default_terms_text();
  b.privacy_text = domain::default_privacy_text();
  b.consent_template = domain::default_consent_template();
  return b;
}

// The lead and marketplace services. Matching is built first: intake matches every new lead
// through it (LeadMatcher) and the services that widen a plumber's reach send them the open leads
// (OpenLeadMatcher). Whatever queues e-mail or SMS rings the outbox doorbell.
void build_services(App& a, const services::NotificationSettings& notify) {
  const auto& c = a.config;
  a.settings = std::make_unique<services::SettingsService>(
      *a.store, a.clock, *a.catalog, first_business_settings(c), a.marketplace_settings,
      // Any zone of the zoneinfo folder: loaded into `zones` here, so staff times use it at once.
      [zones = a.zones.get()](std::string_view zone) { return zones->find(zone) != nullptr; });
  a.branding_source = std::make_unique<SettingsBranding>(*a.settings, a.branding);
  const services::MarketplaceRules& ms = *a.settings;  // read per operation: no restart needed
  auto& store = *a.store;
  auto& catalog = *a.catalog;
  // Reports and dashboards may read a replica (issue 19); everything else reads the primary.
  auto& report_store = a.report_store ? *a.report_store : store;
  auto& bell = a.outbox_bell;
  a.matching = std::make_unique<services::MatchingService>(store, *a.zips, *a.local_zones, a.clock,
                                                           catalog, notify, ms);
  a.leads = std::make_unique<services::LeadService>(store, *a.zips, a.clock, catalog, *a.matching,
                                                    *a.lead_events, notify, ms);
  a.partners = std::make_unique<services::PartnerService>(store, a.clock, *a.leads, catalog,
                                                          *a.local_zones, a.config.secret_key);
  a.profiles = std::make_unique<services::ProfileService>(store, *a.zips, a.clock, catalog,
                                                          *a.matching, bell);
  a.lead_browse = std::make_unique<services::LeadBrowseService>(store, *a.zips, a.clock, ms);
  services::MarketplaceContext market{store, a.clock, catalog, bell, notify, ms};
  a.claims = std::make_unique<services::ClaimService>(market);
  a.disputes = std::make_unique<services::DisputeService>(market);
  a.homeowners = std::make_unique<services::HomeownerService>(market);
  a.verification = std::make_unique<services::LeadVerificationService>(  // issue 17
      store, a.clock, *a.matching, bell, notify, ms);
  a.reviews = std::make_unique<services::ReviewService>(market);  // issue 17
  a.public_profiles = std::make_unique<services::PublicProfileService>(store, *a.zips, catalog);
  a.plumber_admin =
      std::make_unique<services::PlumberAdminService>(store, a.clock, *a.matching, bell, notify);
  a.retention = std::make_unique<services::RetentionService>(store, a.clock, ms);
  a.exports = std::make_unique<services::DataExportService>(store, a.clock);
  a.sms_feedback = std::make_unique<services::SmsFeedbackService>(store, a.clock);
  services::StatusSettings status{
      plumbline_version, a.config.data_dir, !a.config.smtp_url.empty(), a.config.sms_enabled(),
      !a.config.stripe_secret_key.empty() || a.config.test_payments_active()};
  a.status = std::make_unique<services::SystemStatusService>(store, a.clock, std::move(status));
  a.audit = std::make_unique<services::AuditService>(store, a.clock);
  a.template_overrides = std::make_unique<services::TemplateOverrideCache>(store, a.clock);
  a.messages = std::make_unique<services::MessageAdminService>(
      store, a.clock, bell, a.config.templates_dir,
      services::MessageRenderSettings{a.config.base_url, a.config.secret_key, a.branding,
                                      template_override_of(*a.template_overrides),
                                      a.branding_source.get()});
  services::TemplatesSettings ts{a.config.templates_dir, a.config.base_url, a.branding,
                                 a.branding_source.get(), a.config.outbox_max_attempts};
  a.message_templates = std::make_unique<services::MessageTemplateService>(
      store, a.clock, *a.template_overrides, bell, ts);
  a.lead_edit = std::make_unique<services::LeadEditService>(
      store, *a.zips, a.clock, catalog, *a.leads, *a.matching, bell, notify, ms);
  a.lead_admin = std::make_unique<services::LeadAdminService>(market);
  a.webhook_client =
      integrations::make_webhook_client(std::chrono::seconds(a.config.webhook_timeout_seconds));
  a.webhooks = std::make_unique<services::WebhookService>(
      store, a.clock, bell, *a.webhook_client,
      services::WebhookSettings{a.config.secret_key, a.config.webhook_allow_hosts});
  a.plumber_console = std::make_unique<services::PlumberConsoleService>(
      store, a.clock, *a.zips, catalog, *a.matching, bell, notify);
  a.lead_console = std::make_unique<services::LeadConsoleService>(store, catalog);
  // Reports: every admin report, in menu order (one line each; names must differ).
  std::vector<std::unique_ptr<services::ReportBuilder>> reports;
  reports.push_back(std::make_unique<services::OverviewReport>(report_store));
  reports.push_back(std::make_unique<services::DemandReport>(report_store, *a.zips, *a.zones));
  reports.push_back(std::make_unique<services::HealthReportBuilder>(report_store));
  reports.push_back(std::make_unique<services::RevenueReport>(report_store, *a.zones));
  reports.push_back(std::make_unique<services::PlumbersReport>(report_store));
  reports.push_back(std::make_unique<services::SourcesReport>(report_store));
  a.reports =
      std::make_unique<services::ReportService>(std::move(reports), *a.settings, *a.zones, a.clock);
  // The statements the reports read through daily rollups (decision 0011), one line per report.
  std::vector<services::RollupEntry> rolled;
  for (auto* list : {services::overview_rollups, services::demand_rollups, services::health_rollups,
                     services::revenue_rollups, services::sources_rollups})
    for (auto& e : list()) rolled.push_back(std::move(e));
  a.report_rollups = std::make_unique<services::ReportRollupService>(store, *a.settings, *a.zones,
                                                                     a.clock, std::move(rolled));
  a.my_area = std::make_unique<services::MyAreaReportService>(report_store, *a.local_zones, a.clock,
                                                              catalog);
  // Request photos (issue 17).
  a.images = integrations::make_vips_image_processor();
  a.photos = std::make_unique<services::PhotoService>(store, a.clock, *a.images);
}

// The Stripe client and the payment service every Stripe event goes through: webhook,
// reconciliation and test-payments mode alike. With a key, the real Stripe; without one and with
// PLUMBLINE_TEST_PAYMENTS=on, the built-in test Stripe, reached over HTTP by the same client; with
// neither, no client: billing says online payment is not set up and admins grant credits.
void build_payments(App& a) {
  integrations::StripeOptions so;
  so.api_base = a.config.stripe_api_base;
  so.secret_key = a.config.stripe_secret_key;
  if (a.config.test_payments_active()) a.test_stripe = testpay::install_test_payments(a.config, so);
  if (!so.secret_key.empty())
    a.stripe = services::recording_stripe(integrations::make_stripe_client(so), *a.status);
  // A plan that becomes active lets its plumber receive the open leads around them: late matching.
  a.payments = std::make_unique<services::PaymentService>(
      *a.store, a.clock, a.stripe.get(), a.matching.get(),
      domain::stripe_key_is_live(a.config.stripe_secret_key));
  a.billing = std::make_unique<services::BillingService>(*a.store, a.clock, a.stripe.get(),
                                                         a.config.base_url, *a.settings);
  // The test Stripe sells the plans and packs the admin set up, like a Stripe account would.
  if (a.test_stripe) testpay::sell_catalogue(*a.test_stripe, *a.billing);
}

// The config values the handlers read.
web::WebSettings web_settings(const config::Config& c) {
  web::WebSettings s;
  s.base_url = c.base_url;
  s.https = c.https();
  s.trusted_proxies = c.trusted_proxies;
  s.time_zone = c.time_zone;
  s.max_claims_per_lead = c.max_claims_per_lead;
  s.homeowner_retention_days = c.homeowner_retention_days;
  s.closed_account_keep_days = c.closed_account_keep_days;
  s.sse_heartbeat_seconds = c.sse_heartbeat_seconds;
  s.online_payment = c.online_payment();
  s.sms_enabled = c.sms_enabled();
  s.twilio_auth_token = c.twilio_auth_token;
  s.stripe_webhook_secret = c.stripe_webhook_secret;
  s.dev_mailbox = c.dev_mailbox();
  s.mail_folder = c.mail_folder();
  return s;
}

// What the handlers use, pointing into `a` (after everything else is built).
std::unique_ptr<web::Services> web_services(App& a) {
  return std::make_unique<web::Services>(web::Services{
      .settings = web_settings(a.config),
      .clock = a.clock,
      .metrics = a.metrics,
      .marketplace_settings = *a.settings,
      .zips = a.zips.get(),
      .zones = a.zones.get(),
      .statics = a.statics.get(),
      .view = a.view.get(),
      .live = a.live.get(),
      .accounts = a.accounts.get(),
      .exports = a.exports.get(),
      .leads = a.leads.get(),
      .partners = a.partners.get(),
      .matching = a.matching.get(),
      .profiles = a.profiles.get(),
      .lead_browse = a.lead_browse.get(),
      .claims = a.claims.get(),
      .disputes = a.disputes.get(),
      .homeowners = a.homeowners.get(),
      .plumber_admin = a.plumber_admin.get(),
      .billing = a.billing.get(),
      .payments = a.payments.get(),
      .sms_feedback = a.sms_feedback.get(),
      .status = a.status.get(),
      .audit = a.audit.get(),
      .message_templates = a.message_templates.get(),
      .lead_edit = a.lead_edit.get(),
      .lead_admin = a.lead_admin.get(),
      .staff = a.staff.get(),
      .plumber_console = a.plumber_console.get(),
      .business = a.settings.get(),
      .lead_console = a.lead_console.get(),
      .test_stripe = a.test_stripe.get(),
      .messages = a.messages.get(),
      .reports = a.reports.get(),
      .my_area = a.my_area.get(),
      .verification = a.verification.get(),
      .photos = a.photos.get(),
      .reviews = a.reviews.get(),
      .public_profiles = a.public_profiles.get(),
      .openapi = &a.openapi_document,
      .webhooks = a.webhooks.get(),
  });
}

}  // namespace

std::unique_ptr<App> build(const config::Config& c, std::unique_ptr<store::Store> store) {
  auto a = std::make_unique<App>();
  a->config = c;
  a->clock = services::SystemClock(domain::Millis{c.test_clock_days} * 24 * 3600 * 1000);
  a->config.secret_key = load_or_create_secret(c);
  a->store = std::move(store);
  try {
    a->zips = std::make_unique<geo::ZipTable>(geo::ZipTable::load_file(c.zip_file));
  } catch (const std::exception& e) {
    throw std::runtime_error(std::string(e.what()) + " (set PLUMBLINE_ZIP_FILE, or run make data)");
  }
  auto zone_names = a->zips->zone_names();
  zone_names.push_back(c.time_zone);
  a->zones = std::make_unique<geo::TimeZones>(geo::TimeZones::load(c.zoneinfo_dir, zone_names));
  a->local_zones = std::make_unique<services::LocalZones>(*a->zips, *a->zones, c.time_zone);
  a->marketplace_settings = marketplace_settings(c);
  a->branding = message_branding(c);
  services::NotificationSettings notify{a->config.base_url, a->config.secret_key, c.sms_enabled(),
                                        c.outbox_max_attempts};
  notify.confirmations_per_recipient_per_day = c.confirmations_per_recipient_per_day;
  auto* metrics = &a->metrics;
  metrics->help("plumbline_leads_created_total", "counter",
                "Leads stored; duplicate=true for repeat requests.");
  metrics->help("plumbline_lead_confirmations_withheld_total", "counter",
                "Confirmations not sent: the recipient had the day's limit already, by channel.");
  static const web::LeadCardJson lead_cards;       // stateless: one for the process
  a->live = std::make_unique<services::LiveFeed>(  // the live dashboard feed (SSE)
      *a->store, a->clock,
      [&c] {
        services::LiveFeedOptions o{std::chrono::milliseconds(c.live_poll_ms),
                                    c.sse_max_streams_per_user};
        // Woken by NOTIFY (PostgreSQL), it reads by the clock only as a guard.
        o.listening_poll = std::max(o.listening_poll, o.poll);
        return o;
      }(),
      lead_cards);
  a->lead_events = std::make_unique<LeadSubscribers>(a->metrics, *a->live, a->outbox_bell);
  a->catalog = std::make_unique<services::CatalogCache>(*a->store, a->clock);
  if (!c.database_replica_url.empty()) {
    store::StoreOptions so;
    so.read_pool_size = c.db_pool_size;
    a->report_store =
        store::open_replica_reads(*a->store, c.database_url, c.database_replica_url, so,
                                  std::chrono::milliseconds(c.replica_max_lag_ms));
  }
  build_services(*a, notify);
  a->statics = std::make_unique<http::StaticFiles>(c.static_dir);
  a->view = std::make_unique<web::View>(c.templates_dir, *a->statics, c.test_payments_active());
  a->openapi_document = web::load_openapi_document(c.openapi_file);
  // Each instance holds its share of every budget (decision 0014): nginx spreads one client's
  // requests over the fleet, so the shares add up to the whole budget.
  auto limiter = [share = 1.0 / c.fleet_size](double per_minute, double burst) {
    return std::make_unique<limits::RateLimiter>(per_minute * share, std::max(1.0, burst * share));
  };
  a->intake_limiter = limiter(c.intake_rate_per_minute, c.intake_burst);
  a->api_limiter = limiter(100, 100);
  a->webhook_limiter = limiter(600, 120);
  // The request form's ZIP check runs as the homeowner types: enough for a few corrections, too
  // few to map the plumbers' coverage ZIP by ZIP.
  a->coverage_limiter = limiter(30, 20);
  a->auth_limiter = limiter(c.auth_rate_per_minute, c.auth_burst);
  a->address_limiter = limiter(5, 5);
  // Issue 17: codes entered or resent from one address (the code's own 5 attempts come first).
  a->verification_limiter = limiter(10, 10);
  try {
    a->password_policy = std::make_unique<crypto::PasswordPolicy>(
        crypto::PasswordPolicy::load_file(c.password_list));
  } catch (const std::exception& e) {
    throw std::runtime_error(std::string(e.what()) +
                             " (set PLUMBLINE_PASSWORD_LIST, or run make data)");
  }
  services::AccountSettings as;
  as.base_url = a->config.base_url;
  as.secret_key = a->config.secret_key;
  as.timeouts.idle_ms = static_cast<domain::Millis>(c.session_idle_hours) * 3600 * 1000;
  as.timeouts.absolute_ms = static_cast<domain::Millis>(c.session_absolute_hours) * 3600 * 1000;
  as.timeouts.remember_absolute_ms =
      static_cast<domain::Millis>(c.session_remember_days) * 24 * 3600 * 1000;
  as.jwt_keys = jwt_keys(a->config);
  as.max_attempts = c.outbox_max_attempts;
  // The per-address budget of failed password checks is a rate limit: off with the others.
  as.address_failures = c.rate_limit ? domain::address_failures : 0;
  as.closed_account_keep_days = c.closed_account_keep_days;
  as.admin_two_factor = c.admin_two_factor;
  as.marketplace = a->settings.get();  // new plumbers' default daily cap and quiet hours
  a->accounts = std::make_unique<services::AccountService>(*a->store, a->clock, *a->password_policy,
                                                           as, &*a->local_zones);
  a->staff = std::make_unique<services::StaffService>(*a->store, a->clock, *a->password_policy, as);
  if (c.smtp_url.empty())
    a->mailer = integrations::make_file_mailer(c.mail_folder());
  else
    a->mailer = services::recording_mailer(
        integrations::make_smtp_mailer(c.smtp_url, std::chrono::seconds(c.smtp_timeout_seconds)),
        *a->status);
  if (c.sms_enabled())
    a->sms = services::recording_sms(
        integrations::make_twilio_sms({c.twilio_api_base, c.twilio_account_sid, c.twilio_auth_token,
                                       c.twilio_from, std::chrono::seconds(15)}),
        *a->status);
  metrics->help("plumbline_outbox_handoff_seconds", "histogram",
                "Time from the causing event to the hand-off to SMTP or Twilio, by channel.");
  metrics->help("plumbline_outbox_dead_total", "counter",
                "Messages given up on by this process, by channel.");
  metrics->gauge("plumbline_outbox_pending", "Messages waiting to be sent (queue depth).",
                 [st = a->store.get()] {
                   return static_cast<double>(st->read<domain::OutboxCounts>([](store::Tx& tx) {
                                                  return tx.outbox_counts();
                                                }).pending);
                 });
  metrics->gauge("plumbline_outbox_dead", "Messages in the dead state.", [st = a->store.get()] {
    return static_cast<double>(
        st->read<domain::OutboxCounts>([](store::Tx& tx) { return tx.outbox_counts(); }).dead);
  });
  auto* st = a->store.get();
  metrics->help("http_requests_total", "counter", "HTTP requests by method, route and status.");
  metrics->help("http_request_duration_seconds", "histogram",
                "Time from request head to response, by route.");
  metrics->gauge("plumbline_db_pool_size", "Database connections in the pool.",
                 [st] { return static_cast<double>(st->pool_stats().size); });
  metrics->gauge("plumbline_db_pool_in_use", "Database connections in use.",
                 [st] { return static_cast<double>(st->pool_stats().in_use); });
  metrics->gauge(
      "plumbline_db_pool_waits_total", "Times a request waited for a database connection.",
      [st] { return static_cast<double>(st->pool_stats().waits); }, "counter");
  metrics->gauge(
      "plumbline_db_commits_total", "Write transactions committed.",
      [st] { return static_cast<double>(st->pool_stats().commits); }, "counter");
  build_payments(*a);
  a->web = web_services(*a);
  return a;
}

web::Limiters limiters(App& a) {
  return {*a.intake_limiter, *a.api_limiter,     *a.webhook_limiter,     *a.coverage_limiter,
          *a.auth_limiter,   *a.address_limiter, *a.verification_limiter};
}

std::vector<crypto::JwtKey> jwt_keys(const config::Config& c) {
  std::vector<crypto::JwtKey> keys;
  std::size_t i = 0;
  const auto& v = c.jwt_keys;
  while (i < v.size()) {
    auto j = v.find(',', i);
    if (j == std::string::npos) j = v.size();
    auto item = v.substr(i, j - i);
    auto colon = item.find(':');
    keys.push_back({item.substr(0, colon), item.substr(colon + 1)});
    i = j + 1;
  }
  if (keys.empty())
    keys.push_back({"k1", crypto::hmac_sha256_hex(c.secret_key, "plumbline-jwt:k1")});
  return keys;
}

void build_worker(App& a, int threads) {
  worker::OutboxWorkerOptions o;
  char host[256] = "host";
  gethostname(host, sizeof host - 1);
  o.owner = std::string(host) + ":" + std::to_string(getpid());
  o.threads = threads;
  o.batch = a.config.outbox_batch;
  o.poll = std::chrono::milliseconds(a.config.outbox_poll_ms);
  o.lease_ms = static_cast<domain::Millis>(a.config.outbox_lease_seconds) * 1000;
  o.templates_dir = a.config.templates_dir;
  o.mail_from = a.config.mail_from;
  o.mail_reply_to = a.config.mail_reply_to;
  o.base_url = a.config.base_url;
  o.secret_key = a.config.secret_key;
  o.branding = a.branding;
  o.branding_source = a.branding_source.get();  // a settings change shows in the next message
  o.template_override = template_override_of(*a.template_overrides);
  o.webhook_client = a.webhook_client.get();
  o.webhook_allow_hosts = a.config.webhook_allow_hosts;
  o.webhook_retry_first_ms = static_cast<domain::Millis>(a.config.webhook_retry_seconds) * 1000;
  auto* metrics = &a.metrics;
  worker::OutboxWorkerHooks hooks;
  hooks.on_sent = [metrics](const domain::OutboxMessage& m, double seconds) {
    metrics->observe("plumbline_outbox_handoff_seconds", "channel=\"" + m.channel + "\"", seconds);
  };
  hooks.on_dead = [metrics](const domain::OutboxMessage& m, const std::string&) {
    metrics->add("plumbline_outbox_dead_total", "channel=\"" + m.channel + "\"");
  };
  a.outbox =
      std::make_unique<worker::OutboxWorker>(*a.store, *a.mailer, a.sms.get(), a.clock, o, hooks);
  a.outbox_bell.attach(a.outbox.get());  // services' messages go out without waiting for a poll
  // The worker's heartbeat for the system status page: at start, then every 10 s.
  domain::WorkerHeartbeat beat{o.owner, host, getpid(), a.clock.now_ms(), 0};
  a.heartbeat = std::make_shared<worker::Periodic>(
      [status = a.status.get(), beat] { status->record_heartbeat(beat); },
      std::chrono::milliseconds(domain::heartbeat_interval_ms));
  a.expiry = std::make_unique<worker::ExpiryJob>(
      *a.retention, *a.store, a.clock, std::chrono::seconds(a.config.expiry_interval_seconds));
  a.privacy = std::make_shared<worker::PrivacyJob>(
      *a.accounts, *a.retention, std::chrono::seconds(a.config.privacy_interval_seconds));
  // Issue 17: review e-mails are due in days, so the expiry job's interval is fine-grained enough.
  a.review_job = std::make_shared<worker::ReviewRequestJob>(
      *a.reviews, std::chrono::seconds(a.config.expiry_interval_seconds));
  a.rollup_job = std::make_shared<worker::Periodic>(
      [rollups = a.report_rollups.get()] { worker::run_report_rollups(*rollups); },
      std::chrono::seconds(worker::report_rollup_interval_seconds));
  if (a.config.backup_interval_seconds > 0) {
    if (a.store->backend() == "sqlite")
      a.backup_job = std::make_shared<worker::BackupJob>(
          worker::BackupJobOptions{a.config.database_url, a.config.backup_folder(),
                                   std::chrono::seconds(a.config.backup_interval_seconds),
                                   a.config.backup_keep},
          a.clock);
    else
      log::warn("backup_schedule_ignored",
                {{"hint",
                  "PLUMBLINE_BACKUP_INTERVAL_SECONDS schedules SQLite backups; PostgreSQL is "
                  "backed up with pgBackRest (docs/operations.md)"}});
  }
  if (a.stripe && a.payments && a.config.stripe_reconcile_seconds > 0)
    a.reconcile = std::make_shared<worker::ReconcileJob>(
        *a.stripe,
        [p = a.payments.get()](const boost::json::value& e) { return p->handle_event(e); }, a.clock,
        std::chrono::seconds(a.config.stripe_reconcile_seconds),
        std::chrono::hours(a.config.stripe_reconcile_lookback_hours));
  std::vector<worker::LeaderJob> jobs = {
      {[&a] { a.expiry->start(); }, [&a] { a.expiry->stop(); }},
      {[&a] { a.privacy->start(); }, [&a] { a.privacy->stop(); }},
      {[&a] { a.review_job->start(); }, [&a] { a.review_job->stop(); }},  // issue 17
      {[&a] { a.rollup_job->start(); }, [&a] { a.rollup_job->stop(); }}};
  if (a.reconcile) jobs.push_back({[&a] { a.reconcile->start(); }, [&a] { a.reconcile->stop(); }});
  if (a.backup_job)
    jobs.push_back({[&a] { a.backup_job->start(); }, [&a] { a.backup_job->stop(); }});
  a.leader = std::make_shared<worker::Leader>(*a.store, std::move(jobs),
                                              std::chrono::milliseconds(a.config.leader_check_ms));
}

}  // namespace plumbline::app
