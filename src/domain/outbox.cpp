// Outbox rules: retry schedule, failure classes, SMS keywords, delivery order, recipient limit.
#include "domain/outbox.hpp"

#include <algorithm>
#include <cctype>

namespace plumbline::domain {

void OutboxCounts::add(std::string_view status, std::int64_t n) {
  auto s = parse<MessageStatus>(status);
  if (!s) return;
  switch (*s) {
    case MessageStatus::pending:
      pending = n;
      break;
    case MessageStatus::sending:
      sending = n;
      break;
    case MessageStatus::sent:
      sent = n;
      break;
    case MessageStatus::dead:
      dead = n;
      break;
  }
}

Millis retry_delay_ms(int attempts, double jitter01) {
  const Millis base = 30'000, cap = 3'600'000;
  Millis d = base;
  for (int i = 1; i < attempts && d < cap; ++i) d *= 2;
  d = std::min(d, cap);
  double factor = 0.8 + 0.4 * std::clamp(jitter01, 0.0, 1.0);
  return static_cast<Millis>(static_cast<double>(d) * factor);
}

bool smtp_reply_is_permanent(long code) {
  // Authentication failures (530, 534, 535, 538) are the operator's configuration, not the
  // message's fault: retry them, so fixing PLUMBLINE_SMTP_URL lets the queue drain instead of
  // killing every message.
  if (code == 530 || code == 534 || code == 535 || code == 538) return false;
  return code >= 500 && code < 600;
}

bool twilio_status_is_permanent(long http_status) {
  return http_status >= 400 && http_status < 500 && http_status != 429;
}

SmsKeyword parse_sms_keyword(std::string_view body) {
  std::string word;
  for (char c : body) {
    if (std::isalpha(static_cast<unsigned char>(c)))
      word += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    else if (std::isspace(static_cast<unsigned char>(c)) ||
             std::ispunct(static_cast<unsigned char>(c))) {
      if (!word.empty() && std::isspace(static_cast<unsigned char>(c))) word += ' ';
    } else
      return SmsKeyword::none;
  }
  while (!word.empty() && word.back() == ' ') word.pop_back();
  for (const char* k : {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"})
    if (word == k) return SmsKeyword::opt_out;
  if (word == "START" || word == "UNSTOP") return SmsKeyword::opt_in;
  if (word == "HELP" || word == "INFO") return SmsKeyword::help;
  return SmsKeyword::none;
}

std::string recipient_limit_key(std::string_view channel, std::string_view recipient) {
  std::string r;
  for (char c : recipient)
    if (!std::isspace(static_cast<unsigned char>(c)))
      r += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto at = r.rfind('@');
  if (channel == channel_email && at != std::string::npos) {
    std::string local = r.substr(0, at), domain = r.substr(at + 1);
    if (auto plus = local.find('+'); plus != std::string::npos && plus > 0) local.resize(plus);
    if (domain == "googlemail.com") domain = "gmail.com";
    if (domain == "gmail.com") std::erase(local, '.');
    r = local + "@" + domain;
  }
  return std::string(channel) + ":" + r;
}

bool recipient_within_limit(std::int64_t already, int per_day) {
  return already < std::max(per_day, 1);
}

namespace {
int rank(std::string_view s) {
  if (s.empty()) return 0;
  if (s == "accepted" || s == "scheduled" || s == "queued") return 1;
  if (s == "sending") return 2;
  if (s == "sent") return 3;
  if (s == "delivered" || s == "undelivered" || s == "failed" || s == "read" || s == "canceled")
    return 4;
  return 1;
}
}  // namespace

bool delivery_status_may_replace(std::string_view current, std::string_view incoming) {
  int rc = rank(current), ri = rank(incoming);
  if (rc == 4) return false;
  return ri >= rc;
}

std::string retry_refusal(MessageStatus status) {
  switch (status) {
    case MessageStatus::sent:
      return "This message was sent already; it is not sent twice.";
    case MessageStatus::sending:
      return "This message is being sent right now.";
    case MessageStatus::pending:
    case MessageStatus::dead:
      break;
  }
  return {};
}

std::string cancel_refusal(MessageStatus status) {
  switch (status) {
    case MessageStatus::pending:
      return {};
    case MessageStatus::sending:
      return "This message is being sent right now.";
    case MessageStatus::sent:
      return "This message was sent already.";
    case MessageStatus::dead:
      break;
  }
  return "This message is not waiting to be sent.";
}

std::string outbox_message_id(std::int64_t message_id, Millis created_at,
                              std::string_view from_address) {
  std::string domain;
  if (auto at = from_address.rfind('@'); at != std::string_view::npos)
    for (char c : from_address.substr(at + 1))
      if (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-')
        domain += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (domain.empty()) domain = "plumbline.localhost";
  return "<outbox." + std::to_string(message_id) + "." + std::to_string(created_at) + "@" + domain +
         ">";
}

}  // namespace plumbline::domain
