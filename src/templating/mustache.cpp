// kainjow mustache behind a JSON-in, string-out function; empty strings and null are falsy.
#include "templating/mustache.hpp"

#include <boost/json.hpp>
#include <kainjow/mustache.hpp>
#include <map>
#include <memory>
#include <stdexcept>

namespace plumbline::templating {

namespace mustache = kainjow::mustache;

namespace {

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

// kainjow's render is not const, and parsing on every call is wasted work: one parse per thread.
mustache::mustache& parsed(const std::string& name, const std::string& text) {
  thread_local std::map<std::string, std::pair<std::string, std::unique_ptr<mustache::mustache>>>
      cache;
  auto& slot = cache[name];
  if (!slot.second || slot.first != text) {
    slot.first = text;
    slot.second = std::make_unique<mustache::mustache>(text);
    if (!slot.second->is_valid())
      throw std::runtime_error("template " + name + " is invalid: " + slot.second->error_message());
  }
  return *slot.second;
}

}  // namespace

std::string render(const std::string& name, const std::string& text,
                   const boost::json::value& data) {
  auto& t = parsed(name, text);
  std::string out = t.render(to_data(data));
  if (!t.error_message().empty())
    throw std::runtime_error("template " + name + ": " + t.error_message());
  return out;
}

std::string check(const std::string& text) {
  mustache::mustache t{text};
  return t.is_valid() ? std::string{} : t.error_message();
}

}  // namespace plumbline::templating
