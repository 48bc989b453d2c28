// Outbound webhooks' pure rules: event lists, URL parsing and refusals, the address filter, retry
// delays and what a receiver's status means.
#include "domain/webhooks.hpp"

#include <gtest/gtest.h>

namespace plumbline::domain {
namespace {

TEST(WebhookEvents, KnownNamesOnlyAtLeastOneInCanonicalOrder) {
  EXPECT_FALSE(webhook_events_refusal({"claim.created", "lead.matched"}));
  EXPECT_TRUE(webhook_events_refusal({}));
  auto bad = webhook_events_refusal({"lead.matched", "lead.deleted"});
  ASSERT_TRUE(bad);
  EXPECT_NE(bad->find("lead.deleted"), std::string::npos);
  EXPECT_EQ(normalized_webhook_events({"review.created", "lead.matched", "review.created"}),
            (std::vector<std::string>{"lead.matched", "review.created"}));
  EXPECT_EQ(split_webhook_events(join_webhook_events({"a.b", "c.d"})),
            (std::vector<std::string>{"a.b", "c.d"}));
}

TEST(WebhookUrl, ParsesHostPortAndPath) {
  auto t = parse_webhook_url("https://Hooks.Example.com:8443/in?x=1");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->scheme, "https");
  EXPECT_EQ(t->host, "hooks.example.com");
  EXPECT_EQ(t->port, 8443);
  EXPECT_EQ(t->path_and_query, "/in?x=1");
  auto v6 = parse_webhook_url("http://[2606:4700::1]/");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->host, "2606:4700::1");
  EXPECT_EQ(v6->port, 80);
  EXPECT_EQ(parse_webhook_url("https://example.com")->path_and_query, "/");
  EXPECT_FALSE(parse_webhook_url("https://user:pw@example.com/"));
  EXPECT_FALSE(parse_webhook_url("ftp://example.com/"));
  EXPECT_FALSE(parse_webhook_url("https://example.com/#frag"));
  EXPECT_FALSE(parse_webhook_url("https://example.com:99999/"));
  EXPECT_FALSE(parse_webhook_url("https://exa mple.com/"));
}

TEST(WebhookUrl, HttpsOnlyAndNoPrivateLiteralsUnlessAllowListed) {
  const std::vector<std::string> none, test{"127.0.0.1"};
  EXPECT_EQ(webhook_url_refusal("https://hooks.example.com/in", none), "");
  EXPECT_NE(webhook_url_refusal("http://hooks.example.com/in", none), "");
  EXPECT_NE(webhook_url_refusal("https://127.0.0.1/in", none), "");
  EXPECT_NE(webhook_url_refusal("https://169.254.169.254/latest/meta-data", none), "");
  EXPECT_NE(webhook_url_refusal("https://[::1]/", none), "");
  EXPECT_NE(webhook_url_refusal("https://localhost/", none), "");
  EXPECT_NE(webhook_url_refusal("https://metadata.google.internal/", none), "");
  EXPECT_EQ(webhook_url_refusal("http://127.0.0.1:4000/in", test), "");
  EXPECT_NE(webhook_url_refusal("http://127.0.0.2:4000/in", test), "");  // not the listed one
}

TEST(WebhookAddress, RefusesLoopbackPrivateLinkLocalMetadataAndTheirDisguises) {
  for (const char* bad : {"127.0.0.1",
                          "127.8.9.10",
                          "10.1.2.3",
                          "172.16.0.1",
                          "172.31.255.255",
                          "192.168.1.1",
                          "169.254.169.254",
                          "100.64.0.1",
                          "0.0.0.0",
                          "224.0.0.1",
                          "255.255.255.255",
                          "::",
                          "::1",
                          "fe80::1",
                          "fc00::1",
                          "fd00:ec2::254",
                          "::ffff:127.0.0.1",
                          "::ffff:10.0.0.1",
                          "64:ff9b::a9fe:a9fe",
                          "ff02::1",
                          "fe80::1%eth0",
                          "not-an-ip",
                          "192.0.2.1"})
    EXPECT_FALSE(webhook_address_allowed(bad)) << bad;
  for (const char* good : {"93.184.216.34", "8.8.8.8", "172.32.0.1", "2606:4700::1111",
                           "::ffff:93.184.216.34", "[2606:4700::1111]"})
    EXPECT_TRUE(webhook_address_allowed(good)) << good;
}

TEST(WebhookRetry, DoublesFromTheFirstDelayWithJitterAndCap) {
  EXPECT_EQ(webhook_retry_delay_ms(1, 1000, 0.5), 1000);
  EXPECT_EQ(webhook_retry_delay_ms(2, 1000, 0.5), 2000);
  EXPECT_EQ(webhook_retry_delay_ms(3, 1000, 0.0), 3200);  // 4000 × 0.8
  EXPECT_EQ(webhook_retry_delay_ms(40, 30'000, 0.5), 3'600'000);
}

TEST(WebhookStatus, TwoHundredsDeliverGoneGivesUpTheRestRetry) {
  EXPECT_EQ(classify_webhook_status(200), WebhookAnswer::delivered);
  EXPECT_EQ(classify_webhook_status(204), WebhookAnswer::delivered);
  EXPECT_EQ(classify_webhook_status(410), WebhookAnswer::give_up);
  EXPECT_EQ(classify_webhook_status(0), WebhookAnswer::retry);
  EXPECT_EQ(classify_webhook_status(301), WebhookAnswer::retry);
  EXPECT_EQ(classify_webhook_status(500), WebhookAnswer::retry);
}

}  // namespace
}  // namespace plumbline::domain
