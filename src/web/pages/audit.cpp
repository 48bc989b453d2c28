// The audit trail for admins: the page with its filters and "Older" paging, and the CSV export of
// exactly the filtered set. Adapters only.
#include "services/audit.hpp"

#include <boost/json.hpp>

#include "http/errors.hpp"
#include "web/handlers.hpp"
#include "web/input.hpp"
#include "web/local_time.hpp"
#include "web/present/audit_view.hpp"
#include "web/present/form_errors.hpp"

namespace plumbline::web {

namespace {

constexpr int audit_rows_per_page = 50, audit_csv_batch = 500;

boost::json::object audit_typed_filters(const http::FormData& q) {
  boost::json::object typed;
  for (const char* k : {"actor", "action", "target_type", "target_id", "from", "to"})
    typed[k] = q.get(k);
  return typed;
}

}  // namespace

Response show_admin_audit(const Services& a, Request& req) {
  auto q = query_of(req);
  const auto& zone = staff_zone(a);
  boost::json::object ctx{{"typed", audit_typed_filters(q)},
                          {"zone_label", zone_label(zone, a.clock.now_ms())}};
  auto filter = present::audit_filter_of(q, zone);
  if (!filter) {
    for (auto& [k, v] : form_errors_context(filter.error().details)) ctx[k] = v;
    return render(a, req, 422, "admin_audit", "Audit trail", std::move(ctx));
  }
  filter->limit = audit_rows_per_page + 1;  // one more: is there an older page?
  auto rows = a.audit->list(*filter);
  if (!rows) return http::error_response(req, rows.error());
  bool older = static_cast<int>(rows->size()) > audit_rows_per_page;
  if (older) rows->pop_back();
  boost::json::array out;
  for (const auto& e : *rows) out.push_back(present::audit_row(e, zone));
  auto query = present::audit_query_string(q);
  ctx["rows"] = std::move(out);
  ctx["has_rows"] = !rows->empty();
  ctx["first_page"] = filter->before_id == 0;
  ctx["newest_url"] = "/admin/audit" + (query.empty() ? "" : "?" + query);
  ctx["csv_url"] = "/admin/audit.csv" + (query.empty() ? "" : "?" + query);
  if (older)
    ctx["older_url"] = "/admin/audit?" + (query.empty() ? "" : query + "&") +
                       "before_id=" + std::to_string(rows->back().id);
  return render(a, req, 200, "admin_audit", "Audit trail", std::move(ctx));
}

// Every row of the filter (the page's before_id is ignored), newest first, read in batches by id
// and streamed as each batch is read: never the whole trail in memory. The first batch is read
// before the answer starts, so a database outage still answers with its status.
Response export_admin_audit_csv(const Services& a, Request& req) {
  auto q = query_of(req);
  auto filter = present::audit_filter_of(q, staff_zone(a));
  if (!filter) return http::error_response(req, filter.error());
  filter->before_id = 0;
  filter->limit = audit_csv_batch;
  auto first = a.audit->list(*filter);
  if (!first) return http::error_response(req, first.error());
  struct AuditExport {
    services::AuditService* audit;
    domain::AuditFilter filter;
    std::vector<domain::AuditEntry> next;  // the batch read but not written yet
    bool header_written = false;
  };
  auto state = std::make_shared<AuditExport>(AuditExport{a.audit, *filter, std::move(*first)});
  auto res = Response::streamed("text/csv; charset=utf-8", [state](std::string& piece) {
    if (!state->header_written) {
      piece = present::audit_csv_header();
      state->header_written = true;
    }
    auto rows = std::move(state->next);
    state->next.clear();
    for (const auto& e : rows) piece += present::audit_csv_line(e);
    if (static_cast<int>(rows.size()) < audit_csv_batch) return false;
    state->filter.before_id = rows.back().id;
    auto more = state->audit->list(state->filter);
    // A failure half-way cannot change the status any more: the body is left unfinished.
    if (!more) throw domain::Failure(more.error());
    state->next = std::move(*more);
    return true;
  });
  res.set_header("Content-Disposition", "attachment; filename=\"plumbline-audit.csv\"");
  res.set_header("Cache-Control", "no-store");
  return res;
}

}  // namespace plumbline::web
