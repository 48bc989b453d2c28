// API access tokens: HS256 JWTs signed and verified with libjwt, keys picked by `kid` (rotation).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace plumbline::crypto {

// One HMAC key of the ring. `secret` is raw bytes, at least kMinJwtSecretBytes (256 bits).
struct JwtKey {
  std::string kid;
  std::string secret;
};

inline constexpr std::size_t kMinJwtSecretBytes = 32;
inline constexpr std::string_view kJwtIssuer = "plumbline";

// Times in seconds since the Unix epoch.
struct JwtClaims {
  std::int64_t user_id = 0;
  std::string role;
  std::int64_t issued_at = 0;
  std::int64_t expires_at = 0;
  std::string jti;
  // The user's token generation when issued ("gen"; absent in older tokens = 0): ending a user's
  // sessions moves the stored one on, and the bearer check refuses tokens of an older one.
  std::int64_t generation = 0;
};

// Header {"alg":"HS256","typ":"JWT","kid":key.kid}; claims sub (user id as a decimal string), role,
// iat, exp, jti, gen, iss "plumbline". Throws std::invalid_argument for a short secret, an empty
// kid, role or jti, a user id <= 0, a negative generation or expires_at <= issued_at.
std::string sign_access_token(const JwtKey& key, const JwtClaims& claims);

// Returns the claims of a token signed by one of `keys` (the one whose kid is in the header; the
// ring's first key is the one that signs, the others are still accepted) and not expired
// (exp > now_seconds). Refuses: malformed tokens, alg other than HS256 (including "none"), a
// missing or unknown kid, a "crit" header, a bad signature, exp <= now, iss other than
// "plumbline", missing or mistyped claims (a "gen" that is not a non-negative integer). The header
// is checked before libjwt sees the token. `why`, when given, receives a short reason for the log
// on failure (never token contents).
std::optional<JwtClaims> verify_access_token(const std::vector<JwtKey>& keys,
                                             std::string_view token, std::int64_t now_seconds,
                                             std::string* why = nullptr);

}  // namespace plumbline::crypto
