// Lead rules: validation of a homeowner's request, the consent text, duplicates and status changes.
#pragma once
#include <string>
#include <vector>

#include "domain/catalog.hpp"
#include "domain/error.hpp"
#include "domain/lead.hpp"
#include "geo/zip_table.hpp"

namespace plumbline::domain {

// The consent shown next to the checkbox, naming the claims cap; stored verbatim with each lead.
std::string consent_text(int max_claims);

inline constexpr Millis duplicate_window_ms = 7LL * 24 * 3600 * 1000;

// Validates and normalises input; every problem is reported at once, in form order.
// On success the result has everything but tracking_hash, duplicate_of and created_at.
Result<NewLead> validate_lead(const LeadInput& input, const Catalog& catalog,
                              const geo::ZipTable& zips, const RequestContext& ctx);

// "12345" or ZIP+4 "12345-6789" → "12345"; anything else → "".
std::string zip5(const std::string& raw);

// Whether a string can be a tracking token at all (length and alphabet); saves a lookup for junk.
bool plausible_tracking_token(const std::string& token);

// Returns true when the homeowner may cancel a lead in this status.
bool homeowner_can_cancel(LeadStatus status);

// Short label for a status in the lead history ("open" → "Open").
std::string status_label(LeadStatus status);

}  // namespace plumbline::domain
