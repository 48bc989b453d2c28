// Loads the config: KEY=VALUE file, then environment, then *_FILE secrets; validates; describes
// with masks.
#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>
#include <thread>

#include "config/config.hpp"
#include "config/options_impl.hpp"

extern char** environ;

namespace plumbline::config {

namespace {

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.pop_back();
  std::size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  return s.substr(i);
}

const Option* find_option(const std::string& name) {
  for (const auto& o : options())
    if (o.info.env == name) return &o;
  return nullptr;
}

void apply(LoadResult& r, const Option& o, const std::string& value, const std::string& origin) {
  if (auto err = o.set(r.config, value))
    r.errors.push_back(o.info.env + " " + *err + " (from " + origin + ")");
}

// The host of an http(s) URL, without user info, port or brackets.
std::string url_host(const std::string& url) {
  auto start = url.find("://");
  if (start == std::string::npos) return {};
  start += 3;
  auto end = url.find_first_of("/?#", start);
  std::string authority =
      url.substr(start, end == std::string::npos ? std::string::npos : end - start);
  if (auto at = authority.rfind('@'); at != std::string::npos) authority = authority.substr(at + 1);
  if (!authority.empty() && authority.front() == '[')
    return authority.substr(0, authority.find(']') + 1);
  return authority.substr(0, authority.find(':'));
}

// A clock days ahead expires leads, claims and sessions early: a test server's choice only.
void check_test_clock(LoadResult& r) {
  const Config& c = r.config;
  if (c.test_clock_days == 0) return;
  if (!is_loopback_host(c.listen_host))
    r.errors.push_back(
        "PLUMBLINE_TEST_CLOCK_DAYS is for tests: it needs a loopback PLUMBLINE_LISTEN address "
        "(127.0.0.1 or [::1]), not " +
        c.listen_host);
  else
    r.warnings.push_back("PLUMBLINE_TEST_CLOCK_DAYS=" + std::to_string(c.test_clock_days) +
                         ": this server's clock runs that many days ahead (tests only)");
}

// Test payments give credits away: only a server that this machine alone can reach may offer them.
void check_test_payments(LoadResult& r) {
  const Config& c = r.config;
  if (!c.test_payments) return;
  const std::string why =
      ": test payments let anyone buy credits with a test card. Use PLUMBLINE_STRIPE_SECRET_KEY on "
      "a public server, or set PLUMBLINE_TEST_PAYMENTS=off.";
  if (c.https())
    r.errors.push_back("PLUMBLINE_TEST_PAYMENTS=on is refused with an https PLUMBLINE_BASE_URL (" +
                       c.base_url + ")" + why);
  else if (!c.base_url.empty() && !is_loopback_host(url_host(c.base_url)))
    r.errors.push_back(
        "PLUMBLINE_TEST_PAYMENTS=on needs a loopback PLUMBLINE_BASE_URL (localhost, 127.0.0.1 or "
        "[::1]), not " +
        c.base_url + why);
  if (!is_loopback_host(c.listen_host))
    r.errors.push_back(
        "PLUMBLINE_TEST_PAYMENTS=on needs a loopback PLUMBLINE_LISTEN address (127.0.0.1 or "
        "[::1]), not " +
        c.listen_host + why);
  if (!c.stripe_secret_key.empty())
    r.warnings.push_back(
        "PLUMBLINE_TEST_PAYMENTS=on is ignored: PLUMBLINE_STRIPE_SECRET_KEY is set, so payments go "
        "to Stripe");
}

// The webhook allow-list lets a webhook reach this machine's own network: a test server's only.
void check_webhook_allow_hosts(LoadResult& r) {
  const Config& c = r.config;
  if (c.webhook_allow_hosts.empty()) return;
  if (!is_loopback_host(c.listen_host))
    r.errors.push_back(
        "PLUMBLINE_WEBHOOK_ALLOW_HOSTS is for tests: it needs a loopback PLUMBLINE_LISTEN address "
        "(127.0.0.1 or [::1]), not " +
        c.listen_host);
  else
    r.warnings.push_back(
        "PLUMBLINE_WEBHOOK_ALLOW_HOSTS is set: webhooks may reach those hosts over http (tests "
        "only)");
}

}  // namespace

