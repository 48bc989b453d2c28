// What support staff see of a person's contact details: enough to confirm with a caller, not to
// call or write to them.
#pragma once
#include <string>
#include <string_view>

namespace plumbline::domain {

// "j•••@example.com"; "•••" for text that is not an address.
std::string mask_email(std::string_view email);
// "•••-•••-4567": the last four digits of an E.164 number.
std::string mask_phone(std::string_view e164);
// An outbox recipient, e-mail address or phone number: "j•••@example.com", "+1••••••1234".
std::string mask_recipient(std::string_view recipient);

}  // namespace plumbline::domain
