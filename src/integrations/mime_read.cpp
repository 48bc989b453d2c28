// Reading MIME messages back: headers, nested multipart, quoted-printable, base64, charsets, links.
#include "integrations/mime_read.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include "integrations/text.hpp"

namespace plumbline::integrations {

namespace {

constexpr int max_multipart_depth = 8;

int hex_digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

int base64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+' || c == '-') return 62;  // "-" and "_": the URL-safe alphabet, seen in the wild
  if (c == '/' || c == '_') return 63;
  return -1;
}

// ISO-8859-1 bytes as UTF-8 (windows-1252 is read the same way: close enough for a preview).
std::string latin1_to_utf8(std::string_view s) {
  std::string out;
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (c < 0x80) {
      out += ch;
    } else {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return out;
}

std::string to_utf8(std::string bytes, const std::string& charset) {
  auto cs = ascii_lower(charset);
  if (cs == "iso-8859-1" || cs == "latin1" || cs == "iso_8859-1" || cs == "windows-1252")
    return latin1_to_utf8(bytes);
  return bytes;  // UTF-8, US-ASCII, or unknown: shown as it is
}

struct MimeHeaders {
  std::map<std::string, std::string> fields;  // lower-cased name → first value, unfolded
  std::string get(const std::string& name) const {
    auto it = fields.find(name);
    return it == fields.end() ? std::string() : it->second;
  }
};

// Splits at the first empty line (CRLF or LF endings): headers and body.
std::pair<std::string_view, std::string_view> split_head_body(std::string_view raw) {
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] != '\n') continue;
    std::size_t next = i + 1;
    if (next < raw.size() && raw[next] == '\r') ++next;
    if (next < raw.size() && raw[next] == '\n') return {raw.substr(0, i + 1), raw.substr(next + 1)};
    if (next >= raw.size()) return {raw, {}};
  }
  return {raw, {}};
}

MimeHeaders parse_mime_headers(std::string_view head) {
  MimeHeaders h;
  std::string name, value;
  auto flush = [&] {
    if (!name.empty() && !h.fields.count(name)) h.fields[name] = std::string(trim_blanks(value));
    name.clear();
    value.clear();
  };
  std::size_t pos = 0;
  while (pos < head.size()) {
    auto eol = head.find('\n', pos);
    auto line =
        head.substr(pos, eol == std::string_view::npos ? std::string_view::npos : eol - pos);
    pos = eol == std::string_view::npos ? head.size() : eol + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    if (line.front() == ' ' || line.front() == '\t') {  // a folded continuation
      if (!name.empty()) value += " " + std::string(trim_blanks(line));
      continue;
    }
    flush();
    auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    name = ascii_lower(trim_blanks(line.substr(0, colon)));
    value = std::string(line.substr(colon + 1));
  }
  flush();
  return h;
}

struct MimeContentType {
  std::string type = "text/plain";  // lower-cased
  std::map<std::string, std::string> params;
};

MimeContentType parse_mime_content_type(std::string_view v) {
  MimeContentType ct;
  auto semi = v.find(';');
  auto type = ascii_lower(trim_blanks(v.substr(0, semi)));
  if (!type.empty()) ct.type = type;
  while (semi != std::string_view::npos) {
    auto rest = v.substr(semi + 1);
    auto eq = rest.find('=');
    if (eq == std::string_view::npos) break;
    auto key = ascii_lower(trim_blanks(rest.substr(0, eq)));
    std::string value;
    std::size_t i = eq + 1;
    while (i < rest.size() && (rest[i] == ' ' || rest[i] == '\t')) ++i;
    if (i < rest.size() && rest[i] == '"') {
      for (++i; i < rest.size() && rest[i] != '"'; ++i) {
        if (rest[i] == '\\' && i + 1 < rest.size()) ++i;
        value += rest[i];
      }
      auto next = rest.find(';', i);
      semi = next == std::string_view::npos ? next : semi + 1 + next;
    } else {
      auto next = rest.find(';', i);
      value = std::string(
          trim_blanks(rest.substr(i, next == std::string_view::npos ? next : next - i)));
      semi = next == std::string_view::npos ? next : semi + 1 + next;
    }
    ct.params[key] = value;
  }
  return ct;
}

std::string decode_part_body(std::string_view body, const std::string& encoding) {
  auto enc = ascii_lower(trim_blanks(encoding));
  if (enc == "quoted-printable") return decode_quoted_printable(body);
  if (enc == "base64") return decode_base64(body);
  return std::string(body);
}

