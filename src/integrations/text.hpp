// ASCII text helpers the integrations share (header names, URL schemes and hosts, header fields).
#pragma once
#include <string>
#include <string_view>

namespace plumbline::integrations {

// Lower-cases ASCII letters only (header names and hosts are ASCII; no locale applies).
inline std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// Strips spaces and tabs (RFC 9110 "optional whitespace") from both ends.
inline std::string_view trim_blanks(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Printable, single-line and bounded: safe to store and log (a provider's or receiver's reply).
inline std::string printable(std::string_view s, std::size_t max) {
  std::string out;
  for (char c : s) {
    if (out.size() >= max) break;
    out += static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? ' ' : c;
  }
  return out;
}

}  // namespace plumbline::integrations
