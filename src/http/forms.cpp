// Strict urlencoded decoding: every '%' must be followed by two hex digits; the result must be
// UTF-8.
#include "http/forms.hpp"

namespace plumbline::http {

namespace {
int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::string> decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '+') {
      out += ' ';
    } else if (c == '%') {
      if (i + 2 >= s.size()) return std::nullopt;
      int hi = hex_value(s[i + 1]), lo = hex_value(s[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      out += c;
    }
  }
  if (!valid_utf8(out)) return std::nullopt;
  return out;
}
}  // namespace

std::string FormData::get(std::string_view name) const {
  for (const auto& [k, v] : fields)
    if (k == name) return v;
  return {};
}

bool FormData::has(std::string_view name) const {
  for (const auto& [k, v] : fields)
    if (k == name) return true;
  return false;
}

std::optional<FormData> parse_urlencoded(std::string_view text) {
  FormData f;
  std::size_t i = 0;
  while (i < text.size()) {
    auto amp = text.find('&', i);
    if (amp == std::string_view::npos) amp = text.size();
    auto part = text.substr(i, amp - i);
    i = amp + 1;
    if (part.empty()) continue;
    auto eq = part.find('=');
    auto key = decode(part.substr(0, eq));
    auto value =
        eq == std::string_view::npos ? std::optional<std::string>("") : decode(part.substr(eq + 1));
    if (!key || !value) return std::nullopt;
    f.fields.emplace_back(std::move(*key), std::move(*value));
  }
  return f;
}

bool valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    int n = 0;
    std::uint32_t cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      n = 1;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      n = 2;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      n = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + static_cast<std::size_t>(n) >= s.size()) return false;
    for (int k = 1; k <= n; ++k) {
      auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    i += n + 1;
  }
  return true;
}

}  // namespace plumbline::http
