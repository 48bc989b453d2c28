// The console's request-list query: what staff typed and picked (LeadQueryInput), read into a
// validated LeadQuery the store runs, and the rows it returns.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/catalog.hpp"
#include "domain/error.hpp"
#include "domain/lead.hpp"
#include "geo/time_zone.hpp"

namespace plumbline::domain {

// What the search box looks for. `automatic` guesses from the text (classify_lead_search).
enum class LeadSearchKind { none, id, tracking, phone, email, name, zip, city };

const char* to_string(LeadSearchKind kind);

// The list's order: newest or oldest first, by (created_at, id). Nothing else: on 1,000,000 rows
// only an index order pages fast, and "most matches" has none.
enum class LeadSort { newest, oldest };

// A position in the list: the (created_at, id) of the last row shown.
struct LeadCursor {
  Millis created_at = 0;
  std::int64_t id = 0;
  bool set() const { return id > 0; }
};

// A validated query. Empty strings and false do not filter.
struct LeadQuery {
  LeadSearchKind search = LeadSearchKind::none;
  // The normalised value the search compares: the id in digits, the tracking token (the service
  // swaps in its SHA-256 hex before the store sees it), an E.164 phone, a lower-cased e-mail, a
  // lower-cased name prefix, a 5-digit ZIP or a lower-cased city.
  std::string search_value;
  std::string status, service, urgency, source;
  Millis from = 0, to = 0;  // created_at in [from, to); 0 = open
  bool duplicates_only = false;
  // A lead with a pending dispute (a claimant says the contact is wrong, out of area, ...) or
  // that its homeowner reported as never requested (leads.flag = 'never_requested', set from the
  // tracking page). A lead staff removed as spam (flag 'removed') is closed, not flagged.
  bool flagged_only = false;
  bool unmatched_only = false;  // no lead_matches row: no plumber was matched
  LeadSort sort = LeadSort::newest;
  LeadCursor after;     // rows after this one in the list's order (the next page)
  bool before = false;  // rows before `after` instead (the previous page), still in list order
  int limit = 50;
};

// One row of the list; the page masks contacts for support staff.
struct LeadListRow {
  std::int64_t id = 0;
  Millis created_at = 0;
  std::string status, service_type, urgency, source, city, state, zip, name, phone_e164, email;
  std::int64_t matches_count = 0, claims_count = 0;
  std::optional<std::int64_t> duplicate_of;
  bool flagged = false;
};

// The query string as typed (every value optional).
struct LeadQueryInput {
  std::string q, by;  // search text; by = auto (or empty) | id | tracking | phone | email | name |
                      // zip | city
  std::string status, service, urgency, source;
  std::string from, to;  // YYYY-MM-DD, in the staff's time zone; `to` is inclusive
  std::string duplicates, flagged, unmatched;  // "1" = only those
  std::string sort;                            // newest (default) | oldest
  std::string after, before;                   // cursor "<created_at>.<id>"
};

// The sources a lead can have (leads.source).
const std::vector<std::string>& lead_sources();

// What a search text looks like when staff did not say: "#123" → id, a tracking link or token
// → tracking, something with '@' → email, 10 or 11 digits (with spaces, dashes, parentheses or a
// leading +) → phone, 5 digits → zip, other digits → id, anything else → name. Empty → none.
LeadSearchKind classify_lead_search(std::string_view text);

// Reads and checks the input: unknown values are refused with the field named (invalid_input,
// 422), never silently dropped, so a bookmarked query means what it says. Dates are local days in
// `zone`; `to` covers its whole day.
Result<LeadQuery> read_lead_query(const LeadQueryInput& in, const Catalog& catalog,
                                  const geo::TimeZone& zone);

// Local midnight of the day `date` (YYYY-MM-DD) in `zone`, in Unix milliseconds; nullopt when not
// a valid date.
std::optional<Millis> local_day_start(std::string_view date, const geo::TimeZone& zone);

// "<created_at>.<id>" and back.
std::string cursor_text(const LeadCursor& c);
std::optional<LeadCursor> parse_cursor(std::string_view text);

}  // namespace plumbline::domain
