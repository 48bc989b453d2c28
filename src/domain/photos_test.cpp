// Photos' pure rules: magic bytes (not names), the count and byte caps, who sees which size.
#include "domain/photos.hpp"

#include <gtest/gtest.h>

namespace plumbline::domain {
namespace {

using namespace std::string_literals;

TEST(Photos, SniffsFormatsByContentOnly) {
  EXPECT_EQ(sniff_image_format("\xFF\xD8\xFF\xE0rest"s), ImageFormat::jpeg);
  EXPECT_EQ(sniff_image_format("\x89PNG\r\n\x1A\nrest"s), ImageFormat::png);
  EXPECT_EQ(sniff_image_format("RIFF\x10\0\0\0WEBPVP8 "s), ImageFormat::webp);
  EXPECT_EQ(sniff_image_format("\0\0\0\x18"
                               "ftypheic\0\0\0\0"s),
            ImageFormat::heic);
  EXPECT_EQ(sniff_image_format("\0\0\0\x18"
                               "ftypmif1\0\0\0\0"s),
            ImageFormat::heic);
  // An MP4 video, a RIFF WAVE, text named .jpg, HTML, a ZIP, a GIF, an empty or short file.
  EXPECT_EQ(sniff_image_format("\0\0\0\x18"
                               "ftypisom\0\0\0\0"s),
            std::nullopt);
  EXPECT_EQ(sniff_image_format("RIFF\x10\0\0\0WAVEfmt "s), std::nullopt);
  EXPECT_EQ(sniff_image_format("just some text, saved as photo.jpg"), std::nullopt);
  EXPECT_EQ(sniff_image_format("<html><script>alert(1)</script>"), std::nullopt);
  EXPECT_EQ(sniff_image_format("PK\x03\x04zip"s), std::nullopt);
  EXPECT_EQ(sniff_image_format("GIF89a"), std::nullopt);
  EXPECT_EQ(sniff_image_format(""), std::nullopt);
  EXPECT_EQ(sniff_image_format("\xFF\xD8"s), std::nullopt);
}

TEST(Photos, CountAndSizeCaps) {
  EXPECT_EQ(photo_upload_refusal(0, {1000, 2000}), std::nullopt);
  EXPECT_EQ(photo_upload_refusal(4, {1, 1}), std::nullopt);
  auto too_many = photo_upload_refusal(5, {1, 1});
  ASSERT_TRUE(too_many);
  EXPECT_EQ(too_many->code, ErrorCode::invalid_input);
  EXPECT_EQ(too_many->details.at(0).field, "photos");
  EXPECT_NE(too_many->message.find("1 more"), std::string::npos);
  EXPECT_TRUE(photo_upload_refusal(6, {1}));
  EXPECT_TRUE(photo_upload_refusal(0, {}));
  EXPECT_TRUE(photo_upload_refusal(0, {0}));
  EXPECT_EQ(photo_upload_refusal(0, {max_photo_file_bytes}), std::nullopt);
  EXPECT_TRUE(photo_upload_refusal(0, {max_photo_file_bytes + 1}));
  EXPECT_EQ(photo_upload_refusal(0, {max_photo_file_bytes, max_photo_file_bytes,
                                     max_photo_request_bytes - 2 * max_photo_file_bytes}),
            std::nullopt);
  EXPECT_TRUE(photo_upload_refusal(
      0, {max_photo_file_bytes, max_photo_file_bytes, max_photo_file_bytes, 1}));
}

TEST(Photos, WhoSeesWhichSize) {
  for (auto size : {PhotoSize::thumbnail, PhotoSize::full}) {
    EXPECT_TRUE(photo_visible({.staff = true}, size));
    EXPECT_TRUE(photo_visible({.homeowner = true}, size));
    EXPECT_TRUE(photo_visible({.claimant = true}, size));
    EXPECT_FALSE(photo_visible({}, size));
  }
  EXPECT_TRUE(photo_visible({.matched = true}, PhotoSize::thumbnail));
  EXPECT_FALSE(photo_visible({.matched = true}, PhotoSize::full));
}

}  // namespace
}  // namespace plumbline::domain
