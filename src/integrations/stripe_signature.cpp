// Stripe-Signature parsing and verification (integrations.md §1.10).
#include "integrations/stripe_signature.hpp"

#include <charconv>

#include "crypto/tokens.hpp"
#include "integrations/text.hpp"

namespace plumbline::integrations {

std::optional<StripeSignatureHeader> parse_stripe_signature(std::string_view header) {
  StripeSignatureHeader out;
  bool have_t = false;
  while (!header.empty()) {
    auto comma = header.find(',');
    std::string_view item = trim_blanks(header.substr(0, comma));
    header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
    auto eq = item.find('=');
    if (eq == std::string_view::npos) continue;
    std::string_view key = item.substr(0, eq);
    std::string_view value = item.substr(eq + 1);
    if (key == "t") {
      std::int64_t t = 0;
      auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), t);
      if (ec != std::errc{} || ptr != value.data() + value.size() || value.empty())
        return std::nullopt;
      out.timestamp = t;
      have_t = true;
    } else if (key == "v1" && !value.empty()) {
      out.v1.emplace_back(value);
    }
  }
  if (!have_t || out.v1.empty()) return std::nullopt;
  return out;
}

std::string stripe_signature(std::string_view secret, std::int64_t timestamp,
                             std::string_view body) {
  std::string payload = std::to_string(timestamp);
  payload += '.';
  payload.append(body);
  return crypto::hmac_sha256_hex(secret, payload);
}

StripeSignatureResult verify_stripe_signature(std::string_view secret,
                                              std::optional<std::string_view> header,
                                              std::string_view body, std::int64_t now_seconds,
                                              std::int64_t tolerance_seconds) {
  if (!header || trim_blanks(*header).empty()) return StripeSignatureResult::missing_header;
  auto parsed = parse_stripe_signature(*header);
  if (!parsed) return StripeSignatureResult::malformed;
  // The signature is checked before the age so a forged header never learns about the clock; both
  // outcomes reject anyway.
  std::string expected = stripe_signature(secret, parsed->timestamp, body);
  bool match = false;
  for (const auto& candidate : parsed->v1)
    match |= crypto::constant_time_equal(expected, candidate);
  if (!match) return StripeSignatureResult::mismatch;
  if (now_seconds - parsed->timestamp > tolerance_seconds ||
      parsed->timestamp - now_seconds > tolerance_seconds)
    return StripeSignatureResult::stale;
  return StripeSignatureResult::ok;
}

const char* to_string(StripeSignatureResult r) {
  switch (r) {
    case StripeSignatureResult::ok:
      return "ok";
    case StripeSignatureResult::missing_header:
      return "missing_header";
    case StripeSignatureResult::malformed:
      return "malformed";
    case StripeSignatureResult::stale:
      return "stale";
    case StripeSignatureResult::mismatch:
      return "mismatch";
  }
  return "unknown";
}

}  // namespace plumbline::integrations
