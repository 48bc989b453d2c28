// Test-only comparisons of typed record fields with the plain values fixtures and expectations
// use: a typed id with the number a fixture returned for the same row (`EXPECT_EQ(claim.lead_id,
// lead)`, also inside std::optional), and a status with its stored word (`EXPECT_EQ(d.status,
// "approved")`), printed as that word when an expectation fails. Production code has neither: there
// a LeadId never meets a bare integer, and a status is converted to its word only at the edges.
#pragma once
#include <cstdint>
#include <ostream>
#include <string_view>

#include "domain/ids.hpp"
#include "domain/statuses.hpp"

namespace plumbline::domain {

template <class Tag>
constexpr bool operator==(Id<Tag> id, std::int64_t plain) {
  return id.value == plain;
}

template <NamedStatus E>
constexpr bool operator==(E status, std::string_view word) {
  return word == to_string(status);
}

template <NamedStatus E>
void PrintTo(const E& status, std::ostream* os) {
  *os << to_string(status);
}

}  // namespace plumbline::domain
