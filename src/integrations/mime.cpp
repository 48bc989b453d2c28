// RFC 5322 / MIME message text: headers safe against injection, RFC 2047 words, quoted-printable
// bodies in multipart/alternative (text first, HTML last).
#include <openssl/evp.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <stdexcept>
#include <vector>

#include "crypto/tokens.hpp"
#include "integrations/mail_detail.hpp"
#include "integrations/mailer.hpp"
#include "integrations/text.hpp"

namespace plumbline::integrations {

namespace detail {

namespace {

constexpr std::string_view crlf = "\r\n";
constexpr std::size_t max_header_line = 78;
constexpr std::size_t encoded_word_bytes = 36;  // 48 base64 chars: "=?UTF-8?B?" + 48 + "?=" = 60

bool is_plain_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u >= 0x20 && u < 0x7f;
  });
}

std::string trim(std::string_view s) {
  return std::string(trim_blanks(s));
}

// Splits UTF-8 text into pieces of at most `max` bytes without cutting a multi-byte character.
std::vector<std::string_view> utf8_chunks(std::string_view s, std::size_t max) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (start < s.size()) {
    std::size_t end = std::min(s.size(), start + max);
    if (end < s.size()) {
      std::size_t cut = end;
      while (cut > start && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
      if (cut > start) end = cut;  // else: invalid UTF-8, cut anywhere
    }
    out.push_back(s.substr(start, end - start));
    start = end;
  }
  return out;
}

std::string encoded_word(std::string_view bytes) {
  return "=?UTF-8?B?" + base64(bytes) + "?=";
}

bool needs_encoded_words(std::string_view v) {
  if (!is_plain_ascii(v) || v.find("=?") != std::string_view::npos) return true;
  // A word too long to fold would break the 998-character line limit.
  std::size_t run = 0;
  for (char c : v) {
    run = c == ' ' ? 0 : run + 1;
    if (run > 900) return true;
  }
  return false;
}

void append_hex_escape(std::string& out, unsigned char c) {
  static const char* hex = "0123456789ABCDEF";
  out += '=';
  out += hex[c >> 4];
  out += hex[c & 15];
}

// Encodes one line (without its line break) into out, adding soft breaks.
void qp_line(std::string_view line, std::string& out) {
  std::size_t col = 0;
  for (std::size_t k = 0; k < line.size(); ++k) {
    auto c = static_cast<unsigned char>(line[k]);
    const bool last = k + 1 == line.size();
    bool literal = (c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !last);
    std::size_t n = literal ? 1 : 3;
    // A line with a soft break holds at most 75 characters before the "="; the last piece of a
    // line may reach 76 because no "=" follows it.
    if (col + n > (last ? 76u : 75u)) {
      out += "=\r\n";
      col = 0;
    }
    if (c == '.' && col == 0)
      literal = false, n = 3;  // never a lone "." line, whatever the transport
    if (literal)
      out += static_cast<char>(c);
    else
      append_hex_escape(out, c);
    col += n;
  }
}

bool valid_header_name(std::string_view name) {
  if (name.empty() || name.size() > 76) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u >= 33 && u <= 126 && c != ':';
  });
}

bool reserved_header(std::string_view name) {
  auto n = ascii_lower(name);
  for (const char* r : {"date", "from", "to", "cc", "bcc", "reply-to", "subject", "message-id",
                        "mime-version", "content-type", "content-transfer-encoding", "sender"})
    if (n == r) return true;
  return false;
}

std::string base36(std::uint64_t v) {
  static const char* digits = "0123456789abcdefghijklmnopqrstuvwxyz";
  std::string out;
  do {
    out += digits[v % 36];
    v /= 36;
  } while (v);
  std::reverse(out.begin(), out.end());
  return out;
}

}  // namespace

