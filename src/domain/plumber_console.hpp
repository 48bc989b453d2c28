// The plumbers console: the search query (filters, sort, keyset cursor), a result row, and how
// the one search box is read (name or e-mail prefix, phone digits, id).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/lead.hpp"

namespace plumbline::domain {

// Sort orders of the plumber list; each is keyset paged on (its key, user id).
inline constexpr const char* plumber_sort_newest = "newest";            // user id descending
inline constexpr const char* plumber_sort_name = "name";                // business name, A→Z
inline constexpr const char* plumber_sort_balance = "balance";          // credits, most first
inline constexpr const char* plumber_sort_last_active = "last_active";  // most recent first

// The account state the console filters on: a review status, or "closed" (users.closed_at).
inline constexpr const char* plumber_state_closed = "closed";

// What the search box asks for; every empty or zero field matches everything.
struct PlumberSearchTerm {
  std::string name_prefix;   // lower case: business or contact name starts with it
  std::string email_prefix;  // lower case: the account e-mail starts with it
  std::string phone_digits;  // the phone number contains these digits
  std::int64_t id = 0;       // the plumber's user id
};

// The search box: digits (with spaces, dashes, brackets or a leading +) are a phone number and,
// when they fit, an id; text with '@' is an e-mail prefix; other text is a name or e-mail prefix.
PlumberSearchTerm parse_plumber_search(std::string_view raw);

struct PlumberSearch {
  PlumberSearchTerm term;
  std::string status;       // "" | pending | approved | rejected | suspended | closed
  std::string plan_status;  // "" | none | active | trialing | past_due | canceled
  std::string service;      // "" | a service type slug
  // Area: plumbers whose service area covers (lat, lng) — the radius around their base ZIP or
  // `zip` among their extra ZIPs — or, with within_miles > 0, whose base is within that distance.
  bool near = false;
  double lat = 0, lng = 0;
  std::string zip;
  int within_miles = 0;
  Millis signed_up_from = 0, signed_up_to = 0;  // [from, to) on users.created_at; 0 = open
  Millis active_from = 0, active_to = 0;        // [from, to) on the last activity; 0 = open
  std::optional<std::int64_t> balance_min, balance_max;  // inclusive
  std::string sort = plumber_sort_newest;
  // Keyset cursor: the last row of the previous page (after_id = 0 → the first page).
  std::int64_t after_id = 0;
  std::string after_name;      // sort = name: lower(business_name) of that row
  std::int64_t after_num = 0;  // sort = balance / last_active: that row's value
  int limit = 50;
};

// One plumber in the console's list (and its CSV).
struct PlumberRow {
  std::int64_t id = 0;
  std::string business_name, contact_name, email, phone_e164;
  PlumberStatus status = PlumberStatus::pending;  // closed accounts have closed_at
  PlanStatus plan_status = PlanStatus::none;
  std::string base_zip;
  int radius_miles = 0;
  std::int64_t balance = 0;
  Millis created_at = 0;
  Millis last_active_at = 0;  // last session seen or successful sign-in; 0 = never
  std::optional<Millis> closed_at;
};

// The console's state word for a row: its review status, or "closed".
std::string plumber_row_state(const PlumberRow& row);

bool is_plumber_sort(std::string_view sort);

}  // namespace plumbline::domain
