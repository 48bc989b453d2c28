// Test-only: a typed id compares equal to the plain number a fixture returned for the same row
// (`EXPECT_EQ(claim.lead_id, lead)`), also inside std::optional. Production code has no such
// comparison: there a LeadId never meets a bare integer.
#pragma once
#include <cstdint>

#include "domain/ids.hpp"

namespace plumbline::domain {

template <class Tag>
constexpr bool operator==(Id<Tag> id, std::int64_t plain) {
  return id.value == plain;
}

}  // namespace plumbline::domain
