// Photos on requests (issue 17 item 2): the limits, the image formats recognised by their first
// bytes, the rule on how many a request may hold, and who may see a photo at which size. Pure.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/error.hpp"
#include "domain/lead.hpp"

namespace plumbline::domain {

// A request holds at most this many photos (the form's and the tracking page's together).
inline constexpr int max_photos_per_lead = 6;
// One upload may be a phone's full-size photo (a 48 MP HEIC is about 6 MB) but no more.
inline constexpr std::int64_t max_photo_file_bytes = 10LL * 1024 * 1024;
// All the files of one form post together: the route's body limit is this plus room for the fields.
inline constexpr std::int64_t max_photo_request_bytes = 30LL * 1024 * 1024;
// Width × height read from the header before any pixel is decoded: a decompression bomb (a tiny
// file that claims 100,000 × 100,000 pixels) is refused before it allocates. 50 MP covers every
// phone camera in use.
inline constexpr std::int64_t max_photo_pixels = 50'000'000;
// What is kept: the long side scaled down to this, and a thumbnail for cards and lists.
inline constexpr int photo_long_side = 1600;
inline constexpr int photo_thumb_side = 320;
// What every stored photo is re-encoded as (no metadata survives a re-encode).
inline constexpr const char* photo_content_type = "image/jpeg";

enum class ImageFormat { jpeg, png, webp, heic };

// The format by the file's magic bytes; nullopt for anything else (its name or declared type are
// never asked). A match only lets the decoder try: it must still load the whole image.
std::optional<ImageFormat> sniff_image_format(std::string_view bytes);
const char* image_format_name(ImageFormat f);

// invalid_input (field "photos") when `adding` more files would take a request past
// max_photos_per_lead, or a file or all of them together are over the byte caps; nullopt when fine.
std::optional<Error> photo_upload_refusal(int stored, const std::vector<std::int64_t>& file_sizes);

// One stored photo, without its bytes.
struct PhotoInfo {
  std::string id;  // 32 hex digits (128 random bits): the URL, unguessable
  std::int64_t lead_id = 0;
  std::string content_type;
  int width = 0;
  int height = 0;
  int thumb_width = 0;
  int thumb_height = 0;
  std::int64_t image_size = 0;
  Millis created_at = 0;
};

// What the service stores: the info and both encodings.
struct NewPhoto {
  PhotoInfo info;
  std::string image;
  std::string thumbnail;
};

// One encoding of a photo, read to be served.
struct PhotoBytes {
  PhotoInfo info;
  std::string bytes;
};

enum class PhotoSize { thumbnail, full };

// Who asks for a photo, as the service found them against the photo's request.
struct PhotoViewer {
  bool staff = false;      // admin or support
  bool homeowner = false;  // holds the tracking token of this very request
  bool claimant = false;   // a plumber with an unrefunded claim on it
  bool matched = false;    // a plumber the request was sent to
};

// Staff, the homeowner and claimants see the full image; matched plumbers the thumbnail only;
// anyone else nothing.
bool photo_visible(const PhotoViewer& v, PhotoSize size);

}  // namespace plumbline::domain
