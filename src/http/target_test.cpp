// Unit tests for request targets and redirect targets.
#include "http/target.hpp"

#include <gtest/gtest.h>

namespace plumbline::http {
namespace {

TEST(LocalPath, AcceptsSameOriginPaths) {
  for (std::string_view ok :
       {"/", "/dashboard", "/leads/12?tab=open&x=%2F", "/a/b#c", "/t/AbC-_.~:@!$'()*+,;="})
    EXPECT_TRUE(is_local_path(ok)) << ok;
}

TEST(LocalPath, RefusesAnythingThatCouldLeaveTheSiteOrSplitAHeader) {
  for (std::string_view bad :
       {"", "dashboard", "//evil.example", "/\\evil.example", "/\t/evil.example", "/%09/x\t",
        "/a//b", "https://evil.example", "/x\r\nSet-Cookie: a=1", "/x\ny", "/a b", "/a\"b", "/a<b>",
        "/a\\b", "/%zz", "/%4", "/caf\xc3\xa9", "javascript:alert(1)"})
    EXPECT_FALSE(is_local_path(bad)) << bad;
  EXPECT_FALSE(is_local_path(std::string_view("/a\0b", 4)));
  EXPECT_FALSE(is_local_path("/" + std::string(3000, 'a')));
}

}  // namespace
}  // namespace plumbline::http
