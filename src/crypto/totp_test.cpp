// Unit tests for TOTP against the RFC 6238 (SHA1) and RFC 4226 vectors, and base32 (RFC 4648).
#include "crypto/totp.hpp"

#include <gtest/gtest.h>

namespace plumbline::crypto {
namespace {

const std::string rfc_key = "12345678901234567890";

TEST(Totp, Rfc6238Sha1Vectors) {
  EXPECT_EQ(totp(rfc_key, 59, 8), "94287082");
  EXPECT_EQ(totp(rfc_key, 1111111109, 8), "07081804");
  EXPECT_EQ(totp(rfc_key, 1111111111, 8), "14050471");
  EXPECT_EQ(totp(rfc_key, 1234567890, 8), "89005924");
  EXPECT_EQ(totp(rfc_key, 2000000000, 8), "69279037");
  EXPECT_EQ(totp(rfc_key, 20000000000, 8), "65353130");
  EXPECT_EQ(totp(rfc_key, 59), "287082");
  EXPECT_EQ(totp(rfc_key, 1111111109), "081804");
}

TEST(Totp, Rfc4226HotpVectors) {
  const char* expected[] = {"755224", "287082", "359152", "969429", "338314",
                            "254676", "287922", "162583", "399871", "520489"};
  for (int i = 0; i < 10; ++i) EXPECT_EQ(hotp(rfc_key, static_cast<std::uint64_t>(i)), expected[i]);
}

TEST(Totp, MatchesWithinOneStepAndOnlyAfterTheLastUsed) {
  const std::int64_t now = 1111111109;  // step 37037036
  auto step = totp_step(now);
  EXPECT_EQ(totp_match(rfc_key, totp(rfc_key, now), now, 0), step);
  EXPECT_EQ(totp_match(rfc_key, totp(rfc_key, now - 30), now, 0), step - 1);
  EXPECT_EQ(totp_match(rfc_key, totp(rfc_key, now + 30), now, 0), step + 1);
  EXPECT_EQ(totp_match(rfc_key, totp(rfc_key, now - 60), now, 0), std::nullopt);
  EXPECT_EQ(totp_match(rfc_key, totp(rfc_key, now + 60), now, 0), std::nullopt);
  // Replay: a step already used (or an earlier one) is refused.
  EXPECT_EQ(totp_match(rfc_key, totp(rfc_key, now), now, step), std::nullopt);
  EXPECT_EQ(totp_match(rfc_key, totp(rfc_key, now - 30), now, step - 1), std::nullopt);
  EXPECT_EQ(totp_match(rfc_key, "081 804", now, 0), step);
  EXPECT_EQ(totp_match(rfc_key, "", now, 0), std::nullopt);
  EXPECT_EQ(totp_match(rfc_key, "08180", now, 0), std::nullopt);
  EXPECT_EQ(totp_match(rfc_key, "0818044", now, 0), std::nullopt);
}

TEST(Base32, Rfc4648Vectors) {
  EXPECT_EQ(base32_encode(""), "");
  EXPECT_EQ(base32_encode("f"), "MY");
  EXPECT_EQ(base32_encode("fo"), "MZXQ");
  EXPECT_EQ(base32_encode("foo"), "MZXW6");
  EXPECT_EQ(base32_encode("foob"), "MZXW6YQ");
  EXPECT_EQ(base32_encode("fooba"), "MZXW6YTB");
  EXPECT_EQ(base32_encode("foobar"), "MZXW6YTBOI");
  EXPECT_EQ(base32_encode(rfc_key), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
  EXPECT_EQ(base32_decode("MZXW6YTBOI======"), "foobar");
  EXPECT_EQ(base32_decode("mzxw 6ytb oi"), "foobar");
  EXPECT_EQ(base32_decode("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"), rfc_key);
  EXPECT_EQ(base32_decode("MZ1W"), std::nullopt);
  EXPECT_EQ(base32_decode("MY=A"), std::nullopt);
}

TEST(Totp, OtpauthUri) {
  EXPECT_EQ(otpauth_uri("Plumbline", "pat+1@example.com", "JBSWY3DPEHPK3PXP"),
            "otpauth://totp/Plumbline:pat%2B1@example.com?secret=JBSWY3DPEHPK3PXP&"
            "issuer=Plumbline&algorithm=SHA1&digits=6&period=30");
}

}  // namespace
}  // namespace plumbline::crypto
