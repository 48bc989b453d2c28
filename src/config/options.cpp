// The table of options: environment name, default, secret flag, parser/validator into Config.
#include <cctype>
#include <charconv>
#include <functional>
#include <optional>
#include <thread>

#include "config/config.hpp"
#include "config/options_impl.hpp"
#include "http/hosts.hpp"

namespace plumbline::config {

namespace {

std::optional<std::string> parse_int(const std::string& v, int lo, int hi, int& out) {
  int x = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), x);
  if (ec != std::errc() || p != v.data() + v.size()) return "must be a whole number";
  if (x < lo || x > hi)
    return "must be between " + std::to_string(lo) + " and " + std::to_string(hi);
  out = x;
  return std::nullopt;
}

std::optional<std::string> parse_bool(const std::string& v, bool& out) {
  if (v == "on" || v == "true" || v == "1" || v == "yes")
    out = true;
  else if (v == "off" || v == "false" || v == "0" || v == "no")
    out = false;
  else
    return "must be on or off";
  return std::nullopt;
}

std::optional<std::string> parse_listen(const std::string& v, std::string& host_out, int& port_out,
                                        const char* example) {
  auto colon = v.rfind(':');
  if (colon == std::string::npos || colon == 0)
    return std::string("must be HOST:PORT, e.g. ") + example;
  std::string host = v.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  int port = 0;
  if (auto e = parse_int(v.substr(colon + 1), 0, 65535, port)) return "port " + *e;
  host_out = host;
  port_out = port;
  return std::nullopt;
}

// Splits a comma-separated list, trimming spaces and dropping empty items.
std::vector<std::string> split_list(const std::string& v) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i <= v.size()) {
    auto j = v.find(',', i);
    if (j == std::string::npos) j = v.size();
    std::string item = v.substr(i, j - i);
    while (!item.empty() && item.front() == ' ') item.erase(0, 1);
    while (!item.empty() && item.back() == ' ') item.pop_back();
    if (!item.empty()) out.push_back(item);
    i = j + 1;
  }
  return out;
}

std::optional<std::string> parse_url(const std::string& v,
                                     std::initializer_list<const char*> schemes) {
  for (const char* s : schemes)
    if (v.rfind(s, 0) == 0 && v.size() > std::char_traits<char>::length(s)) return std::nullopt;
  std::string list;
  for (const char* s : schemes) list += std::string(list.empty() ? "" : ", ") + s;
  return "must start with " + list;
}

using Setter = std::function<std::optional<std::string>(Config&, const std::string&)>;

Setter str(std::string Config::*m) {
  return [m](Config& c, const std::string& v) -> std::optional<std::string> {
    c.*m = v;
    return std::nullopt;
  };
}
Setter integer(int Config::*m, int lo, int hi) {
  return [=](Config& c, const std::string& v) { return parse_int(v, lo, hi, c.*m); };
}
Setter boolean(bool Config::*m) {
  return [m](Config& c, const std::string& v) { return parse_bool(v, c.*m); };
}
Setter url(std::string Config::*m, std::initializer_list<const char*> schemes) {
  std::vector<const char*> s(schemes);
  return [m, s](Config& c, const std::string& v) -> std::optional<std::string> {
    if (v.empty()) {
      c.*m = v;
      return std::nullopt;
    }
    for (const char* p : s)
      if (v.rfind(p, 0) == 0 && v.size() > std::char_traits<char>::length(p)) {
        c.*m = v;
        return std::nullopt;
      }
    std::string list;
    for (const char* p : s) list += std::string(list.empty() ? "" : ", ") + p;
    return "must start with " + list;
  };
}

}  // namespace

