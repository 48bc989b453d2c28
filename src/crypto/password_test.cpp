// Unit tests for argon2id hashing (format, verify, rehash, timing) and the password policy.
// Each default-cost hash takes ~50 ms, so only a handful are computed.
#include "crypto/password.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>

namespace plumbline::crypto {
namespace {

constexpr std::string_view kDefaultPrefix = "$argon2id$v=19$m=19456,t=2,p=1$";
const PasswordParams kWeak{1, crypto_pwhash_argon2id_MEMLIMIT_MIN};  // 8 KiB, 1 pass: fast

std::string repeat(std::string_view unit, std::size_t n) {
  std::string s;
  for (std::size_t i = 0; i < n; ++i) s += unit;
  return s;
}

TEST(PasswordHash, DefaultFormatVerifyAndTiming) {
  const auto started = std::chrono::steady_clock::now();
  const std::string h = hash_password("correct horse battery staple");
  const auto ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  RecordProperty("argon2id_hash_ms", std::to_string(ms));
  std::printf("argon2id m=19456 t=2 p=1: %.1f ms per hash\n", ms);
  // Reliability goal 4 (10 ms – 1 s per hash) is held by the parameters checked below and reported
  // here; a timed assertion would fail on a loaded machine or under ASan (it did), so none.

  EXPECT_EQ(h.rfind(kDefaultPrefix, 0), 0u) << h;
  EXPECT_LT(h.size(), std::size_t{crypto_pwhash_STRBYTES});
  EXPECT_TRUE(verify_password("correct horse battery staple", h));
  EXPECT_FALSE(verify_password("correct horse battery stapl", h));
  EXPECT_FALSE(verify_password("Correct horse battery staple", h));
  EXPECT_FALSE(verify_password("", h));
  EXPECT_FALSE(password_needs_rehash(h));
  EXPECT_TRUE(password_needs_rehash(h, PasswordParams{3, 19 * 1024 * 1024}));  // stronger t
  EXPECT_TRUE(password_needs_rehash(h, PasswordParams{2, 64 * 1024 * 1024}));  // stronger m
}

TEST(PasswordHash, SaltMakesEveryHashDifferent) {
  const std::string a = hash_password("same password", kWeak);
  const std::string b = hash_password("same password", kWeak);
  EXPECT_NE(a, b);
  EXPECT_TRUE(verify_password("same password", a));
  EXPECT_TRUE(verify_password("same password", b));
}

TEST(PasswordHash, WeakerParametersNeedRehash) {
  const std::string weak = hash_password("an old password", kWeak);
  EXPECT_EQ(weak.rfind("$argon2id$v=19$m=8,t=1,p=1$", 0), 0u) << weak;
  EXPECT_TRUE(verify_password("an old password", weak));  // still accepted at login...
  EXPECT_TRUE(password_needs_rehash(weak));               // ...then upgraded
  EXPECT_FALSE(password_needs_rehash(weak, kWeak));
}

TEST(PasswordHash, LegacyArgon2iVerifiesButNeedsRehash) {
  char out[crypto_pwhash_STRBYTES];
  ASSERT_EQ(sodium_init() >= 0, true);
  ASSERT_EQ(crypto_pwhash_str_alg(out, "legacy pw", 9, 3, crypto_pwhash_argon2i_MEMLIMIT_MIN,
                                  crypto_pwhash_ALG_ARGON2I13),
            0);
  const std::string legacy(out);
  ASSERT_EQ(legacy.rfind("$argon2i$", 0), 0u);
  EXPECT_TRUE(verify_password("legacy pw", legacy));
  EXPECT_TRUE(password_needs_rehash(legacy, PasswordParams{3, crypto_pwhash_argon2i_MEMLIMIT_MIN}));
}

TEST(PasswordHash, MalformedEncodedNeverVerifies) {
  const std::string long_junk(300, 'a');
  const std::string with_nul = std::string("$argon2id$v=19$m=19456,t=2,p=1$") + '\0' + "x";
  for (const std::string& bad :
       {std::string(), std::string("garbage"), std::string("$argon2id$"),
        std::string("$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$"),
        std::string("$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaA"),
        std::string("$2b$10$abcdefghijklmnopqrstuuCj6NIkn3Dzrmnw6ZOBDuKNk0XOm4kaO"), long_junk,
        with_nul}) {
    EXPECT_FALSE(verify_password("password", bad)) << bad;
    EXPECT_TRUE(password_needs_rehash(bad)) << bad;
  }
}

TEST(PasswordHash, RefusesParametersBelowLibsodiumMinimum) {
  EXPECT_THROW(hash_password("x", PasswordParams{0, 19 * 1024 * 1024}), std::invalid_argument);
  EXPECT_THROW(hash_password("x", PasswordParams{2, 1024}), std::invalid_argument);
}

// --- policy ---------------------------------------------------------------------------------

PasswordPolicy small_policy() {
  return PasswordPolicy::from_list({"Password1", "qwertyuiop", "password1", "iloveyou123"});
}

TEST(PasswordPolicy, LengthBoundsInCodePoints) {
  const auto p = small_policy();
  EXPECT_TRUE(p.problem("Zq7#kLm", "a@b.example").has_value());    // 7
  EXPECT_FALSE(p.problem("Zq7#kLmw", "a@b.example").has_value());  // 8
  EXPECT_FALSE(p.problem(repeat("x", 128), "a@b.example").has_value());
  EXPECT_TRUE(p.problem(repeat("x", 129), "a@b.example").has_value());
  EXPECT_TRUE(p.problem("", "a@b.example").has_value());

  // Code points, not bytes: 7 x "é" is 14 bytes but 7 characters; 128 x "€" is 384 bytes.
  EXPECT_TRUE(p.problem(repeat("\xC3\xA9", 7), "a@b.example").has_value());
  EXPECT_FALSE(p.problem(repeat("\xC3\xA9", 8), "a@b.example").has_value());
  EXPECT_FALSE(p.problem(repeat("\xE2\x82\xAC", 128), "a@b.example").has_value());
  EXPECT_TRUE(p.problem(repeat("\xE2\x82\xAC", 129), "a@b.example").has_value());
  EXPECT_FALSE(p.problem(repeat("\xF0\x9F\x94\xA7", 8), "a@b.example").has_value());  // 8 x U+1F527
  EXPECT_TRUE(p.problem(repeat("\xF0\x9F\x94\xA7", 129), "a@b.example").has_value());

  const auto msg = p.problem("short", "a@b.example");
  ASSERT_TRUE(msg);
  EXPECT_NE(msg->find("at least 8"), std::string::npos) << *msg;
}

TEST(PasswordPolicy, InvalidUtf8IsAProblem) {
  const auto p = small_policy();
  EXPECT_TRUE(p.problem("abcdefgh\xFF", "a@b.example").has_value());
  EXPECT_TRUE(p.problem("abcdefgh\xC3", "a@b.example").has_value());
}

TEST(PasswordPolicy, EqualToEmailCaseInsensitive) {
  const auto p = small_policy();
  const auto msg = p.problem("Bob.Plumber@Example.COM", "bob.plumber@example.com");
  ASSERT_TRUE(msg);
  EXPECT_NE(msg->find("e-mail"), std::string::npos) << *msg;
  EXPECT_FALSE(p.problem("bob.plumber@example.com!", "bob.plumber@example.com").has_value());
}

TEST(PasswordPolicy, CommonPasswordCaseInsensitive) {
  const auto p = small_policy();
  EXPECT_EQ(p.size(), 3u);  // "Password1" and "password1" are one entry
  EXPECT_TRUE(p.problem("password1", "a@b.example").has_value());
  EXPECT_TRUE(p.problem("PASSWORD1", "a@b.example").has_value());
  EXPECT_TRUE(p.problem("QwertyUIOP", "a@b.example").has_value());
  EXPECT_FALSE(p.problem("password12", "a@b.example").has_value());
}

TEST(PasswordPolicy, Utf8CodePointCounter) {
  EXPECT_EQ(utf8_code_points(""), 0u);
  EXPECT_EQ(utf8_code_points("abc"), 3u);
  EXPECT_EQ(utf8_code_points("\xC3\xA9\xE2\x82\xAC\xF0\x9F\x94\xA7"), 3u);
  EXPECT_EQ(utf8_code_points("\xF4\x8F\xBF\xBF"), 1u);             // U+10FFFF
  EXPECT_FALSE(utf8_code_points("\xC0\xAF").has_value());          // overlong '/'
  EXPECT_FALSE(utf8_code_points("\xE0\x80\xAF").has_value());      // overlong
  EXPECT_FALSE(utf8_code_points("\xED\xA0\x80").has_value());      // surrogate U+D800
  EXPECT_FALSE(utf8_code_points("\xF4\x90\x80\x80").has_value());  // > U+10FFFF
  EXPECT_FALSE(utf8_code_points("\x80").has_value());              // lone continuation
  EXPECT_FALSE(utf8_code_points("\xE2\x82").has_value());          // truncated
}

TEST(PasswordPolicy, LoadFileErrorsNameThePath) {
  const std::string missing = "/nonexistent/plumbline/common-passwords.txt";
  try {
    PasswordPolicy::load_file(missing);
    FAIL() << "expected a throw";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(missing), std::string::npos) << e.what();
  }