bool is_loopback_host(const std::string& host) {
  std::string h = host;
  std::transform(h.begin(), h.end(), h.begin(), [](unsigned char ch) { return std::tolower(ch); });
  if (h.size() > 2 && h.front() == '[' && h.back() == ']') h = h.substr(1, h.size() - 2);
  if (h == "localhost") return true;
  unsigned char addr[16];
  if (inet_pton(AF_INET, h.c_str(), addr) == 1) return addr[0] == 127;
  if (inet_pton(AF_INET6, h.c_str(), addr) == 1) {
    static const unsigned char loopback6[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (std::equal(addr, addr + 16, loopback6)) return true;
    return std::equal(addr, addr + 12, mapped) && addr[12] == 127;  // ::ffff:127.x.x.x
  }
  return false;
}

std::map<std::string, std::string> process_env() {
  std::map<std::string, std::string> env;
  for (char** e = environ; e && *e; ++e) {
    std::string kv(*e);
    auto eq = kv.find('=');
    if (eq != std::string::npos) env[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  return env;
}

LoadResult load(const std::map<std::string, std::string>& env, const std::string& file_path,
                Config defaults) {
  LoadResult r;
  r.config = std::move(defaults);
  if (!file_path.empty()) {
    std::ifstream in(file_path);
    if (!in) {
      r.errors.push_back("config file " + file_path + " cannot be read");
    } else {
      std::string line;
      int n = 0;
      while (std::getline(in, line)) {
        ++n;
        line = trim(line);
        if (line.empty() || line[0] == '#') continue;
        auto eq = line.find('=');
        std::string where = file_path + ":" + std::to_string(n);
        if (eq == std::string::npos) {
          r.errors.push_back(where + ": expected KEY=VALUE");
          continue;
        }
        std::string key = trim(line.substr(0, eq)), value = trim(line.substr(eq + 1));
        if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
            value.back() == value.front())
          value = value.substr(1, value.size() - 2);
        const Option* o = find_option(key);
        if (!o) {
          r.errors.push_back(where + ": unknown setting " + key);
          continue;
        }
        apply(r, *o, value, where);
      }
    }
  }
  for (const auto& o : options()) {
    auto it = env.find(o.info.env);
    if (it != env.end()) apply(r, o, it->second, "environment");
    auto f = env.find(o.info.env + "_FILE");
    if (f != env.end()) {
      if (!o.info.secret) {
        r.errors.push_back(o.info.env +
                           "_FILE is not supported: only secrets can be read from files");
        continue;
      }
      std::ifstream in(f->second);
      if (!in) {
        r.errors.push_back(o.info.env + "_FILE names " + f->second + ", which cannot be read");
        continue;
      }
      std::stringstream ss;
      ss << in.rdbuf();
      std::string v = ss.str();
      while (!v.empty() && (v.back() == '\n' || v.back() == '\r')) v.pop_back();
      apply(r, o, v, o.info.env + "_FILE");
    }
  }
  for (const auto& [k, v] : env) {
    if (k.rfind("PLUMBLINE_", 0) != 0) continue;
    std::string base =
        k.size() > 5 && k.substr(k.size() - 5) == "_FILE" ? k.substr(0, k.size() - 5) : k;
    if (!find_option(k) && !find_option(base) && k != "PLUMBLINE_CONFIG" &&
        k != "PLUMBLINE_ADMIN_PASSWORD_FILE")
      r.warnings.push_back("unknown setting " + k + " ignored");
  }
  Config& c = r.config;
  if (c.io_threads == 0)
    c.io_threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  // An empty base URL is filled in by `serve` once the real port is known.
  while (c.base_url.size() > 8 && c.base_url.back() == '/') c.base_url.pop_back();
  if (!c.twilio_account_sid.empty() && (c.twilio_auth_token.empty() || c.twilio_from.empty()))
    r.errors.push_back(
        "PLUMBLINE_TWILIO_AUTH_TOKEN and PLUMBLINE_TWILIO_FROM are required with "
        "PLUMBLINE_TWILIO_ACCOUNT_SID");
  check_test_payments(r);
  check_test_clock(r);
  check_webhook_allow_hosts(r);
  return r;
}

std::vector<std::string> describe(const Config& c) {
  auto mask_url = [](const std::string& u) {
    auto at = u.find('@'), scheme = u.find("://");
    if (at == std::string::npos || scheme == std::string::npos) return u;
    auto colon = u.find(':', scheme + 3);
    if (colon == std::string::npos || colon > at) return u;
    return u.substr(0, colon + 1) + "****" + u.substr(at);
  };
  auto secret = [](const std::string& s) {
    return s.empty() ? std::string("(not set)") : std::string("****");
  };
  std::vector<std::string> out = {
      "DATABASE_URL=" + mask_url(c.database_url),
      "PLUMBLINE_DATABASE_REPLICA_URL=" + (c.database_replica_url.empty()
                                               ? std::string("(none)")
                                               : mask_url(c.database_replica_url)),
      "PLUMBLINE_LISTEN=" + c.listen_host + ":" + std::to_string(c.listen_port),
      "PLUMBLINE_BASE_URL=" + c.base_url,
      "PLUMBLINE_ALLOWED_HOSTS=" +
          [&] {
            std::string s;
            for (const auto& h : c.allowed_hosts) s += (s.empty() ? "" : ",") + h;
            return s.empty() ? std::string("(none)") : s;
          }(),
      "PLUMBLINE_METRICS_LISTEN=" +
          (c.metrics_listen_host.empty()
               ? std::string("(none)")
               : c.metrics_listen_host + ":" + std::to_string(c.metrics_listen_port)),
      "PLUMBLINE_METRICS_TOKEN=" + secret(c.metrics_token),
      "PLUMBLINE_THREADS=" + std::to_string(c.io_threads),
      "PLUMBLINE_HANDLER_THREADS=" + std::to_string(c.handler_threads),
      "PLUMBLINE_MAX_CONNECTIONS=" + std::to_string(c.max_connections),
      "PLUMBLINE_MAX_CONNECTIONS_PER_ADDRESS=" + std::to_string(c.max_connections_per_address),
      "PLUMBLINE_HEADER_TIMEOUT_SECONDS=" + std::to_string(c.header_timeout_seconds),
      "PLUMBLINE_IDLE_TIMEOUT_SECONDS=" + std::to_string(c.idle_timeout_seconds),
      "PLUMBLINE_SHUTDOWN_GRACE_SECONDS=" + std::to_string(c.shutdown_grace_seconds),
      "PLUMBLINE_DB_POOL_SIZE=" + std::to_string(c.db_pool_size),
      std::string("PLUMBLINE_SQLITE_SYNCHRONOUS=") +
          (c.sqlite_synchronous_full ? "full" : "normal"),
      std::string("PLUMBLINE_RATE_LIMIT=") + (c.rate_limit ? "on" : "off"),
      "PLUMBLINE_SECRET_KEY=" + secret(c.secret_key),
      "PLUMBLINE_DATA_DIR=" + c.data_dir,
      "PLUMBLINE_SMTP_URL=" + (c.smtp_url.empty() ? std::string("(not set: mail written to files)")
                                                  : mask_url(c.smtp_url)),
      "PLUMBLINE_STRIPE_SECRET_KEY=" + secret(c.stripe_secret_key),
      "PLUMBLINE_STRIPE_WEBHOOK_SECRET=" + secret(c.stripe_webhook_secret),
      "PLUMBLINE_STRIPE_API_BASE=" + c.stripe_api_base,
      std::string("PLUMBLINE_TEST_PAYMENTS=") + (c.test_payments ? "on" : "off"),
      "PLUMBLINE_TWILIO_AUTH_TOKEN=" + secret(c.twilio_auth_token),
      "PLUMBLINE_TWILIO_API_BASE=" + c.twilio_api_base,
  };
  return out;
}

}  // namespace plumbline::config
