// Photos on requests: magic bytes, the count and size caps, and who sees which size.
#include "domain/photos.hpp"

#include <array>

namespace plumbline::domain {

namespace {

bool starts_with_bytes(std::string_view s, std::size_t at, std::string_view magic) {
  return s.size() >= at + magic.size() && s.substr(at, magic.size()) == magic;
}

}  // namespace

std::optional<ImageFormat> sniff_image_format(std::string_view b) {
  using namespace std::string_view_literals;
  if (starts_with_bytes(b, 0, "\xFF\xD8\xFF"sv)) return ImageFormat::jpeg;
  if (starts_with_bytes(b, 0, "\x89PNG\r\n\x1A\n"sv)) return ImageFormat::png;
  if (starts_with_bytes(b, 0, "RIFF"sv) && starts_with_bytes(b, 8, "WEBPVP8"sv))
    return ImageFormat::webp;
  // ISO base media: a box size, "ftyp", then the major brand. Only HEIF brands (not MP4 video).
  if (starts_with_bytes(b, 4, "ftyp"sv)) {
    constexpr std::array<std::string_view, 7> brands{"heic", "heix", "hevc", "hevx",
                                                     "heim", "heis", "mif1"};
    for (auto brand : brands)
      if (starts_with_bytes(b, 8, brand)) return ImageFormat::heic;
  }
  return std::nullopt;
}

const char* image_format_name(ImageFormat f) {
  switch (f) {
    case ImageFormat::jpeg:
      return "JPEG";
    case ImageFormat::png:
      return "PNG";
    case ImageFormat::webp:
      return "WebP";
    case ImageFormat::heic:
      return "HEIC";
  }
  return "image";
}

std::optional<Error> photo_upload_refusal(int stored, const std::vector<std::int64_t>& file_sizes) {
  auto refuse = [](std::string message) {
    Error e = Error::make(ErrorCode::invalid_input, message);
    e.details.push_back({"photos", std::move(message)});
    return e;
  };
  if (file_sizes.empty()) return refuse("Choose at least one photo to add.");
  auto room = max_photos_per_lead - stored;
  if (static_cast<std::int64_t>(file_sizes.size()) > room)
    return refuse(room <= 0 ? "This request already has " + std::to_string(max_photos_per_lead) +
                                  " photos, the most it can hold."
                            : "A request can hold " + std::to_string(max_photos_per_lead) +
                                  " photos; you can add " + std::to_string(room) + " more.");
  std::int64_t total = 0;
  for (auto size : file_sizes) {
    if (size <= 0) return refuse("One of the photos is empty.");
    if (size > max_photo_file_bytes)
      return refuse("Each photo can be at most " +
                    std::to_string(max_photo_file_bytes / (1024 * 1024)) + " MB.");
    total += size;
  }
  if (total > max_photo_request_bytes)
    return refuse("The photos together can be at most " +
                  std::to_string(max_photo_request_bytes / (1024 * 1024)) +
                  " MB; send fewer at a time.");
  return std::nullopt;
}

bool photo_visible(const PhotoViewer& v, PhotoSize size) {
  if (v.staff || v.homeowner || v.claimant) return true;
  return v.matched && size == PhotoSize::thumbnail;
}

}  // namespace plumbline::domain
