// Unit tests for tokens: size, alphabet, uniqueness; SHA-256 and HMAC known answers.
#include "crypto/tokens.hpp"

#include <gtest/gtest.h>

#include <set>

namespace plumbline::crypto {
namespace {

TEST(Tokens, RandomTokenHasAtLeast128BitsAndIsUrlSafe) {
  auto t = random_token(16);
  EXPECT_EQ(t.size(), 22u);  // 16 bytes base64url without padding
  for (char c : t) EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_');
}

TEST(Tokens, TenThousandTokensAreUnique) {
  std::set<std::string> seen;
  for (int i = 0; i < 10000; ++i) seen.insert(random_token(24));
  EXPECT_EQ(seen.size(), 10000u);
}

TEST(Tokens, Sha256KnownAnswer) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Tokens, HmacKnownAnswerRfc4231Case2) {
  EXPECT_EQ(hmac_sha256_hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(Tokens, ConstantTimeEqual) {
  EXPECT_TRUE(constant_time_equal("abc", "abc"));
  EXPECT_FALSE(constant_time_equal("abc", "abd"));
  EXPECT_FALSE(constant_time_equal("abc", "abcd"));
  EXPECT_TRUE(constant_time_equal("", ""));
}

}  // namespace
TEST(Tokens, PercentEncodeKeepsUnreservedAndTheGivenExtras) {
  EXPECT_EQ(percent_encode("a-b_c.d~e"), "a-b_c.d~e");
  EXPECT_EQ(percent_encode("/x?y=1&z"), "%2Fx%3Fy%3D1%26z");
  EXPECT_EQ(percent_encode("/x?y", "/"), "/x%3Fy");
  EXPECT_EQ(percent_encode("pat@example.com", "@"), "pat@example.com");
  EXPECT_EQ(percent_encode("\r\n\xc3\xa9 "), "%0D%0A%C3%A9%20");
}

}  // namespace plumbline::crypto
