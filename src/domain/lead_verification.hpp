// Verified homeowner contact (issue 17 item 1): the codes sent by SMS (or the e-mail link when SMS
// is not configured), the lead's verified facts, the policy setting and the pure rules of a code's
// life (single use, 10 minutes, 5 attempts, resend after 60 s, a cap per number).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace plumbline::domain {

using Millis = std::int64_t;

inline constexpr const char* verification_sms = "sms";      // a 6-digit code by text message
inline constexpr const char* verification_email = "email";  // a single-use link by e-mail

inline constexpr int verification_code_digits = 6;
inline constexpr Millis verification_code_ttl_ms = 10LL * 60 * 1000;
// An e-mail can take minutes to arrive; the link lives as long as an unconfirmed request may.
inline constexpr Millis verification_link_ttl_ms = 30LL * 60 * 1000;
inline constexpr int verification_max_attempts = 5;
inline constexpr Millis verification_resend_after_ms = 60LL * 1000;
// Codes one phone number (or address) is sent per hour, whatever the request: the form is
// anonymous, so anyone may type anyone's number.
inline constexpr int verification_codes_per_recipient_per_hour = 5;
inline constexpr Millis verification_recipient_window_ms = 3600LL * 1000;
// Under the `required` policy a request nobody confirmed expires this long after intake.
inline constexpr Millis unverified_lead_expiry_ms = 30LL * 60 * 1000;

// One code (or link secret) sent for a lead; only keyed hashes are stored.
struct VerificationCode {
  std::int64_t id = 0;
  std::int64_t lead_id = 0;
  std::string channel;         // verification_sms | verification_email
  std::string recipient_hash;  // SHA-256 hex of the number or address (the per-recipient cap)
  std::string code_hash;       // HMAC-SHA256 hex of the code under the server's key
  Millis expires_at = 0;
  int attempts = 0;  // wrong and right entries counted
  std::optional<Millis> used_at;
  Millis created_at = 0;
};

// What the lead records about its contact's confirmation.
struct LeadVerification {
  bool awaiting = false;  // held from matching until confirmed (`required` policy)
  std::optional<Millis> phone_verified_at, email_verified_at;
  bool verified() const { return phone_verified_at || email_verified_at; }
};

// The business setting `phone_verification`.
enum class VerificationPolicy { badge, required };
std::optional<VerificationPolicy> parse_verification_policy(std::string_view v);
const char* to_string(VerificationPolicy p);

// Where a stored code stands at `now`.
enum class CodeState { usable, used, expired, locked };
CodeState code_state(const VerificationCode& c, Millis now);

// How long before another code may be sent after `latest` (0 = now).
Millis verification_resend_wait_ms(const std::optional<VerificationCode>& latest, Millis now);

// What the homeowner typed, digits only ("123 456", "123-456" → "123456"); empty when it is not
// six digits.
std::string normalize_verification_code(std::string_view typed);

// The badge shown on lead cards, the lead page and the console: "Phone verified", "E-mail
// verified" or "" (a phone beats an address: it is the stronger check).
std::string verification_badge(const LeadVerification& v);

}  // namespace plumbline::domain
