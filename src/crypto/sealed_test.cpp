// Unit tests for sealing secrets at rest.
#include "crypto/sealed.hpp"

#include <gtest/gtest.h>

namespace plumbline::crypto {
namespace {

TEST(Sealed, RoundTripAndFreshNonce) {
  auto a = seal("server-secret-0123456789abcdef0123", "{\"tracking_url\":\"https://x/t/abc\"}");
  auto b = seal("server-secret-0123456789abcdef0123", "{\"tracking_url\":\"https://x/t/abc\"}");
  EXPECT_NE(a, b);
  EXPECT_EQ(unseal("server-secret-0123456789abcdef0123", a).value_or(""),
            "{\"tracking_url\":\"https://x/t/abc\"}");
  EXPECT_EQ(a.find("tracking"), std::string::npos);
}

TEST(Sealed, WrongSecretOrTamperingFails) {
  auto a = seal("secret-one-0123456789abcdef012345", "hello");
  EXPECT_FALSE(unseal("secret-two-0123456789abcdef012345", a).has_value());
  std::string t = a;
  t[t.size() / 2] = t[t.size() / 2] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(unseal("secret-one-0123456789abcdef012345", t).has_value());
  EXPECT_FALSE(unseal("secret-one-0123456789abcdef012345", "short").has_value());
}

}  // namespace
}  // namespace plumbline::crypto
