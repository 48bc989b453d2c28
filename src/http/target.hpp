// Splits and decodes a request target into path and query (Boost.URL kept out of server.cpp).
#pragma once
#include <string>
#include <string_view>

namespace plumbline::http {

// Returns false when the target is not a valid origin-form ("/path?query") or decodes to bad bytes.
// With `authority`, an absolute-form target ("http://host:port/path?query", RFC 9112 §3.2.2) is
// accepted too and its host[:port] stored there (the server then uses it instead of Host).
bool split_target(std::string_view target, std::string& path, std::string& query,
                  std::string* authority = nullptr);

// True when `target` may be followed as a redirect: a same-origin path ("/a/b?c=d#e") made only of
// unreserved, sub-delim, ':', '@', '/', '?', '#' and '%'-escape characters, that does not start a
// network path ("//", "/\\") and holds no "//" anywhere (browsers strip tabs and newlines and treat
// '\\' as '/', so "/\t/evil.example" would leave the site).
bool is_local_path(std::string_view target);

}  // namespace plumbline::http
