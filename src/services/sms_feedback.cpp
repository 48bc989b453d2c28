// The SMS provider's reports (delivery statuses, opt-outs) written to the store.
#include "services/sms_feedback.hpp"

namespace plumbline::services {

domain::Result<bool> SmsFeedbackService::record_delivery_status(const std::string& provider_id,
                                                                const std::string& status) {
  return store_.write<bool>([&](store::Tx& tx) -> domain::Result<bool> {
    return tx.update_delivery_status(provider_id, status, clock_.now_ms());
  });
}

domain::Status SmsFeedbackService::set_opt_out(const std::string& phone_e164, bool opted_out,
                                               const std::string& keyword) {
  return store_.write<domain::Unit>([&](store::Tx& tx) -> domain::Status {
    tx.set_sms_opt_out(phone_e164, opted_out, keyword, clock_.now_ms());
    return domain::Unit{};
  });
}

}  // namespace plumbline::services
