// Unit tests for HS256 access tokens: round trip, expiry, signature, kid ring (rotation), and
// hand-made hostile tokens (alg none, HS512 with the HMAC secret, tampering, garbage).
#include "crypto/jwt.hpp"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sodium.h>

#include <boost/json.hpp>
#include <cstring>
#include <stdexcept>

namespace plumbline::crypto {
namespace {

const JwtKey kKey1{"2025-01", "0123456789abcdef0123456789abcdef"};
const JwtKey kKey2{"2025-02", "fedcba9876543210fedcba9876543210-second"};
constexpr std::int64_t kNow = 1'750'000'000;

JwtClaims claims(std::int64_t user_id = 42, std::string role = "plumber") {
  return JwtClaims{user_id, std::move(role), kNow, kNow + 900, "jti-0001"};
}

std::string b64url(std::string_view s) {
  if (sodium_init() < 0) throw std::runtime_error("sodium");
  std::string out(sodium_base64_ENCODED_LEN(s.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                  '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(s.data()),
                    s.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(std::strlen(out.c_str()));
  return out;
}

std::string unb64url(std::string_view s) {
  std::string out(s.size(), '\0');
  std::size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), s.data(),
                        s.size(), nullptr, &len, nullptr,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
    throw std::runtime_error("bad base64url");
  out.resize(len);
  return out;
}

std::string hmac_b64url(const EVP_MD* md, std::string_view key, std::string_view data) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(md, key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac, &len);
  return b64url(std::string_view(reinterpret_cast<const char*>(mac), len));
}

// A token built by hand: header and payload JSON as given, signed with `md` under `secret`
// (nullptr: no signature at all).
std::string forge(std::string_view header, std::string_view payload, const EVP_MD* md,
                  std::string_view secret) {
  std::string signing_input = b64url(header) + "." + b64url(payload);
  return signing_input + "." + (md ? hmac_b64url(md, secret, signing_input) : std::string());
}

std::string good_payload(std::string_view iss = "plumbline") {
  return R"({"sub":"42","role":"plumber","iat":1750000000,"exp":1750000900,"jti":"j1","iss":")" +
         std::string(iss) + "\"}";
}

std::optional<JwtClaims> verify(std::string_view token, std::string* why = nullptr,
                                const std::vector<JwtKey>& ring = {kKey1}) {
  return verify_access_token(ring, token, kNow, why);
}

TEST(Jwt, RoundTripAndHeader) {
  const std::string token = sign_access_token(kKey1, claims());
  std::string why;
  const auto c = verify(token, &why);
  ASSERT_TRUE(c) << why;
  EXPECT_EQ(c->user_id, 42);
  EXPECT_EQ(c->role, "plumber");
  EXPECT_EQ(c->issued_at, kNow);
  EXPECT_EQ(c->expires_at, kNow + 900);
  EXPECT_EQ(c->jti, "jti-0001");

  const auto head = boost::json::parse(unb64url(token.substr(0, token.find('.')))).as_object();
  EXPECT_EQ(head.at("alg").as_string(), "HS256");
  EXPECT_EQ(head.at("typ").as_string(), "JWT");
  EXPECT_EQ(head.at("kid").as_string(), "2025-01");
  const auto dot1 = token.find('.');
  const auto body =
      boost::json::parse(unb64url(token.substr(dot1 + 1, token.rfind('.') - dot1 - 1))).as_object();
  EXPECT_EQ(body.at("sub").as_string(), "42");
  EXPECT_EQ(body.at("iss").as_string(), "plumbline");
  EXPECT_EQ(body.at("exp").as_int64(), kNow + 900);
}

// Issue 15: the token generation travels as "gen"; a token without one (signed before it existed)
// reads as 0, and a mistyped or negative one is refused.
TEST(Jwt, GenerationClaim) {
  auto c = claims();
  c.generation = 7;
  const auto back = verify(sign_access_token(kKey1, c));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->generation, 7);

