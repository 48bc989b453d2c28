// JSON twins of the console's messages (issue 15, point 7): the filtered list, one message with
// its rendered content, retry and cancel (each with a reason). Adapters only.
#include <boost/json.hpp>

#include "http/errors.hpp"
#include "web/api/api_io.hpp"
#include "web/handlers.hpp"
#include "web/input.hpp"
#include "web/local_time.hpp"
#include "web/present/message_view.hpp"

namespace plumbline::web {

namespace {

namespace json = boost::json;

Response api_message_not_found(const Request& req) {
  return http::error_response(req, {domain::ErrorCode::not_found, "No such message."});
}

Response api_message_action(const Services& a, Request& req, bool retry) {
  auto id = parse_id(req.param("id"));
  if (!id) return api_message_not_found(req);
  auto o = json_body(req);
  if (!o) return http::error_response(req, o.error());
  JsonFields in{*o};
  auto reason = in.str("reason");
  if (!in.errors.empty()) return http::error_response(req, type_errors(in.errors));
  auto actor = actor_of(req);
  auto r = retry ? a.messages->retry(actor, *id, reason) : a.messages->cancel(actor, *id, reason);
  if (!r) return http::error_response(req, r.error());
  // The answer shows the recipient as the caller may see it.
  auto d = a.messages->message(actor, *id);
  if (!d) return http::error_response(req, d.error());
  return api_io::ok_json(200, message_json(d->listed));
}

}  // namespace

Response api_admin_messages(const Services& a, Request& req) {
  auto q = query_of(req);
  auto filter = message_filter(q, staff_zone(a));
  if (!filter) return http::error_response(req, filter.error());
  if (auto limit = q.get("limit"); !limit.empty()) {
    auto n = parse_int(limit, 1, 200);
    if (!n)
      return http::error_response(req, {domain::ErrorCode::invalid_input,
                                        "Some filters are wrong.",
                                        {{"limit", "must be a whole number from 1 to 200"}}});
    filter->limit = *n;
  }
  auto page = a.messages->list(actor_of(req), *filter);
  if (!page) return http::error_response(req, page.error());
  json::array data;
  for (const auto& l : page->messages) data.push_back(message_json(l));
  json::object body{{"messages", std::move(data)}};
  body["next_before"] = page->next_before_id ? json::value(page->next_before_id) : nullptr;
  return api_io::ok_json(200, body);
}

Response api_admin_message(const Services& a, Request& req) {
  auto id = parse_id(req.param("id"));
  if (!id) return api_message_not_found(req);
  auto d = a.messages->message(actor_of(req), *id);
  if (!d) return http::error_response(req, d.error());
  auto body = message_json(d->listed);
  body["rendered"] = json::object{{"subject", d->rendered.subject},
                                  {"text", d->rendered.text},
                                  {"html", d->rendered.html},
                                  {"error", d->render_error}};
  return api_io::ok_json(200, body);
}

Response api_admin_retry_message(const Services& a, Request& req) {
  return api_message_action(a, req, true);
}

Response api_admin_cancel_message(const Services& a, Request& req) {
  return api_message_action(a, req, false);
}

}  // namespace plumbline::web
