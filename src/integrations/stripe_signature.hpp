// Stripe-Signature verification (integrations.md §1.10): HMAC-SHA256 of "{t}.{raw body}" under the
// endpoint secret, any v1 may match, 300 s tolerance against an injected clock.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace plumbline::integrations {

enum class StripeSignatureResult { ok, missing_header, malformed, stale, mismatch };

struct StripeSignatureHeader {
  std::int64_t timestamp = 0;
  std::vector<std::string> v1;
};

inline constexpr std::int64_t kStripeToleranceSeconds = 300;

// Splits on ',' then on the first '='; takes t and every v1, ignores other schemes (v0, ...).
// Returns nullopt without a valid integer t or without any v1.
std::optional<StripeSignatureHeader> parse_stripe_signature(std::string_view header);
// Lower-case hex HMAC-SHA256(secret, t + "." + body); the secret is used as is, whsec_ prefix
// included.
std::string stripe_signature(std::string_view secret, std::int64_t timestamp,
                             std::string_view body);
// `header` is nullopt when the request had none. Rejects t older than, or further ahead than, the
// tolerance (the second guards against a clock-skewed replay window).
StripeSignatureResult verify_stripe_signature(
    std::string_view secret, std::optional<std::string_view> header, std::string_view body,
    std::int64_t now_seconds, std::int64_t tolerance_seconds = kStripeToleranceSeconds);
const char* to_string(StripeSignatureResult r);

}  // namespace plumbline::integrations
