// What a homeowner does from the tracking page, by its token: add details, "I've hired someone",
// "I never made this request", and "Delete my details". Each is one transaction.
#pragma once
#include <string>

#include "domain/error.hpp"
#include "domain/reviews.hpp"
#include "services/leads.hpp"
#include "services/marketplace_context.hpp"

namespace plumbline::services {

class HomeownerService {
 public:
  explicit HomeownerService(MarketplaceContext context) : ctx_(std::move(context)) {}

  // Tells every claimant (sealed); refused once the request is closed or expired.
  domain::Result<TrackedLead> add_details(const std::string& token, const std::string& text);
  // "I've hired someone": closes the request as hired. With a claimant chosen (issue 17), that
  // claim's outcome becomes won and the hire is recorded for the review; the other claimants'
  // outcomes stay as they recorded them. A plumber who holds no live claim on the request is
  // refused (invalid_input). The first choice stands: a second call changes nothing.
  domain::Result<TrackedLead> mark_hired(const std::string& token,
                                         const domain::HiredChoice& choice = {});
  // Closes the lead, flags it and refunds every claimant within the dispute window (older claims
  // go to the admin's dispute queue).
  domain::Result<TrackedLead> never_requested(const std::string& token);
  // "Delete my details": overwrites the homeowner's name, phone, e-mail and address of a closed or
  // expired request (conflict while it still runs); claimants keep the copy they bought. A second
  // call changes nothing.
  domain::Result<TrackedLead> delete_homeowner_details(const std::string& token);

 private:
  MarketplaceContext ctx_;
};

}  // namespace plumbline::services
