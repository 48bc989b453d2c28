// Staff API: the request (lead) list, the JSON twin of GET /admin/leads (same query string,
// contacts masked for support staff). Adapters only.
#include <boost/json.hpp>

#include "domain/account.hpp"
#include "domain/lead_query.hpp"
#include "http/errors.hpp"
#include "services/lead_console.hpp"
#include "web/api/api_io.hpp"
#include "web/handlers.hpp"
#include "web/input.hpp"
#include "web/local_time.hpp"
#include "web/present/lead_list_view.hpp"

namespace plumbline::web {

namespace {
namespace json = boost::json;
constexpr int api_leads_default = 50, api_leads_max = 500;
}  // namespace

// GET /api/v1/admin/leads?q=…&status=…&limit=…&after=…: one page, newest first by default;
// `next` / `previous` are the cursors to pass as after= / before= for the neighbouring pages.
Response api_admin_leads(const Services& a, Request& req) {
  auto form = query_of(req);
  auto in = lead_query_input(form);
  int limit = api_leads_default;
  if (form.has("limit")) {
    auto n = parse_int(form.get("limit"), 1, api_leads_max);
    if (!n)
      return http::error_response(req, {domain::ErrorCode::invalid_input,
                                        "Some search values are not valid.",
                                        {{"limit", "must be a whole number from 1 to 500"}}});
    limit = *n;
  }
  const auto& zone = staff_zone(a);
  auto query = a.lead_console->read_query(in, zone);
  if (!query) return http::error_response(req, query.error());
  auto page = a.lead_console->page(*query, limit, true);
  if (!page) return http::error_response(req, page.error());
  auto catalog = a.leads->catalog();
  const bool full = req.principal.role == domain::Role::admin;
  json::array data;
  for (const auto& r : page->rows) data.push_back(lead_list_row(r, catalog, zone, full));
  auto cursor = [](const std::optional<domain::LeadCursor>& c) -> json::value {
    if (!c) return nullptr;
    return json::value(domain::cursor_text(*c));
  };
  return api_io::ok_json(200, json::object{{"leads", std::move(data)},
                                           {"search_by", domain::to_string(query->search)},
                                           {"count", page->count},
                                           {"count_more", page->count_more},
                                           {"next", cursor(page->next)},
                                           {"previous", cursor(page->previous)}});
}

}  // namespace plumbline::web
