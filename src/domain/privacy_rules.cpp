// Privacy rules: who may delete, what anonymised values look like, closure reasons, cutoffs.
#include "domain/contact.hpp"
#include "domain/marketplace.hpp"
#include "domain/privacy.hpp"

namespace plumbline::domain {

bool homeowner_can_delete(LeadStatus lead_status) {
  return lead_status == LeadStatus::closed || lead_status == LeadStatus::expired;
}

bool lead_anonymised(const Lead& lead) {
  return lead.name == deleted_homeowner_name && lead.phone_e164.empty() && lead.email.empty();
}

void anonymise_contact(Lead& lead) {
  lead.name = deleted_homeowner_name;
  lead.phone_e164.clear();
  lead.email.clear();
  lead.address.clear();
  lead.best_time.clear();
  lead.consent_ip.clear();
  lead.consent_user_agent.clear();
}

void apply_contact_copy(Lead& lead, const ContactCopy& copy) {
  lead.name = copy.name;
  lead.phone_e164 = copy.phone_e164;
  lead.email = copy.email;
  lead.address = copy.address;
}

namespace {
Error closure_reason_error(std::string message) {
  Error e = Error::make(ErrorCode::invalid_input, message);
  e.details.push_back({"reason", std::move(message)});
  return e;
}
}  // namespace

std::optional<Error> closure_reason_problem(const std::string& raw) {
  auto reason = trim(raw);
  auto n = utf8_length(reason);
  if (n < 3)
    return closure_reason_error("Write why the account is closed (at least 3 characters).");
  if (n > 500) return closure_reason_error("Keep the reason under 500 characters.");
  if (has_control_chars(reason, true))
    return closure_reason_error("Remove unusual control characters.");
  return std::nullopt;
}

std::string anonymised_email(std::int64_t user_id) {
  return "closed-" + std::to_string(user_id) + "@closed.invalid";
}

Millis retention_cutoff(Millis now, int keep_days) {
  return now - static_cast<Millis>(keep_days) * privacy_day_ms;
}

}  // namespace plumbline::domain
