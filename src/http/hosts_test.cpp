// Unit tests for Host parsing and the allow list (loopback, base URL, extra hosts, IP literals).
#include "http/hosts.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace plumbline::http {
namespace {

TEST(ParseHost, NamesPortsAndBracketedIpv6) {
  auto a = parse_host("Plumbline.Example.COM:8443");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->host, "plumbline.example.com");
  EXPECT_EQ(a->port, 8443);
  auto b = parse_host("[::1]:80");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->host, "::1");
  EXPECT_EQ(b->port, 80);
  auto c = parse_host("example.com.");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->host, "example.com");
  EXPECT_EQ(c->port, -1);
}

TEST(ParseHost, RefusesMalformedValues) {
  for (const char* bad : {"", ":80", "::1", "[::1", "[nope]:80", "a b", "user@host", "host:99999",
                          "host:8x", "host/path", "[::1]x", "."})
    EXPECT_FALSE(parse_host(bad)) << bad;
}

TEST(Loopback, NamesAndAddresses) {
  for (const char* yes :
       {"localhost", "LOCALHOST", "127.0.0.1", "127.1.2.3", "::1", "::ffff:127.0.0.1"})
    EXPECT_TRUE(is_loopback_host(yes)) << yes;
  for (const char* no : {"localhost.evil.example", "128.0.0.1", "10.0.0.1", "::2", "evil.example"})
    EXPECT_FALSE(is_loopback_host(no)) << no;
}

TEST(HostAllowList, LoopbackBaseAcceptsAnyLoopbackHostButNoName) {
  HostAllowList l("http://127.0.0.1:8080", {});
  for (const char* yes :
       {"127.0.0.1:8080", "localhost", "localhost:3000", "127.0.0.2:1", "[::1]:8080"})
    EXPECT_TRUE(l.allows(yes)) << yes;
  for (const char* no :
       {"evil.example", "evil.example:8080", "10.0.0.5:8080", "", "127.0.0.1:8080 x"})
    EXPECT_FALSE(l.allows(no)) << no;
}

TEST(HostAllowList, PublicBaseMatchesNameCaseInsensitivelyAndItsPort) {
  HostAllowList l("https://plumbline.example.com/", {});
  EXPECT_TRUE(l.allows("plumbline.example.com"));
  EXPECT_TRUE(l.allows("PLUMBLINE.example.com:443"));
  EXPECT_TRUE(l.allows("plumbline.example.com."));
  EXPECT_FALSE(l.allows("plumbline.example.com:8443"));
  EXPECT_FALSE(l.allows("localhost"));
  EXPECT_FALSE(l.allows("127.0.0.1"));
  EXPECT_FALSE(l.allows("www.plumbline.example.com"));
  EXPECT_FALSE(l.allows("plumbline.example.com.evil.example"));
  HostAllowList explicit_port("http://plumbline.example.com:8080", {});
  EXPECT_TRUE(explicit_port.allows("plumbline.example.com:8080"));
  EXPECT_FALSE(explicit_port.allows("plumbline.example.com:80"));
}

TEST(HostAllowList, ExtraHostsWithAndWithoutPort) {
  HostAllowList l("https://plumbline.example.com", {"www.plumbline.example.com", "10.0.0.7:8080"});
  EXPECT_TRUE(l.allows("www.plumbline.example.com:1234"));
  EXPECT_TRUE(l.allows("10.0.0.7:8080"));
  EXPECT_FALSE(l.allows("10.0.0.7:9090"));
  EXPECT_FALSE(l.allows("10.0.0.8:8080"));
}

TEST(HostAllowList, AnyIpLiteralForTheMetricsListener) {
  HostAllowList l("https://plumbline.example.com", {}, true);
  EXPECT_TRUE(l.allows("10.0.0.7:9100"));
  EXPECT_TRUE(l.allows("[fd00::7]:9100"));
  EXPECT_FALSE(l.allows("metrics.evil.example:9100"));
}

TEST(HostAllowList, RefusesABadBaseUrlOrEntry) {
  EXPECT_THROW(HostAllowList("ftp://x", {}), std::invalid_argument);
  EXPECT_THROW(HostAllowList("http://user@x", {}), std::invalid_argument);
  EXPECT_THROW(HostAllowList("http://x", {"http://y"}), std::invalid_argument);
}

}  // namespace
}  // namespace plumbline::http
