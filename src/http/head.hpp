// Where a request head ends in the bytes read so far: the server measures the head itself before
// Beast parses it (Beast's header_limit counts only bytes it has not parsed yet).
#pragma once
#include <cstddef>
#include <string_view>

namespace plumbline::http {

// The offset just past the blank line ending the head (CRLF CRLF, or a bare LF LF, which HTTP/1.1
// parsers accept), or std::string_view::npos while the head is incomplete.
std::size_t head_end(std::string_view data);

}  // namespace plumbline::http
