// The API's contract (docs/openapi.json): read once at start-up, served as it is.
#pragma once
#include <string>

namespace plumbline::web {

// The text of the OpenAPI document at `path`; throws when it cannot be read or is not a JSON
// object with an "openapi" member, so that a server never runs without its contract.
std::string load_openapi_document(const std::string& path);

}  // namespace plumbline::web
