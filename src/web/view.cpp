// Page rendering: templates/pages/<page>.mustache inside templates/layout.mustache.
#include "web/view.hpp"

#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "templating/mustache.hpp"

namespace plumbline::web {

namespace {

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p);
  if (!in) throw std::runtime_error("cannot read template " + p.string());
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void check(const std::string& text, const std::string& name) {
  auto err = templating::check(text);
  if (!err.empty()) throw std::runtime_error("template " + name + " is invalid: " + err);
}

}  // namespace

View::View(const std::string& dir, const http::StaticFiles& statics, bool test_mode) {
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
  asset("asset_icon_192", "img/icon-192.png");
  asset("asset_nojs_css", "css/nojs.css");
  assets_["test_mode"] = test_mode;
  assets_["platform_name"] = "Plumbline";  // until a page gives the business settings' name
}

std::string View::page(const std::string& page, const std::string& title,
                       const boost::json::object& ctx) const {
  auto it = pages_.find(page);
  if (it == pages_.end()) throw std::runtime_error("no template for page " + page);
  std::string body = templating::render("pages/" + page, it->second, ctx);
  boost::json::object layout_ctx = assets_;
  layout_ctx["title"] = title;
  for (const char* key :
       {"signed_in", "is_staff", "is_admin", "user_email", "csrf_token", "page_css", "page_js",
        "refresh_seconds", "platform_name", "support_email", "support_phone", "postal_address",
        "meta_description", "canonical_url", "json_ld",  // these three: issue 17's profiles
        "embedded"})  // issue 20: the request form framed on a partner's site
    if (auto it = ctx.find(key); it != ctx.end()) layout_ctx[key] = it->value();
  layout_ctx["body"] = body;
  auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  layout_ctx["year"] = std::to_string(tm.tm_year + 1900);
  return templating::render("layout", layout_, layout_ctx);
}

std::string View::fragment(const std::string& page, const boost::json::object& ctx) const {
  auto it = pages_.find(page);
  if (it == pages_.end()) throw std::runtime_error("no template for page " + page);
  return templating::render("pages/" + page, it->second, ctx);
}

}  // namespace plumbline::web
