// Phone, e-mail and text helpers used by validation.
#include "domain/contact.hpp"

#include <cctype>
#include <utility>

namespace plumbline::domain {

std::optional<std::string> normalize_us_phone(std::string_view input) {
  std::string digits;
  bool plus = false;
  for (char c : input) {
    if (std::isdigit(static_cast<unsigned char>(c)))
      digits += c;
    else if (c == '+' && digits.empty() && !plus)
      plus = true;
    else if (c == ' ' || c == '-' || c == '.' || c == '(' || c == ')')
      continue;
    else
      return std::nullopt;
  }
  if (digits.size() == 11 && digits[0] == '1')
    digits.erase(0, 1);
  else if (plus)
    return std::nullopt;  // +<country> other than +1
  if (digits.size() != 10) return std::nullopt;
  if (digits[0] < '2' || digits[3] < '2')
    return std::nullopt;  // NANP: area code and exchange start 2–9
  return "+1" + digits;
}

std::string display_phone(std::string_view e164) {
  bool nanp = e164.size() == 12 && e164.substr(0, 2) == "+1" &&
              e164.find_first_not_of("0123456789", 1) == std::string_view::npos;
  if (!nanp) return std::string(e164);
  std::string out = "(";
  out.append(e164.substr(2, 3)).append(") ").append(e164.substr(5, 3)).append("-");
  return out.append(e164.substr(8, 4));
}

std::string contact_method_label(std::string_view m) {
  if (m == "text") return "Text message";
  if (m == "phone") return "Phone call";
  if (m == "email") return "E-mail";
  return std::string(m);
}

bool plausible_email(std::string_view e) {
  if (e.size() < 3 || e.size() > 254) return false;
  auto at = e.find('@');
  if (at == std::string_view::npos || at == 0 || at > 64 ||
      e.find('@', at + 1) != std::string_view::npos)
    return false;
  auto domain = e.substr(at + 1);
  auto dot = domain.rfind('.');
  if (domain.empty() || dot == std::string_view::npos || dot == 0 || dot + 3 > domain.size())
    return false;
  if (domain.find("..") != std::string_view::npos || domain.front() == '-' || domain.front() == '.')
    return false;
  for (char c : e) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f || c == '<' || c == '>' || c == '"' || c == ',' || c == ';' ||
        c == '\\')
      return false;
  }
  // Bytes that are not UTF-8, C1 controls and invisible format characters (bidi overrides) too:
  // found by fuzz/validators_fuzz.cpp (an address with 0xFF bytes passed).
  return !has_control_chars(e, false);
}

std::string trim(std::string_view s) {
  auto ws = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
  };
  while (!s.empty() && ws(s.front())) s.remove_prefix(1);
  while (!s.empty() && ws(s.back())) s.remove_suffix(1);
  return std::string(s);
}

std::size_t utf8_length(std::string_view s) {
  std::size_t n = 0;
  for (char c : s)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  return n;
}

namespace {
// Unicode format characters (general category Cf, Unicode 15) and the line and paragraph
// separators: invisible, yet they reorder or hide what a reader sees ("gnp.exe" shown as
// "exe.png").
bool invisible_code_point(char32_t cp) {
  static constexpr std::pair<char32_t, char32_t> ranges[] = {
      {0x00AD, 0x00AD},   {0x0600, 0x0605},   {0x061C, 0x061C},   {0x06DD, 0x06DD},
      {0x070F, 0x070F},   {0x0890, 0x0891},   {0x08E2, 0x08E2},   {0x180E, 0x180E},
      {0x200B, 0x200F},   {0x2028, 0x202E},   {0x2060, 0x2064},   {0x2066, 0x206F},
      {0xFEFF, 0xFEFF},   {0xFFF9, 0xFFFB},   {0x110BD, 0x110BD}, {0x110CD, 0x110CD},
      {0x13430, 0x1343F}, {0x1BCA0, 0x1BCA3}, {0x1D173, 0x1D17A}, {0xE0001, 0xE0001},
      {0xE0020, 0xE007F}};
  for (auto [lo, hi] : ranges)
    if (cp >= lo && cp <= hi) return true;
  return false;
}
}  // namespace

bool has_control_chars(std::string_view s, bool multiline) {
  for (std::size_t i = 0; i < s.size();) {
    auto u = static_cast<unsigned char>(s[i]);
    if (u < 0x80) {
      // Multi-line fields keep newlines and tabs; a browser sends a textarea's newlines as CR LF.
      bool line_break = u == '\n' || (u == '\r' && i + 1 < s.size() && s[i + 1] == '\n');
      if ((u < 0x20 || u == 0x7f) && !(multiline && (line_break || u == '\t'))) return true;
      ++i;
      continue;
    }
    int extra = (u & 0xE0) == 0xC0 ? 1 : (u & 0xF0) == 0xE0 ? 2 : (u & 0xF8) == 0xF0 ? 3 : -1;
    if (extra < 0 || i + static_cast<std::size_t>(extra) >= s.size()) return true;  // not UTF-8
    char32_t cp = u & (0x3F >> extra);
    for (int k = 1; k <= extra; ++k) {
      auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return true;  // not UTF-8: refused like a control
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((cp >= 0x80 && cp <= 0x9F) || invisible_code_point(cp)) return true;  // C1 controls, Cf
    i += 1 + extra;
  }
  return false;
}

}  // namespace plumbline::domain