const std::vector<Option>& options() {
  static const std::vector<Option> table = {
      {{"DATABASE_URL", "sqlite:var/plumbline.db", false,
        "sqlite:PATH or postgres://user:pass@host:port/db"},
       [](Config& c, const std::string& v) -> std::optional<std::string> {
         if (auto e = parse_url(v, {"sqlite:", "postgres://", "postgresql://"})) return e;
         c.database_url = v;
         return std::nullopt;
       }},
      {{"PLUMBLINE_LISTEN", "127.0.0.1:8080", false,
        "address to listen on; port 0 picks a free port"},
       [](Config& c, const std::string& v) {
         return parse_listen(v, c.listen_host, c.listen_port, "127.0.0.1:8080");
       }},
      {{"PLUMBLINE_BASE_URL", "http://<listen>", false,
        "public URL used in links, the Origin check and the Host check"},
       url(&Config::base_url, {"http://", "https://"})},
      {{"PLUMBLINE_ALLOWED_HOSTS", "", false,
        "comma-separated HOST or HOST:PORT answered besides the base URL's host; others get 421"},
       [](Config& c, const std::string& v) -> std::optional<std::string> {
         auto hosts = split_list(v);
         for (const auto& h : hosts)
           if (!http::parse_host(h)) return "entry " + h + " is not HOST or HOST:PORT";
         c.allowed_hosts = hosts;
         return std::nullopt;
       }},
      {{"PLUMBLINE_METRICS_LISTEN", "", false,
        "HOST:PORT of a second listener serving only /metrics; empty = none"},
       [](Config& c, const std::string& v) -> std::optional<std::string> {
         if (v.empty()) {
           c.metrics_listen_host.clear();
           return std::nullopt;
         }
         return parse_listen(v, c.metrics_listen_host, c.metrics_listen_port, "127.0.0.1:9100");
       }},
      {{"PLUMBLINE_METRICS_TOKEN", "", true,
        "bearer token for /metrics (≥ 32 chars); empty = no /metrics on the public port"},
       [](Config& c, const std::string& v) -> std::optional<std::string> {
         if (!v.empty() && v.size() < 32) return "must be at least 32 characters";
         c.metrics_token = v;
         return std::nullopt;
       }},
      {{"PLUMBLINE_THREADS", "number of cores", false, "I/O threads"},
       integer(&Config::io_threads, 0, 256)},
      {{"PLUMBLINE_HANDLER_THREADS", "64", false,
        "threads running handlers (they may wait on the database)"},
       integer(&Config::handler_threads, 1, 1024)},
      {{"PLUMBLINE_MAX_CONNECTIONS", "10000", false,
        "open connections beyond this are closed at once"},
       integer(&Config::max_connections, 1, 1000000)},
      {{"PLUMBLINE_MAX_CONNECTIONS_PER_ADDRESS", "256", false,
        "open connections from one client address beyond this are closed at once (0 = no cap; "
        "trusted proxies are exempt, cap them in the proxy)"},
       integer(&Config::max_connections_per_address, 0, 1000000)},
      {{"PLUMBLINE_HEADER_TIMEOUT_SECONDS", "10", false, "deadline to receive a request head"},
       integer(&Config::header_timeout_seconds, 1, 3600)},
      {{"PLUMBLINE_BODY_TIMEOUT_SECONDS", "30", false, "deadline to receive a request body"},
       integer(&Config::body_timeout_seconds, 1, 3600)},
      {{"PLUMBLINE_IDLE_TIMEOUT_SECONDS", "60", false,
        "idle keep-alive connections are closed after this"},
       integer(&Config::idle_timeout_seconds, 1, 3600)},
      {{"PLUMBLINE_SHUTDOWN_GRACE_SECONDS", "10", false, "time in-flight requests get on SIGTERM"},
       integer(&Config::shutdown_grace_seconds, 0, 600)},
      {{"PLUMBLINE_DB_POOL_SIZE", "4", false, "SQLite reader connections / PostgreSQL pool size"},
       integer(&Config::db_pool_size, 1, 256)},
      {{"PLUMBLINE_SQLITE_SYNCHRONOUS", "full", false,
        "full = fsync before acknowledging; normal = faster"},
       [](Config& c, const std::string& v) -> std::optional<std::string> {
         if (v == "full")
           c.sqlite_synchronous_full = true;
         else if (v == "normal")
           c.sqlite_synchronous_full = false;
         else
           return "must be full or normal";
         return std::nullopt;
       }},
      {{"PLUMBLINE_RATE_LIMIT", "on", false, "off disables rate limits (benchmarks only)"},
       boolean(&Config::rate_limit)},
      {{"PLUMBLINE_ADMIN_2FA", "on", false,
        "on: every admin account signs in with a second factor (TOTP), set up at its first "
        "sign-in; off leaves it optional (tests and demos only)"},
       boolean(&Config::admin_two_factor)},
      {{"PLUMBLINE_INTAKE_RATE_PER_MINUTE", "20", false,
        "lead submissions per client IP per minute"},
       integer(&Config::intake_rate_per_minute, 1, 1000000)},
      {{"PLUMBLINE_INTAKE_BURST", "10", false, "lead submissions a client IP may make at once"},
       integer(&Config::intake_burst, 1, 1000000)},
      {{"PLUMBLINE_CONFIRMATIONS_PER_RECIPIENT_PER_DAY", "3", false,
        "request confirmations one e-mail address or phone number gets per 24 h; later requests "
        "are stored and matched without one"},
       integer(&Config::confirmations_per_recipient_per_day, 1, 1000)},
      {{"PLUMBLINE_TRUSTED_PROXIES", "", false,
        "comma-separated proxy IPs whose X-Forwarded-For is believed"},
       [](Config& c, const std::string& v) -> std::optional<std::string> {
         c.trusted_proxies = split_list(v);
         return std::nullopt;
       }},
      {{"PLUMBLINE_SECRET_KEY", "generated into <data dir>/secret.key", true,
        "signs CSRF tokens; ≥ 32 chars"},
       [](Config& c, const std::string& v) -> std::optional<std::string> {
         if (!v.empty() && v.size() < 32) return "must be at least 32 characters";
         c.secret_key = v;
         return std::nullopt;
       }},
      {{"PLUMBLINE_DATA_DIR", "var", false,
        "folder for the SQLite file, generated secrets and local mail"},
       str(&Config::data_dir)},
      {{"PLUMBLINE_ZIP_FILE", "data/generated/zips.tsv", false, "ZIP centroid table"},
       str(&Config::zip_file)},
      {{"PLUMBLINE_TIME_ZONE", "America/New_York", false,
        "IANA time zone of the times staff read (admin pages and e-mails)"},
       [](Config& c, const std::string& v) -> std::optional<std::string> {
         bool ok = !v.empty() && v.front() != '/' && v.find("..") == std::string::npos;
         for (char ch : v)
           ok = ok && (std::isalnum(static_cast<unsigned char>(ch)) || ch == '/' || ch == '_' ||
                       ch == '-' || ch == '+');
         if (!ok) return "must be an IANA time zone name, e.g. America/Chicago";
         c.time_zone = v;
         return std::nullopt;
       }},
      {{"PLUMBLINE_ZONEINFO_DIR", "/usr/share/zoneinfo", false,
        "time zone files (Debian's tzdata package)"},
       str(&Config::zoneinfo_dir)},
      {{"PLUMBLINE_TEMPLATES_DIR", "templates", false, "Mustache templates"},
       str(&Config::templates_dir)},
      {{"PLUMBLINE_STATIC_DIR", "static", false, "static assets"}, str(&Config::static_dir)},
      {{"PLUMBLINE_OPENAPI_FILE", "docs/openapi.json", false,
        "the API's OpenAPI document (served at /api/v1/openapi.json)"},
       str(&Config::openapi_file)},
      {{"PLUMBLINE_LOG_LEVEL", "info", false, "debug, info, warn or error"},
       [](Config& c, const std::string& v) -> std::optional<std::string> {
         if (v != "debug" && v != "info" && v != "warn" && v != "error")
           return "must be debug, info, warn or error";
         c.log_level = v;
         return std::nullopt;
       }},
      {{"PLUMBLINE_ACCESS_LOG", "on", false, "one JSON line per request"},
       boolean(&Config::access_log)},
      {{"PLUMBLINE_DEMO_DATA", "off", false, "serve: load demo data when the database is empty"},
       boolean(&Config::demo_data)},
      {{"PLUMBLINE_DEMO_ADMIN_PASSWORD", "", true,
        "serve with demo data: the password of the demo admin created when no admin exists "
        "(empty = generated and shown once on the terminal)"},
       str(&Config::demo_admin_password)},
      {{"PLUMBLINE_SMTP_URL", "", true,
        "smtp://user:pass@host:port or smtps://…; empty = write .eml files"},
       url(&Config::smtp_url, {"smtp://", "smtps://"})},
      {{"PLUMBLINE_MAIL_FROM", "Plumbline <no-reply@plumbline.local>", false, "From address"},
       str(&Config::mail_from)},
      {{"PLUMBLINE_STRIPE_SECRET_KEY", "", true,
        "empty = no online payment (or test payments, see PLUMBLINE_TEST_PAYMENTS)"},
       str(&Config::stripe_secret_key)},
      {{"PLUMBLINE_STRIPE_WEBHOOK_SECRET", "", true, "whsec_…"},
       str(&Config::stripe_webhook_secret)},
      {{"PLUMBLINE_STRIPE_API_BASE", "https://api.stripe.com", false, "Stripe API base URL"},
       url(&Config::stripe_api_base, {"http://", "https://"})},
      {{"PLUMBLINE_STRIPE_RECONCILE_SECONDS", "600", false,
        "how often missed Stripe events are fetched and applied; 0 = never"},
       integer(&Config::stripe_reconcile_seconds, 0, 86400)},
      {{"PLUMBLINE_STRIPE_RECONCILE_LOOKBACK_HOURS", "72", false,
        "how far back reconciliation looks"},
       integer(&Config::stripe_reconcile_lookback_hours, 1, 720)},
      {{"PLUMBLINE_TEST_PAYMENTS", "off", false,
        "on = built-in TEST MODE Stripe when no Stripe key is set (make run, tests); free credits "
        "for anyone, so refused unless the base URL is http:// on loopback and the listen "
        "address is loopback"},
       boolean(&Config::test_payments)},
      {{"PLUMBLINE_TEST_CLOCK_DAYS", "0", false,
        "tests only: the server's clock runs this many days ahead (a review e-mail due a week "
        "after a hire, seen at once); refused unless the listen address is loopback"},
       integer(&Config::test_clock_days, 0, 3650)},
      {{"PLUMBLINE_TWILIO_ACCOUNT_SID", "", false, "AC…; empty = no SMS"},
       str(&Config::twilio_account_sid)},
      {{"PLUMBLINE_TWILIO_AUTH_TOKEN", "", true, "Twilio auth token"},
       str(&Config::twilio_auth_token)},
      {{"PLUMBLINE_TWILIO_FROM", "", false, "sending number, E.164"}, str(&Config::twilio_from)},
      {{"PLUMBLINE_MAIL_REPLY_TO", "", false, "Reply-To address for e-mail"},
       str(&Config::mail_reply_to)},
      {{"PLUMBLINE_MAIL_DIR", "<data dir>/mail", false,
        "where .eml files go when no SMTP server is set"},
       str(&Config::mail_dir)},
      {{"PLUMBLINE_SMTP_TIMEOUT_SECONDS", "30", false, "SMTP connect + send timeout"},
       integer(&Config::smtp_timeout_seconds, 1, 600)},
      {{"PLUMBLINE_WORKER_THREADS", "1", false,
        "outbox worker threads inside serve; 0 = separate worker"},
       integer(&Config::worker_threads, 0, 64)},
      {{"PLUMBLINE_OUTBOX_BATCH", "20", false, "messages leased per worker round"},
       integer(&Config::outbox_batch, 1, 1000)},
      {{"PLUMBLINE_OUTBOX_POLL_MS", "250", false, "idle worker polling interval"},
       integer(&Config::outbox_poll_ms, 10, 60000)},
      {{"PLUMBLINE_OUTBOX_LEASE_SECONDS", "120", false,
        "a crashed worker's messages come back after this; sends start only in its first "
        "half, so keep it over twice PLUMBLINE_SMTP_TIMEOUT_SECONDS"},
       integer(&Config::outbox_lease_seconds, 1, 86400)},
      {{"PLUMBLINE_OUTBOX_MAX_ATTEMPTS", "8", false,
        "temporary failures retried up to this many attempts"},
       integer(&Config::outbox_max_attempts, 1, 100)},
      {{"PLUMBLINE_WEBHOOK_TIMEOUT_SECONDS", "10", false,
        "outbound webhooks: connect + answer timeout per delivery attempt"},
       integer(&Config::webhook_timeout_seconds, 1, 60)},
      {{"PLUMBLINE_WEBHOOK_RETRY_SECONDS", "30", false,
        "outbound webhooks: delay before the first retry, doubling per attempt (capped at 1 h)"},
       integer(&Config::webhook_retry_seconds, 1, 3600)},
      {{"PLUMBLINE_WEBHOOK_ALLOW_HOSTS", "", false,
        "tests only: comma-separated hosts webhooks may reach although private or loopback (and "
        "over http); refused unless the listen address is loopback"},
       [](Config& c, const std::string& v) -> std::optional<std::string> {
         c.webhook_allow_hosts = split_list(v);
         return std::nullopt;
       }},
      {{"PLUMBLINE_SESSION_IDLE_HOURS", "12", false, "a session unused this long ends"},
       integer(&Config::session_idle_hours, 1, 24 * 30)},
      {{"PLUMBLINE_SESSION_ABSOLUTE_HOURS", "24", false, "a session ends this long after log-in"},
       integer(&Config::session_absolute_hours, 1, 24 * 30)},
      {{"PLUMBLINE_SESSION_REMEMBER_DAYS", "30", false,
        "absolute session length with \"remember me\""},
       integer(&Config::session_remember_days, 1, 365)},
      {{"PLUMBLINE_JWT_KEYS", "derived from PLUMBLINE_SECRET_KEY", true,
        "API signing keys kid:secret[,kid:secret]; the first signs, all verify (rotation)"},
       [](Config& c, const std::string& v) -> std::optional<std::string> {
         std::size_t i = 0;
         while (i < v.size()) {
           auto j = v.find(',', i);
           if (j == std::string::npos) j = v.size();
           auto item = v.substr(i, j - i);
           auto colon = item.find(':');
           if (colon == std::string::npos || colon == 0 || item.size() - colon - 1 < 32)
             return "must be kid:secret pairs separated by commas, each secret at least 32 "
                    "characters";
           i = j + 1;
         }
         c.jwt_keys = v;
         return std::nullopt;
       }},
      {{"PLUMBLINE_PASSWORD_LIST", "data/generated/common-passwords.txt", false,
        "common passwords refused at sign-up"},
       str(&Config::password_list)},
      {{"PLUMBLINE_AUTH_RATE_PER_MINUTE", "10", false,
        "log-in, sign-up and reset requests per client IP per minute"},
       integer(&Config::auth_rate_per_minute, 1, 1000000)},
      {{"PLUMBLINE_AUTH_BURST", "10", false,
        "log-in, sign-up and reset requests a client IP may make at once"},
       integer(&Config::auth_burst, 1, 1000000)},
      {{"PLUMBLINE_MAX_CLAIMS_PER_LEAD", "3", false, "plumbers who may claim one lead"},
       integer(&Config::max_claims_per_lead, 1, 50)},
      {{"PLUMBLINE_LEAD_EXPIRY_HOURS", "72", false,
        "open leads expire this long after the request"},
       integer(&Config::lead_expiry_hours, 1, 24 * 365)},
      {{"PLUMBLINE_DISPUTE_WINDOW_DAYS", "14", false,
        "a claim may be disputed this long after it was made"},
       integer(&Config::dispute_window_days, 0, 365)},
      {{"PLUMBLINE_PAST_DUE_GRACE_DAYS", "7", false, "a past-due plan keeps claiming this long"},
       integer(&Config::past_due_grace_days, 0, 90)},
      {{"PLUMBLINE_PLATFORM_NAME", "Plumbline", false,
        "the business's name (first value; then /admin/settings)"},
       str(&Config::platform_name)},
      {{"PLUMBLINE_SUPPORT_EMAIL", "", false, "support e-mail (first value; then /admin/settings)"},
       str(&Config::support_email)},
      {{"PLUMBLINE_SUPPORT_PHONE", "", false, "support phone (first value; then /admin/settings)"},
       str(&Config::support_phone)},
      {{"PLUMBLINE_POSTAL_ADDRESS", "", false,
        "postal address (first value; then /admin/settings)"},
       str(&Config::postal_address)},
      {{"PLUMBLINE_EXPIRY_INTERVAL_SECONDS", "60", false,
        "how often open leads are checked for expiry"},
       integer(&Config::expiry_interval_seconds, 1, 86400)},
      {{"PLUMBLINE_CLOSED_ACCOUNT_KEEP_DAYS", "30", false,
        "a closed plumber account is anonymised this long after closure"},
       integer(&Config::closed_account_keep_days, 0, 3650)},
      {{"PLUMBLINE_HOMEOWNER_RETENTION_DAYS", "365", false,
        "homeowner contact details of requests closed or expired this long ago are anonymised "
        "(0 = kept)"},
       integer(&Config::homeowner_retention_days, 0, 36500)},
      {{"PLUMBLINE_PRIVACY_INTERVAL_SECONDS", "3600", false,
        "how often closed accounts and old requests are checked for anonymisation"},
       integer(&Config::privacy_interval_seconds, 1, 86400)},
      {{"PLUMBLINE_BACKUP_DIR", "<data dir>/backups", false,
        "folder of the scheduled SQLite backups"},
       str(&Config::backup_dir)},
      {{"PLUMBLINE_BACKUP_INTERVAL_SECONDS", "0", false,
        "a SQLite backup is taken when the newest is this old (0 = none scheduled)"},
       integer(&Config::backup_interval_seconds, 0, 366 * 86400)},
      {{"PLUMBLINE_BACKUP_KEEP", "7", false, "scheduled backups kept (the newest)"},
       integer(&Config::backup_keep, 1, 10000)},
      {{"PLUMBLINE_SSE_MAX_STREAMS_PER_USER", "4", false,
        "live dashboard streams one user may hold open"},
       integer(&Config::sse_max_streams_per_user, 1, 100)},
      {{"PLUMBLINE_SSE_HEARTBEAT_SECONDS", "15", false, "comment line sent on idle live streams"},
       integer(&Config::sse_heartbeat_seconds, 1, 300)},
      {{"PLUMBLINE_LIVE_POLL_MS", "200", false,
        "how often each instance reads new live events when no NOTIFY wakes it"},
       integer(&Config::live_poll_ms, 10, 600000)},
      {{"PLUMBLINE_DATABASE_REPLICA_URL", "", false,
        "postgres:// URL of a streaming replica for reports and dashboards (empty: the primary)"},
       [](Config& c, const std::string& v) -> std::optional<std::string> {
         if (v.empty()) return std::nullopt;
         if (auto e = parse_url(v, {"postgres://", "postgresql://"})) return e;
         c.database_replica_url = v;
         return std::nullopt;
       }},
      {{"PLUMBLINE_REPLICA_MAX_LAG_MS", "5000", false,
        "reports read the primary while the replica is further behind than this"},
       integer(&Config::replica_max_lag_ms, 100, 3600000)},
      {{"PLUMBLINE_LEADER_CHECK_MS", "2000", false,
        "how often a worker checks or tries the periodic jobs' leader lock (PostgreSQL)"},
       integer(&Config::leader_check_ms, 100, 60000)},
      {{"PLUMBLINE_FLEET_SIZE", "1", false,
        "instances behind the proxy; each one's rate-limit budgets are divided by it"},
       integer(&Config::fleet_size, 1, 1000)},
      {{"PLUMBLINE_TWILIO_API_BASE", "https://api.twilio.com", false, "Twilio API base URL"},
       url(&Config::twilio_api_base, {"http://", "https://"})},
  };
  return table;
}

const std::vector<OptionInfo>& option_table() {
  static const std::vector<OptionInfo> infos = [] {
    std::vector<OptionInfo> v;
    for (const auto& o : options()) v.push_back(o.info);
    return v;
  }();
  return infos;
}

}  // namespace plumbline::config
