// Router: method + pattern table with {params}, route groups carrying middleware, body limits and
// error format.
#pragma once
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "http/request.hpp"
#include "http/response.hpp"

namespace plumbline::http {

using Handler = std::function<Response(Request&)>;
using Middleware = std::function<Response(Request&, const Handler& next)>;

inline constexpr std::size_t default_body_limit = 64 * 1024;

struct Group {
  std::string name;  // e.g. "public", "api", "ops"; shown in the route table
  ErrorFormat error_format = ErrorFormat::html;
  std::vector<Middleware> chain;  // run outermost first
  std::size_t body_limit = default_body_limit;
};

struct Route {
  std::string method;
  std::string pattern;  // "/t/{token}/cancel"; "{rest...}" matches the remaining path
  std::shared_ptr<const Group> group;
  Handler handler;
  std::size_t body_limit = default_body_limit;
  // A larger limit for multipart/form-data bodies only (forms with files); 0 = none. Any other
  // body on the route keeps body_limit, so a 30 MB photo form is no door for a 30 MB form field.
  std::size_t multipart_body_limit = 0;
  bool state_changing() const { return method != "GET" && method != "HEAD" && method != "OPTIONS"; }
};

struct RouteMatch {
  const Route* route = nullptr;  // null when nothing matched
  bool path_matched = false;     // true when the path exists under another method (405)
  std::string allow;             // the methods allowed for the path, for 405
  std::map<std::string, std::string, std::less<>> params;
};

class Router {
 public:
  // Adds a route to a group; body_limit 0 means the group's limit; multipart_body_limit, when not
  // 0, is the limit for multipart/form-data bodies (file uploads) on this route.
  void add(const std::shared_ptr<const Group>& group, std::string method, std::string pattern,
           Handler handler, std::size_t body_limit = 0, std::size_t multipart_body_limit = 0);

  RouteMatch match(std::string_view method, std::string_view path) const;

  // Returns the body limit for a request before its body is read (the default when nothing
  // matches), by its Content-Type: a route's multipart limit for multipart/form-data only.
  std::size_t body_limit_for(std::string_view method, std::string_view path,
                             std::string_view content_type = {}) const;

  // Returns the error format for a path: the matched group's, else JSON under /api/, else HTML.
  ErrorFormat error_format_for(std::string_view method, std::string_view path) const;

  // Runs the matching route through its group's middleware; 404/405 otherwise (through `fallback`).
  Response dispatch(Request& req) const;

  // Runs a handler through the outer chain only (used for protocol errors raised by the server).
  Response respond(Request& req, const Handler& handler) const;

  // Middleware applied to every request, matched or not (request id, logging, security headers).
  void set_outer_chain(std::vector<Middleware> chain) { outer_ = std::move(chain); }

  // Middleware run on every dispatched request, matched or not, inside the outer chain and before
  // the route's group chain or the 404/405 answer (the Host check). Protocol errors skip it.
  void set_guards(std::vector<Middleware> chain) { guards_ = std::move(chain); }

  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
  std::vector<Middleware> outer_;
  std::vector<Middleware> guards_;
};

// Runs handler through a chain of middleware, outermost first.
Response run_chain(const std::vector<Middleware>& chain, Request& req, const Handler& handler);

}  // namespace plumbline::http