// The parts between "--boundary" lines, up to "--boundary--".
std::vector<std::string_view> split_multipart(std::string_view body, const std::string& boundary) {
  std::vector<std::string_view> parts;
  const std::string delimiter = "--" + boundary;
  std::size_t pos = 0, part_start = std::string_view::npos;
  while (pos <= body.size()) {
    auto eol = body.find('\n', pos);
    auto line =
        body.substr(pos, eol == std::string_view::npos ? std::string_view::npos : eol - pos);
    auto content = line;
    if (!content.empty() && content.back() == '\r') content.remove_suffix(1);
    content = trim_blanks(content);
    bool is_close = content == delimiter + "--";
    if (content == delimiter || is_close) {
      if (part_start != std::string_view::npos) {
        // The line break before the delimiter belongs to the delimiter (RFC 2046 §5.1.1).
        auto end = pos;
        if (end > part_start && body[end - 1] == '\n') --end;
        if (end > part_start && body[end - 1] == '\r') --end;
        parts.push_back(body.substr(part_start, end - part_start));
      }
      if (is_close) return parts;
      part_start = eol == std::string_view::npos ? body.size() : eol + 1;
    }
    if (eol == std::string_view::npos) break;
    pos = eol + 1;
  }
  // No closing delimiter (a truncated message): the last part runs to the end.
  if (part_start != std::string_view::npos && part_start < body.size())
    parts.push_back(body.substr(part_start));
  return parts;
}

void read_mime_entity(std::string_view raw, ReadEmail& out, int depth) {
  auto [head, body] = split_head_body(raw);
  auto headers = parse_mime_headers(head);
  auto ct = parse_mime_content_type(headers.get("content-type"));
  if (ct.type.rfind("multipart/", 0) == 0) {
    auto boundary = ct.params["boundary"];
    if (boundary.empty() || depth >= max_multipart_depth) return;
    for (auto part : split_multipart(body, boundary)) read_mime_entity(part, out, depth + 1);
    return;
  }
  if (ascii_lower(headers.get("content-disposition")).rfind("attachment", 0) == 0) return;
  if (ct.type != "text/plain" && ct.type != "text/html") return;
  auto& slot = ct.type == "text/html" ? out.html : out.text;
  if (!slot.empty()) return;
  slot = to_utf8(decode_part_body(body, headers.get("content-transfer-encoding")),
                 ct.params["charset"]);
}

bool link_end(char c) {
  return std::isspace(static_cast<unsigned char>(c)) || c == '<' || c == '>' || c == '"' ||
         c == '\'' || c == '`';
}

void add_link(std::vector<std::string>& links, std::string url) {
  while (!url.empty() && std::string_view(".,;:!?)]").find(url.back()) != std::string_view::npos)
    url.pop_back();
  auto lower = ascii_lower(url);
  bool http = lower.rfind("http://", 0) == 0 || lower.rfind("https://", 0) == 0;
  if (!http || url.size() <= 8) return;
  if (std::find(links.begin(), links.end(), url) == links.end()) links.push_back(url);
}

// Bare http(s) URLs in running text.
void collect_text_links(std::string_view text, std::vector<std::string>& links) {
  std::size_t pos = 0;
  while (true) {
    auto a = text.find("http://", pos), b = text.find("https://", pos);
    auto at = std::min(a, b);
    if (at == std::string_view::npos) return;
    auto end = at;
    while (end < text.size() && !link_end(text[end])) ++end;
    add_link(links, std::string(text.substr(at, end - at)));
    pos = end;
  }
}

// The character references a template engine writes in an attribute.
std::string unescape_attribute(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&') {
      out += s[i];
      continue;
    }
    auto semi = s.find(';', i);
    if (semi == std::string_view::npos || semi - i > 8) {
      out += s[i];
      continue;
    }
    auto ref = s.substr(i + 1, semi - i - 1);
    if (ref == "amp")
      out += '&';
    else if (ref == "lt")
      out += '<';
    else if (ref == "gt")
      out += '>';
    else if (ref == "quot")
      out += '"';
    else if (ref == "#39" || ref == "#x27" || ref == "apos")
      out += '\'';
    else if (ref == "#61" || ref == "#x3D")
      out += '=';
    else if (ref == "#x2F" || ref == "#47")
      out += '/';
    else {
      out += s[i];
      continue;
    }
    i = semi;
  }
  return out;
}

