// Outbox messages and their rules: backoff, failure classes, SMS keywords, the recipient limit.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/lead.hpp"
#include "domain/statuses.hpp"

namespace plumbline::domain {

inline constexpr const char* channel_email = "email";
inline constexpr const char* channel_sms = "sms";
inline constexpr const char* channel_webhook =
    "webhook";  // outbound webhooks (domain/webhooks.hpp)

// A message to send, written in the same transaction as the change that causes it.
struct OutboundMessage {
  std::string kind;     // what it is about, e.g. "lead_confirmation" (docs/messages.md lists them)
  std::string channel;  // "email" or "sms"
  std::string recipient;      // e-mail address or E.164 number
  std::string template_name;  // templates/email/<name>.* or templates/sms/<name>.txt.mustache
  std::string data_json;      // template data (no secrets)
  std::string
      sealed_json;  // template data that is secret (e.g. a tracking link), encrypted at rest
  std::string idempotency_key;  // unique: the same key is enqueued once
  std::string recipient_key;    // recipient_limit_key for messages under a daily limit, else empty
  std::optional<LeadId> lead_id;
  bool transactional = true;  // false adds List-Unsubscribe
  Millis event_at = 0;        // when the causing event happened (hand-off latency starts here)
  Millis due_at = 0;
  std::optional<Millis> expires_at;  // not sent after this
  int max_attempts = 8;
};

struct OutboxMessage : OutboundMessage {
  std::int64_t id = 0;
  MessageStatus status = MessageStatus::pending;
  int attempts = 0;
  std::string lease_owner;
  Millis lease_until = 0;
  std::string last_error;
  std::string provider_id;      // SMTP Message-ID or Twilio message SID
  std::string delivery_status;  // from provider callbacks (Twilio)
  std::optional<Millis> sent_at;
  Millis created_at = 0, updated_at = 0;
};

struct OutboxCounts {
  std::int64_t pending = 0, sending = 0, sent = 0, dead = 0;
  // Adds the count of one status; a word that names none is ignored.
  void add(std::string_view status, std::int64_t n);
};

enum class SendOutcome { sent, temporary_failure, permanent_failure };

struct SendResult {
  SendOutcome outcome = SendOutcome::temporary_failure;
  std::string provider_id;  // when sent
  std::string error;        // when failed: the provider's reply, safe to store
};

// Delay before attempt `attempts + 1`: 30 s doubling per attempt, capped at 1 h, with ±20 % jitter
// (jitter01 is a uniform random number in [0, 1)).
Millis retry_delay_ms(int attempts, double jitter01);

// SMTP: 5xx replies are permanent except authentication failures; 4xx and transport errors are
// temporary.
bool smtp_reply_is_permanent(long code);
// Twilio REST: 4xx other than 429 is permanent; 429, 5xx and transport errors are temporary.
bool twilio_status_is_permanent(long http_status);

enum class SmsKeyword { none, opt_out, opt_in, help };
// Recognises STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT (opt out), START, UNSTOP (opt in) and
// HELP, case-insensitive, as the whole message (surrounding white space and punctuation ignored).
SmsKeyword parse_sms_keyword(std::string_view body);

// The daily limit on homeowner confirmations (issue 12, point 9): anyone can type any address
// into the intake form, so each address and phone gets at most so many a day.
inline constexpr Millis recipient_limit_window_ms = 24LL * 3600 * 1000;

// The key a limited message's recipient is counted under, so that one mailbox is one count: an
// e-mail address trimmed and lower-cased with any "+tag" dropped from the local part (and, for
// gmail.com / googlemail.com, the dots too, which Gmail ignores); an SMS number as given (E.164).
// Prefixed with the channel ("email:", "sms:").
std::string recipient_limit_key(std::string_view channel, std::string_view recipient);

// True when one more message may go to a recipient that had `already` in the window; a limit
// below 1 is treated as 1.
bool recipient_within_limit(std::int64_t already, int per_day);

// Twilio delivery statuses only move forward; a final one (delivered, undelivered, failed) is kept.
bool delivery_status_may_replace(std::string_view current, std::string_view incoming);

// The console's message list (issue 15, point 7): every filter optional ("" / 0 = any), newest
// first, keyset paging by id (before_id = the last id of the previous page).
struct OutboxFilter {
  std::string status, channel, template_name;
  Millis from = 0, to = 0;  // created_at in [from, to)
  std::int64_t before_id = 0;
  int limit = 50;
};

// A listed message, with the plumber account its recipient is when it is one.
struct ListedMessage {
  OutboxMessage message;
  std::optional<UserId> plumber_id;
};

// Why staff may not retry / cancel a message in this status; empty when they may. Retry: a dead
// message goes back to pending, a pending one (waiting after a failure) is due now; a sent one or
// one being sent is refused. Cancel: pending only.
std::string retry_refusal(MessageStatus status);
std::string cancel_refusal(MessageStatus status);

// The Message-ID of an outbox e-mail: the same on every attempt and from every worker, so a message
// sent again after a worker died between the SMTP hand-off and recording it is recognisably one
// message (a receiver drops repeats of a Message-ID). `from_address` gives the domain.
std::string outbox_message_id(std::int64_t message_id, Millis created_at,
                              std::string_view from_address);

}  // namespace plumbline::domain
