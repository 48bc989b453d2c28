// JSON answers for the API handlers.
#include "web/api/api_io.hpp"

namespace plumbline::web::api_io {

http::Response ok_json(int status, const boost::json::value& body) {
  auto res = http::Response::json(status, boost::json::serialize(body));
  res.set_header("Cache-Control", "no-store");
  return res;
}

}  // namespace plumbline::web::api_io
