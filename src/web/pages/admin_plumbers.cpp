// Staff console, plumbers: the searchable list (filters, sorts, keyset pages), its CSV export
// (admins: contact data), and the actions this console adds on the detail page — reactivate, edit
// profile and area, send a password-reset link, end all sessions. Adapters only.
#include <boost/json.hpp>

#include "crypto/tokens.hpp"
#include "domain/contact.hpp"
#include "domain/marketplace_rules.hpp"
#include "http/errors.hpp"
#include "http/forms.hpp"
#include "services/plumber_console.hpp"
#include "web/handlers.hpp"
#include "web/input.hpp"
#include "web/present/plumber_console_view.hpp"
#include "web/present/plumber_view.hpp"

namespace plumbline::web {

namespace {

namespace json = boost::json;

// <option>s for a select: the empty "Any" first, then each value with its label.
json::array console_options(const std::vector<std::pair<std::string, std::string>>& items,
                            const std::string& selected) {
  json::array out;
  out.push_back({{"value", ""}, {"label", "Any"}, {"selected", selected.empty()}});
  for (const auto& [value, label] : items)
    out.push_back({{"value", value}, {"label", label}, {"selected", selected == value}});
  return out;
}

json::object console_filter_context(const Services& a, const http::FormData& q) {
  std::vector<std::pair<std::string, std::string>> states, plans, services, sorts;
  for (auto s : {domain::PlumberStatus::pending, domain::PlumberStatus::approved,
                 domain::PlumberStatus::rejected, domain::PlumberStatus::suspended})
    states.emplace_back(domain::to_string(s), status_label(s));
  states.emplace_back(domain::plumber_state_closed, "Closed");
  for (auto p : {domain::PlanStatus::none, domain::PlanStatus::active, domain::PlanStatus::trialing,
                 domain::PlanStatus::past_due, domain::PlanStatus::canceled})
    plans.emplace_back(domain::to_string(p), plan_label(p));
  for (const auto& s : a.leads->catalog().services) services.emplace_back(s.slug, s.label);
  json::array sort_options;
  auto sort = q.get("sort").empty() ? std::string(domain::plumber_sort_newest) : q.get("sort");
  for (auto [value, label] : {std::pair{domain::plumber_sort_newest, "Newest first"},
                              {domain::plumber_sort_name, "Name"},
                              {domain::plumber_sort_balance, "Balance"},
                              {domain::plumber_sort_last_active, "Last active"}})
    sort_options.push_back({{"value", value}, {"label", label}, {"selected", sort == value}});
  auto status = q.get("status") == "active" ? domain::to_string(domain::PlumberStatus::approved)
                                            : q.get("status");
  json::object values;
  for (const char* k : {"q", "zip", "miles", "joined_from", "joined_to", "active_from", "active_to",
                        "balance_min", "balance_max"})
    values[k] = q.get(k);
  return {{"statuses", console_options(states, status)},
          {"plans", console_options(plans, q.get("plan"))},
          {"services", console_options(services, q.get("service"))},
          {"sorts", std::move(sort_options)},
          {"values", std::move(values)}};
}

Response console_list_page(const Services& a, const Request& req) {
  auto q = query_of(req);
  auto request = plumber_search_request(a, q);
  auto page = request ? a.plumber_console->search(*request)
                      : domain::Result<services::PlumberSearchPage>(request.error());
  json::array rows;
  std::string error;
  if (page)
    for (const auto& r : page->rows) rows.push_back(plumber_list_row(a, r));
  else if (page.error().code == domain::ErrorCode::invalid_input)
    error = page.error().message;  // shown above the filters; the list stays empty
  else
    return http::error_response(req, page.error());
  auto filters = plumber_search_query(q);
  bool has_filters = !filters.empty();
  std::string next_url;
  if (page && !page->next.empty())
    next_url = "/admin/plumbers?" + filters + (has_filters ? "&" : "") +
               "after=" + crypto::percent_encode(page->next);
  return render(a, req, error.empty() ? 200 : 422, "admin_plumbers", "Plumbers",
                {{"search", true},
                 {"filters", console_filter_context(a, q)},
                 {"plumbers", std::move(rows)},
                 {"has_plumbers", page && !page->rows.empty()},
                 {"search_error", error},
                 {"paged", !q.get("after").empty()},
                 {"first_url", "/admin/plumbers" + (has_filters ? "?" + filters : "")},
                 {"next_url", next_url},
                 {"csv_url", "/admin/plumbers.csv" + (has_filters ? "?" + filters : "")},
                 {"is_admin", req.principal.role == domain::Role::admin}});
}

// Runs one console action: success → 303 to the detail page with ?done=; a refusal → the page
// with the error at the form (422 for input, 409 for a state that does not allow it).
template <typename Action>
Response console_action(const Services& a, Request& req, const std::string& form,
                        const std::string& done, json::object values, Action action) {
  auto id = path_id<domain::UserId>(req);
  if (!id) return http::error_response(req, {domain::ErrorCode::not_found, "No such plumber."});
  auto err = action(*id);
  if (!err)
    return Response::redirect("/admin/plumbers/" + domain::to_string(*id) + "?done=" + done);
  if (err->code == domain::ErrorCode::invalid_input || err->code == domain::ErrorCode::conflict)
    return admin_plumber_form_error(a, req, *id, form, *err, std::move(values));
  return http::error_response(req, *err);
}

template <typename T>
std::optional<domain::Error> console_error_of(const domain::Result<T>& r) {
  if (r) return std::nullopt;
  return r.error();
}

std::string plumber_csv_line(const domain::PlumberRow& r) {
  std::vector<std::string> f{std::to_string(r.id),
                             r.business_name,
                             r.contact_name,
                             r.email,
                             r.phone_e164,
                             domain::plumber_row_state(r),
                             domain::to_string(r.plan_status),
                             r.base_zip.empty()
                                 ? std::string()
                                 : r.base_zip + " +" + std::to_string(r.radius_miles) + " mi",
                             std::to_string(r.balance),
                             iso_time(r.created_at),
                             r.last_active_at > 0 ? iso_time(r.last_active_at) : ""};
  std::string out;
  for (std::size_t i = 0; i < f.size(); ++i) out += (i ? "," : "") + csv_field(f[i]);
  return out + "\r\n";
}

}  // namespace

Response show_admin_plumbers(const Services& a, Request& req) {
  // The queue of profile changes to check keeps its own page (pages/admin.cpp).
  if (query_of(req).get("changes") == "pending") return show_admin_profile_changes(a, req);
  return console_list_page(a, req);
}

// The filtered set as CSV, read from the store 1,000 rows per transaction (keyset pages) and
// streamed page by page: never the whole set in memory. The first page is read before the answer
// starts, so a bad filter or an outage still answers with its status.
Response export_admin_plumbers_csv(const Services& a, Request& req) {
  auto request = plumber_search_request(a, query_of(req));
  if (!request) return http::error_response(req, request.error());
  request->limit = 1000;
  request->after.clear();
  auto first = a.plumber_console->search(*request);
  if (!first) return http::error_response(req, first.error());
  struct PlumberExport {
    services::PlumberConsoleService* console;
    services::PlumberSearchRequest request;
    services::PlumberSearchPage next;  // read, not written yet
    bool header_written = false;
  };
  auto state = std::make_shared<PlumberExport>(
      PlumberExport{a.plumber_console, *request, std::move(*first)});
  auto res = Response::streamed("text/csv; charset=utf-8", [state](std::string& piece) {
    if (!state->header_written) {
      piece =
          "id,business_name,contact_name,email,phone,status,plan_status,service_area,balance,"
          "signed_up_utc,last_active_utc\r\n";
      state->header_written = true;
    }
    auto page = std::move(state->next);
    state->next = {};
    for (const auto& r : page.rows) piece += plumber_csv_line(r);
    if (page.next.empty()) return false;
    state->request.after = page.next;
    auto more = state->console->search(state->request);
    // A failure half-way cannot change the status any more: the body is left unfinished.
    if (!more) throw domain::Failure(more.error());
    state->next = std::move(*more);
    return true;
  });
  res.set_header("Content-Disposition", "attachment; filename=\"plumbline-plumbers.csv\"");
  res.set_header("Cache-Control", "no-store");
  return res;
}

Response submit_admin_reactivate_plumber(const Services& a, Request& req) {
  auto reason = form_of(req).get("reason");
  return console_action(
      a, req, "reactivate", "reactivated", json::object{{"reactivate_reason", reason}},
      [&](domain::UserId id) {
        return console_error_of(a.plumber_console->reactivate(actor_of(req), id, reason));
      });
}

Response submit_admin_edit_plumber(const Services& a, Request& req) {
  auto f = form_of(req);
  services::PlumberEdit e;
  e.business_name = f.get("business_name");
  e.contact_name = f.get("contact_name");
  e.phone_e164 = f.get("phone");
  e.base_zip = f.get("base_zip");
  for (const auto& [k, v] : f.fields)
    if (k == "services") e.services.push_back(v);
  auto radius =
      parse_int(f.get("radius_miles"), domain::radius_min_miles, domain::radius_max_miles);
  auto reason = f.get("reason");
  json::object values{{"edit_business_name", e.business_name},
                      {"edit_contact_name", e.contact_name},
                      {"edit_phone", e.phone_e164},
                      {"edit_base_zip", e.base_zip},
                      {"edit_radius_miles", f.get("radius_miles")},
                      {"edit_reason", reason}};
  json::array typed_services;  // put back on the form when it is refused
  for (const auto& slug : e.services) typed_services.push_back(json::string(slug));
  values["edit_services"] = std::move(typed_services);
  return console_action(
      a, req, "edit", "edited", std::move(values),
      [&](domain::UserId id) -> std::optional<domain::Error> {
        if (!radius) {
          auto err = domain::Error::make(domain::ErrorCode::invalid_input,
                                         "Give a radius from 1 to 100 miles.");
          err.details.push_back({"radius_miles", err.message});
          return err;
        }
        e.radius_miles = *radius;
        return console_error_of(a.plumber_console->edit(actor_of(req), id, e, reason));
      });
}

Response submit_admin_plumber_password_reset(const Services& a, Request& req) {
  auto reason = form_of(req).get("reason");
  return console_action(
      a, req, "password_reset", "password_reset", json::object{{"password_reset_reason", reason}},
      [&](domain::UserId id) {
        return console_error_of(a.plumber_console->send_password_reset(actor_of(req), id, reason));
      });
}

Response submit_admin_end_plumber_sessions(const Services& a, Request& req) {
  auto reason = form_of(req).get("reason");
  return console_action(
      a, req, "end_sessions", "sessions_ended", json::object{{"end_sessions_reason", reason}},
      [&](domain::UserId id) {
        return console_error_of(a.plumber_console->end_sessions(actor_of(req), id, reason));
      });
}

}  // namespace plumbline::web
