// application/x-www-form-urlencoded decoding (bodies and query strings) with strict escapes.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace plumbline::http {

class FormData {
 public:
  std::vector<std::pair<std::string, std::string>> fields;
  // Returns the first value for name, or "" when absent.
  std::string get(std::string_view name) const;
  bool has(std::string_view name) const;
};

// Decodes a urlencoded string ('+' is a space); nullopt on a bad percent-escape or invalid UTF-8.
std::optional<FormData> parse_urlencoded(std::string_view text);

// Returns true when the bytes are valid UTF-8.
bool valid_utf8(std::string_view s);

}  // namespace plumbline::http
