// A five-digit ZIP as its number ("00501" → 501), for tables indexed by ZIP.
#pragma once
#include <cstddef>
#include <optional>
#include <string_view>

namespace plumbline::geo {

// Every ZIP fits an array of this size.
inline constexpr std::size_t zip_numbers = 100'000;

// The number of a five-digit ZIP; nullopt for anything else.
inline std::optional<std::size_t> zip_number(std::string_view zip) {
  if (zip.size() != 5) return std::nullopt;
  std::size_t n = 0;
  for (char ch : zip) {
    if (ch < '0' || ch > '9') return std::nullopt;
    n = n * 10 + static_cast<std::size_t>(ch - '0');
  }
  return n;
}

}  // namespace plumbline::geo
