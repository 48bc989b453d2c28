// Request-target parsing with Boost.URL.
#include "http/target.hpp"

#include <boost/url/parse.hpp>
#include <cctype>

namespace plumbline::http {

bool split_target(std::string_view target, std::string& path, std::string& query) {
  auto r = boost::urls::parse_origin_form(target);
  if (!r) return false;
  path = r->path();  // percent-decoded
  if (path.empty() || path.front() != '/') return false;
  if (path.find('\0') != std::string::npos) return false;
  query = r->encoded_query();
  return true;
}

bool is_local_path(std::string_view target) {
  static constexpr std::string_view allowed_marks = "-._~!$&'()*+,;=:@/?#%";
  if (target.empty() || target.front() != '/' || target.size() > 2048) return false;
  if (target.find("//") != std::string_view::npos) return false;
  for (std::size_t i = 0; i < target.size(); ++i) {
    auto c = static_cast<unsigned char>(target[i]);
    if (std::isalnum(c)) continue;
    if (allowed_marks.find(static_cast<char>(c)) == std::string_view::npos) return false;
    if (c == '%' &&
        (i + 2 >= target.size() || !std::isxdigit(static_cast<unsigned char>(target[i + 1])) ||
         !std::isxdigit(static_cast<unsigned char>(target[i + 2]))))
      return false;
  }
  return true;
}

}  // namespace plumbline::http
