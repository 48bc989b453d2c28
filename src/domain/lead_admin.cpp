// Rules of the staff's lead page: close reasons, staff text, reopening and masked contacts.
#include "domain/lead_admin.hpp"

#include "domain/contact.hpp"

namespace plumbline::domain {

bool is_staff_close_reason(std::string_view why) {
  return why == lead_closed_fraud || why == lead_closed_spam;
}

std::optional<Error> staff_text_problem(const std::string& field, std::string_view raw) {
  auto text = trim(raw);
  std::string message;
  if (text.empty())
    message =
        field == "body" ? "Write the note." : "Write a reason: it is kept in the audit trail.";
  else if (utf8_length(text) > staff_text_max)
    message = "Keep it under 500 characters.";
  else if (has_control_chars(text, true))
    message = "Remove unusual control characters.";
  else
    return std::nullopt;
  auto e = Error::make(ErrorCode::invalid_input, message);
  e.details.push_back({field, message});
  return e;
}

bool lead_can_reopen(LeadStatus status) {
  return status == LeadStatus::closed || status == LeadStatus::expired;
}

LeadStatus reopened_status(int claims_count, int max_claims) {
  return claims_count >= max_claims ? LeadStatus::full : LeadStatus::open;
}

}  // namespace plumbline::domain
