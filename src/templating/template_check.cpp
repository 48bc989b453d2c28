// Template checks: kainjow's parser finds broken Mustache (its message ends "at <offset>"); a tag
// walk with a stack of sample contexts finds unknown variables, as Mustache would resolve them.
#include "templating/template_check.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <kainjow/mustache.hpp>

namespace plumbline::templating {

namespace {

// UTF-8 bytes after the first of a character are 10xxxxxx.
bool continuation_byte(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

std::string_view trim_tag(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// kainjow: "Unclosed section \"x\" at 12" → 12.
std::size_t offset_in_parser_message(const std::string& message) {
  auto at = message.rfind(" at ");
  if (at == std::string::npos) return 0;
  try {
    return static_cast<std::size_t>(std::stoull(message.substr(at + 4)));
  } catch (...) {
    return 0;
  }
}

std::string without_offset(const std::string& message) {
  auto at = message.rfind(" at ");
  return at == std::string::npos ? message : message.substr(0, at);
}

// Resolves a dotted name the way Mustache does: the first part in the innermost context that has
// it, the rest inside that value. Null when the sample does not provide it.
const boost::json::value* resolve_name(const std::vector<const boost::json::value*>& contexts,
                                       std::string_view name) {
  if (name == ".") return contexts.back();
  std::vector<std::string_view> parts;
  for (std::size_t i = 0; i <= name.size();) {
    auto dot = name.find('.', i);
    if (dot == std::string_view::npos) dot = name.size();
    parts.push_back(name.substr(i, dot - i));
    i = dot + 1;
  }
  for (auto it = contexts.rbegin(); it != contexts.rend(); ++it) {
    if (!*it || !(*it)->is_object()) continue;
    const auto* v = (*it)->get_object().if_contains(parts[0]);
    if (!v) continue;
    for (std::size_t p = 1; p < parts.size(); ++p) {
      if (!v->is_object()) return nullptr;
      v = v->get_object().if_contains(parts[p]);
      if (!v) return nullptr;
    }
    return v;
  }
  return nullptr;
}

// The context a section opens: a list's first item, an object itself, else the same context.
const boost::json::value* section_context(const boost::json::value* v,
                                          const boost::json::value* current) {
  if (v->is_array()) return v->get_array().empty() ? current : &v->get_array()[0];
  if (v->is_object()) return v;
  return current;
}

void unknown_names(std::string_view text, const boost::json::object& sample,
                   std::vector<TemplateProblem>& out) {
  boost::json::value root = sample;
  std::vector<const boost::json::value*> contexts{&root};
  std::string open = "{{", close = "}}";
  std::size_t pos = 0;
  while ((pos = text.find(open, pos)) != std::string_view::npos) {
    std::size_t start = pos, inner = pos + open.size();
    std::string_view end_mark = close;
    if (open == "{{" && inner < text.size() && text[inner] == '{') {
      ++inner;
      end_mark = "}}}";
    }
    auto end = text.find(end_mark, inner);
    if (end == std::string_view::npos) return;  // the parser reported it already
    auto tag = trim_tag(text.substr(inner, end - inner));
    pos = end + end_mark.size();
    char kind = tag.empty() ? ' ' : tag.front();
    if (end_mark == "}}}") kind = '&';
    if (kind == '!') continue;
    if (kind == '=') {  // {{=<% %>=}}: new delimiters
      auto body = trim_tag(tag.substr(1, tag.size() >= 2 ? tag.size() - 2 : 0));
      auto space = body.find(' ');
      if (space != std::string_view::npos) {
        open = std::string(body.substr(0, space));
        close = std::string(trim_tag(body.substr(space + 1)));
      }
      continue;
    }
    std::string_view name = tag;
    if (kind == '#' || kind == '^' || kind == '/' || kind == '>' ||
        (kind == '&' && end_mark != "}}}"))
      name = trim_tag(tag.substr(1));
    if (kind == '/') {
      if (contexts.size() > 1) contexts.pop_back();
      continue;
    }
    if (kind == '>') {
      out.push_back(
          position_of(text, start, "Partials are not available: {{>" + std::string(name) + "}}"));
      continue;
    }
    const auto* v = resolve_name(contexts, name);
    if (!v)
      out.push_back(position_of(
          text, start,
          "Unknown variable \"" + std::string(name) + "\": this message does not provide it"));
    if (kind == '#')
      contexts.push_back(v ? section_context(v, contexts.back()) : contexts.back());
    else if (kind == '^')
      contexts.push_back(contexts.back());
  }
}

void collect_names(const boost::json::object& o, const std::string& prefix,
                   std::vector<std::string>& out) {
  for (const auto& [k, v] : o) {
    std::string name = prefix + std::string(k);
    if (v.is_array() && !v.get_array().empty() && v.get_array()[0].is_object()) {
      out.push_back(name);
      collect_names(v.get_array()[0].get_object(), name + "[].", out);
    } else if (v.is_object()) {
      collect_names(v.get_object(), name + ".", out);
    } else {
      out.push_back(name);
    }
  }
}

// GSM 03.38: the basic set (one character each) and the extension set (two each).
constexpr std::u32string_view gsm7_basic =
    U"@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    U"¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
constexpr std::u32string_view gsm7_extension = U"^{}\\[~]|€\f";

std::u32string decode_utf8(std::string_view s) {
  std::u32string out;
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    int extra = c < 0x80 ? 0 : c < 0xE0 ? 1 : c < 0xF0 ? 2 : 3;
    char32_t cp = extra == 0 ? c : extra == 1 ? (c & 0x1F) : extra == 2 ? (c & 0x0F) : (c & 0x07);
    for (int k = 1; k <= extra && i + k < s.size(); ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    out.push_back(cp);
    i += 1 + extra;
  }
  return out;
}

}  // namespace

TemplateProblem position_of(std::string_view text, std::size_t offset, std::string message) {
  TemplateProblem p;
  p.message = std::move(message);
  offset = std::min(offset, text.size());
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++p.line;
      p.column = 1;
    } else if (!continuation_byte(text[i])) {
      ++p.column;
    }
  }
  return p;
}

std::vector<TemplateProblem> check_template(std::string_view text,
                                            const boost::json::object& sample) {
  kainjow::mustache::mustache parsed{std::string(text)};
  if (!parsed.is_valid()) {
    auto message = parsed.error_message();
    return {position_of(text, offset_in_parser_message(message), without_offset(message))};
  }
  std::vector<TemplateProblem> out;
  unknown_names(text, sample, out);
  return out;
}

std::vector<TemplateProblem> check_one_line(std::string_view text) {
  auto end = text.find_last_not_of("\r\n ");
  auto body = end == std::string_view::npos ? std::string_view{} : text.substr(0, end + 1);
  auto nl = body.find_first_of("\r\n");
  if (nl == std::string_view::npos) return {};
  return {position_of(text, nl, "A subject is one line: remove this line break")};
}

SmsLength sms_length(std::string_view body) {
  auto chars = decode_utf8(body);
  SmsLength out;
  for (char32_t c : chars) {
    if (gsm7_basic.find(c) != std::u32string_view::npos)
      out.characters += 1;
    else if (gsm7_extension.find(c) != std::u32string_view::npos)
      out.characters += 2;
    else
      out.gsm7 = false;
  }
  if (!out.gsm7) out.characters = static_cast<int>(chars.size());
  int single = out.gsm7 ? 160 : 70, part = out.gsm7 ? 153 : 67;
  out.segments = out.characters == 0        ? 0
                 : out.characters <= single ? 1
                                            : (out.characters + part - 1) / part;
  return out;
}

std::vector<std::string> variable_names(const boost::json::object& sample) {
  std::vector<std::string> out;
  collect_names(sample, "", out);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace plumbline::templating
