// Fuzz target: request headers the server reads itself: Cookie and Content-Type
// (http/response.cpp), Stripe-Signature and X-Twilio-Signature with the body they sign
// (integrations/), the Twilio URL variants. Oracles: a header the project signs itself verifies,
// and fails for another body.
#include "fuzz_input.hpp"
#include "http/forms.hpp"
#include "http/request.hpp"
#include "integrations/sms.hpp"
#include "integrations/stripe_signature.hpp"
#include "integrations/twilio_detail.hpp"

namespace {

constexpr std::int64_t now_s = 1'700'000'000;
const std::string stripe_secret = "whsec_fuzz";
const std::string twilio_token = "fuzz-auth-token";

void cookies_and_types(std::string_view value) {
  using namespace plumbline;
  http::Request req;
  req.headers = {{"cookie", std::string(value)}, {"content-type", std::string(value)}};
  for (std::string_view name : {"plumbline_csrf", "__Host-plumbline_session", "", "a"}) {
    if (auto c = req.cookie(name)) FUZZ_CHECK(value.find(*c) != std::string_view::npos);
  }
  (void)req.has_media_type("application/json");
  (void)req.has_media_type("multipart/form-data");
}

void stripe(std::string_view header, std::string_view body) {
  using namespace plumbline::integrations;
  if (auto parsed = parse_stripe_signature(header)) FUZZ_CHECK(!parsed->v1.empty());
  auto verdict = verify_stripe_signature(stripe_secret, header, body, now_s);
  (void)to_string(verdict);
  // Our own signature of this body verifies; the same header over another body does not.
  std::string good =
      "t=" + std::to_string(now_s) + ",v1=" + stripe_signature(stripe_secret, now_s, body);
  FUZZ_CHECK(verify_stripe_signature(stripe_secret, good, body, now_s) ==
             StripeSignatureResult::ok);
  std::string other(body);
  other += 'x';
  FUZZ_CHECK(verify_stripe_signature(stripe_secret, good, other, now_s) ==
             StripeSignatureResult::mismatch);
}

void twilio(std::string_view url, std::string_view signature, std::string_view body) {
  using namespace plumbline;
  (void)integrations::detail::twilio_url_variants(url);
  auto form = http::parse_urlencoded(body);
  if (!form) return;
  const std::string hook = "https://plumbline.example/webhooks/twilio/status";
  (void)integrations::verify_twilio_signature(twilio_token, hook, form->fields,
                                              std::string(signature));
  auto good = integrations::twilio_signature(twilio_token, hook, form->fields);
  FUZZ_CHECK(integrations::verify_twilio_signature(twilio_token, hook, form->fields, good));
  auto extra = form->fields;
  extra.emplace_back("FuzzExtra", "1");
  FUZZ_CHECK(!integrations::verify_twilio_signature(twilio_token, hook, extra, good));
}

}  // namespace

// Input: Cookie/Content-Type value, NUL, Stripe-Signature, NUL, X-Twilio-Signature, NUL, a URL for
// the Twilio variants, NUL, the body.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto f = plumbline::fuzz::fields(plumbline::fuzz::text(data, size), 5);
  cookies_and_types(f[0]);
  stripe(f[1], f[4]);
  twilio(f[3], f[2], f[4]);
  return 0;
}
