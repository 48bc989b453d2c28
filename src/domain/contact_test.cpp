// Unit tests for phone normalisation, e-mail syntax and text helpers.
#include "domain/contact.hpp"

#include <gtest/gtest.h>

namespace plumbline::domain {
namespace {

TEST(Phone, AcceptsCommonUsFormats) {
  for (const char* s : {"4155550134", "(415) 555-0134", "415.555.0134", "+1 415 555 0134",
                        "1-415-555-0134", "+14155550134"})
    EXPECT_EQ(normalize_us_phone(s).value_or("none"), "+14155550134") << s;
}

TEST(Phone, RejectsInvalidNumbers) {
  for (const char* s :
       {"", "555-0134", "415555013", "41555501345", "+44 20 7946 0958", "(115) 555-0134",
        "(415) 155-0134", "415-555-0134 ext 2", "415_555_0134", "++14155550134", "2-415-555-0134"})
    EXPECT_FALSE(normalize_us_phone(s).has_value()) << s;
}

TEST(Phone, DisplayedInNationalFormat) {
  EXPECT_EQ(display_phone("+14155550134"), "(415) 555-0134");
  EXPECT_EQ(display_phone(normalize_us_phone("415.555.0134").value()), "(415) 555-0134");
  // Not a stored North American number: shown as it is rather than mangled.
  EXPECT_EQ(display_phone("+442071234567"), "+442071234567");
  EXPECT_EQ(display_phone("+1415555013"), "+1415555013");
  EXPECT_EQ(display_phone("+1415555013x"), "+1415555013x");
  EXPECT_EQ(display_phone(""), "");
}

TEST(ContactMethod, ShownInWords) {
  EXPECT_EQ(contact_method_label("phone"), "Phone call");
  EXPECT_EQ(contact_method_label("text"), "Text message");
  EXPECT_EQ(contact_method_label("email"), "E-mail");
}

TEST(Email, PlausibleAddresses) {
  EXPECT_TRUE(plausible_email("a@b.co"));
  EXPECT_TRUE(plausible_email("maria.lopez+plumb@example.com"));
  for (const char* s : {"", "a@b", "@b.co", "a@@b.co", "a b@c.co", "a@b..co", "a@.b.co", "a@b.c",
                        "<a@b.co>", "a@b.co;x"})
    EXPECT_FALSE(plausible_email(s)) << s;
  EXPECT_FALSE(plausible_email(std::string(65, 'a') + "@example.com"));
}

// fuzz/regressions/validators/ holds the input that found the first one.
TEST(Email, RefusesBytesThatAreNotUtf8AndInvisibleCharacters) {
  EXPECT_FALSE(plausible_email("a@xemariam\xff\xffple.com"));
  EXPECT_FALSE(plausible_email("maria\xc3@example.com"));          // a cut two-byte sequence
  EXPECT_FALSE(plausible_email("maria\xe2\x80\xae@example.com"));  // right-to-left override
  EXPECT_FALSE(plausible_email("maria\xc2\x85@example.com"));      // C1 next line
  EXPECT_TRUE(plausible_email("zo\xc3\xab@example.com"));          // ë is a letter
}

TEST(Text, TrimAndLength) {
  EXPECT_EQ(trim("  a b \n"), "a b");
  EXPECT_EQ(utf8_length("baño"), 4u);
  EXPECT_TRUE(has_control_chars("a\x07", true));
  EXPECT_FALSE(has_control_chars("a\nb", true));
  EXPECT_TRUE(has_control_chars("a\nb", false));
  EXPECT_FALSE(has_control_chars("a\r\nb\tc", true));
  EXPECT_TRUE(has_control_chars("a\rb", true));  // a lone CR
  EXPECT_TRUE(has_control_chars("a\tb", false));
}

TEST(Text, InvisibleAndSpoofingCharacters) {
  EXPECT_FALSE(has_control_chars("Baño & Sons — Plumbing 👍 日本", false));
  for (const char* bad :
       {"Bob\u202Egnp.exe", "A\u200Bdmin", "x\u200Dy", "\uFEFFBOM", "a\u2066b", "a\u00ADb",
        "tag\U000E0041", "line\u2028sep", "c1\xc2\x85", "soft\u061C"}) {
    EXPECT_TRUE(has_control_chars(bad, false)) << bad;
    EXPECT_TRUE(has_control_chars(bad, true)) << bad;
  }
  EXPECT_TRUE(has_control_chars(std::string_view("a\0b", 3), true));
  EXPECT_TRUE(has_control_chars("\xe2\x80", false));  // truncated UTF-8
  EXPECT_TRUE(has_control_chars("\xff", false));
}

}  // namespace
}  // namespace plumbline::domain
