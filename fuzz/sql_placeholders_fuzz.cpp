// Fuzz target: the $N → ?N rewrite of statements shared by both backends (store/sql/statement.hpp),
// run at run time on statement texts of up to 511 bytes.
#include <algorithm>
#include <array>

#include "fuzz_input.hpp"
#include "store/sql/statement.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  constexpr std::size_t N = 512;
  auto input = plumbline::fuzz::text(data, std::min(size, N - 1));
  std::array<char, N> pg{};  // NUL-terminated like a string literal
  std::copy(input.begin(), input.end(), pg.begin());
  auto out = plumbline::store::sql::sqlite_placeholders(pg);
  bool quotes = false;
  for (std::size_t i = 0; i < N; ++i) {
    quotes |= pg[i] == '\'' || pg[i] == '"';
    bool placeholder = pg[i] == '$' && i + 1 < N && pg[i + 1] >= '0' && pg[i + 1] <= '9';
    // Only a $ before a digit may change, and only into '?'; the text keeps its length.
    if (out[i] != pg[i]) FUZZ_CHECK(placeholder && out[i] == '?');
    // Outside any quoted literal, every placeholder is rewritten.
    if (!quotes && placeholder) FUZZ_CHECK(out[i] == '?');
  }
  return 0;
}