  const auto small = std::filesystem::temp_directory_path() / "plumbline-small-passwords.txt";
  {
    std::ofstream out(small);
    out << "# comment\npassword\r\n123456\n\nqwerty\n";
  }
  try {
    PasswordPolicy::load_file(small.string());
    FAIL() << "expected a throw for a list under 10,000 entries";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(small.string()), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("3 entries"), std::string::npos) << e.what();
  }
  std::filesystem::remove(small);
}

TEST(PasswordPolicy, LoadsTenThousandLineFile) {
  const auto path = std::filesystem::temp_directory_path() / "plumbline-10k-passwords.txt";
  {
    std::ofstream out(path);
    out << "# synthetic list\n";
    for (int i = 0; i < 10000; ++i) out << "Common-" << i << "\r\n";
  }
  const auto p = PasswordPolicy::load_file(path.string());
  std::filesystem::remove(path);
  EXPECT_EQ(p.size(), 10000u);
  EXPECT_TRUE(p.problem("COMMON-9999", "a@b.example").has_value());
  EXPECT_FALSE(p.problem("common-10000", "a@b.example").has_value());
  EXPECT_FALSE(p.problem("# synthetic list", "a@b.example").has_value());
}

TEST(PasswordPolicy, GeneratedListIfBuilt) {
  for (const char* path :
       {"data/generated/common-passwords.txt", "../data/generated/common-passwords.txt",
        "../../data/generated/common-passwords.txt"}) {
    if (!std::filesystem::exists(path)) continue;
    std::ifstream in(path);
    std::string first;
    std::getline(in, first);
    EXPECT_EQ(first.rfind("# plumbline common passwords v1; ", 0), 0u) << first;

    const auto p = PasswordPolicy::load_file(path);
    EXPECT_GE(p.size(), 10000u);
    for (const char* common :
         {"password", "Password1", "12345678", "QWERTY123", "iloveyou", "sunshine"})
      EXPECT_TRUE(p.problem(common, "a@b.example").has_value()) << common;
    EXPECT_FALSE(p.problem("plumbline drains 4 ever", "a@b.example").has_value());
    EXPECT_FALSE(p.problem("Tr0mb0ne-Gasket-Valve", "a@b.example").has_value());
    return;
  }
  GTEST_SKIP()
      << "data/generated/common-passwords.txt not built (node scripts/build-passwords.mjs)";
}

}  // namespace
}  // namespace plumbline::crypto
