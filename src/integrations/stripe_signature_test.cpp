// Unit tests for Stripe-Signature: vectors computed outside this code (openssl dgst and the npm
// stripe package), multiple v1, tolerance and the distinct rejection reasons.
#include "integrations/stripe_signature.hpp"

#include <gtest/gtest.h>

namespace plumbline::integrations {
namespace {

const std::string kSecret = "whsec_test_secret";
const std::string kBody = R"({"id":"evt_test_1","object":"event","type":"invoice.paid"})";
// printf "%s" "1700000000.$BODY" | openssl dgst -sha256 -hmac whsec_test_secret; also what
// stripe.webhooks.generateTestHeaderString (npm stripe 23.1.0) prints for this payload.
const std::string kV1 = "3e3e661992c26c45d9105cbea450acc1a34f8c6dbafbd891f858c6fd9054fe3e";
// Same payload under "whsec_other".
const std::string kV1Other = "04b1b03e2079e4e2a95a7370ec033cb1614b8c543a586b19e3e539ae89ca26a1";
constexpr std::int64_t kT = 1700000000;

using R = StripeSignatureResult;

TEST(StripeSignature, ComputesTheExternalVector) {
  EXPECT_EQ(stripe_signature(kSecret, kT, kBody), kV1);
  EXPECT_EQ(stripe_signature("whsec_other", kT, kBody), kV1Other);
}

TEST(StripeSignature, AcceptsAFreshHeader) {
  std::string h = "t=1700000000,v1=" + kV1;
  EXPECT_EQ(verify_stripe_signature(kSecret, h, kBody, kT), R::ok);
  EXPECT_EQ(verify_stripe_signature(kSecret, h, kBody, kT + 300), R::ok);
}

TEST(StripeSignature, AnyV1MayMatchAndOtherSchemesAreIgnored) {
  std::string h = "t=1700000000,v1=" + kV1Other + ",v1=" + kV1 + ",v0=deadbeef";
  EXPECT_EQ(verify_stripe_signature(kSecret, h, kBody, kT), R::ok);
  EXPECT_EQ(verify_stripe_signature("whsec_other", h, kBody, kT), R::ok);
  auto parsed = parse_stripe_signature(h);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->timestamp, kT);
  EXPECT_EQ(parsed->v1.size(), 2u);
}

TEST(StripeSignature, MissingHeader) {
  EXPECT_EQ(verify_stripe_signature(kSecret, std::nullopt, kBody, kT), R::missing_header);
  EXPECT_EQ(verify_stripe_signature(kSecret, std::string_view(""), kBody, kT), R::missing_header);
}

TEST(StripeSignature, Malformed) {
  EXPECT_EQ(verify_stripe_signature(kSecret, std::string_view("v1=" + kV1), kBody, kT),
            R::malformed);
  EXPECT_EQ(verify_stripe_signature(kSecret, std::string_view("t=1700000000"), kBody, kT),
            R::malformed);
  EXPECT_EQ(verify_stripe_signature(kSecret, std::string_view("t=1700000000,v0=" + kV1), kBody, kT),
            R::malformed);
  EXPECT_EQ(verify_stripe_signature(kSecret, std::string_view("t=17x,v1=" + kV1), kBody, kT),
            R::malformed);
  EXPECT_EQ(verify_stripe_signature(kSecret, std::string_view("garbage"), kBody, kT), R::malformed);
}

TEST(StripeSignature, Stale) {
  std::string h = "t=1700000000,v1=" + kV1;
  EXPECT_EQ(verify_stripe_signature(kSecret, h, kBody, kT + 301), R::stale);
  EXPECT_EQ(verify_stripe_signature(kSecret, h, kBody, kT - 301), R::stale);
}

TEST(StripeSignature, Mismatch) {
  std::string h = "t=1700000000,v1=" + kV1;
  EXPECT_EQ(verify_stripe_signature("whsec_wrong", h, kBody, kT), R::mismatch);
  EXPECT_EQ(verify_stripe_signature(kSecret, h, kBody + " ", kT), R::mismatch);
  // The timestamp is signed: moving it breaks the signature.
  EXPECT_EQ(verify_stripe_signature(kSecret, "t=1700000001,v1=" + kV1, kBody, kT), R::mismatch);
  EXPECT_EQ(verify_stripe_signature(kSecret, "t=1700000000,v1=" + kV1.substr(1), kBody, kT),
            R::mismatch);
}

}  // namespace
}  // namespace plumbline::integrations
