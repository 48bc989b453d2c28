// Wrappers around the SMTP mailer, the Twilio sender and the Stripe client that record each
// call's outcome for the system status page (SystemStatusService::record_integration) and change
// nothing else: the call, its result and its errors pass through as they are.
#pragma once
#include <memory>

#include "integrations/mailer.hpp"
#include "integrations/sms.hpp"
#include "integrations/stripe_client.hpp"
#include "services/system_status.hpp"

namespace plumbline::services {

// A send that is not `sent` is a failure with the provider's reply.
std::unique_ptr<integrations::Mailer> recording_mailer(std::unique_ptr<integrations::Mailer> inner,
                                                       SystemStatusService& status);
std::unique_ptr<integrations::SmsSender> recording_sms(
    std::unique_ptr<integrations::SmsSender> inner, SystemStatusService& status);
// Stripe answering at all is a success, even with a card or request error (4xx); no answer, an
// authentication refusal (401/403) or a server error (5xx) is a failure.
std::unique_ptr<integrations::StripeClient> recording_stripe(
    std::unique_ptr<integrations::StripeClient> inner, SystemStatusService& status);

}  // namespace plumbline::services
