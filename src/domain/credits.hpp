// Credits and money as 64-bit counts end to end, and the documented maxima (docs/payments.md).
#pragma once
#include <cstdint>
#include <optional>
#include <string>

namespace plumbline::domain {

using Credits = std::int64_t;  // a number of credits: a balance, a price, a ledger amount
using Cents = std::int64_t;    // money in the currency's minor unit (USD cents)

// The most one ledger entry moves either way: an admin grant or adjustment is refused beyond it
// (packs and plans stay far below, at catalog_credits_max).
inline constexpr Credits credits_entry_max = 100'000;
// The highest balance a grant, purchase or adjustment may reach. Far above any real account,
// above 2^32 so that a 32-bit slip anywhere would show, and far below 2^53 so that every JSON
// reader (JavaScript numbers) reads a balance exactly. A refund is never refused by it: it gives
// back what a claim took.
inline constexpr Credits credits_balance_max = 10'000'000'000;

// "1 credit", "12,345 credits".
std::string credits_text(Credits n);

// Why an admin may not grant or take away `amount` credits at once, or nullopt (0 is refused).
std::optional<std::string> credits_amount_problem(Credits amount);

// The refusal when adding `amount` to `balance` would pass credits_balance_max, or nullopt
// (debits never pass it). Overflow-safe for any balance.
std::optional<std::string> balance_cap_problem(Credits balance, Credits amount);

}  // namespace plumbline::domain
