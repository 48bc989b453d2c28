// The audit trail's JSON twin for admins: GET /api/v1/admin/audit with the page's filters, newest
// first, keyset paged (next_before_id). Adapters only.
#include "services/audit.hpp"

#include <boost/json.hpp>

#include "http/errors.hpp"
#include "web/api/api_io.hpp"
#include "web/handlers.hpp"
#include "web/input.hpp"
#include "web/local_time.hpp"
#include "web/present/audit_view.hpp"

namespace plumbline::web {

// Declared here too: in a unity batch without another api file this name is not in scope.
using api_io::ok_json;

Response api_admin_audit(const Services& a, Request& req) {
  auto q = query_of(req);
  auto filter = present::audit_filter_of(q, staff_zone(a));
  if (!filter) return http::error_response(req, filter.error());
  int limit = 50;
  if (q.has("limit")) {
    auto l = parse_int(q.get("limit"), 1, 500);
    if (!l)
      return http::error_response(req, {domain::ErrorCode::invalid_input,
                                        "Some parameters are wrong.",
                                        {{"limit", "must be a whole number from 1 to 500"}}});
    limit = *l;
  }
  filter->limit = limit + 1;
  auto rows = a.audit->list(*filter);
  if (!rows) return http::error_response(req, rows.error());
  bool older = static_cast<int>(rows->size()) > limit;
  if (older) rows->pop_back();
  boost::json::array data;
  for (const auto& e : *rows) data.push_back(present::audit_json(e));
  boost::json::object body{{"entries", std::move(data)}, {"next_before_id", nullptr}};
  if (older) body["next_before_id"] = rows->back().id;
  return ok_json(200, body);
}

}  // namespace plumbline::web
