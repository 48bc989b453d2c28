// The plumbers console's pure rules: reading the search box, the state word, the sort names.
#include "domain/plumber_console.hpp"

#include <cctype>
#include <charconv>

namespace plumbline::domain {

PlumberSearchTerm parse_plumber_search(std::string_view raw) {
  while (!raw.empty() && std::isspace(static_cast<unsigned char>(raw.front())))
    raw.remove_prefix(1);
  while (!raw.empty() && std::isspace(static_cast<unsigned char>(raw.back()))) raw.remove_suffix(1);
  PlumberSearchTerm t;
  if (raw.empty()) return t;
  std::string digits;
  bool phone_like = true;
  for (char c : raw) {
    auto u = static_cast<unsigned char>(c);
    if (std::isdigit(u))
      digits += c;
    else if (c != ' ' && c != '-' && c != '(' && c != ')' && c != '.' && c != '+')
      phone_like = false;
  }
  if (phone_like && !digits.empty()) {
    t.phone_digits = digits;
    // Only a plain run of digits is also an id ("+1 312" is a phone number, not user 1312).
    if (digits.size() == raw.size() && digits.size() <= 18)
      std::from_chars(digits.data(), digits.data() + digits.size(), t.id);
    return t;
  }
  std::string lower;
  for (char c : raw) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  t.email_prefix = lower;
  if (lower.find('@') == std::string::npos) t.name_prefix = lower;
  return t;
}

std::string plumber_row_state(const PlumberRow& row) {
  return row.closed_at ? plumber_state_closed : to_string(row.status);
}

bool is_plumber_sort(std::string_view sort) {
  return sort == plumber_sort_newest || sort == plumber_sort_name || sort == plumber_sort_balance ||
         sort == plumber_sort_last_active;
}

}  // namespace plumbline::domain
