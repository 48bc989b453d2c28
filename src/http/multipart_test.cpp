// multipart/form-data: fields and files, binary bytes kept exactly, an unchosen file input skipped,
// and malformed bodies refused.
#include "http/multipart.hpp"

#include <gtest/gtest.h>

namespace plumbline::http {
namespace {

using namespace std::string_literals;

TEST(Multipart, Boundary) {
  EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=----x1"), "----x1");
  EXPECT_EQ(multipart_boundary("Multipart/Form-Data;boundary=\"a b\""), "a b");
  EXPECT_EQ(multipart_boundary("application/x-www-form-urlencoded"), std::nullopt);
  EXPECT_EQ(multipart_boundary("multipart/form-data"), std::nullopt);
  EXPECT_EQ(multipart_boundary("multipart/form-data; boundary="), std::nullopt);
}

TEST(Multipart, FieldsAndFiles) {
  std::string jpeg = "\xFF\xD8\xFF\xE0\0\r\n--not-the-boundary\r\n\xFF\xD9"s;
  std::string body =
      "--XyZ\r\n"
      "Content-Disposition: form-data; name=\"csrf_token\"\r\n\r\n"
      "tok\r\n"
      "--XyZ\r\n"
      "Content-Disposition: form-data; name=\"description\"\r\n\r\n"
      "Leak under the sink\r\nsince Monday\r\n"
      "--XyZ\r\n"
      "content-disposition: form-data; name=\"photos\"; filename=\"sink \\\"1\\\".jpg\"\r\n"
      "Content-Type: image/jpeg\r\n\r\n" +
      jpeg +
      "\r\n--XyZ\r\n"
      "Content-Disposition: form-data; name=\"photos\"; filename=\"\"\r\n"
      "Content-Type: application/octet-stream\r\n\r\n"
      "\r\n--XyZ--\r\n";
  auto f = parse_multipart(body, "XyZ");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->fields.get("csrf_token"), "tok");
  EXPECT_EQ(f->fields.get("description"), "Leak under the sink\r\nsince Monday");
  ASSERT_EQ(f->files.size(), 1u);  // the empty input sent no file
  EXPECT_EQ(f->files[0].field, "photos");
  EXPECT_EQ(f->files[0].filename, "sink \"1\".jpg");
  EXPECT_EQ(f->files[0].content_type, "image/jpeg");
  EXPECT_EQ(std::string(f->files[0].bytes), jpeg);
}

TEST(Multipart, RefusesMalformedBodies) {
  auto part = [](const std::string& disp, const std::string& value) {
    return "--b\r\nContent-Disposition: " + disp + "\r\n\r\n" + value + "\r\n";
  };
  EXPECT_FALSE(parse_multipart("csrf_token=x", "b"));                      // not multipart
  EXPECT_FALSE(parse_multipart(part("form-data; name=\"a\"", "1"), "b"));  // no end
  EXPECT_FALSE(
      parse_multipart(part("attachment; name=\"a\"", "1") + "--b--", "b"));  // not form-data
  EXPECT_FALSE(parse_multipart(part("form-data", "1") + "--b--", "b"));      // no name
  EXPECT_FALSE(parse_multipart(part("form-data; name=\"a\"", "\xFF\xFE"s) + "--b--", "b"));
  std::string many;
  for (int i = 0; i < 5; ++i) many += part("form-data; name=\"a\"", "1");
  EXPECT_TRUE(parse_multipart(many + "--b--", "b", 5));
  EXPECT_FALSE(parse_multipart(many + "--b--", "b", 4));
}

}  // namespace
}  // namespace plumbline::http
