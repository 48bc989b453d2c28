// Internal to the payment service files: reading Stripe JSON, and what handle_event fetched from
// Stripe before the transaction.
#pragma once
#include <boost/json.hpp>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "services/payments.hpp"

namespace plumbline::services::payments_detail {

namespace json = boost::json;

// The value at a path of object keys, or null when any step is missing.
const json::value* at(const json::object* o, std::initializer_list<std::string_view> path);
// The object at a path, or null.
const json::object* object_at(const json::object* o, std::initializer_list<std::string_view> path);
// The string at a path, or "" (also when the field holds an expanded object or null).
std::string str(const json::object* o, std::initializer_list<std::string_view> path);
// The integer at a path, or 0.
std::int64_t num(const json::object* o, std::initializer_list<std::string_view> path);
// The boolean at a path, or nullopt when absent or not a boolean.
std::optional<bool> flag(const json::object* o, std::initializer_list<std::string_view> path);
// The first element of a list field such as lines.data or items.data.
const json::object* first_of(const json::object* o, std::initializer_list<std::string_view> path);
// The subscription an invoice belongs to (endive: parent.subscription_details.subscription).
std::string invoice_subscription(const json::object* invoice);

// Stripe's current objects, read by handle_event before the write transaction.
struct Fetched {
  const json::object* subscription = nullptr;  // GET /v1/subscriptions/{id}, or null
  std::int64_t subscription_at = 0;    // Unix seconds when it was requested: its stripe_state_at
  std::string charge_id, receipt_url;  // a paid pack checkout's latest charge ("" when unknown)
};

// What an event means for the database: `outcome` is stored with the event id, `apply` runs only
// when the id is new (inside the same transaction).
struct Decision {
  std::string outcome;
  domain::UserId plumber_id;  // none when no plumber was found
  std::function<void()> apply;
};

// charge.refunded and charge.dispute.*: recorded on the payment they are about.
Decision charge_refunded(store::Tx& tx, domain::Millis now, const json::object* charge);
Decision dispute(store::Tx& tx, domain::Millis now, const json::object* dispute);

// One verified event in one write transaction, recorded with its id (see apply_event); then, in
// the same transaction, late matching (when given) for the plumber whose billing it changed.
domain::Result<StripeEventOutcome> apply(store::Store& store, domain::Millis now,
                                         const json::value& event, const Fetched& fetched,
                                         OpenLeadMatcher* late_matching = nullptr);

}  // namespace plumbline::services::payments_detail
