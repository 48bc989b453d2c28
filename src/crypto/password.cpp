// argon2id hashing through libsodium's crypto_pwhash_str* and the password policy.
#include "crypto/password.hpp"

#include <sodium.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <stdexcept>

#include "crypto/tokens.hpp"

namespace plumbline::crypto {

namespace {

constexpr std::string_view kArgon2idPrefix = crypto_pwhash_argon2id_STRPREFIX;  // "$argon2id$"

// libsodium reads the encoded hash as a C string of fewer than crypto_pwhash_STRBYTES bytes.
bool usable_encoded(const std::string& encoded) {
  return !encoded.empty() && encoded.size() < crypto_pwhash_STRBYTES &&
         encoded.find('\0') == std::string::npos;
}

void check_params(const PasswordParams& p) {
  if (p.ops < crypto_pwhash_argon2id_OPSLIMIT_MIN || p.ops > crypto_pwhash_argon2id_OPSLIMIT_MAX)
    throw std::invalid_argument("argon2id: ops outside libsodium's limits");
  if (p.mem_bytes < crypto_pwhash_argon2id_MEMLIMIT_MIN ||
      p.mem_bytes > crypto_pwhash_argon2id_MEMLIMIT_MAX)
    throw std::invalid_argument("argon2id: mem_bytes outside libsodium's limits");
}

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

}  // namespace

std::string hash_password(std::string_view password, const PasswordParams& p) {
  ensure_sodium();
  check_params(p);
  if (password.size() > crypto_pwhash_PASSWD_MAX)
    throw std::invalid_argument("argon2id: password too long");
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), p.ops, p.mem_bytes,
                            crypto_pwhash_ALG_ARGON2ID13) != 0)
    throw std::runtime_error("argon2id: out of memory while hashing a password");
  return std::string(out);
}

bool verify_password(std::string_view password, const std::string& encoded) {
  ensure_sodium();
  if (!usable_encoded(encoded) || password.size() > crypto_pwhash_PASSWD_MAX) return false;
  return crypto_pwhash_str_verify(encoded.c_str(), password.data(), password.size()) == 0;
}

bool password_needs_rehash(const std::string& encoded, const PasswordParams& p) {
  ensure_sodium();
  // Anything that is not argon2id (including a legacy argon2i string, which the generic libsodium
  // call would judge by its parameters alone) is upgraded on the next successful login.
  if (!usable_encoded(encoded) || encoded.compare(0, kArgon2idPrefix.size(), kArgon2idPrefix) != 0)
    return true;
  // 0: same algorithm and parameters; 1: different parameters; -1: unparsable.
  return crypto_pwhash_str_needs_rehash(encoded.c_str(), p.ops, p.mem_bytes) != 0;
}

std::optional<std::size_t> utf8_code_points(std::string_view s) {
  std::size_t count = 0;
  std::size_t i = 0;
  const std::size_t n = s.size();
  while (i < n) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    std::size_t len;
    char32_t cp;
    if (b0 < 0x80) {
      len = 1;
      cp = b0;
    } else if (b0 >= 0xC2 && b0 <= 0xDF) {
      len = 2;
      cp = b0 & 0x1F;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
      len = 3;
      cp = b0 & 0x0F;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
      len = 4;
      cp = b0 & 0x07;
    } else {
      return std::nullopt;  // continuation byte as lead, C0/C1 (overlong), F5..FF
    }
    if (n - i < len) return std::nullopt;
    for (std::size_t k = 1; k < len; ++k) {
      const auto b = static_cast<unsigned char>(s[i + k]);
      if ((b & 0xC0) != 0x80) return std::nullopt;
      cp = (cp << 6) | (b & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000)) return std::nullopt;  // overlong
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return std::nullopt;
    i += len;
    ++count;
  }
  return count;
}

PasswordPolicy PasswordPolicy::from_list(std::vector<std::string> common) {
  for (auto& p : common) p = ascii_lower(p);
  std::sort(common.begin(), common.end());
  common.erase(std::unique(common.begin(), common.end()), common.end());
  PasswordPolicy policy;
  policy.common_ = std::move(common);
  return policy;
}

PasswordPolicy PasswordPolicy::load_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("common password list " + path + ": cannot open");
  std::vector<std::string> entries;
  entries.reserve(50000);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line.front() == '#') continue;
    entries.push_back(std::move(line));
  }
  if (in.bad()) throw std::runtime_error("common password list " + path + ": read error");
  PasswordPolicy policy = from_list(std::move(entries));
  if (policy.size() < kMinListEntries)
    throw std::runtime_error("common password list " + path + ": " + std::to_string(policy.size()) +
                             " entries, need at least " + std::to_string(kMinListEntries) +
                             " (node scripts/build-passwords.mjs)");
  return policy;
}

std::optional<std::string> PasswordPolicy::problem(std::string_view password,
                                                   std::string_view email) const {
  const auto length = utf8_code_points(password);
  if (!length) return "The password contains characters that are not valid text.";
  if (*length < kMinLength)
    return "The password must be at least " + std::to_string(kMinLength) + " characters long.";
  if (*length > kMaxLength)
    return "The password must be at most " + std::to_string(kMaxLength) + " characters long.";
  const std::string lower = ascii_lower(password);
  if (!email.empty() && lower == ascii_lower(email))
    return "The password must not be your e-mail address.";
  if (std::binary_search(common_.begin(), common_.end(), lower))
    return "This password is one of the most commonly used passwords. Please choose another.";
  return std::nullopt;
}

}  // namespace plumbline::crypto
