// Fuzz target: HTTP/1.1 request framing as http/server.cpp reads it: the head measured first
// (http/head), Beast's parser with the server's limits over reads of a chosen size (so heads,
// chunk sizes and chunk extensions are cut anywhere), the target split and decoded, the body
// (Content-Length or chunked) up to its limit, several requests on one kept-alive connection.
// The server's coroutine does the same steps asynchronously on a socket; this one reads a
// Beast test stream synchronously.
#include <boost/beast/_experimental/test/stream.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "fuzz_input.hpp"
#include "http/forms.hpp"
#include "http/head.hpp"
#include "http/target.hpp"

namespace {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

constexpr std::size_t max_header_bytes = 8 * 1024;  // ServerOptions' default
constexpr std::size_t body_limit = 16 * 1024;       // a small route limit, so 413 is reachable

// Reads one request as the server does; false when the server would close the connection.
bool serve_one(beast::test::stream& stream, beast::flat_buffer& buffer) {
  using namespace plumbline;
  // The head is measured before parsing: past the limit → 431 and close.
  beast::error_code ec;
  for (;;) {
    std::string_view data(static_cast<const char*>(buffer.data().data()), buffer.size());
    auto end = http::head_end(data);
    if (end != std::string_view::npos) {
      FUZZ_CHECK((end >= 2 && data[end - 1] == '\n' && data[end - 2] == '\n') ||
                 (end >= 4 && data.substr(end - 4, 4) == "\r\n\r\n"));
      if (end > max_header_bytes) return false;
      break;
    }
    if (buffer.size() > max_header_bytes) return false;
    auto n = stream.read_some(buffer.prepare(4096), ec);
    if (ec) return false;
    buffer.commit(n);
  }
  bhttp::request_parser<bhttp::string_body> parser;
  parser.header_limit(static_cast<std::uint32_t>(max_header_bytes));
  parser.body_limit(std::numeric_limits<std::uint64_t>::max());
  bhttp::read_header(stream, buffer, parser, ec);
  if (ec) return false;  // 431 or 400
  auto& head = parser.get();
  std::string path, query, authority;
  if (head.method() == bhttp::verb::unknown ||
      !http::split_target(head.target(), path, query, &authority))
    return false;  // 400
  FUZZ_CHECK(path.starts_with("/"));
  FUZZ_CHECK(http::valid_utf8(path));
  if (parser.content_length() && *parser.content_length() > body_limit) return false;  // 413
  parser.body_limit(body_limit);
  if (!parser.is_done()) {
    bhttp::read(stream, buffer, parser, ec);
    if (ec) return false;  // 413 or 400
  }
  const auto& body = head.body();
  FUZZ_CHECK(body.size() <= body_limit);
  if (parser.content_length()) FUZZ_CHECK(body.size() == *parser.content_length());
  if (!parser.chunked() && !parser.content_length()) FUZZ_CHECK(body.empty());
  for (const auto& f : head) (void)f.name_string(), (void)f.value();
  return head.keep_alive();
}

}  // namespace

// Input: one byte choosing the size of each read (1–256 bytes), then what the client sends.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  boost::asio::io_context ioc;
  beast::test::stream stream(ioc);
  stream.read_size(std::size_t{data[0]} + 1);
  stream.append(plumbline::fuzz::text(data + 1, size - 1));
  stream.close_remote();  // then end of stream
  beast::flat_buffer buffer;
  for (int served = 0; served < 16 && serve_one(stream, buffer); ++served) {
  }
  return 0;
}