std::string base64(std::string_view data) {
  std::string out(4 * ((data.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(data.data()),
                          static_cast<int>(data.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

std::string quoted_printable(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8 + 16);
  std::size_t i = 0;
  while (true) {
    std::size_t eol = text.find_first_of("\r\n", i);
    qp_line(text.substr(i, eol == std::string_view::npos ? std::string_view::npos : eol - i), out);
    if (eol == std::string_view::npos) break;
    out += crlf;
    i = eol + (text[eol] == '\r' && eol + 1 < text.size() && text[eol + 1] == '\n' ? 2 : 1);
    if (i >= text.size()) break;
  }
  return out;
}

std::string clean_header_value(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  bool space = false;
  for (char c : value) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f || c == ' ') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::string unstructured_header(std::string_view name, std::string_view value) {
  std::string v = clean_header_value(value);
  std::string out(name);
  out += ':';
  if (needs_encoded_words(v)) {
    bool first = true;
    for (auto chunk : utf8_chunks(v, encoded_word_bytes)) {
      out += first ? " " : "\r\n ";
      out += encoded_word(chunk);
      first = false;
    }
    if (first) out += ' ';
    out += crlf;
    return out;
  }
  if (v.empty()) {
    out += " \r\n";
    return out;
  }
  std::size_t line_len = out.size();
  bool has_word = false;
  std::size_t start = 0;
  while (start <= v.size()) {
    std::size_t sp = v.find(' ', start);
    std::string_view word =
        std::string_view(v).substr(start, sp == std::string::npos ? std::string::npos : sp - start);
    if (has_word && line_len + 1 + word.size() > max_header_line) {
      out += crlf;
      line_len = 0;
    }
    out += ' ';
    out += word;
    line_len += 1 + word.size();
    has_word = true;
    if (sp == std::string::npos) break;
    start = sp + 1;
  }
  out += crlf;
  return out;
}

Mailbox parse_mailbox(std::string_view text) {
  std::string s = clean_header_value(text);
  Mailbox m;
  auto lt = s.rfind('<');
  if (lt != std::string::npos && s.size() >= 2 && s.back() == '>' && lt + 1 < s.size()) {
    m.address = trim(std::string_view(s).substr(lt + 1, s.size() - lt - 2));
    std::string display = trim(std::string_view(s).substr(0, lt));
    if (display.size() >= 2 && display.front() == '"' && display.back() == '"') {
      std::string unq;
      for (std::size_t i = 1; i + 1 < display.size(); ++i) {
        if (display[i] == '\\' && i + 2 < display.size()) ++i;
        unq += display[i];
      }
      display = unq;
    }
    m.display_name = display;
  } else {
    m.address = trim(s);
  }
  return m;
}

std::string format_mailbox(const Mailbox& m) {
  std::string name = clean_header_value(m.display_name);
  std::string addr = clean_header_value(m.address);
  if (name.empty()) return addr;
  std::string out;
  if (!is_plain_ascii(name) || name.find("=?") != std::string::npos) {
    for (auto chunk : utf8_chunks(name, encoded_word_bytes)) {
      if (!out.empty()) out += ' ';
      out += encoded_word(chunk);
    }
  } else if (name.find_first_of("()<>[]:;@\\,.\"") != std::string::npos) {
    out += '"';
    for (char c : name) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  } else {
    out = name;
  }
  return out + " <" + addr + ">";
}

bool valid_envelope_address(std::string_view a) {
  if (a.empty() || a.size() > 254) return false;
  auto at = a.find('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == a.size() ||
      a.find('@', at + 1) != std::string_view::npos)
    return false;
  for (char c : a) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f) return false;
    if (std::string_view("<>\"\\,;:()").find(c) != std::string_view::npos) return false;
  }
  return true;
}

std::string generate_message_id(std::string_view from, std::int64_t now_unix_ms) {
  auto addr = parse_mailbox(from).address;
  std::string domain;
  if (auto at = addr.rfind('@'); at != std::string::npos)
    for (char c : addr.substr(at + 1))
      if (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-')
        domain += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  while (!domain.empty() && domain.front() == '.') domain.erase(domain.begin());
  while (!domain.empty() && domain.back() == '.') domain.pop_back();
  if (domain.empty()) domain = "plumbline.localhost";
  std::string id(1, '<');
  id += base36(static_cast<std::uint64_t>(std::max<std::int64_t>(0, now_unix_ms)));
  id += '.';
  id += crypto::random_hex(12);
  id += '@';
  id += domain;
  id += '>';
  return id;
}

std::string message_id_for(const Email& email, std::int64_t now_unix_ms) {
  std::string id;
  for (char c : clean_header_value(email.message_id))
    if (c != ' ') id += c;
  if (!id.empty() && id.front() == '<') id.erase(id.begin());
  if (!id.empty() && id.back() == '>') id.pop_back();
  if (id.empty()) return generate_message_id(email.from, now_unix_ms);
  return "<" + id + ">";
}

std::string message_id_file_part(std::string_view id) {
  if (!id.empty() && id.front() == '<') id.remove_prefix(1);
  if (auto at = id.find('@'); at != std::string_view::npos) id = id.substr(0, at);
  if (!id.empty() && id.back() == '>') id.remove_suffix(1);
  std::string out;
  for (char c : id) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-') out += c;
    if (out.size() >= 64) break;
  }
  return out.empty() ? "message" : out;
}

std::string rfc5322_date(std::int64_t unix_ms) {
  static const char* days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::int64_t secs = unix_ms / 1000 - (unix_ms % 1000 < 0 ? 1 : 0);
  std::time_t t = static_cast<std::time_t>(secs);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday % 7],
                tm.tm_mday, months[tm.tm_mon % 12], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                tm.tm_sec);
  return buf;
}

}  // namespace detail

