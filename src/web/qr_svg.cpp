// QR code rendering: libqrencode's module matrix drawn as one SVG path.
#include "web/qr_svg.hpp"

#include <qrencode.h>

#include <memory>

namespace plumbline::web {

std::string qr_svg(const std::string& text, int module_px) {
  std::unique_ptr<QRcode, void (*)(QRcode*)> code(
      QRcode_encodeString8bit(text.c_str(), 0, QR_ECLEVEL_M), QRcode_free);
  if (!code) return {};
  const int quiet = 4, w = code->width, size = (w + 2 * quiet) * module_px;
  std::string path;
  for (int y = 0; y < w; ++y)
    for (int x = 0; x < w; ++x)
      if (code->data[y * w + x] & 1)
        path += "M" + std::to_string((x + quiet) * module_px) + " " +
                std::to_string((y + quiet) * module_px) + "h" + std::to_string(module_px) + "v" +
                std::to_string(module_px) + "h-" + std::to_string(module_px) + "z";
  auto n = std::to_string(size);
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr-code\" role=\"img\" "
         "aria-label=\"QR code for your authenticator app\" width=\"" +
         n + "\" height=\"" + n + "\" viewBox=\"0 0 " + n + " " + n + "\"><rect width=\"" + n +
         "\" height=\"" + n + "\" fill=\"#fff\"/><path fill=\"#000\" d=\"" + path + "\"/></svg>";
}

}  // namespace plumbline::web
