// E-mail delivery: the Mailer interface, an SMTP implementation (libcurl) and a .eml file writer.
#pragma once
#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "domain/outbox.hpp"

namespace plumbline::integrations {

struct Email {
  std::string from;        // "Plumbline <no-reply@example.com>"
  std::string to;          // bare address
  std::string reply_to;    // optional
  std::string subject;     // UTF-8; encoded as RFC 2047 when not ASCII
  std::string text;        // text/plain part (first)
  std::string html;        // text/html part (last = preferred); optional
  std::string message_id;  // "<id@domain>"; generated when empty
  std::vector<std::pair<std::string, std::string>> extra_headers;  // e.g. List-Unsubscribe
};

class Mailer {
 public:
  virtual ~Mailer() = default;
  // Hands the message to the server (or writes it); never throws for delivery failures.
  virtual domain::SendResult send(const Email& email) = 0;
  virtual std::string describe() const = 0;  // for logs, without secrets
};

// Builds the RFC 5322 message: CRLF lines, Date, Message-ID, MIME-Version, multipart/alternative
// with quoted-printable UTF-8 text and HTML parts.
std::string build_mime_message(const Email& email, std::int64_t date_unix_ms);

// smtp://[user:pass@]host[:port] uses STARTTLS when offered; smtps:// uses implicit TLS.
std::unique_ptr<Mailer> make_smtp_mailer(const std::string& smtp_url, std::chrono::seconds timeout);

// Ends every SMTP and Twilio transfer in progress and refuses new ones (at shutdown): they fail as
// temporary failures, so their messages are sent again later. Irreversible for the process.
void abort_transfers();

// Writes each message to <dir>/<unix-ms>-<message-id-local-part>.eml (the demo default).
std::unique_ptr<Mailer> make_file_mailer(const std::string& dir);

}  // namespace plumbline::integrations
