// The staff's view of one request (lead): internal notes, the alert each match was sent per
// channel, closing as fraud or spam and reopening, the limit on resent confirmations, and how a
// homeowner's contact is masked for support staff. Pure rules; no I/O.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/error.hpp"
#include "domain/lead.hpp"
#include "domain/outbox.hpp"

namespace plumbline::domain {

// An internal note on a lead: staff only, never shown to plumbers or homeowners.
struct LeadNote {
  std::int64_t id = 0;
  LeadId lead_id;
  std::optional<UserId> author_user_id;
  std::string author_email, body;
  Millis created_at = 0;
};

// A matched plumber with the name staff recognise.
struct LeadMatchRow {
  UserId plumber_id;
  std::string business_name, email;
  double distance_miles = 0;
  Millis matched_at = 0;
};

// One alert (the outbox row "lead_alert:<channel>:<lead>:<plumber>") sent to a matched plumber.
struct LeadAlert {
  UserId plumber_id;
  OutboxMessage message;
};

// Why staff close a request; stored as the lead's closed_reason.
inline constexpr const char* lead_closed_fraud = "fraud";
inline constexpr const char* lead_closed_spam = "spam";
bool is_staff_close_reason(std::string_view why);

// Staff reasons and notes: 1–500 characters of plain text (line breaks allowed).
inline constexpr std::size_t staff_text_max = 500;
std::optional<Error> staff_text_problem(const std::string& field, std::string_view text);

// Confirmations staff may resend for one lead per hour.
inline constexpr int confirmation_resends_per_hour = 3;
inline constexpr Millis confirmation_resend_window_ms = 3600LL * 1000;

// Status a reopened lead takes: full when its claims already reach its cap, else open. Only a
// closed or expired lead can be reopened.
bool lead_can_reopen(LeadStatus status);
LeadStatus reopened_status(int claims_count, int max_claims);

}  // namespace plumbline::domain
