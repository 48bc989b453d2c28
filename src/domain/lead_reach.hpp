// What a homeowner is told about who has their request: how many plumbers it was sent to and how
// many took it on. One source for the confirmation page, the e-mail, the SMS and the tracking page.
#pragma once
#include <string>

#include "domain/statuses.hpp"

namespace plumbline::domain {

// The facts the sentences are built from; counts come from the store, never from hopes.
struct LeadReach {
  LeadStatus status = LeadStatus::open;
  std::string closed_reason;  // for closed: hired | cancelled | never_requested | removed
  std::string zip;
  int matched = 0;  // plumbers the request was sent to (lead_matches)
  int claimed = 0;  // plumbers who took it on and were not refunded
  int max_claims = 3;
  int expiry_hours = 72;
  bool duplicate = false;  // repeats a recent request: not sent again
};

// After intake (confirmation page and e-mail): who was sent the request and what happens next.
// Empty for a duplicate, whose own wording the templates carry.
std::string intake_summary(const LeadReach& r);
// The same in a few words for the SMS ("no plumber covers your area yet; we'll text if one
// joins.").
std::string intake_summary_short(const LeadReach& r);
// Before the request is sent (the form's ZIP check): "No plumber covers 10001 for Leak repair yet."
// An empty service label means any kind of work.
std::string no_coverage_notice(const std::string& zip, const std::string& service_label);
// What happens to a request no plumber covers (the form, the confirmation, the tracking page):
// kept open for N hours, sent to any plumber who starts covering the ZIP meanwhile (late matching,
// services/marketplace_late_matching.cpp), the homeowner told by e-mail, then closed by itself.
std::string uncovered_request_promise(const std::string& zip, int expiry_hours);
// The tracking page's status line; changes with each claim, close and expiry.
std::string tracking_status_line(const LeadReach& r);
// To the homeowner of a request nobody had been sent, once, when a plumber is first sent it late:
// "A plumber who covers 10001 has joined and was sent your request." (and the same for the SMS).
std::string late_match_notice(const std::string& zip);
std::string late_match_notice_short(const std::string& zip);

}  // namespace plumbline::domain
