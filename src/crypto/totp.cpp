// TOTP and base32: HMAC-SHA1 from OpenSSL, codes compared in constant time.
#include "crypto/totp.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sodium.h>

#include <cctype>

#include "crypto/tokens.hpp"

namespace plumbline::crypto {

namespace {
constexpr const char* b32_alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
}  // namespace

std::string base32_encode(std::string_view bytes) {
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 5) {
      out += b32_alphabet[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += b32_alphabet[(buffer << (5 - bits)) & 31];
  return out;
}

std::optional<std::string> base32_decode(std::string_view text) {
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  bool padding = false;
  for (char ch : text) {
    if (ch == ' ') continue;
    if (ch == '=') {
      padding = true;
      continue;
    }
    if (padding) return std::nullopt;  // data after padding
    auto c = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    int v = -1;
    if (c >= 'A' && c <= 'Z') v = c - 'A';
    if (c >= '2' && c <= '7') v = c - '2' + 26;
    if (v < 0) return std::nullopt;
    buffer = (buffer << 5) | static_cast<std::uint32_t>(v);
    bits += 5;
    if (bits >= 8) {
      out += static_cast<char>((buffer >> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return out;
}

std::string hotp(std::string_view key, std::uint64_t counter, int digits) {
  unsigned char msg[8];
  for (int i = 7; i >= 0; --i) {
    msg[i] = static_cast<unsigned char>(counter & 0xff);
    counter >>= 8;
  }
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha1(), key.data(), static_cast<int>(key.size()), msg, sizeof msg, mac, &len);
  int offset = mac[len - 1] & 0x0f;
  std::uint32_t bin = (static_cast<std::uint32_t>(mac[offset] & 0x7f) << 24) |
                      (static_cast<std::uint32_t>(mac[offset + 1]) << 16) |
                      (static_cast<std::uint32_t>(mac[offset + 2]) << 8) |
                      static_cast<std::uint32_t>(mac[offset + 3]);
  std::uint32_t mod = 1;
  for (int i = 0; i < digits; ++i) mod *= 10;
  auto code = std::to_string(bin % mod);
  return std::string(static_cast<std::size_t>(digits) - code.size(), '0') + code;
}

std::int64_t totp_step(std::int64_t unix_seconds) {
  return unix_seconds / totp_step_seconds;
}

std::string totp(std::string_view key, std::int64_t unix_seconds, int digits) {
  return hotp(key, static_cast<std::uint64_t>(totp_step(unix_seconds)), digits);
}

std::optional<std::int64_t> totp_match(std::string_view key, std::string_view code,
                                       std::int64_t unix_seconds, std::int64_t after_step,
                                       int window) {
  std::string digits;
  for (char c : code)
    if (c != ' ') digits += c;
  if (digits.size() != static_cast<std::size_t>(totp_digits)) return std::nullopt;
  std::optional<std::int64_t> found;
  auto now = totp_step(unix_seconds);
  for (std::int64_t s = now - window; s <= now + window; ++s) {
    // Every candidate is computed and compared, so the time taken does not tell which matched.
    bool same = constant_time_equal(hotp(key, static_cast<std::uint64_t>(s)), digits);
    if (same && s > after_step && !found) found = s;
  }
  return found;
}

std::string new_totp_key() {
  ensure_sodium();
  std::string key(20, '\0');
  randombytes_buf(key.data(), key.size());
  return key;
}

std::string otpauth_uri(std::string_view issuer, std::string_view account,
                        std::string_view base32_secret) {
  return "otpauth://totp/" + percent_encode(issuer, "@") + ":" + percent_encode(account, "@") +
         "?secret=" + std::string(base32_secret) + "&issuer=" + percent_encode(issuer, "@") +
         "&algorithm=SHA1&digits=6&period=30";
}

}  // namespace plumbline::crypto
