// Splits and decodes a request target into path and query (Boost.URL kept out of server.cpp).
#pragma once
#include <string>
#include <string_view>

namespace plumbline::http {

// Returns false when the target is not a valid origin-form ("/path?query") or decodes to bad bytes.
bool split_target(std::string_view target, std::string& path, std::string& query);

}  // namespace plumbline::http
