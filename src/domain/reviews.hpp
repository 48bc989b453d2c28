// Hired plumbers, verified reviews and public profiles (issue 17): the types, the review's rules
// (stars, text cap, the only reasons staff may hide one), the profile slug and the figures.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/error.hpp"
#include "domain/lead.hpp"

namespace plumbline::domain {

// What the homeowner chose under "I've hired someone": a claimant (by plumber id) or someone else.
struct HiredChoice {
  std::optional<UserId> plumber_id;  // none: someone else
};
// Reads the form's `hired` value: "someone_else" or "plumber:<id>"; nullopt when it is neither.
std::optional<HiredChoice> parse_hired_choice(std::string_view value);

// Which claim a closed request was hired through (none: someone else), and when.
struct LeadHire {
  std::optional<ClaimId> claim_id;
  std::optional<UserId> plumber_id;
  Millis hired_at = 0;
};

// A hire whose review invitation is due: who to write to and about whom.
struct DueReviewRequest {
  LeadId lead_id;
  ClaimId claim_id;
  UserId plumber_id;
  std::string email, business_name, service_type, zip;
  Millis hired_at = 0;
};

// A single-use review invitation; the token is kept as its SHA-256 only.
struct ReviewInvite {
  ClaimId claim_id;
  LeadId lead_id;
  UserId plumber_id;
  std::string token_hash;
  Millis sent_at = 0, expires_at = 0;
  std::optional<Millis> used_at;
};

struct ReviewInput {
  int punctuality = 0, quality = 0, price = 0;  // 1-5 stars each
  std::string body;
};

struct Review {
  std::int64_t id = 0;
  ClaimId claim_id;
  LeadId lead_id;
  UserId plumber_id;
  int punctuality = 0, quality = 0, price = 0;
  std::string body;
  Millis created_at = 0;
  std::optional<std::string> reply;
  std::optional<Millis> replied_at;
  std::optional<std::string> hidden_reason;
  std::optional<std::int64_t> hidden_by;
  std::optional<Millis> hidden_at;
  std::string business_name;  // filled by the staff list's read
  bool hidden() const { return hidden_at.has_value(); }
};

inline constexpr std::size_t review_text_max = 2000;  // characters
inline constexpr std::size_t review_reply_max = 1000;
inline constexpr Millis review_link_valid_ms = 30LL * 24 * 3600 * 1000;  // 30 days

// Stars 1-5 on each criterion and a text of at most review_text_max characters (may be empty).
Status validate_review(const ReviewInput& in);
// The plumber's reply: 1 to review_reply_max characters.
Status validate_review_reply(const std::string& text);

// The reasons staff may hide a review for. Being negative is deliberately not one of them.
const std::vector<std::string>& review_hide_reasons();
bool is_review_hide_reason(std::string_view reason);
std::string review_hide_reason_label(std::string_view reason);

// The public profile's address: the business name in lower-case ASCII words joined by "-", then
// "-<id>" (unique by the id; an old address after a rename still names the same plumber).
std::string profile_slug(std::string_view business_name, std::int64_t plumber_id);
// The plumber id at the end of a slug ("...-42" -> 42); nullopt when there is none.
std::optional<std::int64_t> profile_slug_id(std::string_view slug);

// Averages of the visible reviews (tenths of a star, rounded), and their count.
struct RatingSummary {
  int count = 0;
  int punctuality_x10 = 0, quality_x10 = 0, price_x10 = 0, overall_x10 = 0;
};
RatingSummary rating_summary(const std::vector<Review>& reviews);  // hidden ones are skipped

// The median of the durations (the mean of the two middle ones for an even count); nullopt when
// there are none.
std::optional<Millis> median_millis(std::vector<Millis> values);
// "1.5" from 15.
std::string tenths_text(int x10);
// "under a minute", "12 minutes", "3 hours", "2 days".
std::string duration_words(Millis ms);

}  // namespace plumbline::domain
