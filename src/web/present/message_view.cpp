// The console's message filter and message JSON.
#include "web/present/message_view.hpp"

#include <boost/json.hpp>
#include <charconv>

#include "web/input.hpp"

namespace plumbline::web {

namespace {

// "2026-12-05" → the instant the day starts in `zone`; nullopt for anything else.
std::optional<domain::Millis> message_day_start(const std::string& s, const geo::TimeZone& zone,
                                                int add_days = 0) {
  return geo::local_midnight_ms(s, zone, add_days);
}

}  // namespace

domain::Result<domain::OutboxFilter> message_filter(const http::FormData& q,
                                                    const geo::TimeZone& zone) {
  domain::OutboxFilter f;
  std::vector<domain::FieldError> errs;
  f.status = q.get("status");
  if (!f.status.empty() && f.status != "pending" && f.status != "sending" && f.status != "sent" &&
      f.status != "dead")
    errs.push_back({"status", "must be pending, sending, sent or dead"});
  f.channel = q.get("channel");
  if (!f.channel.empty() && f.channel != domain::channel_email &&
      f.channel != domain::channel_sms && f.channel != domain::channel_webhook)
    errs.push_back({"channel", "must be email, sms or webhook"});
  f.template_name = q.get("template");
  if (f.template_name.size() > 100) errs.push_back({"template", "is too long"});
  if (auto from = q.get("from"); !from.empty()) {
    if (auto t = message_day_start(from, zone))
      f.from = *t;
    else
      errs.push_back({"from", "must be a date (YYYY-MM-DD)"});
  }
  if (auto to = q.get("to"); !to.empty()) {
    if (auto t = message_day_start(to, zone, 1))
      f.to = *t;
    else
      errs.push_back({"to", "must be a date (YYYY-MM-DD)"});
  }
  if (auto before = q.get("before"); !before.empty()) {
    if (auto id = parse_id(before))
      f.before_id = *id;
    else
      errs.push_back({"before", "must be a message id"});
  }
  if (!errs.empty())
    return domain::Error{domain::ErrorCode::invalid_input, "Some filters are wrong.", errs, {}, 0};
  return f;
}

boost::json::object message_json(const domain::ListedMessage& l) {
  const auto& m = l.message;
  boost::json::object o{{"id", m.id},
                        {"channel", m.channel},
                        {"template", m.template_name},
                        {"kind", m.kind},
                        {"recipient", m.recipient},
                        {"status", domain::to_string(m.status)},
                        {"attempts", m.attempts},
                        {"max_attempts", m.max_attempts},
                        {"last_error", m.last_error},
                        {"provider_id", m.provider_id},
                        {"delivery_status", m.delivery_status},
                        {"created_at", m.created_at},
                        {"updated_at", m.updated_at}};
  o["next_attempt_at"] = m.status == domain::MessageStatus::pending ? boost::json::value(m.due_at)
                                                                    : boost::json::value(nullptr);
  o["sent_at"] = m.sent_at ? boost::json::value(*m.sent_at) : boost::json::value(nullptr);
  o["lead_id"] = m.lead_id ? boost::json::value(m.lead_id->value) : boost::json::value(nullptr);
  o["plumber_id"] =
      l.plumber_id ? boost::json::value(l.plumber_id->value) : boost::json::value(nullptr);
  return o;
}

}  // namespace plumbline::web
