// Password hashing (argon2id through libsodium) and the password policy for sign-up and reset.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace plumbline::crypto {

// argon2id cost. The defaults are OWASP's minimum (19 MiB, 2 passes, 1 lane): encoded as
// "$argon2id$v=19$m=19456,t=2,p=1$...". Raising either makes every stored hash "need rehash".
struct PasswordParams {
  unsigned long long ops = 2;
  std::size_t mem_bytes = 19 * 1024 * 1024;
};

// Hashes with a fresh random salt; returns the PHC-style encoded string (< 128 bytes).
// Throws std::invalid_argument for parameters below libsodium's minimum, std::runtime_error when
// memory cannot be allocated.
std::string hash_password(std::string_view password, const PasswordParams& p = {});

// True when `password` matches `encoded` (argon2id, or a legacy argon2i string libsodium accepts).
// False, never a throw, for a wrong password or a malformed/empty/oversized `encoded`.
bool verify_password(std::string_view password, const std::string& encoded);

// True when `encoded` was not made by argon2id with exactly these parameters (weaker or stronger),
// or cannot be parsed: call after a successful verify_password and store hash_password(password).
bool password_needs_rehash(const std::string& encoded, const PasswordParams& p = {});

// Sign-up / reset / change rules: 8-128 characters counted in Unicode code points (valid UTF-8
// required), not equal to the account's e-mail (ASCII case-insensitive), not in the common list
// (case-insensitive). No composition rules (NIST SP 800-63B).
class PasswordPolicy {
 public:
  static constexpr std::size_t kMinLength = 8;
  static constexpr std::size_t kMaxLength = 128;
  static constexpr std::size_t kMinListEntries = 10000;

  // One password per line; blank lines and lines starting with '#' are skipped; "\r\n" accepted.
  // Throws std::runtime_error naming `path` when it cannot be read or has < kMinListEntries
  // entries.
  static PasswordPolicy load_file(const std::string& path);
  // Any size (tests); entries are lower-cased.
  static PasswordPolicy from_list(std::vector<std::string> common);

  // A user-facing message when the password is not acceptable, otherwise nullopt.
  std::optional<std::string> problem(std::string_view password, std::string_view email) const;
  // Number of distinct (lower-cased) entries in the common list.
  std::size_t size() const { return common_.size(); }

 private:
  std::vector<std::string> common_;  // lower-cased, sorted, unique
};

// Number of Unicode code points in `s`, or nullopt when `s` is not valid UTF-8 (overlong forms,
// surrogates and values above U+10FFFF are invalid).
std::optional<std::size_t> utf8_code_points(std::string_view s);

}  // namespace plumbline::crypto
