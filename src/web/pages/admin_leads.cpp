// Staff pages: the request (lead) list with search, filters and keyset pages, and its CSV export
// streamed page by page. Adapters only.
#include <boost/json.hpp>
#include <memory>

#include "domain/account.hpp"
#include "domain/lead_query.hpp"
#include "domain/lead_rules.hpp"
#include "domain/statuses.hpp"
#include "http/errors.hpp"
#include "services/lead_console.hpp"
#include "web/handlers.hpp"
#include "web/input.hpp"
#include "web/local_time.hpp"
#include "web/present/form_errors.hpp"
#include "web/present/lead_list_view.hpp"

namespace plumbline::web {

namespace {

namespace json = boost::json;

constexpr int leads_per_page = 50;
constexpr int csv_rows_per_read = 1000;

// Staff see homeowners' contacts in full only as admins; support staff see them masked.
bool full_contact_for(const Request& req) {
  return req.principal.role == domain::Role::admin;
}

json::array lead_options(const std::vector<std::pair<std::string, std::string>>& values,
                         const std::string& selected, const char* any_label) {
  json::array out;
  out.push_back({{"value", ""}, {"label", any_label}, {"selected", selected.empty()}});
  for (const auto& [value, label] : values)
    out.push_back({{"value", value}, {"label", label}, {"selected", value == selected}});
  return out;
}

json::object lead_filters_context(const domain::LeadQueryInput& in,
                                  const domain::Catalog& catalog) {
  std::vector<std::pair<std::string, std::string>> statuses, services, urgencies, sources;
  for (const char* s : domain::StatusNames<domain::LeadStatus>::names)
    statuses.emplace_back(s, domain::status_label(*domain::parse<domain::LeadStatus>(s)));
  for (const auto& s : catalog.services) services.emplace_back(s.slug, s.label);
  for (const auto& u : catalog.urgencies) urgencies.emplace_back(u.slug, u.label);
  for (const auto& s : domain::lead_sources()) sources.emplace_back(s, s);
  std::vector<std::pair<std::string, std::string>> kinds{
      {"id", "Request number"}, {"tracking", "Tracking link"}, {"phone", "Phone"},
      {"email", "E-mail"},      {"name", "Name (start)"},      {"zip", "ZIP"},
      {"city", "City"}};
  return {{"values", {{"q", in.q}, {"from", in.from}, {"to", in.to}}},
          {"by_options", lead_options(kinds, in.by == "auto" ? "" : in.by, "Guess from the text")},
          {"status_options", lead_options(statuses, in.status, "Any status")},
          {"service_options", lead_options(services, in.service, "Any service")},
          {"urgency_options", lead_options(urgencies, in.urgency, "Any urgency")},
          {"source_options", lead_options(sources, in.source, "Any source")},
          {"duplicates", !in.duplicates.empty()},
          {"flagged", !in.flagged.empty()},
          {"unmatched", !in.unmatched.empty()},
          {"sort_oldest", in.sort == "oldest"}};
}

}  // namespace

Response show_admin_leads(const Services& a, Request& req) {
  auto in = lead_query_input(query_of(req));
  auto catalog = a.leads->catalog();
  const auto& zone = staff_zone(a);
  auto ctx = lead_filters_context(in, catalog);
  std::string qs = lead_query_string(in);
  ctx["csv_url"] = "/admin/leads.csv" + (qs.empty() ? "" : "?" + qs);
  ctx["full_contact"] = full_contact_for(req);
  auto query = a.lead_console->read_query(in, zone);
  if (!query) {
    if (query.error().code != domain::ErrorCode::invalid_input)
      return http::error_response(req, query.error());
    // Bad values are named beside the form, with no results: a silently widened search would
    // show the wrong requests.
    auto errors = form_errors_context(query.error().details);
    for (auto& [k, v] : errors) ctx[k] = v;
    ctx["has_leads"] = false;
    return render(a, req, 422, "admin_leads", "Requests", std::move(ctx));
  }
  auto page = a.lead_console->page(*query, leads_per_page, true);
  if (!page) return http::error_response(req, page.error());
  json::array rows;
  for (const auto& r : page->rows)
    rows.push_back(lead_list_row(r, catalog, zone, full_contact_for(req)));
  auto link = [&](const char* key, const domain::LeadCursor& c) {
    return "/admin/leads?" + (qs.empty() ? "" : qs + "&") + key + "=" + domain::cursor_text(c);
  };
  // Newest first, the previous page holds newer requests; oldest first, older ones.
  const bool newest = query->sort == domain::LeadSort::newest;
  ctx["leads"] = std::move(rows);
  ctx["has_leads"] = !page->rows.empty();
  ctx["count"] = page->count;
  ctx["count_more"] = page->count_more;
  ctx["prev_url"] = page->previous ? link("before", *page->previous) : "";
  ctx["next_url"] = page->next ? link("after", *page->next) : "";
  ctx["prev_label"] = newest ? "Newer" : "Older";
  ctx["next_label"] = newest ? "Older" : "Newer";
  ctx["searched"] = !qs.empty();
  return render(a, req, 200, "admin_leads", "Requests", std::move(ctx));
}

Response export_admin_leads_csv(const Services& a, Request& req) {
  auto in = lead_query_input(query_of(req));
  in.after.clear();  // the export is the whole filtered set, from its start
  in.before.clear();
  auto query = a.lead_console->read_query(in, staff_zone(a));
  if (!query) return http::error_response(req, query.error());
  // What the producer keeps between pieces: the query with its cursor, and no rows.
  struct Export {
    services::LeadConsoleService* console;
    domain::Catalog catalog;
    domain::LeadQuery query;
    bool full_contact;
    bool header_written = false;
  };
  auto state = std::make_shared<Export>(
      Export{a.lead_console, a.leads->catalog(), *query, full_contact_for(req)});
  auto res = Response::streamed("text/csv; charset=utf-8", [state](std::string& piece) {
    if (!state->header_written) {
      piece = lead_csv_header();
      state->header_written = true;
    }
    auto rows = state->console->next_rows(state->query, csv_rows_per_read);
    // A failure half-way cannot change the status any more: the body is left unfinished.
    if (!rows) throw domain::Failure(rows.error());
    for (const auto& r : *rows) piece += lead_csv_line(r, state->catalog, state->full_contact);
    if (!rows->empty()) state->query.after = {rows->back().created_at, rows->back().id};
    return static_cast<int>(rows->size()) == csv_rows_per_read;
  });
  res.set_header("Content-Disposition", "attachment; filename=\"plumbline-requests.csv\"");
  res.set_header("Cache-Control", "no-store");
  return res;
}

}  // namespace plumbline::web
