// TOTP (RFC 6238 over RFC 4226 HOTP, HMAC-SHA1) and RFC 4648 base32, for two-factor sign-in.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace plumbline::crypto {

inline constexpr int totp_step_seconds = 30;
inline constexpr int totp_digits = 6;

// RFC 4648 base32 (upper case, no padding).
std::string base32_encode(std::string_view bytes);
// Decodes base32, ignoring case, spaces and trailing '='; nullopt on any other character.
std::optional<std::string> base32_decode(std::string_view text);

// RFC 4226: the `digits`-digit code for `counter` under `key` (raw bytes), zero-padded.
std::string hotp(std::string_view key, std::uint64_t counter, int digits = totp_digits);
// The time step that holds `unix_seconds`.
std::int64_t totp_step(std::int64_t unix_seconds);
// RFC 6238: the code valid at `unix_seconds`.
std::string totp(std::string_view key, std::int64_t unix_seconds, int digits = totp_digits);
// The step (within ±window of now) whose code is `code` and that is later than `after_step`
// (steps already used are refused: each code works once); nullopt when none matches.
std::optional<std::int64_t> totp_match(std::string_view key, std::string_view code,
                                       std::int64_t unix_seconds, std::int64_t after_step,
                                       int window = 1);
// A new random TOTP key: 160 bits (RFC 4226's recommended length), raw bytes.
std::string new_totp_key();
// otpauth://totp/ISSUER:ACCOUNT?secret=…&issuer=…&algorithm=SHA1&digits=6&period=30
std::string otpauth_uri(std::string_view issuer, std::string_view account,
                        std::string_view base32_secret);

}  // namespace plumbline::crypto
