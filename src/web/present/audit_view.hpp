// The audit trail as the console shows it: the filter read from a query string (page, CSV and
// JSON alike), and one row for a template, a CSV line or a JSON object.
#pragma once
#include <boost/json/object.hpp>
#include <string>

#include "domain/audit.hpp"
#include "domain/error.hpp"
#include "geo/time_zone.hpp"
#include "http/forms.hpp"

namespace plumbline::web::present {

// actor (a user id, or an e-mail), action (exact, or a prefix ending in '.'), target_type,
// target_id, from and to (local dates YYYY-MM-DD in `zone`, both days included), before_id. A
// value that cannot be read is refused with the field named (never silently dropped: the export
// must be exactly the filtered set).
domain::Result<domain::AuditFilter> audit_filter_of(const http::FormData& q,
                                                    const geo::TimeZone& zone);
// The filter as query parameters ("actor=7&action=lead."), for "Older" and the CSV link.
std::string audit_query_string(const http::FormData& q);

// For the page: time (local), who, action, target (with target_url where it has a page), reason,
// before → after, client address.
boost::json::object audit_row(const domain::AuditEntry& e, const geo::TimeZone& zone);
// For the JSON API: every field, times in unix ms.
boost::json::object audit_json(const domain::AuditEntry& e);
// The CSV header and one line (CRLF-terminated).
std::string audit_csv_header();
std::string audit_csv_line(const domain::AuditEntry& e);

}  // namespace plumbline::web::present
