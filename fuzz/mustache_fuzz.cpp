// Fuzz target: Mustache rendering (templating/mustache) of every template in templates/ with user
// data, of admin-edited template text, and of arbitrary JSON data. Oracle: user data changes no
// markup of an HTML template (as many '<', '>' and '"' as with harmless data), unless a key is
// deliberately unescaped ({{{…}}} or {{&…}}).
#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "fuzz_input.hpp"
#include "templating/mustache.hpp"

namespace {

using namespace plumbline;
namespace json = boost::json;

struct Template {
  std::string name, text;
  bool html = false;
  std::set<std::string> escaped, raw;   // the keys it reads, escaped or not
  std::array<std::size_t, 3> markup{};  // '<', '>', '"' in its output with harmless data
};

std::array<std::size_t, 3> markup_of(const std::string& out) {
  return {static_cast<std::size_t>(std::count(out.begin(), out.end(), '<')),
          static_cast<std::size_t>(std::count(out.begin(), out.end(), '>')),
          static_cast<std::size_t>(std::count(out.begin(), out.end(), '"'))};
}

json::object data_for(const Template& t, const std::string& value) {
  json::object o;
  for (const auto& k : t.escaped) o[k] = value;
  for (const auto& k : t.raw) o[k] = "x";  // unescaped by design: never user data
  return o;
}

std::vector<Template> load() {
  std::vector<Template> out;
  const std::regex tag(R"(\{\{\s*([#^/&]?)\s*([A-Za-z0-9_]+)\s*\}\})");
  const std::regex triple(R"(\{\{\{\s*([A-Za-z0-9_]+)\s*\}\}\})");
  for (const auto& e : std::filesystem::recursive_directory_iterator(PLUMBLINE_TEMPLATES_DIR)) {
    if (e.path().extension() != ".mustache") continue;
    std::ifstream in(e.path());
    std::stringstream ss;
    ss << in.rdbuf();
    Template t;
    t.name = e.path().string();
    t.text = ss.str();
    auto file = e.path().filename().string();
    t.html = !file.ends_with(".txt.mustache") && !file.ends_with(".subject.mustache");
    for (std::sregex_iterator m(t.text.begin(), t.text.end(), triple), end; m != end; ++m)
      t.raw.insert((*m)[1]);
    for (std::sregex_iterator m(t.text.begin(), t.text.end(), tag), end; m != end; ++m)
      ((*m)[1] == "&" ? t.raw : t.escaped).insert((*m)[2]);
    for (const auto& k : t.raw) t.escaped.erase(k);
    t.markup = markup_of(templating::render(t.name, t.text, data_for(t, "x")));
    out.push_back(std::move(t));
  }
  std::sort(out.begin(), out.end(), [](auto& a, auto& b) { return a.name < b.name; });
  return out;
}

const std::vector<Template>& templates() {
  static const auto all = load();
  return all;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  FUZZ_CHECK(!templates().empty());
  return 0;
}

// Input: a mode byte, a template choice byte, then the user data, the template text or the JSON.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const auto& all = templates();
  const auto& t = all[data[1] % all.size()];
  std::string rest(fuzz::text(data + 2, size - 2));
  switch (data[0] % 3) {
    case 0: {  // user data in a real template: non-empty so that sections render as with "x"
      auto out = templating::render(t.name, t.text, data_for(t, "a" + rest));
      if (t.html) FUZZ_CHECK(markup_of(out) == t.markup);
      break;
    }
    case 1: {  // template text as an admin may type it (message templates are editable)
      bool valid = templating::check(rest).empty();
      try {
        (void)templating::render("fuzz", rest, data_for(t, "x"));
        FUZZ_CHECK(valid);
      } catch (const std::runtime_error&) {
        FUZZ_CHECK(!valid);
      }
      break;
    }
    default: {  // any JSON as data (nesting, numbers, lists, empty strings)
      boost::system::error_code ec;
      auto v = json::parse(rest, ec);
      if (!ec) (void)templating::render(t.name, t.text, v);
    }
  }
  return 0;
}
