// Pure checks for admin-edited plans and credit packs (what the billing service saves).
#pragma once
#include <string>
#include <vector>

#include "domain/error.hpp"
#include "domain/payments.hpp"

namespace plumbline::domain {

inline constexpr int plan_name_max = 60;
inline constexpr Cents price_cents_max = 10'000'000;
inline constexpr Credits catalog_credits_max = 1000;
inline constexpr std::size_t stripe_price_id_max = 255;

// A slug of 1–40 characters from [a-z0-9_].
bool is_catalog_slug(const std::string& id);

// Problems with a plan or pack, each field named with `prefix` (e.g. "plans[2]." for a list);
// empty when it may be saved. An empty stripe_price_id is allowed: the item is not purchasable.
std::vector<FieldError> plan_problems(const PaymentPlan& plan, const std::string& prefix = "");
std::vector<FieldError> pack_problems(const CreditPack& pack, const std::string& prefix = "");

}  // namespace plumbline::domain
