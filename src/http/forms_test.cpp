// Unit tests for urlencoded parsing, including bad escapes and invalid UTF-8, and cookies.
#include "http/forms.hpp"

#include <gtest/gtest.h>

#include "http/request.hpp"

namespace plumbline::http {
namespace {

TEST(Forms, DecodesPlusPercentAndEmptyValues) {
  auto f = parse_urlencoded("name=Maria+L%C3%B3pez&email=m%40x.com&empty=&flag&a=1&a=2");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->get("name"), "Maria López");
  EXPECT_EQ(f->get("email"), "m@x.com");
  EXPECT_TRUE(f->has("empty"));
  EXPECT_EQ(f->get("empty"), "");
  EXPECT_TRUE(f->has("flag"));
  EXPECT_EQ(f->get("a"), "1");
  EXPECT_EQ(f->get("missing"), "");
  EXPECT_FALSE(f->has("missing"));
}

TEST(Forms, RejectsBadEscapes) {
  for (const char* s : {"a=%ZZ", "a=%4", "a=%", "%zz=1", "a=%C3", "a=%FF%FE", "a=%ED%A0%80"})
    EXPECT_FALSE(parse_urlencoded(s).has_value()) << s;
}

TEST(Forms, EmptyBodyIsEmptyForm) {
  auto f = parse_urlencoded("");
  ASSERT_TRUE(f);
  EXPECT_TRUE(f->fields.empty());
  EXPECT_TRUE(parse_urlencoded("&&")->fields.empty());
}

TEST(Forms, Utf8Validation) {
  EXPECT_TRUE(valid_utf8("plain"));
  EXPECT_TRUE(valid_utf8("\xe2\x82\xac"));
  EXPECT_FALSE(valid_utf8("\xc0\xaf"));  // overlong
  EXPECT_FALSE(valid_utf8("\xe2\x82"));  // truncated
  EXPECT_FALSE(valid_utf8("\xf5\x80\x80\x80"));
}

TEST(Cookies, FindsCookieAmongSeveral) {
  Request r;
  r.headers = {{"cookie", "a=1; plumbline_csrf=abc; b=2"}};
  EXPECT_EQ(r.cookie("plumbline_csrf").value_or(""), "abc");
  EXPECT_EQ(r.cookie("b").value_or(""), "2");
  EXPECT_FALSE(r.cookie("c").has_value());
}

}  // namespace
}  // namespace plumbline::http
