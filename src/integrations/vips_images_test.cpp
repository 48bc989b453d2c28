// The libvips ImageProcessor against real and hostile files made in the test: each accepted format,
// a GPS-tagged, rotated JPEG that comes out upright and without any EXIF, scaling and thumbnails,
// and refusals of text named .jpg, a JPEG header followed by HTML, truncated files and
// decompression bombs (a PNG and a JPEG whose headers claim billions of pixels).
#include <gtest/gtest.h>
#include <vips/vips.h>

#include <cstdint>
#include <string>

#include "domain/photos.hpp"
#include "integrations/images.hpp"

namespace plumbline::integrations {
namespace {

using namespace std::string_literals;

// A colourful w×h test image encoded by libvips with `saver` ("jpegsave_buffer" …).
std::string make_image(int w, int h, const char* suffix, int bands = 3) {
  VipsImage* xyz = nullptr;
  EXPECT_EQ(vips_xyz(&xyz, w, h, NULL), 0);
  VipsImage* bandsimg = nullptr;
  // Two bands of coordinates plus a third: a gradient every format keeps.
  VipsImage* parts[4] = {nullptr, nullptr, nullptr, nullptr};
  vips_extract_band(xyz, &parts[0], 0, NULL);
  vips_extract_band(xyz, &parts[1], 1, NULL);
  vips_extract_band(xyz, &parts[2], 0, NULL);
  vips_extract_band(xyz, &parts[3], 1, NULL);
  EXPECT_EQ(vips_bandjoin(parts, &bandsimg, bands, NULL), 0);
  for (auto* p : parts) g_object_unref(p);
  VipsImage* uchar = nullptr;
  EXPECT_EQ(vips_cast_uchar(bandsimg, &uchar, NULL), 0);
  VipsImage* srgb = nullptr;
  vips_copy(uchar, &srgb, "interpretation", VIPS_INTERPRETATION_sRGB, NULL);
  void* buf = nullptr;
  std::size_t len = 0;
  EXPECT_EQ(vips_image_write_to_buffer(srgb, suffix, &buf, &len, NULL), 0) << vips_error_buffer();
  std::string out(static_cast<const char*>(buf), len);
  g_free(buf);
  for (auto* im : {xyz, bandsimg, uchar, srgb}) g_object_unref(im);
  return out;
}

std::string be16(int v) {
  return {static_cast<char>(v >> 8), static_cast<char>(v & 0xFF)};
}
std::string be32(std::uint32_t v) {
  return be16(static_cast<int>(v >> 16)) + be16(static_cast<int>(v & 0xFFFF));
}
std::string ifd_entry(int tag, int type, std::uint32_t count, std::string value4) {
  value4.resize(4, '\0');
  return be16(tag) + be16(type) + be32(count) + value4;
}

// An EXIF APP1 segment: orientation 6 (rotate 90° clockwise to view), a GPS latitude
// 40° 26' 46" N, and an image description carrying a marker string.
std::string exif_app1_with_gps() {
  const std::string marker = "SECRET-GPS-HOME";  // 15 characters + NUL
  std::string tiff = "MM\0\x2A"s + be32(8);
  // IFD0 at 8: three entries (12 bytes each), then the next-IFD offset: ends at 8+2+36+4 = 50.
  // The GPS IFD at 50: two entries: ends at 50+2+24+4 = 80; latitude rationals at 80 (24 bytes),
  // the description text at 104.
  tiff += be16(3);
  tiff += ifd_entry(0x010E, 2, static_cast<std::uint32_t>(marker.size() + 1), be32(104));
  tiff += ifd_entry(0x0112, 3, 1, be16(6));
  tiff += ifd_entry(0x8825, 4, 1, be32(50));
  tiff += be32(0);
  tiff += be16(2);
  tiff += ifd_entry(0x0001, 2, 2, "N");
  tiff += ifd_entry(0x0002, 5, 3, be32(80));
  tiff += be32(0);
  tiff += be32(40) + be32(1) + be32(26) + be32(1) + be32(46) + be32(1);
  tiff += marker + '\0';
  std::string body = "Exif\0\0"s + tiff;
  return "\xFF\xE1"s + be16(static_cast<int>(body.size() + 2)) + body;
}

bool contains(const std::string& hay, std::string_view needle) {
  return hay.find(needle) != std::string::npos;
}

class VipsImages : public ::testing::Test {
 protected:
  std::unique_ptr<ImageProcessor> images = make_vips_image_processor();

