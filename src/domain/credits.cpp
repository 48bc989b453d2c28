// Credits: the wording of an amount and the checks against the documented maxima.
#include "domain/credits.hpp"

namespace plumbline::domain {

namespace {

// Digits grouped by thousands: 10000000000 → "10,000,000,000".
std::string grouped(Credits n) {
  // The magnitude in unsigned arithmetic, so that the most negative value does not overflow.
  auto magnitude = static_cast<std::uint64_t>(n);
  if (n < 0) magnitude = 0 - magnitude;
  std::string digits = std::to_string(magnitude);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

}  // namespace

std::string credits_text(Credits n) {
  return grouped(n) + (n == 1 || n == -1 ? " credit" : " credits");
}

std::optional<std::string> credits_amount_problem(Credits amount) {
  if (amount == 0) return std::string("Enter a number of credits to add or remove.");
  if (amount > credits_entry_max || amount < -credits_entry_max)
    return "At most " + credits_text(credits_entry_max) +
           " can be added or removed at a time; make several entries for more.";
  return std::nullopt;
}

std::optional<std::string> balance_cap_problem(Credits balance, Credits amount) {
  if (amount <= 0) return std::nullopt;
  if (balance <= credits_balance_max && amount <= credits_balance_max - balance)
    return std::nullopt;
  std::string message = "That would take the balance above the maximum of " +
                        credits_text(credits_balance_max) + ": it is " + grouped(balance);
  if (balance >= credits_balance_max) return message + ", so no credits can be added.";
  return message + ", so at most " + credits_text(credits_balance_max - balance) + " can be added.";
}

}  // namespace plumbline::domain
