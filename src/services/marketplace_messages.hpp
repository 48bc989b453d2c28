// Builds the marketplace's outbox messages (docs/messages.md lists the kinds); callers enqueue
// them inside their own transaction. Only claim confirmations and notices to claimants carry the
// homeowner's contact details, and those are sealed.
#pragma once
#include <string>
#include <vector>

#include "domain/catalog.hpp"
#include "domain/marketplace.hpp"
#include "domain/outbox.hpp"
#include "services/notifications.hpp"

namespace plumbline::services {

// One new lead for one matched plumber: e-mail when chosen, SMS when chosen and enabled. Due at
// `now` (the same instant for everyone), SMS at `sms_due`. No contact details.
std::vector<domain::OutboundMessage> lead_alert_messages(
    const NotificationSettings& s, std::int64_t lead_id, const domain::NewLead& lead,
    const domain::MatchCandidate& plumber, const domain::Catalog& catalog, domain::Millis now,
    domain::Millis sms_due, domain::Millis lead_expires_at);

// To the claimant: the homeowner's contact details (sealed) and the request.
domain::OutboundMessage claim_confirmation_message(const NotificationSettings& s,
                                                   const domain::Claim& claim,
                                                   const domain::Lead& lead,
                                                   const domain::PlumberProfile& plumber,
                                                   const domain::Catalog& catalog,
                                                   domain::Credits balance, domain::Millis now);

// To the homeowner: "<business> will contact you", with the plumber's phone and licence. E-mail
// always; SMS when enabled and the homeowner chose text messages.
std::vector<domain::OutboundMessage> lead_claimed_messages(
    const NotificationSettings& s, const domain::Claim& claim, const domain::Lead& lead,
    const domain::PlumberProfile& plumber, const domain::Catalog& catalog, domain::Millis now);

// To a claimant: the homeowner added details (sealed). `seq` makes each addition its own message.
domain::OutboundMessage lead_details_message(
    const NotificationSettings& s, const domain::Lead& lead, const domain::PlumberProfile& claimant,
    const domain::Catalog& catalog, const std::string& text, std::size_t seq, domain::Millis now);

// To a claimant: staff corrected the request they claimed (services/lead_edit.cpp). `changed`
// names the fields in words ("the address, the phone number"); no values, so nothing is sealed.
domain::OutboundMessage lead_updated_message(const NotificationSettings& s,
                                             const domain::Lead& lead,
                                             const domain::PlumberProfile& claimant,
                                             const domain::Catalog& catalog,
                                             const std::string& changed, domain::Millis now);

// To a claimant whose credits came back because the homeowner disowned the request.
domain::OutboundMessage claim_refunded_message(const NotificationSettings& s,
                                               const domain::Claim& claim, const domain::Lead& lead,
                                               const domain::PlumberProfile& claimant,
                                               const domain::Catalog& catalog, domain::Millis now);

// To the plumber: the dispute was approved (credits refunded) or denied (with the reason).
domain::OutboundMessage dispute_resolved_message(
    const NotificationSettings& s, const domain::Dispute& dispute, const domain::Claim& claim,
    const domain::Lead& lead, const domain::PlumberProfile& plumber, const domain::Catalog& catalog,
    domain::Millis now);

// To the plumber: approved, rejected (with reason) or suspended (with reason).
domain::OutboundMessage plumber_review_message(const NotificationSettings& s,
                                               const domain::PlumberProfile& plumber,
                                               const domain::PlumberReview& review);

// To the plumber, from the staff console: what staff did to their account and why. `action` is
// one of reactivated | edited | sessions_ended (template plumber_account_notice).
domain::OutboundMessage plumber_account_message(const NotificationSettings& s,
                                                const domain::PlumberProfile& plumber,
                                                const std::string& action,
                                                const std::string& reason, domain::Millis at);

}  // namespace plumbline::services
