// Reading a MIME message back into what its recipient sees: decoded headers, the text and HTML
// parts, and the links in them (the demo mailbox, /dev/mail). No I/O.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace plumbline::integrations {

struct ReadEmail {
  std::string date, from, to, subject;  // RFC 2047 words decoded
  std::string kind;                     // X-Plumbline-Kind, when present
  std::string text, html;               // the first text/plain and text/html parts, in UTF-8
  std::vector<std::string> links;       // http(s) links of both parts, first seen first, no repeats
};

// Parses an RFC 5322 message: folded headers, multipart (nested, up to 8 levels), quoted-printable
// and base64 bodies, UTF-8 / US-ASCII / ISO-8859-1 charsets. Never throws; what it cannot read is
// left out.
ReadEmail read_mime_message(std::string_view raw);

// RFC 2047 encoded words ("=?UTF-8?B?…?=", "=?UTF-8?Q?…?=") decoded; other text as it is.
std::string decode_header_words(std::string_view value);

// Quoted-printable (soft line breaks removed) and base64 (white space ignored) decoders.
std::string decode_quoted_printable(std::string_view body);
std::string decode_base64(std::string_view body);

}  // namespace plumbline::integrations
