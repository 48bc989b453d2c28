// What the SMS provider reports back: delivery statuses of sent texts, and recipients' STOP/START
// (opt-out and opt-in). One write transaction each.
#pragma once
#include <string>

#include "domain/error.hpp"
#include "services/clock.hpp"
#include "store/store.hpp"

namespace plumbline::services {

class SmsFeedbackService {
 public:
  SmsFeedbackService(store::Store& store, const Clock& clock) : store_(store), clock_(clock) {}

  // Records the report on the message with this provider id; false when the id is unknown or the
  // report would downgrade a final state (domain::delivery_status_may_replace).
  domain::Result<bool> record_delivery_status(const std::string& provider_id,
                                              const std::string& status);
  // Records that this phone number opted out of texts (STOP) or back in (START); `keyword` is
  // what they sent, kept as evidence of consent.
  domain::Status set_opt_out(const std::string& phone_e164, bool opted_out,
                             const std::string& keyword);

 private:
  store::Store& store_;
  const Clock& clock_;
};

}  // namespace plumbline::services