// href="…" / href='…' / href=… values in HTML.
void collect_html_links(std::string_view html, std::vector<std::string>& links) {
  auto lower = ascii_lower(html);
  std::size_t pos = 0;
  while ((pos = lower.find("href", pos)) != std::string::npos) {
    std::size_t i = pos + 4;
    pos = i;
    while (i < html.size() && std::isspace(static_cast<unsigned char>(html[i]))) ++i;
    if (i >= html.size() || html[i] != '=') continue;
    ++i;
    while (i < html.size() && std::isspace(static_cast<unsigned char>(html[i]))) ++i;
    if (i >= html.size()) break;
    std::size_t end;
    if (html[i] == '"' || html[i] == '\'') {
      char q = html[i++];
      end = html.find(q, i);
      if (end == std::string_view::npos) break;
    } else {
      end = i;
      while (end < html.size() && !link_end(html[end])) ++end;
    }
    add_link(links, std::string(trim_blanks(unescape_attribute(html.substr(i, end - i)))));
    pos = end;
  }
}

}  // namespace

std::string decode_quoted_printable(std::string_view body) {
  std::string out;
  out.reserve(body.size());
  for (std::size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if (c != '=') {
      out += c;
      continue;
    }
    // A soft line break: "=" then optional blanks and the line end.
    std::size_t j = i + 1;
    while (j < body.size() && (body[j] == ' ' || body[j] == '\t')) ++j;
    if (j < body.size() && (body[j] == '\r' || body[j] == '\n')) {
      if (body[j] == '\r' && j + 1 < body.size() && body[j + 1] == '\n') ++j;
      i = j;
      continue;
    }
    if (j >= body.size()) break;  // "=" at the very end: a soft break without a line end
    if (i + 2 < body.size() && hex_digit_value(body[i + 1]) >= 0 &&
        hex_digit_value(body[i + 2]) >= 0) {
      out += static_cast<char>(hex_digit_value(body[i + 1]) * 16 + hex_digit_value(body[i + 2]));
      i += 2;
    } else {
      out += c;  // not an escape: kept as it is (RFC 2045 §6.7 note 1)
    }
  }
  return out;
}

std::string decode_base64(std::string_view body) {
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (char c : body) {
    if (c == '=') break;
    int v = base64_value(c);
    if (v < 0) continue;  // line breaks and other white space
    buffer = (buffer << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  return out;
}

std::string decode_header_words(std::string_view value) {
  std::string out;
  std::size_t pos = 0;
  bool last_was_word = false;
  while (pos < value.size()) {
    auto start = value.find("=?", pos);
    if (start == std::string_view::npos) {
      out += value.substr(pos);
      break;
    }
    // =?charset?B|Q?text?=
    auto q1 = value.find('?', start + 2);
    auto q2 = q1 == std::string_view::npos ? q1 : value.find('?', q1 + 1);
    auto close = q2 == std::string_view::npos ? q2 : value.find("?=", q2 + 1);
    if (close == std::string_view::npos || q2 != q1 + 2) {
      out += value.substr(pos, start + 2 - pos);
      pos = start + 2;
      last_was_word = false;
      continue;
    }
    auto between = value.substr(pos, start - pos);
    // White space between two encoded words is not part of the text (RFC 2047 §6.2).
    if (!(last_was_word && trim_blanks(between).empty())) out += between;
    auto charset = std::string(value.substr(start + 2, q1 - start - 2));
    if (auto star = charset.find('*'); star != std::string::npos) charset.resize(star);  // RFC 2231
    char encoding = static_cast<char>(std::toupper(static_cast<unsigned char>(value[q1 + 1])));
    auto text = value.substr(q2 + 1, close - q2 - 1);
    std::string bytes;
    if (encoding == 'B') {
      bytes = decode_base64(text);
    } else if (encoding == 'Q') {
      std::string underscores(text);
      std::replace(underscores.begin(), underscores.end(), '_', ' ');
      bytes = decode_quoted_printable(underscores);
    } else {
      bytes = std::string(value.substr(start, close + 2 - start));
    }
    out += to_utf8(std::move(bytes), charset);
    pos = close + 2;
    last_was_word = true;
  }
  return out;
}

ReadEmail read_mime_message(std::string_view raw) {
  ReadEmail out;
  auto headers = parse_mime_headers(split_head_body(raw).first);
  out.date = headers.get("date");
  out.from = decode_header_words(headers.get("from"));
  out.to = decode_header_words(headers.get("to"));
  out.subject = decode_header_words(headers.get("subject"));
  out.kind = headers.get("x-plumbline-kind");
  read_mime_entity(raw, out, 0);
  collect_text_links(out.text, out.links);
  collect_html_links(out.html, out.links);
  return out;
}

}  // namespace plumbline::integrations
