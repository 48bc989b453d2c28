// Request photos through libvips: the ImageProcessor interface the photo service uses, and the
// libvips implementation (decode, refuse, auto-rotate, strip, scale, thumbnail).
#pragma once
#include <memory>
#include <string>
#include <string_view>

#include "domain/error.hpp"

namespace plumbline::integrations {

// One photo as it will be stored: both re-encoded as JPEG with no metadata at all.
struct ProcessedImage {
  std::string image;  // at most domain::photo_long_side on the long side
  int width = 0;
  int height = 0;
  std::string thumbnail;  // at most domain::photo_thumb_side on the long side
  int thumb_width = 0;
  int thumb_height = 0;
};

class ImageProcessor {
 public:
  virtual ~ImageProcessor() = default;
  // invalid_input for anything that is not a whole JPEG, PNG, WebP or HEIC image by its content,
  // or that claims more than domain::max_photo_pixels; never throws for a bad file.
  virtual domain::Result<ProcessedImage> process(std::string_view bytes) const = 0;
};

// The libvips processor (initialises libvips once per process; untrusted loaders blocked, no
// operation cache so that no photo stays in memory after its request).
std::unique_ptr<ImageProcessor> make_vips_image_processor();

}  // namespace plumbline::integrations
