// What the plumber's pages and API share: query parsing for the lead list, labels, dates, CSV.
#pragma once
#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/catalog.hpp"
#include "domain/error.hpp"
#include "domain/lead_decision.hpp"
#include "domain/ledger.hpp"
#include "domain/marketplace.hpp"
#include "domain/payments.hpp"
#include "geo/time_zone.hpp"
#include "http/forms.hpp"
#include "services/profiles.hpp"
#include "web/input.hpp"

namespace plumbline::web {

inline constexpr int leads_per_page_default = 20, leads_per_page_max = 100;

// The available-leads filters from a query string (service_type, urgency, max_distance, sort,
// page, per_page); problems go to errs.
struct AvailableParams {
  domain::AvailableQuery query;
  int page = 1, per_page = leads_per_page_default;
};
AvailableParams available_params(const http::FormData& q, domain::UserId user_id,
                                 const domain::Catalog& catalog,
                                 std::vector<domain::FieldError>& errs);

std::string dollars(std::int64_t cents);

std::string iso_time(domain::Millis ms);                              // "2026-11-26T10:40:00Z"
std::string age_text(domain::Millis created_at, domain::Millis now);  // "5 min ago"

std::string outcome_label(domain::ClaimOutcome outcome);
std::string status_label(domain::PlumberStatus status);
std::string plan_label(domain::PlanStatus plan);
// Stripe's payment dispute status ("needs_response") as words ("Needs response").
std::string stripe_status_label(const std::string& status);
std::string service_label(const domain::Catalog& c, const std::string& slug);
std::string urgency_label(const domain::Catalog& c, const std::string& slug);
// The classes of a service type badge, "svc-badge svc-leak_repair": one colour per service on
// every page, defined once in static/css/app.css; a slug that is not a plain word gets the
// neutral badge only.
std::string service_badge_class(const std::string& slug);

// A credit movement as the plumber reads it: at (local time in `zone`), what (no internal ids),
// amount ("+20"), credit, receipt_url (the payment's receipt, when there is one), claim_url.
boost::json::object ledger_row(const domain::LedgerEntry& e, const geo::TimeZone& zone,
                               const std::vector<domain::Payment>& payments);

// One CSV field: always quoted, quotes doubled, and a leading = + - @ tab or CR neutralised with
// an apostrophe so spreadsheets do not run it as a formula.
std::string csv_field(const std::string& value);

// A lead card for templates (labels, age, distance text, price text, quality signals, links);
// `zone`: the plumber's, for created_local ("Sat 5 Dec 2026, 2:40 pm PST"); with the plumber's
// price per credit also the price in dollars.
boost::json::object card_context(const domain::LeadCard& card, const domain::Catalog& catalog,
                                 domain::Millis now, const geo::TimeZone& zone,
                                 const std::optional<domain::CreditPrice>& price = std::nullopt);
// "$29.40" for `credits` at the plumber's price per credit; empty without one.
std::string credits_dollars_text(domain::Credits credits,
                                 const std::optional<domain::CreditPrice>& price);
// "$9.80 a credit (your Starter plan)"; empty without a price.
std::string credit_rate_text(const std::optional<domain::CreditPrice>& price);
// The full lead with contact details, for claimants' pages and the API.
boost::json::object contact_json(const domain::Lead& lead);
boost::json::object claim_json(const domain::Claim& claim);
// The profile as its owner sees it (GET /api/v1/profile); the admin API adds review details.
boost::json::object profile_json(const services::ProfileView& view);

}  // namespace plumbline::web