  const std::string head = R"({"alg":"HS256","typ":"JWT","kid":"2025-01"})";
  const auto old = verify(forge(head, good_payload(), EVP_sha256(), kKey1.secret));
  ASSERT_TRUE(old);
  EXPECT_EQ(old->generation, 0);
  for (const char* gen : {R"("3")", "-1", "1.5"}) {
    std::string payload = good_payload();
    payload.insert(payload.size() - 1, std::string(R"(,"gen":)") + gen);
    std::string why;
    EXPECT_FALSE(verify(forge(head, payload, EVP_sha256(), kKey1.secret), &why)) << gen;
    EXPECT_EQ(why, "bad gen") << gen;
  }
  c.generation = -1;
  EXPECT_THROW(sign_access_token(kKey1, c), std::invalid_argument);
}

TEST(Jwt, ExpiredAtAndAfterExp) {
  const std::string token = sign_access_token(kKey1, claims());
  EXPECT_TRUE(verify_access_token({kKey1}, token, kNow + 899));
  std::string why;
  EXPECT_FALSE(verify_access_token({kKey1}, token, kNow + 900, &why));
  EXPECT_EQ(why, "expired");
  EXPECT_FALSE(verify_access_token({kKey1}, token, kNow + 100000));
}

TEST(Jwt, WrongSignatureKey) {
  const std::string token = sign_access_token(kKey1, claims());
  const JwtKey same_kid_other_secret{kKey1.kid, std::string(32, 'x')};
  std::string why;
  EXPECT_FALSE(verify(token, &why, {same_kid_other_secret}));
  EXPECT_EQ(why, "bad signature or malformed token");

  // Signature flipped in its last-but-one character.
  std::string flipped = token;
  char& c = flipped[flipped.size() - 2];
  c = c == 'A' ? 'B' : 'A';
  EXPECT_FALSE(verify(flipped));
  // Signature dropped.
  EXPECT_FALSE(verify(token.substr(0, token.rfind('.') + 1)));
}

TEST(Jwt, UnknownKid) {
  const std::string token = sign_access_token(kKey2, claims());
  std::string why;
  EXPECT_FALSE(verify(token, &why, {kKey1}));
  EXPECT_EQ(why, "unknown kid");
}

TEST(Jwt, MissingOrEmptyKid) {
  std::string why;
  EXPECT_FALSE(verify(
      forge(R"({"alg":"HS256","typ":"JWT"})", good_payload(), EVP_sha256(), kKey1.secret), &why));
  EXPECT_EQ(why, "missing kid");
  EXPECT_FALSE(verify(
      forge(R"({"alg":"HS256","kid":""})", good_payload(), EVP_sha256(), kKey1.secret), &why));
  EXPECT_EQ(why, "missing kid");
  EXPECT_FALSE(verify(
      forge(R"({"alg":"HS256","kid":7})", good_payload(), EVP_sha256(), kKey1.secret), &why));
  EXPECT_EQ(why, "missing kid");
}

TEST(Jwt, HandMadeTokenWithRightKeyIsAcceptedSoForgeriesBelowAreMeaningful) {
  std::string why;
  EXPECT_TRUE(verify(forge(R"({"alg":"HS256","typ":"JWT","kid":"2025-01"})", good_payload(),
                           EVP_sha256(), kKey1.secret),
                     &why))
      << why;
}

