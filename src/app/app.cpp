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
#include "testpay/install.hpp"
#include "testpay/test_stripe.hpp"
#include "web/local_time.hpp"
#include "web/present/lead_card.hpp"
#include "worker/privacy_job.hpp"
#include "worker/reconcile_job.hpp"

namespace plumbline::app {

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

namespace {

// The marketplace, hooked into intake: every new lead is matched in its own transaction.
void build_marketplace(App& a, const services::NotificationSettings& notify) {
  const auto& c = a.config;
  constexpr domain::Millis hour_ms = 3600LL * 1000;
  services::MarketplaceSettings ms;
  ms.max_claims_per_lead = c.max_claims_per_lead;
  ms.lead_expiry_ms = c.lead_expiry_hours * hour_ms;
  ms.dispute_window_ms = c.dispute_window_days * 24 * hour_ms;
  ms.past_due_grace_ms = c.past_due_grace_days * 24 * hour_ms;
  ms.homeowner_retention_days = c.homeowner_retention_days;
  ms.platform_time_zone = c.time_zone;
  a.marketplace = std::make_unique<services::MarketplaceService>(*a.store, *a.zips, *a.zones,
                                                                 a.clock, *a.leads, notify, ms);
  a.leads->max_claims_per_lead = c.max_claims_per_lead;
  a.leads->lead_expiry_hours = c.lead_expiry_hours;
  a.leads->covered = [m = a.marketplace.get()](const domain::NewLead& lead) {
    return m->covers(lead);
  };
  a.leads->on_new_lead = [m = a.marketplace.get()](
                             store::Tx& tx, std::int64_t id, const domain::NewLead& lead,
                             const domain::Catalog& catalog, domain::Millis now) {
    return m->match_new_lead(tx, id, lead, catalog, now);
  };
}

// The Stripe client and the payment service every Stripe event goes through: webhook,
// reconciliation and test-payments mode alike. With a key, the real Stripe; without one and with
// PLUMBLINE_TEST_PAYMENTS=on, the built-in test Stripe, reached over HTTP by the same client; with
// neither, no client: billing says online payment is not set up and admins grant credits.
void build_payments(App& a) {
  integrations::StripeOptions so;
  so.api_base = a.config.stripe_api_base;
  so.secret_key = a.config.stripe_secret_key;
  if (a.config.test_payments_active()) testpay::install_test_payments(a, so);
  if (!so.secret_key.empty()) a.stripe = integrations::make_stripe_client(so);
  a.payments = std::make_unique<services::PaymentService>(*a.store, a.clock, a.stripe.get());
  // A plan that becomes active lets its plumber receive the open leads around them: late matching.
  a.payments->on_plumber_changed = [m = a.marketplace.get()](store::Tx& tx, std::int64_t id,
                                                             domain::Millis now) {
    m->match_open_leads(tx, id, now);
  };
  a.billing = std::make_unique<services::BillingService>(*a.store, a.clock, a.stripe.get(),
                                                         a.config.base_url);
  a.billing->past_due_grace_ms = a.config.past_due_grace_days * 24LL * 3600 * 1000;
}

}  // namespace

std::unique_ptr<App> build(const config::Config& c, std::unique_ptr<store::Store> store) {
  auto a = std::make_unique<App>();
  a->config = c;
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
  services::NotificationSettings notify{a->config.base_url, a->config.secret_key, c.sms_enabled(),
                                        c.outbox_max_attempts};
  notify.confirmations_per_recipient_per_day = c.confirmations_per_recipient_per_day;
  a->leads = std::make_unique<services::LeadService>(*a->store, *a->zips, a->clock, notify);
  build_marketplace(*a, notify);
  auto* metrics = &a->metrics;
  metrics->help("plumbline_leads_created_total", "counter",
                "Leads stored; duplicate=true for repeat requests.");
  metrics->help("plumbline_lead_confirmations_withheld_total", "counter",
                "Confirmations not sent: the recipient had the day's limit already, by channel.");
  a->leads->on_submitted = [metrics](const services::SubmittedLead& s) {
    metrics->add("plumbline_leads_created_total",
                 s.duplicate ? "duplicate=\"true\"" : "duplicate=\"false\"");
    for (const auto& channel : s.confirmations_withheld)
      metrics->add("plumbline_lead_confirmations_withheld_total", "channel=\"" + channel + "\"");
  };
  a->statics = std::make_unique<http::StaticFiles>(c.static_dir);
  a->view = std::make_unique<web::View>(c.templates_dir, *a->statics, c.test_payments_active());
  a->intake_limiter = std::make_unique<http::RateLimiter>(c.intake_rate_per_minute, c.intake_burst);
  a->api_limiter = std::make_unique<http::RateLimiter>(100, 100);
  a->webhook_limiter = std::make_unique<http::RateLimiter>(600, 120);
  // The request form's ZIP check runs as the homeowner types: enough for a few corrections, too
  // few to map the plumbers' coverage ZIP by ZIP.
  a->coverage_limiter = std::make_unique<http::RateLimiter>(30, 20);
  a->auth_limiter = std::make_unique<http::RateLimiter>(c.auth_rate_per_minute, c.auth_burst);
  a->address_limiter = std::make_unique<http::RateLimiter>(5, 5);
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
  as.local_time = [app = a.get()](std::string_view zip, domain::Millis ms) {
    return web::local_time(ms, web::zip_zone(*app, zip));
  };
  a->accounts =
      std::make_unique<services::AccountService>(*a->store, a->clock, *a->password_policy, as);
  if (c.smtp_url.empty())
    a->mailer = integrations::make_file_mailer(c.mail_folder());
  else
    a->mailer =
        integrations::make_smtp_mailer(c.smtp_url, std::chrono::seconds(c.smtp_timeout_seconds));
  if (c.sms_enabled())
    a->sms =
        integrations::make_twilio_sms({c.twilio_api_base, c.twilio_account_sid, c.twilio_auth_token,
                                       c.twilio_from, std::chrono::seconds(15)});
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
  static const web::LeadCardJson lead_cards;       // stateless: one for the process
  a->live = std::make_unique<services::LiveFeed>(  // the live dashboard feed (SSE)
      *a->store, a->clock,
      services::LiveFeedOptions{std::chrono::milliseconds(c.live_poll_ms),
                                c.sse_max_streams_per_user},
      lead_cards);
  a->leads->on_submitted = [live = a->live.get(),
                            previous = a->leads->on_submitted](const services::SubmittedLead& s) {
    if (previous) previous(s);
    live->nudge();  // a new lead's event reaches open dashboards without waiting for the poll
  };
  metrics->gauge(
      "plumbline_db_commits_total", "Write transactions committed.",
      [st] { return static_cast<double>(st->pool_stats().commits); }, "counter");
  build_payments(*a);
  return a;
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
  auto* outbox = a.outbox.get();
  auto previous = a.leads->on_submitted;
  a.leads->on_submitted = [previous, outbox](const services::SubmittedLead& s) {
    if (previous) previous(s);
    outbox->nudge();  // low hand-off latency without busy polling
  };
  a.marketplace->on_messages = [outbox] { outbox->nudge(); };
  a.expiry = std::make_unique<worker::ExpiryJob>(
      *a.marketplace, *a.store, a.clock, std::chrono::seconds(a.config.expiry_interval_seconds));
  a.privacy = std::make_shared<worker::PrivacyJob>(
      *a.accounts, *a.marketplace, std::chrono::seconds(a.config.privacy_interval_seconds));
  if (a.stripe && a.payments && a.config.stripe_reconcile_seconds > 0)
    a.reconcile = std::make_shared<worker::ReconcileJob>(
        *a.stripe,
        [p = a.payments.get()](const boost::json::value& e) { return p->handle_event(e); }, a.clock,
        std::chrono::seconds(a.config.stripe_reconcile_seconds),
        std::chrono::hours(a.config.stripe_reconcile_lookback_hours));
}

}  // namespace plumbline::app
