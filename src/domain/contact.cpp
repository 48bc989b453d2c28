// Phone, e-mail and text helpers used by validation.
#include "domain/contact.hpp"

#include <cctype>

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
  return true;
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

bool has_control_chars(std::string_view s, bool multiline) {
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (multiline && (c == '\n' || c == '\r' || c == '\t')) continue;
    if (u < 0x20 || u == 0x7f) return true;
  }
  return false;
}

}  // namespace plumbline::domain
