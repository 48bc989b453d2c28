// The typed configuration handed to every part at start (never a global).
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace plumbline::config {

struct Config {
  std::string database_url = "sqlite:var/plumbline.db";
  std::string listen_host = "127.0.0.1";
  int listen_port = 8080;
  std::string base_url;                    // defaults to http://<listen>
  std::vector<std::string> allowed_hosts;  // Host values served besides the base URL's host
  std::string metrics_listen_host;         // empty = no separate /metrics listener
  int metrics_listen_port = 0;
  std::string metrics_token;  // empty = /metrics is not served on the public port
  int io_threads = 0;         // 0 = number of cores
  int handler_threads = 64;
  int max_connections = 10000;
  int max_connections_per_address = 256;  // 0 = no per-address cap
  int header_timeout_seconds = 10;
  int body_timeout_seconds = 30;
  int idle_timeout_seconds = 60;
  int shutdown_grace_seconds = 10;
  int db_pool_size = 4;
  bool sqlite_synchronous_full = true;
  bool rate_limit = true;
  bool admin_two_factor = true;  // admins must sign in with a second factor (TOTP)
  int intake_rate_per_minute = 20;
  int intake_burst = 10;
  // Homeowner confirmations (e-mail, SMS) one address or phone number gets per 24 h (issue 12 p9).
  int confirmations_per_recipient_per_day = 3;
  std::vector<std::string> trusted_proxies;
  std::string secret_key;  // empty = generated once into <data_dir>/secret.key
  std::string data_dir = "var";
  std::string zip_file = "data/generated/zips.tsv";
  // Staff read times in this zone (plumbers in their base ZIP's, homeowners in their request's).
  std::string time_zone = "America/New_York";
  std::string zoneinfo_dir = "/usr/share/zoneinfo";  // Debian's tzdata
  std::string templates_dir = "templates";
  std::string static_dir = "static";
  std::string openapi_file =
      "docs/openapi.json";  // the API contract, served at /api/v1/openapi.json
  std::string log_level = "info";
  bool access_log = true;
  bool demo_data = false;  // serve: load demo data on first run
  // serve with demo data: the demo admin's password (empty = generated, shown once on a terminal).
  std::string demo_admin_password;
  // Integrations (used by later features; validated and printed masked now).
  std::string smtp_url;
  std::string mail_from = "Plumbline <no-reply@plumbline.local>";
  std::string stripe_secret_key, stripe_webhook_secret, stripe_api_base = "https://api.stripe.com";
  int stripe_reconcile_seconds = 600;        // 0 = no reconciliation job
  int stripe_reconcile_lookback_hours = 72;  // Stripe retries deliveries for up to 3 days
  // The built-in TEST MODE Stripe (src/testpay/) when no Stripe key is set: anyone may "pay" with a
  // test card, so it is an explicit choice, refused on https or non-loopback addresses.
  bool test_payments = false;
  // Tests only: the server's clock runs this many days ahead (a review e-mail due a week after a
  // hire, seen without waiting a week); refused unless the server listens on loopback alone.
  int test_clock_days = 0;
  std::string twilio_account_sid, twilio_auth_token, twilio_from,
      twilio_api_base = "https://api.twilio.com";
  std::string mail_reply_to;
  std::string mail_dir;  // empty = <data_dir>/mail
  int smtp_timeout_seconds = 30;
  // Outbox worker.
  int worker_threads =
      1;  // in-process worker threads for `serve`; 0 = run `plumbline worker` separately
  int outbox_batch = 20;
  int outbox_poll_ms = 250;
  int outbox_lease_seconds = 120;
  int outbox_max_attempts = 8;
  // Outbound webhooks (issue 20 item 3).
  int webhook_timeout_seconds = 10;
  int webhook_retry_seconds = 30;  // the first retry's delay; doubling, capped at 1 h
  // Tests only: hosts a webhook may reach although they are private (and over http); refused
  // unless the listen address is loopback.
  std::vector<std::string> webhook_allow_hosts;

  // Accounts.
  int session_idle_hours = 12;
  int session_absolute_hours = 24;
  int session_remember_days = 30;
  std::string
      jwt_keys;  // "kid:secret,kid2:secret2" (first signs); empty = one key derived from secret_key
  std::string password_list = "data/generated/common-passwords.txt";
  int auth_rate_per_minute = 10;
  int auth_burst = 10;

  // Marketplace (admin-editable defaults; the admin console will store overrides).
  int max_claims_per_lead = 3;
  int lead_expiry_hours = 72;
  int dispute_window_days = 14;
  int past_due_grace_days = 7;
  // The business (issue 15): first values of the console's settings on an empty database.
  std::string platform_name = "Plumbline";
  std::string support_email, support_phone, postal_address;
  int expiry_interval_seconds = 60;  // how often open leads are checked for expiry
  // Privacy (issue 12): anonymisation of closed accounts and of old homeowner contact details.
  int closed_account_keep_days = 30;
  int homeowner_retention_days = 365;   // 0 = keep
  int privacy_interval_seconds = 3600;  // how often the privacy job runs
  // Scheduled SQLite backups, taken by the process that runs the periodic jobs (issue 19).
  std::string backup_dir;           // empty = <data_dir>/backups
  int backup_interval_seconds = 0;  // 0 = none scheduled (`plumbline backup` still works)
  int backup_keep = 7;              // the newest this many stay; older ones are deleted
  // Live dashboard (server-sent events).
  int sse_max_streams_per_user = 4;
  int sse_heartbeat_seconds = 15;
  int live_poll_ms = 200;  // how often each instance reads new live events
  // Several instances on one PostgreSQL (issue 19; docs/operations.md ("Scale")).
  std::string database_replica_url;  // empty = reports and dashboards read the primary
  int replica_max_lag_ms = 5000;     // staler than this, the replica is passed over
  int leader_check_ms = 2000;        // how often the jobs' leader lock is checked or tried
  int fleet_size = 1;                // rate-limit budgets are divided by this (decision 0014)

  bool sms_enabled() const { return !twilio_account_sid.empty(); }
  // The local mailbox (/dev/mail): only when mail is written to files and the server listens on
  // loopback (the page also refuses requests from elsewhere: web/pages/dev_mail.cpp).
  bool dev_mailbox() const {
    return smtp_url.empty() &&
           (listen_host == "127.0.0.1" || listen_host == "::1" || listen_host == "localhost");
  }
  std::string mail_folder() const { return mail_dir.empty() ? data_dir + "/mail" : mail_dir; }
  std::string backup_folder() const {
    return backup_dir.empty() ? data_dir + "/backups" : backup_dir;
  }

  bool https() const { return base_url.rfind("https://", 0) == 0; }
  // The built-in test Stripe is in use: asked for, and no real Stripe key configured.
  bool test_payments_active() const { return test_payments && stripe_secret_key.empty(); }
  // Plumbers can pay online: a Stripe key, or test payments.
  bool online_payment() const { return !stripe_secret_key.empty() || test_payments; }
};

// One row per option: its environment name, default shown in docs, whether it is a secret.
struct OptionInfo {
  std::string env;
  std::string default_value;
  bool secret;
  std::string description;
};
const std::vector<OptionInfo>& option_table();

struct LoadResult {
  Config config;
  std::vector<std::string> errors;    // each names the variable; non-empty = refuse to start
  std::vector<std::string> warnings;  // e.g. unknown PLUMBLINE_* variables
};

// Builds the config from `defaults` (an installed layout's: config/layout.hpp), an optional
// KEY=VALUE file, then the environment, then *_FILE secrets.
LoadResult load(const std::map<std::string, std::string>& env, const std::string& file_path,
                Config defaults = {});

// True for localhost, 127.0.0.0/8 and ::1 (brackets allowed): addresses only this machine reaches.
bool is_loopback_host(const std::string& host);

// Reads the process environment into a map.
std::map<std::string, std::string> process_env();

// Returns "NAME=value" lines with secrets masked, for printing at start.
std::vector<std::string> describe(const Config& c);

}  // namespace plumbline::config
