// Request-target parsing with Boost.URL.
#include "http/target.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/scheme.hpp>
#include <cctype>

namespace plumbline::http {

namespace {

bool valid_path(const std::string& path) {
  return !path.empty() && path.front() == '/' && path.find('\0') == std::string::npos;
}

}  // namespace

bool split_target(std::string_view target, std::string& path, std::string& query,
                  std::string* authority) {
  if (auto r = boost::urls::parse_origin_form(target)) {
    path = r->path();  // percent-decoded
    query = r->encoded_query();
    return valid_path(path);
  }
  if (!authority) return false;
  auto r = boost::urls::parse_absolute_uri(target);
  if (!r ||
      (r->scheme_id() != boost::urls::scheme::http &&
       r->scheme_id() != boost::urls::scheme::https) ||
      !r->has_authority() || r->has_userinfo() || r->encoded_host().empty())
    return false;
  path = r->path();
  if (path.empty()) path = "/";
  query = r->encoded_query();
  *authority = r->encoded_host_and_port();
  return valid_path(path);
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
