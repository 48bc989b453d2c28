// What every JSON API handler shares on the way out: a JSON answer that no cache keeps. Input is
// read through web/input.hpp, errors answered through http::error_response.
#pragma once
#include <boost/json.hpp>

#include "http/request.hpp"
#include "http/response.hpp"

namespace plumbline::web::api_io {

http::Response ok_json(int status, const boost::json::value& body);

// 404 for a request (lead) id that names none.
http::Response no_such_lead(const http::Request& req);

}  // namespace plumbline::web::api_io
