// QR codes as SVG (libqrencode): the otpauth:// URI shown at two-factor enrolment.
#pragma once
#include <string>

namespace plumbline::web {

// An <svg> element drawing `text` as a QR code (error correction M, 4-module quiet zone), or ""
// when it cannot be encoded. Contains no script and no text from `text`.
std::string qr_svg(const std::string& text, int module_px = 5);

}  // namespace plumbline::web
