// ReviewsTx: which claim a request was hired through, review invitations, verified reviews (one
// per hire), the plumber's reply, staff hiding, and the public profile's figures (issue 17);
// store/{sqlite,postgres}/reviews.cpp implement it.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/reviews.hpp"
#include "store/tx/method.hpp"

// One M(return type, name, (parameters)) per method (see store/tx/method.hpp).
#define PLUMBLINE_REVIEWS_TX(M)                                                                    \
  /* Records the hire once: false (no change) when the lead has a hire already. claim_id none: */  \
  /* someone else. */                                                                              \
  M(bool, set_lead_hired,                                                                          \
    (domain::LeadId lead_id, std::optional<domain::ClaimId> claim_id, domain::Millis at))          \
  /* The claim's outcome becomes won (unless it was refunded); false when nothing changed. */      \
  M(bool, mark_claim_hired, (domain::ClaimId claim_id, domain::Millis at))                         \
  M(std::optional<domain::LeadHire>, lead_hire, (domain::LeadId lead_id))                          \
  /* Hires through a claim, at or before `hired_before`, not refunded, with an e-mail left and */  \
  /* no invitation yet; oldest first. */                                                           \
  M(std::vector<domain::DueReviewRequest>, hires_due_for_review,                                   \
    (domain::Millis hired_before, int limit))                                                      \
  /* False when the claim has an invitation already (one per hire). */                             \
  M(bool, insert_review_invite, (const domain::ReviewInvite& invite))                              \
  M(std::optional<domain::ReviewInvite>, review_invite_by_hash, (const std::string& token_hash))   \
  /* Uses the invitation once: false when it was used or has expired at `at`. */                   \
  M(bool, use_review_invite, (domain::ClaimId claim_id, domain::Millis at))                        \
  /* Inserts only when the lead was hired through this claim of this plumber (not refunded) and */ \
  /* has no review yet; nullopt (nothing written) otherwise. */                                    \
  M(std::optional<std::int64_t>, insert_review, (const domain::Review& review))                    \
  M(std::optional<domain::Review>, review_by_id, (std::int64_t id))                                \
  /* Newest first, hidden ones too. */                                                             \
  M(std::vector<domain::Review>, reviews_for_plumber, (domain::UserId plumber_id))                 \
  /* Staff's list, newest first, with the business name. */                                        \
  M(std::vector<domain::Review>, list_reviews, (int limit, int offset))                            \
  /* The one reply: false when the review is not the plumber's or has a reply already. */          \
  M(bool, reply_to_review,                                                                         \
    (std::int64_t review_id, domain::UserId plumber_id, const std::string& text,                   \
     domain::Millis at))                                                                           \
  /* False when the review is hidden already (or unknown). */                                      \
  M(bool, hide_review,                                                                             \
    (std::int64_t review_id, const std::string& reason, std::int64_t by, domain::Millis at))       \
  /* Alert to claim for the plumber's claims on leads it was matched to (newest 500). */           \
  M(std::vector<domain::Millis>, plumber_claim_delays, (domain::UserId plumber_id))                \
  M(bool, account_closed, (domain::UserId user_id))

namespace plumbline::store {

class ReviewsTx {
 public:
  PLUMBLINE_REVIEWS_TX(PLUMBLINE_TX_PURE)

 protected:
  ~ReviewsTx() = default;
};

}  // namespace plumbline::store
