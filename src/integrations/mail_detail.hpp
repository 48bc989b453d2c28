// Internals of the mailers, exposed for unit tests: MIME encodings, header hygiene, Message-IDs,
// SMTP URL parsing and the classification of an SMTP attempt.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/outbox.hpp"
#include "integrations/mailer.hpp"

namespace plumbline::integrations::detail {

// Standard base64 (RFC 4648 alphabet, with padding).
std::string base64(std::string_view data);

// Quoted-printable (RFC 2045 §6.7) of UTF-8 text: any line ending in the input becomes CRLF, output
// lines are at most 76 characters with "=" soft breaks, "=" and non-ASCII bytes are escaped, and a
// space or tab at the end of a line is escaped.
std::string quoted_printable(std::string_view text);

// Header value with CR, LF and other control characters (except tab) replaced by spaces, runs of
// white space collapsed, and surrounding white space trimmed: the value cannot start a new header.
std::string clean_header_value(std::string_view value);

// "Name: value" with the value cleaned, RFC 2047-encoded ("=?UTF-8?B?...?=") when it is not plain
// printable ASCII, and folded to lines of at most 78 characters where it has spaces. Ends in CRLF.
std::string unstructured_header(std::string_view name, std::string_view value);

struct Mailbox {
  std::string display_name;  // may be empty
  std::string address;       // bare addr-spec
};
// Parses "Display Name <addr@example.com>", "\"Quoted, Name\" <addr>" or a bare "addr@example.com".
Mailbox parse_mailbox(std::string_view text);
// A mailbox as a header value: the display name quoted or RFC 2047-encoded as needed.
std::string format_mailbox(const Mailbox& m);
// True for an address safe to put in MAIL FROM / RCPT TO: one '@', no white space, controls or <>.
bool valid_envelope_address(std::string_view address);

// "<base36 ms>.<random hex>@<domain of from>" in angle brackets.
std::string generate_message_id(std::string_view from, std::int64_t now_unix_ms);
// The Message-ID the message will carry: email.message_id in angle brackets without white space, or
// a generated one when it is empty.
std::string message_id_for(const Email& email, std::int64_t now_unix_ms);
// The id between "<" and "@", restricted to [A-Za-z0-9._-] for use in a file name.
std::string message_id_file_part(std::string_view message_id);

// RFC 5322 date-time in UTC, e.g. "Thu, 26 Nov 2026 09:05:00 +0000".
std::string rfc5322_date(std::int64_t unix_ms);

struct SmtpUrl {
  bool implicit_tls = false;       // smtps://
  std::string host;                // as in the URL (IPv6 in brackets)
  std::string port;                // may be empty (libcurl's default for the scheme)
  std::string username, password;  // percent-decoded
  std::string url;                 // the URL without credentials, for libcurl and logs
  bool loopback = false;           // localhost, 127.0.0.0/8 or [::1]
};
// Parses smtp://[user[:pass]@]host[:port][/ehlo-domain] and smtps://...; nullopt with *error set
// (never containing the password) when the URL is not usable.
std::optional<SmtpUrl> parse_smtp_url(std::string_view url, std::string* error);

struct SmtpAttempt {
  int curl_code = 0;         // CURLcode
  long reply_code = 0;       // CURLINFO_RESPONSE_CODE: the last SMTP reply code
  std::string curl_error;    // curl_easy_strerror and the error buffer
  std::string server_reply;  // the last reply line from the server, if captured
};
// Sent when curl_code is 0 (provider_id = message_id); a 5xx reply is a permanent failure; anything
// else (4xx, connection, timeout) is temporary. The password is removed from the error text.
domain::SendResult classify_smtp(const SmtpAttempt& attempt, std::string_view password,
                                 std::string_view message_id);

}  // namespace plumbline::integrations::detail
