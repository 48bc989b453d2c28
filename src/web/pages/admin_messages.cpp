// Console pages for the outbox (issue 15, point 7): the filtered message list, one message with
// its rendered content (the HTML part in a sandboxed frame), and staff's retry and cancel.
// Adapters only.
#include <boost/json.hpp>

#include "domain/account.hpp"
#include "http/errors.hpp"
#include "web/framed_mail.hpp"
#include "web/handlers.hpp"
#include "web/input.hpp"
#include "web/local_time.hpp"
#include "web/present/message_view.hpp"

namespace plumbline::web {

namespace {

namespace json = boost::json;

constexpr int messages_per_page = 50;

const char* message_status_label(domain::MessageStatus s) {
  switch (s) {
    case domain::MessageStatus::pending:
      return "Waiting";
    case domain::MessageStatus::sending:
      return "Sending";
    case domain::MessageStatus::sent:
      return "Sent";
    case domain::MessageStatus::dead:
      return "Failed";
  }
  return "";
}

// A message's fields as the pages show them, times in the staff's zone.
json::object message_row(const Services& a, const domain::ListedMessage& l) {
  const auto& m = l.message;
  const auto& zone = staff_zone(a);
  auto row = message_json(l);
  row["url"] = "/admin/messages/" + std::to_string(m.id);
  row["status_label"] = message_status_label(m.status);
  row["channel_label"] = m.channel == domain::channel_sms       ? "SMS"
                         : m.channel == domain::channel_webhook ? "Webhook"
                                                                : "E-mail";
  row["created_text"] = local_time(m.created_at, zone);
  row["next_attempt_text"] =
      m.status == domain::MessageStatus::pending ? local_time(m.due_at, zone) : "";
  row["sent_text"] = m.sent_at ? local_time(*m.sent_at, zone) : "";
  row["failed"] = !m.last_error.empty() && m.status != domain::MessageStatus::sent;
  if (m.lead_id) row["lead_url"] = "/admin/leads/" + std::to_string(m.lead_id->value);
  if (l.plumber_id) row["plumber_url"] = "/admin/plumbers/" + std::to_string(l.plumber_id->value);
  return row;
}

json::array message_options(std::initializer_list<std::pair<const char*, const char*>> items,
                            const std::string& current) {
  json::array out;
  for (const auto& [value, label] : items)
    out.push_back({{"value", value}, {"label", label}, {"selected", current == value}});
  return out;
}

std::string message_done_text(const std::string& done) {
  if (done == "retried") return "The message is queued to be sent again now.";
  if (done == "cancelled") return "The message was cancelled: it will not be sent.";
  return {};
}

// The detail page; `error` and `typed_reason` when an action was refused.
Response message_page(const Services& a, Request& req, int status,
                      const domain::Error* error = nullptr, const std::string& action = {},
                      const std::string& typed_reason = {}) {
  auto id = parse_id(req.param("id"));
  if (!id) return http::error_response(req, {domain::ErrorCode::not_found, "No such message."});
  auto d = a.messages->message(actor_of(req), *id);
  if (!d) return http::error_response(req, d.error());
  const auto& m = d->listed.message;
  auto row = message_row(a, d->listed);
  row["subject"] = d->rendered.subject;
  row["text"] = d->rendered.text;
  row["has_html"] = !d->rendered.html.empty();
  row["html_url"] = "/admin/messages/" + std::to_string(m.id) + "/html";
  row["render_error"] = d->render_error;
  row["is_email"] = m.channel == domain::channel_email;
  row["can_retry"] = domain::retry_refusal(m.status).empty();
  row["can_cancel"] = domain::cancel_refusal(m.status).empty();
  row["retry_url"] = "/admin/messages/" + std::to_string(m.id) + "/retry";
  row["cancel_url"] = "/admin/messages/" + std::to_string(m.id) + "/cancel";
  auto title = "Message #" + std::to_string(m.id);
  json::object ctx{{"message", std::move(row)},
                   {"title", title},
                   {"flash", message_done_text(query_of(req).get("done"))}};
  if (error) {
    ctx["error"] = error->message;
    ctx["error_action"] = action;
    ctx[action == "cancel" ? "cancel_reason" : "retry_reason"] = typed_reason;
  }
  return render(a, req, status, "admin_message", title, std::move(ctx));
}

Response message_action(const Services& a, Request& req, bool retry) {
  auto id = parse_id(req.param("id"));
  if (!id) return http::error_response(req, {domain::ErrorCode::not_found, "No such message."});
  auto reason = form_of(req).get("reason");
  auto actor = actor_of(req);
  auto r = retry ? a.messages->retry(actor, *id, reason) : a.messages->cancel(actor, *id, reason);
  if (r)
    return Response::redirect("/admin/messages/" + std::to_string(*id) +
                              (retry ? "?done=retried" : "?done=cancelled"));
  const auto& e = r.error();
  if (e.code == domain::ErrorCode::invalid_input || e.code == domain::ErrorCode::conflict)
    return message_page(a, req, e.code == domain::ErrorCode::conflict ? 409 : 422, &e,
                        retry ? "retry" : "cancel", reason);
  return http::error_response(req, e);
}

}  // namespace

Response show_admin_messages(const Services& a, Request& req) {
  auto q = query_of(req);
  auto filter = message_filter(q, staff_zone(a));
  if (!filter) return http::error_response(req, filter.error());
  filter->limit = messages_per_page;
  auto page = a.messages->list(actor_of(req), *filter);
  if (!page) return http::error_response(req, page.error());
  json::array rows;
  for (const auto& l : page->messages) rows.push_back(message_row(a, l));
  json::array templates{json::object{{"value", ""}, {"label", "Any"}, {"selected", false}}};
  for (const auto& t : a.messages->template_names())
    templates.push_back({{"value", t}, {"label", t}, {"selected", filter->template_name == t}});
  json::object next;
  if (page->next_before_id != 0)
    next = {{"before", page->next_before_id}, {"status", filter->status},
            {"channel", filter->channel},     {"template", filter->template_name},
            {"from", q.get("from")},          {"to", q.get("to")}};
  return render(
      a, req, 200, "admin_messages", "Messages",
      {{"messages", std::move(rows)},
       {"has_messages", !page->messages.empty()},
       {"statuses", message_options({{"", "Any"},
                                     {"pending", "Waiting"},
                                     {"sending", "Sending"},
                                     {"sent", "Sent"},
                                     {"dead", "Failed"}},
                                    filter->status)},
       {"channels",
        message_options({{"", "Any"}, {"email", "E-mail"}, {"sms", "SMS"}, {"webhook", "Webhook"}},
                        filter->channel)},
       {"templates", std::move(templates)},
       {"from", q.get("from")},
       {"to", q.get("to")},
       {"zone", zone_label(staff_zone(a), a.clock.now_ms())},
       {"masked", req.principal.role != domain::Role::admin},
       {"next", std::move(next)},
       {"has_next", page->next_before_id != 0},
       {"first_page", filter->before_id == 0}});
}

Response show_admin_message(const Services& a, Request& req) {
  return message_page(a, req, 200);
}

// The rendered HTML part alone, for the detail page's sandboxed frame.
Response show_admin_message_html(const Services& a, Request& req) {
  auto id = parse_id(req.param("id"));
  if (!id) return http::error_response(req, {domain::ErrorCode::not_found, "No such message."});
  auto d = a.messages->message(actor_of(req), *id);
  if (!d) return http::error_response(req, d.error());
  if (d->rendered.html.empty())
    return http::error_response(req,
                                {domain::ErrorCode::not_found, "This message has no HTML part."});
  return framed_mail_response(std::move(d->rendered.html));
}

Response submit_admin_retry_message(const Services& a, Request& req) {
  return message_action(a, req, true);
}

Response submit_admin_cancel_message(const Services& a, Request& req) {
  return message_action(a, req, false);
}

}  // namespace plumbline::web
