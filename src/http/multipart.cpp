// multipart/form-data: boundary from the Content-Type, parts split on CRLF--boundary, each part's
// Content-Disposition name and filename; strict about the framing, lenient about header case.
#include "http/multipart.hpp"

#include <algorithm>
#include <cctype>

namespace plumbline::http {

namespace {

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view trim_ws(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The value of parameter `name` in "form-data; name=\"a\"; filename=\"b.jpg\"" (quoted or not).
std::optional<std::string> header_param(std::string_view header, std::string_view name) {
  std::size_t i = 0;
  while (i < header.size()) {
    auto semi = header.find(';', i);
    if (semi == std::string_view::npos) return std::nullopt;
    i = semi + 1;
    auto rest = trim_ws(header.substr(i));
    auto eq = rest.find('=');
    if (eq == std::string_view::npos) return std::nullopt;
    if (lower_ascii(trim_ws(rest.substr(0, eq))) != name) continue;
    auto value = rest.substr(eq + 1);
    if (!value.empty() && value.front() == '"') {
      std::string out;
      for (std::size_t k = 1; k < value.size(); ++k) {
        if (value[k] == '\\' && k + 1 < value.size()) {
          out += value[++k];
        } else if (value[k] == '"') {
          return out;
        } else {
          out += value[k];
        }
      }
      return std::nullopt;  // no closing quote
    }
    auto end = value.find(';');
    return std::string(trim_ws(value.substr(0, end)));
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> multipart_boundary(std::string_view content_type) {
  auto semi = content_type.find(';');
  if (lower_ascii(trim_ws(content_type.substr(0, semi))) != "multipart/form-data")
    return std::nullopt;
  auto b = header_param(content_type, "boundary");
  if (!b || b->empty() || b->size() > 70) return std::nullopt;  // RFC 2046: 1–70 characters
  return b;
}

std::optional<MultipartForm> parse_multipart(std::string_view body, std::string_view boundary,
                                             std::size_t max_parts) {
  const std::string delimiter = "--" + std::string(boundary);
  const std::string next = "\r\n" + delimiter;
  if (!body.starts_with(delimiter)) return std::nullopt;
  std::size_t pos = delimiter.size();
  MultipartForm form;
  std::size_t parts = 0;
  while (true) {
    if (body.substr(pos).starts_with("--")) return form;  // the closing delimiter
    if (!body.substr(pos).starts_with("\r\n")) return std::nullopt;
    pos += 2;
    if (++parts > max_parts) return std::nullopt;
    auto head_end = body.find("\r\n\r\n", pos);
    if (head_end == std::string_view::npos) return std::nullopt;
    auto head = body.substr(pos, head_end - pos);
    auto content_start = head_end + 4;
    auto content_end = body.find(next, content_start);
    if (content_end == std::string_view::npos) return std::nullopt;
    auto content = body.substr(content_start, content_end - content_start);
    pos = content_end + next.size();

    std::optional<std::string> name, filename;
    std::string type;
    bool disposition = false;
    std::size_t line_start = 0;
    while (line_start <= head.size()) {
      auto eol = head.find("\r\n", line_start);
      auto line = head.substr(
          line_start, eol == std::string_view::npos ? std::string_view::npos : eol - line_start);
      auto colon = line.find(':');
      if (colon != std::string_view::npos) {
        auto key = lower_ascii(trim_ws(line.substr(0, colon)));
        auto value = trim_ws(line.substr(colon + 1));
        if (key == "content-disposition") {
          if (lower_ascii(trim_ws(value.substr(0, value.find(';')))) != "form-data")
            return std::nullopt;
          disposition = true;
          name = header_param(value, "name");
          filename = header_param(value, "filename");
        } else if (key == "content-type") {
          type = std::string(value);
        }
      }
      if (eol == std::string_view::npos) break;
      line_start = eol + 2;
    }
    if (!disposition || !name) return std::nullopt;
    if (filename) {
      if (!filename->empty() || !content.empty())
        form.files.push_back({*name, *filename, type, content});
    } else {
      if (!valid_utf8(content)) return std::nullopt;
      form.fields.fields.emplace_back(*name, std::string(content));
    }
  }
}

}  // namespace plumbline::http
