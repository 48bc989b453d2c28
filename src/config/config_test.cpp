// Unit tests for configuration: defaults, file + environment precedence, validation naming the
// variable.
#include "config/config.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

namespace plumbline::config {
namespace {

bool mentions(const std::vector<std::string>& errors, const std::string& word) {
  for (const auto& e : errors)
    if (e.find(word) != std::string::npos) return true;
  return false;
}

TEST(Config, DefaultsRunOnSqliteInVar) {
  auto r = load({}, "");
  EXPECT_TRUE(r.errors.empty());
  EXPECT_EQ(r.config.database_url, "sqlite:var/plumbline.db");
  EXPECT_EQ(r.config.listen_host, "127.0.0.1");
  EXPECT_EQ(r.config.listen_port, 8080);
  EXPECT_GE(r.config.io_threads, 1);
  EXPECT_TRUE(r.config.rate_limit);
}

TEST(Config, EnvironmentIsTypedAndValidated) {
  auto r = load({{"PLUMBLINE_LISTEN", "0.0.0.0:9000"},
                 {"DATABASE_URL", "postgres://u:p@h/db"},
                 {"PLUMBLINE_RATE_LIMIT", "off"},
                 {"PLUMBLINE_TRUSTED_PROXIES", "10.0.0.1, 10.0.0.2"}},
                "");
  EXPECT_TRUE(r.errors.empty());
  EXPECT_EQ(r.config.listen_host, "0.0.0.0");
  EXPECT_EQ(r.config.listen_port, 9000);
  EXPECT_FALSE(r.config.rate_limit);
  EXPECT_EQ(r.config.trusted_proxies, (std::vector<std::string>{"10.0.0.1", "10.0.0.2"}));
}

TEST(Config, BadValuesNameTheVariable) {
  auto r = load({{"PLUMBLINE_LISTEN", "nope"},
                 {"DATABASE_URL", "mysql://x"},
                 {"PLUMBLINE_THREADS", "many"},
                 {"PLUMBLINE_RATE_LIMIT", "maybe"},
                 {"PLUMBLINE_HEADER_TIMEOUT_SECONDS", "0"},
                 {"PLUMBLINE_SECRET_KEY", "short"},
                 {"PLUMBLINE_SMTP_URL", "http://mail"}},
                "");
  for (const char* name :
       {"PLUMBLINE_LISTEN", "DATABASE_URL", "PLUMBLINE_THREADS", "PLUMBLINE_RATE_LIMIT",
        "PLUMBLINE_HEADER_TIMEOUT_SECONDS", "PLUMBLINE_SECRET_KEY", "PLUMBLINE_SMTP_URL"})
    EXPECT_TRUE(mentions(r.errors, name)) << name;
}

TEST(Config, StaffTimeZoneIsAnIanaName) {
  EXPECT_EQ(load({}, "").config.time_zone, "America/New_York");
  auto ok = load({{"PLUMBLINE_TIME_ZONE", "America/Indiana/Indianapolis"}}, "");
  EXPECT_TRUE(ok.errors.empty());
  EXPECT_EQ(ok.config.time_zone, "America/Indiana/Indianapolis");
  for (const char* bad : {"", "../../etc/passwd", "/etc/localtime", "New York"})
    EXPECT_TRUE(mentions(load({{"PLUMBLINE_TIME_ZONE", bad}}, "").errors, "PLUMBLINE_TIME_ZONE"))
        << bad;
}

TEST(Config, FileThenEnvironmentThenSecretFiles) {
  std::string file = ::testing::TempDir() + "plumbline_test.env";
  std::string secret = ::testing::TempDir() + "plumbline_secret";
  std::ofstream(file)
      << "# comment\nPLUMBLINE_LISTEN=127.0.0.1:7000\nPLUMBLINE_LOG_LEVEL=\"debug\"\n";
  std::ofstream(secret) << "0123456789abcdef0123456789abcdef\n";
  auto r = load({{"PLUMBLINE_LOG_LEVEL", "warn"}, {"PLUMBLINE_SECRET_KEY_FILE", secret}}, file);
  EXPECT_TRUE(r.errors.empty()) << (r.errors.empty() ? "" : r.errors[0]);
  EXPECT_EQ(r.config.listen_port, 7000);
  EXPECT_EQ(r.config.log_level, "warn");
  EXPECT_EQ(r.config.secret_key, "0123456789abcdef0123456789abcdef");
  std::remove(file.c_str());
  std::remove(secret.c_str());
}

TEST(Config, UnknownFileKeyIsAnErrorAndUnknownEnvAWarning) {
  std::string file = ::testing::TempDir() + "plumbline_bad.env";
  std::ofstream(file) << "PLUMBLINE_LISTN=1\nnot a pair\n";
  auto r = load({{"PLUMBLINE_TYPO", "1"}}, file);
  EXPECT_TRUE(mentions(r.errors, "PLUMBLINE_LISTN"));
  EXPECT_TRUE(mentions(r.errors, "KEY=VALUE"));
  EXPECT_TRUE(mentions(r.warnings, "PLUMBLINE_TYPO"));
  std::remove(file.c_str());
}

TEST(Config, FileVariantOnlyForSecrets) {
  auto r = load({{"PLUMBLINE_LISTEN_FILE", "/etc/hosts"}}, "");
  EXPECT_TRUE(mentions(r.errors, "PLUMBLINE_LISTEN_FILE"));
}

TEST(Config, HostAndMetricsSettings) {
  std::string token_file = ::testing::TempDir() + "plumbline_metrics_token";
  std::ofstream(token_file) << "metrics-token-0123456789abcdef-0123\n";
  auto r = load({{"PLUMBLINE_ALLOWED_HOSTS", "www.example.com, 10.0.0.7:8080"},
                 {"PLUMBLINE_METRICS_LISTEN", "127.0.0.1:9100"},
                 {"PLUMBLINE_METRICS_TOKEN_FILE", token_file}},
                "");
  EXPECT_TRUE(r.errors.empty()) << (r.errors.empty() ? "" : r.errors[0]);
  EXPECT_EQ(r.config.allowed_hosts, (std::vector<std::string>{"www.example.com", "10.0.0.7:8080"}));
  EXPECT_EQ(r.config.metrics_listen_host, "127.0.0.1");
  EXPECT_EQ(r.config.metrics_listen_port, 9100);
  EXPECT_EQ(r.config.metrics_token, "metrics-token-0123456789abcdef-0123");
  std::string all;
  for (const auto& line : describe(r.config)) all += line + "\n";
  EXPECT_EQ(all.find("metrics-token"), std::string::npos);
  std::remove(token_file.c_str());
  auto bad = load({{"PLUMBLINE_ALLOWED_HOSTS", "https://www.example.com"},
                   {"PLUMBLINE_METRICS_LISTEN", "9100"},
                   {"PLUMBLINE_METRICS_TOKEN", "short"}},
                  "");
  for (const char* name :
       {"PLUMBLINE_ALLOWED_HOSTS", "PLUMBLINE_METRICS_LISTEN", "PLUMBLINE_METRICS_TOKEN"})
    EXPECT_TRUE(mentions(bad.errors, name)) << name;
  EXPECT_TRUE(load({}, "").config.metrics_token.empty()) << "no token by default";
}

TEST(Config, DescribeMasksSecrets) {
  Config c;
  c.secret_key = "0123456789abcdef0123456789abcdef";
  c.database_url = "postgres://user:hunter2@db/plumbline";
  c.smtp_url = "smtp://mailer:s3cret@smtp.example.com:587";
  c.stripe_secret_key = "sk_live_x";
  std::string all;
  for (const auto& line : describe(c)) all += line + "\n";
  EXPECT_EQ(all.find("hunter2"), std::string::npos);
  EXPECT_EQ(all.find("s3cret"), std::string::npos);
  EXPECT_EQ(all.find("sk_live_x"), std::string::npos);
  EXPECT_EQ(all.find("0123456789abcdef"), std::string::npos);
  EXPECT_NE(all.find("postgres://user:****@db/plumbline"), std::string::npos);
}

TEST(Config, TestPaymentsAreOffByDefault) {
  auto r = load({}, "");
  EXPECT_FALSE(r.config.test_payments);
  EXPECT_FALSE(r.config.test_payments_active());
  EXPECT_FALSE(r.config.online_payment());
  auto on = load({{"PLUMBLINE_TEST_PAYMENTS", "on"}}, "");
  EXPECT_TRUE(on.errors.empty()) << (on.errors.empty() ? "" : on.errors[0]);
  EXPECT_TRUE(on.config.test_payments_active());
  EXPECT_TRUE(on.config.online_payment());
  EXPECT_TRUE(mentions(load({{"PLUMBLINE_TEST_PAYMENTS", "sometimes"}}, "").errors,
                       "PLUMBLINE_TEST_PAYMENTS"));
}

TEST(Config, TheTestClockRunsAheadOnlyOnLoopback) {
  auto off = load({}, "");
  EXPECT_EQ(off.config.test_clock_days, 0);
  EXPECT_FALSE(mentions(off.warnings, "PLUMBLINE_TEST_CLOCK_DAYS"));
  auto week = load({{"PLUMBLINE_TEST_CLOCK_DAYS", "7"}, {"PLUMBLINE_LISTEN", "127.0.0.1:0"}}, "");
  EXPECT_TRUE(week.errors.empty()) << (week.errors.empty() ? "" : week.errors[0]);
  EXPECT_EQ(week.config.test_clock_days, 7);
  EXPECT_TRUE(mentions(week.warnings, "PLUMBLINE_TEST_CLOCK_DAYS=7"));
  for (const char* listen : {"0.0.0.0:8080", "[::]:8080", "192.168.1.10:8080"})
    EXPECT_TRUE(mentions(
        load({{"PLUMBLINE_TEST_CLOCK_DAYS", "7"}, {"PLUMBLINE_LISTEN", listen}}, "").errors,
        "PLUMBLINE_TEST_CLOCK_DAYS"))
        << listen;
  for (const char* bad : {"-1", "3651", "a week"})
    EXPECT_TRUE(mentions(load({{"PLUMBLINE_TEST_CLOCK_DAYS", bad}}, "").errors,
                         "PLUMBLINE_TEST_CLOCK_DAYS"))
        << bad;
}

TEST(Config, TestPaymentsOnlyOnLoopbackHttp) {
  auto with = [](std::map<std::string, std::string> env) {
    env["PLUMBLINE_TEST_PAYMENTS"] = "on";
    return load(env, "");
  };
  for (const char* ok : {"http://127.0.0.1:8080", "http://localhost:3000/", "http://127.0.0.2:9",
                         "http://[::1]:8080", "http://LOCALHOST"})
    EXPECT_TRUE(with({{"PLUMBLINE_BASE_URL", ok}}).errors.empty()) << ok;
  for (const char* bad :
       {"https://127.0.0.1:8443", "https://plumbline.example.com", "http://plumbline.example.com",
        "http://10.0.0.5:8080", "http://127.0.0.1.example.com", "http://localhost.example.com:80",
        "http://user@example.com"}) {
    auto r = with({{"PLUMBLINE_BASE_URL", bad}});
    EXPECT_TRUE(mentions(r.errors, "PLUMBLINE_TEST_PAYMENTS")) << bad;
    EXPECT_TRUE(mentions(r.errors, "PLUMBLINE_BASE_URL")) << bad;
  }
  for (const char* listen : {"0.0.0.0:8080", "[::]:8080", "192.168.1.10:8080"}) {
    auto r = with({{"PLUMBLINE_LISTEN", listen}});
    EXPECT_TRUE(mentions(r.errors, "PLUMBLINE_LISTEN")) << listen;
    EXPECT_TRUE(mentions(r.errors, "PLUMBLINE_TEST_PAYMENTS")) << listen;
  }
  EXPECT_TRUE(with({{"PLUMBLINE_LISTEN", "[::1]:0"}}).errors.empty());
  // Off, the same addresses are fine.
  EXPECT_TRUE(load({{"PLUMBLINE_BASE_URL", "https://plumbline.example.com"},
                    {"PLUMBLINE_LISTEN", "0.0.0.0:8080"}},
                   "")
                  .errors.empty());
}

TEST(Config, AStripeKeyWinsOverTestPayments) {
  auto r =
      load({{"PLUMBLINE_TEST_PAYMENTS", "on"}, {"PLUMBLINE_STRIPE_SECRET_KEY", "sk_test_x"}}, "");
  EXPECT_TRUE(r.errors.empty());
  EXPECT_TRUE(mentions(r.warnings, "PLUMBLINE_TEST_PAYMENTS"));
  EXPECT_FALSE(r.config.test_payments_active());
  EXPECT_TRUE(r.config.online_payment());
}

// Issue 20: the webhook allow-list lets webhooks reach private hosts, so only a test server on
// loopback may have it.
TEST(Config, TheWebhookAllowListOnlyOnLoopback) {
  auto off = load({}, "");
  EXPECT_TRUE(off.config.webhook_allow_hosts.empty());
  EXPECT_EQ(off.config.webhook_retry_seconds, 30);
  auto on = load({{"PLUMBLINE_WEBHOOK_ALLOW_HOSTS", "127.0.0.1, ::1"},
                  {"PLUMBLINE_LISTEN", "127.0.0.1:0"},
                  {"PLUMBLINE_WEBHOOK_RETRY_SECONDS", "1"}},
                 "");
  EXPECT_TRUE(on.errors.empty()) << (on.errors.empty() ? "" : on.errors[0]);
  EXPECT_EQ(on.config.webhook_allow_hosts, (std::vector<std::string>{"127.0.0.1", "::1"}));
  EXPECT_EQ(on.config.webhook_retry_seconds, 1);
  EXPECT_TRUE(mentions(on.warnings, "PLUMBLINE_WEBHOOK_ALLOW_HOSTS"));
  for (const char* listen : {"0.0.0.0:8080", "[::]:8080", "192.168.1.10:8080"})
    EXPECT_TRUE(mentions(
        load({{"PLUMBLINE_WEBHOOK_ALLOW_HOSTS", "127.0.0.1"}, {"PLUMBLINE_LISTEN", listen}}, "")
            .errors,
        "PLUMBLINE_WEBHOOK_ALLOW_HOSTS"))
        << listen;
  EXPECT_TRUE(mentions(load({{"PLUMBLINE_WEBHOOK_RETRY_SECONDS", "0"}}, "").errors,
                       "PLUMBLINE_WEBHOOK_RETRY_SECONDS"));
}

TEST(Config, LoopbackHosts) {
  for (const char* h :
       {"127.0.0.1", "127.255.0.9", "::1", "[::1]", "localhost", "::ffff:127.0.0.1"})
    EXPECT_TRUE(is_loopback_host(h)) << h;
  for (const char* h : {"", "0.0.0.0", "::", "[::]", "10.0.0.1", "128.0.0.1", "example.com",
                        "localhost.example.com", "::2"})
    EXPECT_FALSE(is_loopback_host(h)) << h;
}

}  // namespace
}  // namespace plumbline::config
