// Page rendering: Mustache templates from templates/, page inside layout, asset URLs and common
// data.
#pragma once
#include <boost/json/object.hpp>
#include <map>
#include <string>

#include "http/static_files.hpp"

namespace plumbline::web {

class View {
 public:
  // Loads and checks every template under dir (pages/*.mustache and layout.mustache); throws on a
  // bad one. test_mode: every page carries the TEST MODE banner (test payments are on).
  View(const std::string& templates_dir, const http::StaticFiles& statics, bool test_mode = false);
  // Renders templates/pages/<page>.mustache with ctx, then the layout around it.
  std::string page(const std::string& page, const std::string& title,
                   const boost::json::object& ctx) const;
  // Renders templates/pages/<page>.mustache alone: a fragment for htmx or for another page.
  std::string fragment(const std::string& page, const boost::json::object& ctx) const;
  bool has_page(const std::string& page) const { return pages_.count(page) > 0; }

 private:
  std::string layout_;
  std::map<std::string, std::string> pages_;
  boost::json::object assets_;  // asset URLs and test_mode: what every layout gets
};

}  // namespace plumbline::web
