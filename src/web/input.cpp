// Request input: form and query decoding, JSON bodies and typed field readers, numbers and ids.
#include "web/input.hpp"

#include <boost/json.hpp>
#include <charconv>

namespace plumbline::web {

namespace json = boost::json;

domain::Actor actor_of(const http::Request& req) {
  return {req.principal.user_id, req.principal.email, req.principal.role, req.remote_ip};
}

http::FormData form_of(const http::Request& req) {
  if (auto boundary = http::multipart_boundary(req.header_or("content-type", "")))
    return http::parse_multipart(req.body, *boundary).value_or(http::MultipartForm{}).fields;
  return http::parse_urlencoded(req.body).value_or(http::FormData{});
}

std::optional<std::vector<http::FilePart>> files_of(const http::Request& req,
                                                    std::string_view field) {
  auto boundary = http::multipart_boundary(req.header_or("content-type", ""));
  if (!boundary) return std::vector<http::FilePart>{};  // a form without files sends none
  auto form = http::parse_multipart(req.body, *boundary);
  if (!form) return std::nullopt;
  std::vector<http::FilePart> out;
  for (auto& f : form->files)
    if (f.field == field) out.push_back(std::move(f));
  return out;
}

http::FormData query_of(const http::Request& req) {
  return http::parse_urlencoded(req.query).value_or(http::FormData{});
}

domain::Result<json::object> json_body(const http::Request& req, std::string_view media_hint) {
  using domain::ErrorCode;
  if (!req.has_media_type("application/json"))
    return domain::Error{ErrorCode::unsupported_media_type, std::string(media_hint)};
  boost::system::error_code ec;
  auto v = json::parse(req.body, ec);
  if (ec || !v.is_object())
    return domain::Error{ErrorCode::bad_request, "The body is not a JSON object."};
  return std::move(v.get_object());
}

std::optional<int> parse_int(const std::string& s, int lo, int hi) {
  long long v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc{} || p != s.data() + s.size() || v < lo || v > hi)
    return std::nullopt;
  return static_cast<int>(v);
}

std::optional<std::int64_t> parse_int64(const std::string& s) {
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc{} || p != s.data() + s.size()) return std::nullopt;
  return v;
}

std::optional<std::int64_t> parse_id(const std::string& s) {
  auto v = parse_int64(s);
  if (!v || *v <= 0) return std::nullopt;
  return v;
}

std::optional<std::int64_t> parse_dollars(const std::string& raw) {
  std::string s;
  for (char c : raw)
    if (c != ',' && c != '$' && c != ' ') s += c;
  if (s.empty()) return 0;
  auto dot = s.find('.');
  std::string whole = s.substr(0, dot), frac = dot == std::string::npos ? "" : s.substr(dot + 1);
  if (whole.empty() && frac.empty()) return std::nullopt;
  if (frac.size() > 2) return std::nullopt;
  for (char c : whole + frac)
    if (c < '0' || c > '9') return std::nullopt;
  if (whole.size() > 10) return std::nullopt;
  while (frac.size() < 2) frac += '0';
  return (whole.empty() ? 0 : std::stoll(whole)) * 100 + std::stoll(frac);
}

const json::value* JsonFields::member(std::string_view key) const {
  auto it = object.find(key);
  if (it == object.end() || it->value().is_null()) return nullptr;
  return &it->value();
}

void JsonFields::wrong(std::string_view key, const char* message) {
  errors.push_back({prefix + std::string(key), message});
}

std::string JsonFields::str(std::string_view key) {
  std::string out;
  read(key, out);
  return out;
}

void JsonFields::read(std::string_view key, std::string& out) {
  auto* v = member(key);
  if (!v) return;
  if (v->is_string())
    out = std::string(v->get_string());
  else
    wrong(key, "must be a string");
}

void JsonFields::read(std::string_view key, int& out) {
  auto* v = member(key);
  if (!v) return;
  if (v->is_int64() && std::abs(v->get_int64()) < 1000000000)
    out = static_cast<int>(v->get_int64());
  else if (v->is_uint64() && v->get_uint64() < 1000000000)
    out = static_cast<int>(v->get_uint64());
  else
    wrong(key, "must be a whole number");
}

void JsonFields::read(std::string_view key, bool& out) {
  auto* v = member(key);
  if (!v) return;
  if (v->is_bool())
    out = v->get_bool();
  else
    wrong(key, "must be true or false");
}

void JsonFields::read(std::string_view key, std::vector<std::string>& out) {
  auto* v = member(key);
  if (!v) return;
  if (!v->is_array()) return wrong(key, "must be a list of strings");
  std::vector<std::string> items;
  for (const auto& item : v->get_array()) {
    if (!item.is_string()) return wrong(key, "must be a list of strings");
    items.emplace_back(item.get_string());
  }
  out = std::move(items);
}

std::int64_t JsonFields::integer(std::string_view key) {
  auto it = object.find(key);
  if (it == object.end()) {
    wrong(key, "is required");
    return 0;
  }
  if (auto* i = it->value().if_int64()) return *i;
  wrong(key, it->value().is_uint64() ? "is too large" : "must be a whole number");
  return 0;
}

bool JsonFields::boolean(std::string_view key, bool fallback) {
  bool out = fallback;
  read(key, out);
  return out;
}

domain::Error type_errors(std::vector<domain::FieldError> errors) {
  return domain::Error{domain::ErrorCode::invalid_input, "Some fields have the wrong type.",
                       std::move(errors)};
}

}  // namespace plumbline::web
