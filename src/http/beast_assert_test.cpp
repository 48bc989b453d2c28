// Unit tests for the debug builds' Boost assertion handler (http/beast_assert.cpp): a chunked body
// whose closing CRLF arrives a byte at a time parses (Beast 1.81 asserted on it), and any other
// failed BOOST_ASSERT still aborts.
#include <gtest/gtest.h>

#include <boost/assert.hpp>
#include <boost/beast/http.hpp>
#include <string_view>

namespace {

namespace bhttp = boost::beast::http;

// Feeds the pieces to a request parser the way Beast's read algorithms do: the unparsed rest of
// what has arrived, plus the new piece, on each call.
bool parse_in_pieces(std::initializer_list<std::string_view> pieces) {
  bhttp::request_parser<bhttp::string_body> parser;
  parser.eager(true);
  std::string buffered;
  for (auto piece : pieces) {
    buffered.append(piece);
    boost::beast::error_code ec;
    auto used = parser.put(boost::asio::buffer(buffered), ec);
    buffered.erase(0, used);
    if (ec && ec != bhttp::error::need_more) return false;
  }
  return parser.is_done();
}

TEST(BeastAssert, FinalChunkWhoseCrlfArrivesByteByByteParses) {
  // fuzz/corpus/http_request/ holds the input that found it (read size 1).
  EXPECT_TRUE(parse_in_pieces(
      {"POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n", "0\r\n", "\r", "\n"}));
  EXPECT_TRUE(parse_in_pieces({"POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n",
                               "3\r\nabc\r\n", "0\r\n", "\r", "\n"}));
}

#ifndef NDEBUG
TEST(BeastAssertDeathTest, OtherFailedAssertionsStillAbort) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_DEATH(BOOST_ASSERT(1 + 1 == 3), "Assertion `1 \\+ 1 == 3' failed");
}
#endif

}  // namespace
