// The API's contract: GET /api/v1/openapi.json (the document) and GET /api/docs (Swagger UI,
// vendored from npm into static/vendor/swagger-ui, reading that document). Adapters only.
#include "web/api/openapi.hpp"

#include <boost/json.hpp>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "web/handlers.hpp"

namespace plumbline::web {

std::string load_openapi_document(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw std::runtime_error("cannot read the OpenAPI document " + path +
                             " (set PLUMBLINE_OPENAPI_FILE, or run from the repository root)");
  std::stringstream text;
  text << in.rdbuf();
  boost::system::error_code ec;
  auto doc = boost::json::parse(text.str(), ec);
  if (ec || !doc.is_object() || !doc.as_object().contains("openapi"))
    throw std::runtime_error("the OpenAPI document " + path + " is not an OpenAPI JSON object");
  return text.str();
}

Response api_openapi(const Services& a, Request&) {
  return Response::json(200, *a.openapi);
}

Response show_api_docs(const Services& a, Request&) {
  auto asset = [&](const char* path) { return a.statics->url_for(path); };
  boost::json::object ctx{{"asset_favicon", asset("img/favicon.svg")},
                          {"asset_swagger_css", asset("vendor/swagger-ui/swagger-ui.css")},
                          {"asset_swagger_js", asset("vendor/swagger-ui/swagger-ui-bundle.js")},
                          {"asset_api_docs_css", asset("css/api-docs.css")},
                          {"asset_api_docs_js", asset("js/api-docs.js")}};
  return Response::html(200, a.view->fragment("api_docs", ctx));
}

}  // namespace plumbline::web
