// What a homeowner does from the tracking page, by its token: add details, "I've hired someone",
// "I never made this request", and "Delete my details". Each is one transaction.
#pragma once
#include <string>

#include "domain/error.hpp"
#include "services/leads.hpp"
#include "services/marketplace_context.hpp"

namespace plumbline::services {

class HomeownerService {
 public:
  explicit HomeownerService(MarketplaceContext context) : ctx_(std::move(context)) {}

  // Tells every claimant (sealed); refused once the request is closed or expired.
  domain::Result<TrackedLead> add_details(const std::string& token, const std::string& text);
  domain::Result<TrackedLead> mark_hired(const std::string& token);
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
