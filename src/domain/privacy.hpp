// Privacy (issue 12): account closure, anonymisation placeholders, homeowner deletion and
// retention rules. Pure: no I/O.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "domain/error.hpp"
#include "domain/lead.hpp"

namespace plumbline::domain {

// What replaces a homeowner's name once the contact details are deleted; the phone, e-mail,
// address and best time to call become empty strings (no real input can match them).
inline constexpr const char* deleted_homeowner_name = "Deleted homeowner";
// What replaces a closed plumber's contact name.
inline constexpr const char* deleted_plumber_name = "Deleted account";
// What replaces the recipient of a message once its person is anonymised (outbox rows need one).
inline constexpr const char* deleted_recipient = "deleted";

// Defaults (docs/config.md): closed accounts are anonymised 30 days after closure; homeowner
// contact details of closed or expired requests are anonymised 365 days after the last change.
inline constexpr Millis privacy_day_ms = 24LL * 3600 * 1000;
inline constexpr int closed_account_keep_days = 30;
inline constexpr int homeowner_retention_days = 365;

// A claimant's copy of the contact details it bought, kept when the lead is anonymised.
struct ContactCopy {
  std::int64_t claim_id = 0;
  std::string name, phone_e164, email, address;
  Millis copied_at = 0;
};

// An account's closure: who closed it (none = the owner), why, and when it was anonymised.
struct AccountClosure {
  Millis closed_at = 0;
  std::string reason;
  std::optional<std::int64_t> closed_by;
  std::optional<Millis> anonymised_at;
};

// A homeowner may delete their details only once the request no longer runs (closed or
// expired): an open request still needs them to reach the plumbers.
bool homeowner_can_delete(LeadStatus lead_status);
// True once a lead's contact details have been overwritten.
bool lead_anonymised(const Lead& lead);
// Replaces the lead's contact fields by the placeholders (what the store writes).
void anonymise_contact(Lead& lead);
// The claimant's copy over the lead's (anonymised) contact fields.
void apply_contact_copy(Lead& lead, const ContactCopy& copy);
// An admin's reason for closing an account: 3–500 characters after trimming.
std::optional<Error> closure_reason_problem(const std::string& reason);
// The e-mail address a closed account gets once anonymised: unique, lower-case, undeliverable
// (.invalid is reserved, RFC 2606).
std::string anonymised_email(std::int64_t user_id);
// `keep_days` before `now`: rows last changed before this are due (anonymisation cutoffs).
Millis retention_cutoff(Millis now, int keep_days);

}  // namespace plumbline::domain
