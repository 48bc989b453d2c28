// Random tokens, hashes, HMAC and constant-time comparison (libsodium + OpenSSL).
#pragma once
#include <string>
#include <string_view>

namespace plumbline::crypto {

// Initialises libsodium once (thread-safe); throws when it cannot.
void ensure_sodium();

// Returns `bytes` random bytes from the OS CSPRNG, encoded base64url without padding.
std::string random_token(std::size_t bytes = 16);
// Returns `bytes` random bytes as lower-case hex.
std::string random_hex(std::size_t bytes);
std::string sha256_hex(std::string_view data);
// HMAC-SHA256 of data under key, base64url without padding.
std::string hmac_sha256_b64url(std::string_view key, std::string_view data);
std::string hmac_sha256_hex(std::string_view key, std::string_view data);
// Compares in time independent of where the inputs differ (lengths may leak).
bool constant_time_equal(std::string_view a, std::string_view b);

// Percent-encodes everything but RFC 3986's unreserved characters and those in `also_safe`
// (e.g. "/" for a path in a query value, "@" in an otpauth label).
std::string percent_encode(std::string_view s, std::string_view also_safe = {});

}  // namespace plumbline::crypto
