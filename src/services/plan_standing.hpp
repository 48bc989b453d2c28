// Reading a plumber's plan standing inside a transaction, and its JSON (API, data export): the
// one place every page and API gets plan name, status, renewal date and monthly credits from.
#pragma once
#include <boost/json/object.hpp>
#include <cstdint>

#include "domain/plan_standing.hpp"
#include "store/store.hpp"

namespace plumbline::services {

// A plumber without a billing row reads as "no plan".
domain::PlanStanding read_plan_standing(store::Tx& tx, domain::UserId user_id);

// {status, status_label, plan (id or null), name (or null), price_cents, credits_per_month,
// renews_on / ends_on (YYYY-MM-DD or null)}.
boost::json::object plan_standing_json(const domain::PlanStanding& s);

// "2026-12-31" (UTC) from Unix seconds; empty for 0.
std::string plan_date(std::int64_t unix_seconds);

}  // namespace plumbline::services