  void expect_refused(const std::string& bytes, const char* what) {
    auto r = images->process(bytes);
    ASSERT_FALSE(r) << what << " was accepted";
    EXPECT_EQ(r.error().code, domain::ErrorCode::invalid_input) << what;
    ASSERT_FALSE(r.error().details.empty()) << what;
    EXPECT_EQ(r.error().details[0].field, "photos") << what;
  }
};

TEST_F(VipsImages, AcceptsEachFormatAndReencodesAsJpeg) {
  for (const char* suffix : {".jpg", ".png", ".webp", ".heic"}) {
    auto in = make_image(64, 48, suffix);
    ASSERT_FALSE(in.empty()) << suffix;
    auto r = images->process(in);
    ASSERT_TRUE(r) << suffix << ": " << r.error().log_detail;
    EXPECT_EQ(domain::sniff_image_format(r->image), domain::ImageFormat::jpeg) << suffix;
    EXPECT_EQ(domain::sniff_image_format(r->thumbnail), domain::ImageFormat::jpeg) << suffix;
    EXPECT_EQ(r->width, 64) << suffix;  // never scaled up
    EXPECT_EQ(r->height, 48) << suffix;
  }
  // A PNG with transparency comes out flattened (JPEG has no alpha).
  auto rgba = images->process(make_image(30, 20, ".png", 4));
  ASSERT_TRUE(rgba) << rgba.error().log_detail;
}

TEST_F(VipsImages, ScalesToTheLongSideAndMakesAThumbnail) {
  auto r = images->process(make_image(3200, 1000, ".jpg"));
  ASSERT_TRUE(r) << r.error().log_detail;
  EXPECT_EQ(r->width, domain::photo_long_side);
  EXPECT_EQ(r->height, 500);
  EXPECT_EQ(r->thumb_width, domain::photo_thumb_side);
  EXPECT_EQ(r->thumb_height, 100);
  EXPECT_LT(r->thumbnail.size(), r->image.size());
  VipsImage* back = vips_image_new_from_buffer(r->image.data(), r->image.size(), "", NULL);
  ASSERT_NE(back, nullptr);
  EXPECT_EQ(vips_image_get_width(back), domain::photo_long_side);
  g_object_unref(back);
}

TEST_F(VipsImages, StripsGpsExifAndRotatesUpright) {
  auto plain = make_image(40, 20, ".jpg");
  auto tagged = plain.substr(0, 2) + exif_app1_with_gps() + plain.substr(2);
  // The fixture is honest: libvips reads the GPS latitude and the orientation from it.
  VipsImage* in = vips_image_new_from_buffer(tagged.data(), tagged.size(), "", NULL);
  ASSERT_NE(in, nullptr) << vips_error_buffer();
  EXPECT_NE(vips_image_get_typeof(in, "exif-ifd3-GPSLatitude"), 0u);
  EXPECT_NE(vips_image_get_typeof(in, "exif-data"), 0u);
  EXPECT_EQ(vips_image_get_orientation(in), 6);
  g_object_unref(in);
  ASSERT_TRUE(contains(tagged, "SECRET-GPS-HOME"));

  auto r = images->process(tagged);
  ASSERT_TRUE(r) << r.error().log_detail;
  for (const auto* out : {&r->image, &r->thumbnail}) {
    EXPECT_FALSE(contains(*out, "Exif")) << "an EXIF block survived";
    EXPECT_FALSE(contains(*out, "SECRET-GPS-HOME"));
    EXPECT_FALSE(contains(*out, "http://ns.adobe.com/xap"));  // no XMP
    EXPECT_FALSE(contains(*out, "ICC_PROFILE"));
    VipsImage* back = vips_image_new_from_buffer(out->data(), out->size(), "", NULL);
    ASSERT_NE(back, nullptr);
    EXPECT_EQ(vips_image_get_typeof(back, "exif-data"), 0u);
    EXPECT_EQ(vips_image_get_typeof(back, "exif-ifd3-GPSLatitude"), 0u);
    g_object_unref(back);
  }
  // Orientation 6 applied: the 40 × 20 landscape comes out 20 × 40.
  EXPECT_EQ(r->width, 20);
  EXPECT_EQ(r->height, 40);
}

TEST_F(VipsImages, RefusesWhatIsNotAWholeImage) {
  auto jpeg = make_image(200, 150, ".jpg");
  auto png = make_image(200, 150, ".png");
  auto webp = make_image(200, 150, ".webp");
  expect_refused("just some text, saved as photo.jpg", "text named .jpg");
  expect_refused("", "an empty file");
  expect_refused("GIF89a\x01\0\x01\0\0\0\0;"s, "a GIF");
  expect_refused("\xFF\xD8\xFF\xE0<html><script>alert(1)</script></html>"s,
                 "a JPEG header followed by HTML");
  expect_refused("\x89PNG\r\n\x1A\nPK\x03\x04 a zip after the signature"s,
                 "a PNG signature followed by a ZIP");
  expect_refused(jpeg.substr(0, jpeg.size() / 2), "a truncated JPEG");
  expect_refused(png.substr(0, png.size() / 2), "a truncated PNG");
  expect_refused(webp.substr(0, webp.size() / 2), "a truncated WebP");
}

TEST_F(VipsImages, AJpegWithAnHtmlTailIsReencodedWithoutIt) {
  // A whole JPEG with a script (or a ZIP) after its end marker decodes, but what is stored is a
  // fresh encode: the tail is gone, so the stored bytes cannot be read as HTML or an archive.
  auto polyglot = make_image(50, 50, ".jpg") + "<html><script>alert(1)</script>PK\x03\x04";
  auto r = images->process(polyglot);
  ASSERT_TRUE(r) << r.error().log_detail;
  EXPECT_FALSE(contains(r->image, "<script>"));
  EXPECT_FALSE(contains(r->image, "PK\x03\x04"));
}

std::uint32_t crc32_of(std::string_view s) {
  std::uint32_t c = 0xFFFFFFFFu;
  for (unsigned char ch : s) {
    c ^= ch;
    for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
  }
  return ~c;
}

TEST_F(VipsImages, RefusesDecompressionBombsByTheirHeader) {
  // A PNG whose header claims 100,000 × 100,000 pixels (10 GP, 30 GB decoded) in a few bytes.
  std::string ihdr = "IHDR"s + be32(100000) + be32(100000) + "\x08\x02\0\0\0"s;
  std::string png = "\x89PNG\r\n\x1A\n"s + be32(13) + ihdr + be32(crc32_of(ihdr));
  std::string idat = "IDAT"s + "\x78\x9C\x03\0\0\0\0\x01"s;
  png += be32(8) + idat + be32(crc32_of(idat));
  png += be32(0) + "IEND"s + be32(crc32_of("IEND"));
  auto r = images->process(png);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("megapixels"), std::string::npos) << r.error().message;

  // A real small JPEG with its frame header patched to 65,000 × 65,000.
  auto jpeg = make_image(16, 16, ".jpg");
  auto sof = jpeg.find("\xFF\xC0"s);
  if (sof == std::string::npos) sof = jpeg.find("\xFF\xC2"s);
  ASSERT_NE(sof, std::string::npos);
  jpeg.replace(sof + 5, 4, be16(65000) + be16(65000));
  auto j = images->process(jpeg);
  ASSERT_FALSE(j);
  EXPECT_NE(j.error().message.find("megapixels"), std::string::npos) << j.error().message;
}

}  // namespace
}  // namespace plumbline::integrations
