// Verified reviews (issue 17): the review e-mail a set time after a hire through a claim (run by
// the worker), the homeowner's one review by its single-use link, the plumber's one public reply,
// and staff hiding a review for a listed reason (audited). Each call is one transaction.
#pragma once
#include <string>
#include <vector>

#include "domain/audit.hpp"
#include "domain/error.hpp"
#include "domain/reviews.hpp"
#include "services/marketplace_context.hpp"

namespace plumbline::services {

// What the review page shows before the homeowner writes.
struct ReviewInvitation {
  std::string business_name, service_label;
  std::int64_t plumber_id = 0;
};

// The e-mail asking the homeowner to review the plumber they hired; the link is sealed.
domain::OutboundMessage review_request_message(const NotificationSettings& s,
                                               const domain::DueReviewRequest& due,
                                               const std::string& service_label,
                                               const std::string& token, domain::Millis now);

class ReviewService {
 public:
  explicit ReviewService(MarketplaceContext context) : ctx_(std::move(context)) {}

  // Queues the review e-mail for every hire older than the review delay (the setting) that has
  // none yet, each with a new single-use link valid for 30 days; returns how many. Idempotent:
  // one invitation per hire.
  domain::Result<int> send_due_requests();

  // The invitation behind a link: not_found for an unknown link; conflict once it was used or
  // has expired.
  domain::Result<ReviewInvitation> invitation(const std::string& token);
  // Stores the review and uses the link up, in one transaction; only for the request's hired
  // claim (the store checks it again), once per hire.
  domain::Result<domain::Review> submit(const std::string& token, const domain::ReviewInput& in);

  // The plumber's reviews (hidden ones marked), newest first.
  domain::Result<std::vector<domain::Review>> for_plumber(domain::UserId plumber);
  // The plumber's one public reply; conflict when there is one already, not_found when the
  // review is not theirs.
  domain::Result<domain::Review> reply(domain::UserId plumber, std::int64_t review_id,
                                       const std::string& text);

  // Staff: every review, newest first.
  domain::Result<std::vector<domain::Review>> list(int limit, int offset);
  // Staff: hides a review for one of domain::review_hide_reasons() with an audit row
  // (review.hide); invalid_input for any other reason (there is none for "negative").
  domain::Result<domain::Review> hide(const domain::Actor& actor, std::int64_t review_id,
                                      const std::string& reason, const std::string& note);

 private:
  MarketplaceContext ctx_;
};

}  // namespace plumbline::services
