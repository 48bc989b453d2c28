// The Boost assertion handler of the builds that keep assertions (the ASan+UBSan debug build and
// the fuzz preset define BOOST_ENABLE_ASSERT_DEBUG_HANDLER; release builds have none): a failed
// BOOST_ASSERT aborts as assert() would, except one known false positive of Boost 1.81's Beast.
#include <boost/version.hpp>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#if defined(BOOST_ENABLE_ASSERT_DEBUG_HANDLER) && !defined(NDEBUG)

namespace {

// Beast's chunked-body parser asserts that a final chunk's header it already saw ("0\r\n") comes
// back with at least 5 bytes, but a client may send the closing CRLF one byte at a time ("0\r\n",
// "\r", "\n"); the code after the assertion then asks for more, which is right. Found by
// fuzz/http_request_fuzz.cpp; fixed upstream in boostorg/beast#2861 (2024, after Boost 1.81).
bool known_false_positive(std::string_view expr, std::string_view file) {
#if BOOST_VERSION < 108600
  return expr == "n >= 5" && file.ends_with("boost/beast/http/impl/basic_parser.ipp");
#else
  (void)expr;
  (void)file;
  return false;
#endif
}

}  // namespace

namespace boost {

void assertion_failed(char const* expr, char const* function, char const* file, long line) {
  if (known_false_positive(expr, file)) return;
  std::fprintf(stderr, "%s:%ld: %s: Assertion `%s' failed.\n", file, line, function, expr);
  std::abort();
}

void assertion_failed_msg(char const* expr, char const* msg, char const* function, char const* file,
                          long line) {
  if (known_false_positive(expr, file)) return;
  std::fprintf(stderr, "%s:%ld: %s: Assertion `%s' failed: %s\n", file, line, function, expr, msg);
  std::abort();
}

}  // namespace boost

#endif
