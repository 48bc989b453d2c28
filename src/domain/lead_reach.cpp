// The homeowner's sentences about who has their request, built from counts only.
#include "domain/lead_reach.hpp"

#include <algorithm>

#include "domain/lead.hpp"

namespace plumbline::domain {

namespace {

std::string plumbers_count(int n) {
  return std::to_string(n) + (n == 1 ? " plumber" : " plumbers");
}

// "1 of the 3 plumbers it was sent to has taken it on" (present) or "... took it on" (past).
std::string reach_taken(const LeadReach& r, bool past) {
  const char* taken_one = past ? "took it on" : "has taken it on";
  const char* taken_many = past ? "took it on" : "have taken it on";
  if (r.matched == 1)
    return r.claimed > 0 ? std::string("the plumber it was sent to ") + taken_one
                         : std::string("the plumber it was sent to ") +
                               (past ? "did not take it on" : "has not taken it on yet");
  std::string sent_to = " of the " + plumbers_count(r.matched) + " it was sent to ";
  if (r.claimed == 0) return "none" + sent_to + (past ? "took it on" : "has taken it on yet");
  return std::to_string(r.claimed) + sent_to + (r.claimed == 1 ? taken_one : taken_many);
}

std::string capitalised(std::string s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

// The count sentence after a close or expiry; nothing when the request was never sent.
std::string reach_afterwards(const LeadReach& r) {
  if (r.duplicate) return {};
  if (r.matched == 0) return " No plumber covered this area.";
  return " " + capitalised(reach_taken(r, true)) + ".";
}

}  // namespace

std::string intake_summary(const LeadReach& r) {
  if (r.duplicate) return {};
  if (r.matched == 0)
    return "No plumber on Plumbline covers ZIP " + r.zip +
           " for this kind of work yet, so nobody has been sent your request and nobody has your "
           "contact details. " +
           uncovered_request_promise(r.zip, r.expiry_hours);
  if (r.matched == 1)
    return "We sent your request to 1 plumber who covers ZIP " + r.zip +
           ". If they take it on, they get your contact details and will contact you the way "
           "you asked.";
  int can_take = std::min(r.matched, r.max_claims);
  return "We sent your request to " + plumbers_count(r.matched) + " who cover ZIP " + r.zip + ". " +
         (can_take == r.matched ? std::string("Any of them")
                                : "Up to " + std::to_string(can_take) + " of them") +
         " can take it on; each one who does gets your contact details and will contact you the "
         "way you asked.";
}

std::string intake_summary_short(const LeadReach& r) {
  if (r.duplicate) return "we already have this request.";
  // With "Track:" instead of "Track/cancel (private link):" (sms/lead_confirmation) it still fits.
  if (r.matched == 0) return "no plumber covers your area yet; we'll text if one joins.";
  // Short: the SMS holds this, the private link and STOP in 160 characters.
  return "sent to " + std::to_string(r.matched) +
         (r.matched == 1 ? " local plumber." : " local plumbers.");
}

std::string no_coverage_notice(const std::string& zip, const std::string& service_label) {
  return "No plumber covers " + zip + (service_label.empty() ? "" : " for " + service_label) +
         " yet.";
}

std::string uncovered_request_promise(const std::string& zip, int expiry_hours) {
  return "We keep the request open for " + std::to_string(expiry_hours) +
         " hours and send it to any plumber who starts covering ZIP " + zip +
         " in that time, and we tell you by e-mail when one does. After that it closes by itself.";
}

std::string late_match_notice(const std::string& zip) {
  return "A plumber who covers " + zip + " has joined and was sent your request.";
}

std::string late_match_notice_short(const std::string& zip) {
  return "a plumber for " + zip + " joined and was sent your request.";
}

std::string tracking_status_line(const LeadReach& r) {
  if (r.status == LeadStatus::open) {
    if (r.duplicate)
      return "Open: this repeats a request you sent recently, so it was not sent to plumbers "
             "again.";
    if (r.matched == 0)
      return "Open: no plumber covers this area yet, so nobody has been sent your request. " +
             uncovered_request_promise(r.zip, r.expiry_hours);
    return "Open: sent to " + plumbers_count(r.matched) + "; " + reach_taken(r, false) + ".";
  }
  if (r.status == LeadStatus::full)
    return "Full: " + reach_taken(r, false) + ", the most we allow; no one else can.";
  if (r.status == LeadStatus::expired) {
    if (r.duplicate) return "Expired.";
    if (r.matched == 0)
      return "Expired: no plumber covered this area in the " + std::to_string(r.expiry_hours) +
             " hours it was open.";
    return "Expired after " + std::to_string(r.expiry_hours) + " hours: " + reach_taken(r, true) +
           ".";
  }
  if (r.status == LeadStatus::closed) {
    if (r.closed_reason == "hired")
      return "Closed: you told us you hired a plumber." + reach_afterwards(r);
    if (r.closed_reason == "cancelled") return "Closed: you cancelled it." + reach_afterwards(r);
    if (r.closed_reason == "never_requested")
      return "Closed: you told us you never made this request.";
    if (r.closed_reason == "removed") return "Closed by Plumbline.";
    return "Closed." + reach_afterwards(r);
  }
  return to_string(r.status);
}

}  // namespace plumbline::domain