std::string build_mime_message(const Email& email, std::int64_t date_unix_ms) {
  using namespace detail;
  std::string out;
  out.reserve(1024 + email.text.size() * 11 / 10 + email.html.size() * 11 / 10);
  out += "Date: " + rfc5322_date(date_unix_ms) + "\r\n";
  out += "From: " + format_mailbox(parse_mailbox(email.from)) + "\r\n";
  out += "To: " + clean_header_value(email.to) + "\r\n";  // a bare address
  if (auto reply = parse_mailbox(email.reply_to); !reply.address.empty())
    out += "Reply-To: " + format_mailbox(reply) + "\r\n";
  out += unstructured_header("Subject", email.subject);

  out += "Message-ID: " + message_id_for(email, date_unix_ms) + "\r\n";
  out += "MIME-Version: 1.0\r\n";

  for (const auto& [name, value] : email.extra_headers) {
    if (!valid_header_name(name) || reserved_header(name))
      throw std::invalid_argument("invalid extra e-mail header name: " + clean_header_value(name));
    out += unstructured_header(name, value);
  }

  const std::string_view part_headers =
      "; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n";
  if (email.html.empty()) {
    out += "Content-Type: text/plain";
    out += part_headers;
    out += quoted_printable(email.text);
    if (out.size() < 2 || out.compare(out.size() - 2, 2, "\r\n") != 0) out += "\r\n";
    return out;
  }
  // "=_" cannot occur in quoted-printable text, so the boundary cannot collide with the content.
  const std::string boundary = "=_plumbline_" + crypto::random_hex(12);
  out += "Content-Type: multipart/alternative;\r\n boundary=\"" + boundary + "\"\r\n\r\n";
  out += "This is a multi-part message in MIME format.\r\n";
  out += "--" + boundary + "\r\nContent-Type: text/plain";
  out += part_headers;
  out += quoted_printable(email.text);
  out += "\r\n--" + boundary + "\r\nContent-Type: text/html";
  out += part_headers;
  out += quoted_printable(email.html);
  out += "\r\n--" + boundary + "--\r\n";
  return out;
}

}  // namespace plumbline::integrations
