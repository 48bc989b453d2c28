// Message templates staff may override, and the business facts every message may show.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "domain/lead.hpp"

namespace plumbline::domain {

// A staff member's text for one template part, e.g. "email/lead_alert.subject" or
// "sms/lead_alert.txt"; it replaces the shipped file of that name until reverted.
struct TemplateOverride {
  std::string name;
  std::string body;
  Millis updated_at = 0;
  std::optional<std::int64_t> updated_by;  // the staff user
};

// The business variables every message can use (platform_name, support_email, support_phone,
// postal_address). Taken from the console's business settings when a message is rendered
// (services::BrandingSource), so that a change shows in the next message without a restart.
struct MessageBranding {
  std::string platform_name = "Plumbline";
  std::string support_email;
  std::string support_phone;
  std::string postal_address;
};

}  // namespace plumbline::domain
