// Fuzz target: photo input (issue 17): the magic-byte sniffing (domain/photos) and the libvips
// processor (integrations/vips_images): decode, refuse, rotate, strip, scale, thumbnail. libvips
// itself is not instrumented; our code around it and what it hands back are. Oracle: an accepted
// photo is a JPEG within the size limits, with a thumbnail no larger than the photo.
#include "domain/photos.hpp"
#include "fuzz_input.hpp"
#include "integrations/images.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace plumbline;
  static const auto processor = integrations::make_vips_image_processor();
  auto bytes = fuzz::text(data, size);
  if (auto format = domain::sniff_image_format(bytes)) (void)domain::image_format_name(*format);
  auto result = processor->process(bytes);
  if (!result.ok()) {
    FUZZ_CHECK(result.error().code == domain::ErrorCode::invalid_input);
    return 0;
  }
  const auto& image = result.value();
  FUZZ_CHECK(domain::sniff_image_format(image.image) == domain::ImageFormat::jpeg);
  FUZZ_CHECK(domain::sniff_image_format(image.thumbnail) == domain::ImageFormat::jpeg);
  FUZZ_CHECK(image.width > 0 && image.height > 0);
  FUZZ_CHECK(std::max(image.width, image.height) <= domain::photo_long_side);
  FUZZ_CHECK(std::max(image.thumb_width, image.thumb_height) <= domain::photo_thumb_side);
  FUZZ_CHECK(image.thumb_width <= image.width && image.thumb_height <= image.height);
  return 0;
}
