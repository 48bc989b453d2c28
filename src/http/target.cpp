// Request-target parsing with Boost.URL.
#include "http/target.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/scheme.hpp>

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

}  // namespace plumbline::http
