// JSON API for staff: one request (lead) with everything known about it, an internal note and a
// resent confirmation (staff); close as fraud or spam and reopen (admins). Adapters only.
#include <boost/json.hpp>

#include "domain/account.hpp"
#include "http/errors.hpp"
#include "web/api/api_io.hpp"
#include "web/handlers.hpp"
#include "web/input.hpp"
#include "web/present/lead_detail_view.hpp"
#include "web/present/plumber_view.hpp"

namespace plumbline::web {

namespace {

namespace json = boost::json;

// The JSON body's string members `names` (absent = ""), or the error to answer.
domain::Result<std::vector<std::string>> lead_body_strings(
    const Request& req, std::initializer_list<const char*> names) {
  auto o = json_body(req);
  if (!o) return o.error();
  JsonFields in{*o};
  std::vector<std::string> out;
  for (const char* n : names) out.push_back(in.str(n));
  if (!in.errors.empty()) return type_errors(in.errors);
  return out;
}

// The lead as staff see it: the contact in full for admins, masked for support.
Response lead_answer(const Services& a, const Request& req, domain::LeadId id) {
  auto d = a.lead_admin->detail(id);
  if (!d) return http::error_response(req, d.error());
  return api_io::ok_json(200, lead_detail_json(*d, a.leads->catalog(), iso_time,
                                               req.principal.role == domain::Role::admin));
}

// Answers 200 with the lead as it is after the action, or the action's error.
template <typename T>
Response after_action(const Services& a, const Request& req, domain::LeadId id,
                      const domain::Result<T>& r) {
  if (!r) return http::error_response(req, r.error());
  return lead_answer(a, req, id);
}

}  // namespace

Response api_admin_lead(const Services& a, Request& req) {
  auto id = path_id<domain::LeadId>(req);
  if (!id) return api_io::no_such_lead(req);
  return lead_answer(a, req, *id);
}

Response api_admin_lead_note(const Services& a, Request& req) {
  auto id = path_id<domain::LeadId>(req);
  if (!id) return api_io::no_such_lead(req);
  auto in = lead_body_strings(req, {"body"});
  if (!in) return http::error_response(req, in.error());
  auto note = a.lead_admin->add_note(actor_of(req), *id, (*in)[0]);
  if (!note) return http::error_response(req, note.error());
  return api_io::ok_json(201, json::object{{"id", note->id},
                                           {"lead_id", note->lead_id.value},
                                           {"author_email", note->author_email},
                                           {"body", note->body},
                                           {"created_at", iso_time(note->created_at)}});
}

Response api_admin_lead_resend(const Services& a, Request& req) {
  auto id = path_id<domain::LeadId>(req);
  if (!id) return api_io::no_such_lead(req);
  auto in = lead_body_strings(req, {"reason"});
  if (!in) return http::error_response(req, in.error());
  return after_action(a, req, *id, a.lead_admin->resend_confirmation(actor_of(req), *id, (*in)[0]));
}

Response api_admin_lead_close(const Services& a, Request& req) {
  auto id = path_id<domain::LeadId>(req);
  if (!id) return api_io::no_such_lead(req);
  auto in = lead_body_strings(req, {"close_as", "reason"});
  if (!in) return http::error_response(req, in.error());
  return after_action(a, req, *id,
                      a.lead_admin->close_lead(actor_of(req), *id, (*in)[0], (*in)[1]));
}

Response api_admin_lead_reopen(const Services& a, Request& req) {
  auto id = path_id<domain::LeadId>(req);
  if (!id) return api_io::no_such_lead(req);
  auto in = lead_body_strings(req, {"reason"});
  if (!in) return http::error_response(req, in.error());
  return after_action(a, req, *id, a.lead_admin->reopen_lead(actor_of(req), *id, (*in)[0]));
}

}  // namespace plumbline::web
