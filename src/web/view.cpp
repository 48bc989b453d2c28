// Mustache rendering from a Boost.JSON context (HTML-escaped by default).
#include "web/view.hpp"

#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <kainjow/mustache.hpp>
#include <memory>
#include <sstream>
#include <stdexcept>

namespace plumbline::web {

namespace mustache = kainjow::mustache;

namespace {

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p);
  if (!in) throw std::runtime_error("cannot read template " + p.string());
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void check(const std::string& text, const std::string& name) {
  mustache::mustache t{text};
  if (!t.is_valid())
    throw std::runtime_error("template " + name + " is invalid: " + t.error_message());
}

mustache::data to_data(const boost::json::value& v) {
  switch (v.kind()) {
    case boost::json::kind::object: {
      mustache::data d{mustache::data::type::object};
      for (const auto& [k, x] : v.get_object()) d.set(std::string(k), to_data(x));
      return d;
    }
    case boost::json::kind::array: {
      mustache::data d{mustache::data::type::list};
      for (const auto& x : v.get_array()) d.push_back(to_data(x));
      return d;
    }
    case boost::json::kind::string:
      // An empty string is falsy, as in other Mustache implementations (kainjow treats it as true).
      if (v.get_string().empty()) return mustache::data{mustache::data::type::bool_false};
      return mustache::data{std::string(v.get_string())};
    case boost::json::kind::bool_:
      return v.get_bool() ? mustache::data{mustache::data::type::bool_true}
                          : mustache::data{mustache::data::type::bool_false};
    case boost::json::kind::int64:
      return mustache::data{std::to_string(v.get_int64())};
    case boost::json::kind::uint64:
      return mustache::data{std::to_string(v.get_uint64())};
    case boost::json::kind::double_:
      return mustache::data{std::to_string(v.get_double())};
    case boost::json::kind::null:
      return mustache::data{mustache::data::type::bool_false};
  }
  return mustache::data{};
}

}  // namespace

View::View(const std::string& dir, const http::StaticFiles& statics) {
  namespace fs = std::filesystem;
  layout_ = read_file(fs::path(dir) / "layout.mustache");
  check(layout_, "layout");
  for (const auto& e : fs::directory_iterator(fs::path(dir) / "pages")) {
    if (e.path().extension() != ".mustache") continue;
    auto name = e.path().stem().string();
    pages_[name] = read_file(e.path());
    check(pages_[name], name);
  }
  auto asset = [&](const char* key, const char* path) {
    assets_[key] =
        statics.has(path) ? statics.url_for(path) : std::string("/static/missing/") + path;
  };
  asset("asset_bootstrap_css", "vendor/bootstrap.min.css");
  asset("asset_app_css", "css/app.css");
  asset("asset_htmx_js", "vendor/htmx.min.js");
  asset("asset_bootstrap_js", "vendor/bootstrap.bundle.min.js");
  asset("asset_app_js", "js/app.js");
  asset("asset_favicon", "img/favicon.svg");
}

namespace {
// Parsed templates per thread: kainjow's render is not const, and parsing on every request is wasted work.
mustache::mustache& parsed(const View* view, const std::string& name, const std::string& text) {
  thread_local std::map<std::pair<const View*, std::string>, std::unique_ptr<mustache::mustache>> cache;
  auto& slot = cache[{view, name}];
  if (!slot) slot = std::make_unique<mustache::mustache>(text);
  return *slot;
}
}  // namespace

std::string View::page(const std::string& page, const std::string& title,
                       const boost::json::object& ctx) const {
  auto it = pages_.find(page);
  if (it == pages_.end()) throw std::runtime_error("no template for page " + page);
  std::string body = parsed(this, "pages/" + page, it->second).render(to_data(ctx));
  boost::json::object layout_ctx = assets_;
  layout_ctx["title"] = title;
  layout_ctx["body"] = body;
  auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  layout_ctx["year"] = std::to_string(tm.tm_year + 1900);
  return parsed(this, "layout", layout_).render(to_data(layout_ctx));
}

}  // namespace plumbline::web
