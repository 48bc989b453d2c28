// Sign-up validation and the timing rules for logins and sessions.
#include "domain/account_rules.hpp"

#include <algorithm>
#include <cctype>

#include "domain/contact.hpp"

namespace plumbline::domain {

std::string normalize_email(std::string_view email) {
  std::string e = trim(email);
  std::transform(e.begin(), e.end(), e.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return e;
}

Result<PlumberSignup> validate_signup(const SignupInput& in, const PasswordCheck& password_check) {
  std::vector<FieldError> errs;
  PlumberSignup out;
  auto name_field = [&](const char* field, const std::string& raw, std::string& dst,
                        const char* what) {
    dst = trim(raw);
    auto n = utf8_length(dst);
    if (n == 0)
      errs.push_back({field, std::string("Enter your ") + what + "."});
    else if (n < 2 || n > 120)
      errs.push_back({field, std::string("Enter a ") + what + " between 2 and 120 characters."});
    else if (has_control_chars(dst, false))
      errs.push_back({field, "Remove unusual control characters."});
  };
  name_field("business_name", in.business_name, out.business_name, "business name");
  name_field("contact_name", in.contact_name, out.contact_name, "name");
  out.email = normalize_email(in.email);
  if (out.email.empty())
    errs.push_back({"email", "Enter your e-mail address."});
  else if (!plausible_email(out.email))
    errs.push_back({"email", "Enter a valid e-mail address, like you@example.com."});
  auto phone = trim(in.phone);
  if (phone.empty())
    errs.push_back({"phone", "Enter a phone number homeowners can reach you on."});
  else if (auto e164 = normalize_us_phone(phone))
    out.phone_e164 = *e164;
  else
    errs.push_back({"phone", "Enter a 10-digit US phone number, like (415) 555-0134."});
  if (in.password.empty())
    errs.push_back({"password", "Choose a password."});
  else if (auto problem = password_check(in.password, out.email))
    errs.push_back({"password", *problem});
  if (!errs.empty()) {
    auto e = Error::make(ErrorCode::invalid_input, "Some answers need fixing.");
    e.details = std::move(errs);
    return e;
  }
  return out;
}

Millis login_delay_ms(int failures) {
  if (failures < 3) return 0;
  Millis d = 1000;
  for (int i = 3; i < failures && d < 30'000; ++i) d *= 2;
  return std::min<Millis>(d, 30'000);
}

bool session_alive(const Session& s, Millis now) {
  return now < s.absolute_expires_at && now - s.last_seen_at < s.idle_timeout_ms;
}

}  // namespace plumbline::domain
