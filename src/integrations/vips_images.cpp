// ImageProcessor on libvips: magic bytes, a header-only pixel count before any decoding, the
// format's own loader with fail_on=error (a truncated or broken file is refused), auto-rotation by
// the orientation tag, sRGB 8-bit without alpha, and JPEG re-encodes with every metadata block
// (EXIF with GPS, XMP, IPTC, ICC, comments) stripped.
#include <vips/vips.h>

#include <mutex>

#include "domain/photos.hpp"
#include "integrations/images.hpp"
#include "log/log.hpp"

namespace plumbline::integrations {

namespace {

void init_vips_once() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (VIPS_INIT("plumbline") != 0) throw std::runtime_error("libvips failed to start");
    vips_cache_set_max(0);           // photos are personal data: nothing kept between requests
    vips_block_untrusted_set(TRUE);  // only the loaders libvips marks as fuzzed and safe
    vips_concurrency_set(1);         // the handler pool is the parallelism; keep cores for others
    // A refused file is an answer, not an incident: libvips' own warnings ("premature end of JPEG
    // file") would go to stderr outside the JSON log; the refusal is logged by the service.
    g_log_set_handler(
        "VIPS", static_cast<GLogLevelFlags>(G_LOG_LEVEL_WARNING | G_LOG_LEVEL_MESSAGE),
        [](const gchar*, GLogLevelFlags, const gchar*, gpointer) {}, nullptr);
  });
}

// Owns a VipsImage reference.
struct VipsRef {
  VipsImage* im = nullptr;
  VipsRef() = default;
  explicit VipsRef(VipsImage* i) : im(i) {}
  VipsRef(const VipsRef&) = delete;
  VipsRef& operator=(const VipsRef&) = delete;
  ~VipsRef() {
    if (im) g_object_unref(im);
  }
};

domain::Error not_an_image(const std::string& why) {
  // The vips message is for the log only: it may quote the file.
  std::string detail = vips_error_buffer();
  vips_error_clear();
  auto e = domain::Error::make(domain::ErrorCode::invalid_input,
                               "This file is not a photo we can read. Send a JPEG, PNG, WebP or "
                               "HEIC image.",
                               why + (detail.empty() ? "" : ": " + detail));
  e.details.push_back({"photos", e.message});
  return e;
}

// The format's own loader, header only (pixels are decoded later, on demand).
VipsImage* load_header(domain::ImageFormat f, const void* data, std::size_t size) {
  VipsImage* out = nullptr;
  void* buf = const_cast<void*>(data);  // the loaders only read; the C API is not const-correct
  int rc = -1;
  switch (f) {
    case domain::ImageFormat::jpeg:
      rc = vips_jpegload_buffer(buf, size, &out, "fail_on", VIPS_FAIL_ON_ERROR, NULL);
      break;
    case domain::ImageFormat::png:
      rc = vips_pngload_buffer(buf, size, &out, "fail_on", VIPS_FAIL_ON_ERROR, NULL);
      break;
    case domain::ImageFormat::webp:
      rc = vips_webpload_buffer(buf, size, &out, "fail_on", VIPS_FAIL_ON_ERROR, NULL);
      break;
    case domain::ImageFormat::heic:
      rc = vips_heifload_buffer(buf, size, &out, "fail_on", VIPS_FAIL_ON_ERROR, NULL);
      break;
  }
  return rc == 0 ? out : nullptr;
}

// sRGB, 8 bits, no alpha (flattened on white): what a JPEG can hold.
VipsImage* for_jpeg(VipsImage* in) {
  VipsImage* cur = in;
  g_object_ref(cur);
  auto step = [&cur](int rc, VipsImage* next) {
    g_object_unref(cur);
    cur = rc == 0 ? next : nullptr;
    return cur != nullptr;
  };
  VipsImage* next = nullptr;
  if (vips_image_get_interpretation(cur) != VIPS_INTERPRETATION_sRGB &&
      !step(vips_colourspace(cur, &next, VIPS_INTERPRETATION_sRGB, NULL), next))
    return nullptr;
  if (vips_image_hasalpha(cur)) {
    VipsArrayDouble* white = vips_array_double_newv(3, 255.0, 255.0, 255.0);
    int rc = vips_flatten(cur, &next, "background", white, NULL);
    vips_area_unref(VIPS_AREA(white));
    if (!step(rc, next)) return nullptr;
  }
  if (vips_image_get_format(cur) != VIPS_FORMAT_UCHAR &&
      !step(vips_cast_uchar(cur, &next, NULL), next))
    return nullptr;
  return cur;
}

