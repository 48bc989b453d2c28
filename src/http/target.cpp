// Request-target parsing with Boost.URL.
#include "http/target.hpp"

#include <boost/url/parse.hpp>

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

}  // namespace plumbline::http
