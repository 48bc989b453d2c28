// Route matching and dispatch through middleware chains.
#include "http/router.hpp"

#include "http/errors.hpp"
#include "http/multipart.hpp"

namespace plumbline::http {

namespace {

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> parts;
  std::size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') {
      ++i;
      continue;
    }
    auto j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    parts.push_back(path.substr(i, j - i));
    i = j;
  }
  return parts;
}

bool match_pattern(std::string_view pattern, std::string_view path,
                   std::map<std::string, std::string, std::less<>>& params) {
  auto pp = split_path(pattern);
  auto xs = split_path(path);
  if (path.size() > 1 && path.back() == '/' && (pattern.empty() || pattern.back() != '/'))
    return false;
  for (std::size_t i = 0; i < pp.size(); ++i) {
    auto seg = pp[i];
    bool is_param = seg.size() >= 2 && seg.front() == '{' && seg.back() == '}';
    if (is_param && seg.size() > 5 && seg.substr(seg.size() - 4) == "...}") {
      if (i >= xs.size()) return false;
      std::string rest;
      for (std::size_t k = i; k < xs.size(); ++k) {
        if (!rest.empty()) rest += '/';
        rest += xs[k];
      }
      params[std::string(seg.substr(1, seg.size() - 5))] = rest;
      return true;
    }
    if (i >= xs.size()) return false;
    if (is_param) {
      if (xs[i].empty()) return false;
      params[std::string(seg.substr(1, seg.size() - 2))] = std::string(xs[i]);
    } else if (seg != xs[i]) {
      return false;
    }
  }
  return pp.size() == xs.size();
}

}  // namespace

void Router::add(const std::shared_ptr<const Group>& group, std::string method, std::string pattern,
                 Handler handler, std::size_t body_limit, std::size_t multipart_body_limit) {
  Route r;
  r.method = std::move(method);
  r.pattern = std::move(pattern);
  r.group = group;
  r.handler = std::move(handler);
  r.body_limit = body_limit ? body_limit : group->body_limit;
  r.multipart_body_limit = multipart_body_limit;
  routes_.push_back(std::move(r));
}

RouteMatch Router::match(std::string_view method, std::string_view path) const {
  RouteMatch m;
  for (const auto& r : routes_) {
    std::map<std::string, std::string, std::less<>> params;
    if (!match_pattern(r.pattern, path, params)) continue;
    bool same = r.method == method || (method == "HEAD" && r.method == "GET");
    if (same && !m.route) {
      m.route = &r;
      m.params = std::move(params);
    }
    if (!same) m.path_matched = true;
    for (std::string method : {r.method, std::string(r.method == "GET" ? "HEAD" : "")}) {
      if (method.empty() || m.allow.find(method) != std::string::npos) continue;
      if (!m.allow.empty()) m.allow += ", ";
      m.allow += method;
    }
  }
  return m;
}

std::size_t Router::body_limit_for(std::string_view method, std::string_view path,
                                   std::string_view content_type) const {
  auto m = match(method, path);
  if (!m.route) return default_body_limit;
  if (m.route->multipart_body_limit && multipart_boundary(content_type))
    return m.route->multipart_body_limit;
  return m.route->body_limit;
}

ErrorFormat Router::error_format_for(std::string_view method, std::string_view path) const {
  auto m = match(method, path);
  if (m.route) return m.route->group->error_format;
  for (const auto& r : routes_) {
    std::map<std::string, std::string, std::less<>> params;
    if (match_pattern(r.pattern, path, params)) return r.group->error_format;
  }
  return path.starts_with("/api/") ? ErrorFormat::json : ErrorFormat::html;
}

Response run_chain(const std::vector<Middleware>& chain, Request& req, const Handler& handler) {
  if (chain.empty()) return handler(req);
  // Build the chain from the inside out so the first middleware runs first.
  std::vector<Handler> steps(chain.size() + 1);
  steps[chain.size()] = handler;
  for (std::size_t i = chain.size(); i-- > 0;) {
    const Middleware& mw = chain[i];
    const Handler& next = steps[i + 1];
    steps[i] = [&mw, &next](Request& r) { return mw(r, next); };
  }
  return steps[0](req);
}

Response Router::respond(Request& req, const Handler& handler) const {
  req.error_format = error_format_for(req.method, req.path);
  if (req.route.empty()) req.route = "(protocol error)";
  return run_chain(outer_, req, handler);
}

Response Router::dispatch(Request& req) const {
  auto m = match(req.method, req.path);
  Handler inner;
  if (m.route) {
    req.route = m.route->pattern;
    req.path_params = std::move(m.params);
    req.error_format = m.route->group->error_format;
    const Route* route = m.route;
    // A Failure (an outage) or a bug thrown by the route's middleware or handler is answered here,
    // inside the outer chain, so the answer still gets the security headers and the access log.
    inner = [route](Request& r) {
      try {
        return run_chain(route->group->chain, r, route->handler);
      } catch (...) {
        return exception_response(r);
      }
    };
  } else {
    req.error_format = error_format_for(req.method, req.path);
    if (m.path_matched) {
      req.route = "(method not allowed)";
      std::string allow = m.allow;
      inner = [allow](Request& r) {
        auto res = error_response(r, {domain::ErrorCode::method_not_allowed,
                                      "This address does not accept that method."});
        res.set_header("Allow", allow);
        return res;
      };
    } else {
      req.route = "(not found)";
      inner = [](Request& r) {
        return error_response(r,
                              {domain::ErrorCode::not_found, "There is nothing at this address."});
      };
    }
  }
  // Guards (e.g. the Host check) run inside the outer chain, before any route or 404/405.
  Handler guarded = inner;
  if (!guards_.empty())
    guarded = [this, &inner](Request& r) { return run_chain(guards_, r, inner); };
  // One place for every handler: a header that would split the response (CR, LF, NUL) or a name
  // that is not a token is refused here, before the outer chain logs the outcome.
  auto checked = [&guarded](Request& r) {
    auto res = guarded(r);
    if (first_unsafe_header(res))
      return error_response(
          r, {domain::ErrorCode::internal, "Something went wrong on our side. Please try again."});
    return res;
  };
  return run_chain(outer_, req, checked);
}

}  // namespace plumbline::http