TEST(Jwt, AlgNoneRefused) {
  std::string why;
  for (const char* alg : {"none", "None", "NONE", "nOnE"}) {
    const std::string header =
        std::string(R"({"alg":")") + alg + R"(","typ":"JWT","kid":"2025-01"})";
    EXPECT_FALSE(verify(forge(header, good_payload(), nullptr, ""), &why)) << alg;
    EXPECT_EQ(why, "algorithm not allowed") << alg;
    // ...also with a (meaningless) HS256 signature attached.
    EXPECT_FALSE(verify(forge(header, good_payload(), EVP_sha256(), kKey1.secret), &why)) << alg;
    EXPECT_EQ(why, "algorithm not allowed") << alg;
  }
  // No alg at all.
  EXPECT_FALSE(verify(
      forge(R"({"typ":"JWT","kid":"2025-01"})", good_payload(), EVP_sha256(), kKey1.secret), &why));
  EXPECT_EQ(why, "algorithm not allowed");
}

TEST(Jwt, OtherAlgorithmsRefusedEvenWhenCorrectlySigned) {
  std::string why;
  // HS512 signed with the ring's own secret: libjwt alone would accept it.
  EXPECT_FALSE(verify(forge(R"({"alg":"HS512","typ":"JWT","kid":"2025-01"})", good_payload(),
                            EVP_sha512(), kKey1.secret),
                      &why));
  EXPECT_EQ(why, "algorithm not allowed");
  EXPECT_FALSE(verify(forge(R"({"alg":"HS384","typ":"JWT","kid":"2025-01"})", good_payload(),
                            EVP_sha384(), kKey1.secret),
                      &why));
  EXPECT_EQ(why, "algorithm not allowed");
  // Case variants and RS256 (key-confusion attempt with the HMAC secret).
  for (const char* alg : {"hs256", "HS256 ", "RS256", "ES256"}) {
    const std::string header = std::string(R"({"alg":")") + alg + R"(","kid":"2025-01"})";
    EXPECT_FALSE(verify(forge(header, good_payload(), EVP_sha256(), kKey1.secret), &why)) << alg;
    EXPECT_EQ(why, "algorithm not allowed") << alg;
  }
}

TEST(Jwt, TamperedPayloadRefused) {
  const std::string token = sign_access_token(kKey1, claims(42, "plumber"));
  const auto dot1 = token.find('.');
  const auto dot2 = token.rfind('.');
  std::string body = unb64url(token.substr(dot1 + 1, dot2 - dot1 - 1));
  const auto pos = body.find("\"plumber\"");
  ASSERT_NE(pos, std::string::npos) << body;
  body.replace(pos, 9, "\"admin\"");
  const std::string tampered = token.substr(0, dot1 + 1) + b64url(body) + token.substr(dot2);
  std::string why;
  EXPECT_FALSE(verify(tampered, &why));
  EXPECT_EQ(why, "bad signature or malformed token");

  // Header tampered (kid swapped to another key of the ring) also breaks the signature.
  const std::string other_head = b64url(R"({"alg":"HS256","kid":"2025-02","typ":"JWT"})");
  EXPECT_FALSE(verify(other_head + token.substr(dot1), &why, {kKey1, kKey2}));
}

TEST(Jwt, KeyRotationRing) {
  const std::vector<JwtKey> old_ring{kKey1};
  const std::vector<JwtKey> new_ring{kKey2, kKey1};  // kKey2 now signs; kKey1 still accepted
  const std::string old_token = sign_access_token(kKey1, claims(7));
  const std::string new_token = sign_access_token(new_ring.front(), claims(8));
  std::string why;
  auto a = verify_access_token(new_ring, old_token, kNow, &why);
  ASSERT_TRUE(a) << why;
  EXPECT_EQ(a->user_id, 7);
  auto b = verify_access_token(new_ring, new_token, kNow, &why);
  ASSERT_TRUE(b) << why;
  EXPECT_EQ(b->user_id, 8);
  EXPECT_FALSE(verify_access_token(old_ring, new_token, kNow));       // old servers: unknown kid
  EXPECT_FALSE(verify_access_token({kKey2}, old_token, kNow, &why));  // kKey1 retired
  EXPECT_EQ(why, "unknown kid");
}

TEST(Jwt, ClaimChecks) {
  std::string why;
  const auto sign = [](std::string_view payload) {
    return forge(R"({"alg":"HS256","typ":"JWT","kid":"2025-01"})", payload, EVP_sha256(),
                 kKey1.secret);
  };
  EXPECT_FALSE(verify(sign(good_payload("evil")), &why));
  EXPECT_EQ(why, "issuer mismatch");
  EXPECT_FALSE(verify(
      sign(R"({"sub":"42","role":"plumber","iat":1750000000,"exp":1750000900,"jti":"j1"})"), &why));
  EXPECT_EQ(why, "issuer mismatch");
  EXPECT_FALSE(verify(
      sign(
          R"({"sub":"42","role":"plumber","iat":1750000000,"exp":"1750000900","jti":"j1","iss":"plumbline"})"),
      &why));
  EXPECT_EQ(why, "missing iat or exp");
  EXPECT_FALSE(
      verify(sign(R"({"sub":"42","role":"plumber","iat":1750000000,"jti":"j1","iss":"plumbline"})"),
             &why));
  EXPECT_EQ(why, "missing iat or exp");
  EXPECT_FALSE(verify(
      sign(
          R"({"sub":42,"role":"plumber","iat":1750000000,"exp":1750000900,"jti":"j1","iss":"plumbline"})"),
      &why));
  EXPECT_EQ(why, "missing claims");
  for (const char* sub : {"042", "-1", "0", "4x", "", "99999999999999999999"}) {
    const std::string payload =
        std::string(R"({"sub":")") + sub +
        R"(","role":"plumber","iat":1750000000,"exp":1750000900,"jti":"j1","iss":"plumbline"})";
    EXPECT_FALSE(verify(sign(payload), &why)) << sub;
    EXPECT_EQ(why, "bad sub") << sub;
  }
  EXPECT_FALSE(verify(
      sign(
          R"({"sub":"42","role":"","iat":1750000000,"exp":1750000900,"jti":"j1","iss":"plumbline"})"),
      &why));
  EXPECT_EQ(why, "missing claims");
  // A "crit" header names extensions we do not understand: refused.
  EXPECT_FALSE(verify(forge(R"({"alg":"HS256","kid":"2025-01","crit":["b64"],"b64":false})",
                            good_payload(), EVP_sha256(), kKey1.secret),
                      &why));
  EXPECT_EQ(why, "unsupported critical header");
}

