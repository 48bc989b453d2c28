// JSON answers for the API handlers.
#include "web/api/api_io.hpp"

#include "http/errors.hpp"

namespace plumbline::web::api_io {

http::Response ok_json(int status, const boost::json::value& body) {
  auto res = http::Response::json(status, boost::json::serialize(body));
  res.set_header("Cache-Control", "no-store");
  return res;
}

http::Response no_such_lead(const http::Request& req) {
  return http::error_response(req, {domain::ErrorCode::not_found, "No such request."});
}

}  // namespace plumbline::web::api_io
