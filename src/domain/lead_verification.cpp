// Verified homeowner contact: the policy names and the pure rules of a code's life.
#include "domain/lead_verification.hpp"

#include <cctype>

namespace plumbline::domain {

std::optional<VerificationPolicy> parse_verification_policy(std::string_view v) {
  if (v == "badge") return VerificationPolicy::badge;
  if (v == "required") return VerificationPolicy::required;
  return std::nullopt;
}

const char* to_string(VerificationPolicy p) {
  return p == VerificationPolicy::required ? "required" : "badge";
}

CodeState code_state(const VerificationCode& c, Millis now) {
  if (c.used_at) return CodeState::used;
  if (c.attempts >= verification_max_attempts) return CodeState::locked;
  if (now >= c.expires_at) return CodeState::expired;
  return CodeState::usable;
}

Millis verification_resend_wait_ms(const std::optional<VerificationCode>& latest, Millis now) {
  if (!latest) return 0;
  auto ready = latest->created_at + verification_resend_after_ms;
  return ready > now ? ready - now : 0;
}

std::string normalize_verification_code(std::string_view typed) {
  std::string digits;
  for (char ch : typed) {
    if (std::isdigit(static_cast<unsigned char>(ch)))
      digits += ch;
    else if (ch != ' ' && ch != '-' && ch != '\t')
      return {};
  }
  return digits.size() == static_cast<std::size_t>(verification_code_digits) ? digits
                                                                             : std::string();
}

std::string verification_badge(const LeadVerification& v) {
  if (v.phone_verified_at) return "Phone verified";
  if (v.email_verified_at) return "E-mail verified";
  return {};
}

}  // namespace plumbline::domain