TEST(Jwt, GarbageRefused) {
  const std::string good = sign_access_token(kKey1, claims());
  const std::string nul_inside = good.substr(0, 10) + std::string(1, '\0') + good.substr(10);
  for (const std::string& bad :
       {std::string(), std::string("."), std::string(".."), std::string("..."),
        std::string("a.b.c"), std::string("not a token"), std::string("Bearer ") + good, good + ".",
        good + "\n", " " + good, good + "=", nul_inside,
        b64url("[1,2]") + "." + b64url("{}") + ".c2ln",
        b64url("{\"alg\":\"HS256\"") + "." + b64url("{}") + ".c2ln", std::string(5000, 'a'),
        std::string("\xff\xfe.\x01.\x02"), good.substr(0, good.find('.'))}) {
    std::string why;
    EXPECT_FALSE(verify(bad, &why)) << bad;
    EXPECT_FALSE(why.empty());
  }
  // A signed token whose payload is not JSON.
  const std::string signing_input =
      b64url(R"({"alg":"HS256","kid":"2025-01"})") + "." + b64url("not json");
  EXPECT_FALSE(
      verify(signing_input + "." + hmac_b64url(EVP_sha256(), kKey1.secret, signing_input)));
  EXPECT_FALSE(verify_access_token({}, good, kNow));  // empty ring
}

TEST(Jwt, SignRefusesBadInput) {
  EXPECT_THROW(sign_access_token(JwtKey{"k", std::string(31, 's')}, claims()),
               std::invalid_argument);
  EXPECT_THROW(sign_access_token(JwtKey{"", std::string(32, 's')}, claims()),
               std::invalid_argument);
  EXPECT_THROW(sign_access_token(kKey1, claims(0)), std::invalid_argument);
  EXPECT_THROW(sign_access_token(kKey1, claims(42, "")), std::invalid_argument);
  auto c = claims();
  c.expires_at = c.issued_at;
  EXPECT_THROW(sign_access_token(kKey1, c), std::invalid_argument);
  // A key of the ring that is too short never verifies anything.
  const std::string token = sign_access_token(kKey1, claims());
  std::string why;
  EXPECT_FALSE(verify(token, &why, {JwtKey{kKey1.kid, "short"}}));
  EXPECT_EQ(why, "key too short");
}

}  // namespace
}  // namespace plumbline::crypto