bool encode_jpeg(VipsImage* in, int quality, std::string& out) {
  void* buf = nullptr;
  std::size_t len = 0;
  VipsRef ready(for_jpeg(in));
  if (!ready.im) return false;
  // strip: no EXIF (GPS, camera, serial numbers), XMP, IPTC, ICC profile or comment survives.
  if (vips_jpegsave_buffer(ready.im, &buf, &len, "Q", quality, "strip", TRUE, "optimize_coding",
                           TRUE, NULL) != 0)
    return false;
  out.assign(static_cast<const char*>(buf), len);
  g_free(buf);
  return true;
}

class VipsImageProcessor final : public ImageProcessor {
 public:
  VipsImageProcessor() { init_vips_once(); }

  domain::Result<ProcessedImage> process(std::string_view bytes) const override {
    auto format = domain::sniff_image_format(bytes);
    if (!format) return not_an_image("unknown magic bytes");
    {
      // The header alone: a decompression bomb is refused here, before any pixel buffer exists.
      VipsRef head(load_header(*format, bytes.data(), bytes.size()));
      if (!head.im) return not_an_image("header did not load");
      auto pixels =
          static_cast<std::int64_t>(vips_image_get_width(head.im)) * vips_image_get_height(head.im);
      if (pixels <= 0 || pixels > domain::max_photo_pixels) {
        auto e = not_an_image("too many pixels: " + std::to_string(pixels));
        e.message = e.details[0].message = "This photo is too large: at most " +
                                           std::to_string(domain::max_photo_pixels / 1'000'000) +
                                           " megapixels.";
        return e;
      }
    }
    ProcessedImage out;
    // The loader again through thumbnail (shrink-on-load where the format allows, rotation by the
    // orientation tag) with fail_on=error: the whole file must decode when the JPEG is written.
    VipsImage* scaled = nullptr;
    if (vips_thumbnail_buffer(const_cast<char*>(bytes.data()), bytes.size(), &scaled,
                              domain::photo_long_side, "height", domain::photo_long_side, "size",
                              VIPS_SIZE_DOWN, "option_string", "fail_on=error", NULL) != 0)
      return not_an_image("did not decode");
    // The scaled image (at most 1,600 px square, 7.7 MB) decoded into memory once: the loader reads
    // sequentially, and both encodings below read it.
    VipsRef lazy(scaled);
    VipsRef full(vips_image_copy_memory(lazy.im));
    if (!full.im) return not_an_image("did not decode");
    if (!encode_jpeg(full.im, 82, out.image)) return not_an_image("did not encode");
    out.width = vips_image_get_width(full.im);
    out.height = vips_image_get_height(full.im);
    VipsImage* small = nullptr;
    if (vips_thumbnail_image(full.im, &small, domain::photo_thumb_side, "height",
                             domain::photo_thumb_side, "size", VIPS_SIZE_DOWN, NULL) != 0)
      return not_an_image("thumbnail failed");
    VipsRef thumb(small);
    if (!encode_jpeg(thumb.im, 75, out.thumbnail)) return not_an_image("thumbnail did not encode");
    out.thumb_width = vips_image_get_width(thumb.im);
    out.thumb_height = vips_image_get_height(thumb.im);
    return out;
  }
};

}  // namespace

std::unique_ptr<ImageProcessor> make_vips_image_processor() {
  return std::make_unique<VipsImageProcessor>();
}

}  // namespace plumbline::integrations
