// The end of a request head, measured before parsing (http/server.cpp, fuzz/http_request_fuzz.cpp).
#include "http/head.hpp"

#include <algorithm>

namespace plumbline::http {

std::size_t head_end(std::string_view data) {
  auto crlf = data.find("\r\n\r\n"), lf = data.find("\n\n");
  return std::min(crlf == std::string_view::npos ? crlf : crlf + 4,
                  lf == std::string_view::npos ? lf : lf + 2);
}

}  // namespace plumbline::http
