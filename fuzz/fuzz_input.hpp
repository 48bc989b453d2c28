// What every fuzz target shares: its input as text, split into fields, and a check that stops the
// run with a message (libFuzzer keeps the input as a crash; the replay program exits non-zero).
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <vector>

namespace plumbline::fuzz {

inline std::string_view text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// The input's first `n - 1` NUL-terminated pieces and the rest as the last field, so that one input
// can carry a header and a body (missing fields are empty); seeds are written the same way.
inline std::vector<std::string_view> fields(std::string_view input, std::size_t n) {
  std::vector<std::string_view> out;
  while (out.size() + 1 < n) {
    auto nul = input.find('\0');
    if (nul == std::string_view::npos) break;
    out.push_back(input.substr(0, nul));
    input.remove_prefix(nul + 1);
  }
  out.push_back(input);
  out.resize(n);
  return out;
}

[[noreturn]] inline void fail(const char* what, const char* file, int line) {
  std::fprintf(stderr, "%s:%d: fuzz check failed: %s\n", file, line, what);
  std::abort();
}

}  // namespace plumbline::fuzz

// A property the code under test must keep for every input (an assert that NDEBUG cannot remove).
#define FUZZ_CHECK(cond) \
  ((cond) ? static_cast<void>(0) : ::plumbline::fuzz::fail(#cond, __FILE__, __LINE__))
