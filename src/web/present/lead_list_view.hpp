// The console's request list as the page, the JSON API and the CSV export show it: rows with
// contacts in full for admins and masked for support staff, the query string that reproduces a
// search, and CSV lines.
#pragma once
#include <boost/json/object.hpp>
#include <string>

#include "domain/catalog.hpp"
#include "domain/lead_query.hpp"
#include "geo/time_zone.hpp"
#include "http/forms.hpp"

namespace plumbline::web {

// The list's query string fields, as typed.
domain::LeadQueryInput lead_query_input(const http::FormData& q);

// "q=…&status=…" with the non-empty fields of `in` (cursor fields left out), percent-encoded.
std::string lead_query_string(const domain::LeadQueryInput& in);

// One row for the page and the API. `full_contact`: admins see the phone and e-mail as stored;
// support staff see them masked (domain::mask_phone / mask_email).
boost::json::object lead_list_row(const domain::LeadListRow& row, const domain::Catalog& catalog,
                                  const geo::TimeZone& zone, bool full_contact);

// The CSV export: its header line and one line per row (CRLF, every cell quoted and
// formula-safe through csv_field).
std::string lead_csv_header();
std::string lead_csv_line(const domain::LeadListRow& row, const domain::Catalog& catalog,
                          bool full_contact);

}  // namespace plumbline::web
