// Unit tests for the id types: explicit construction, comparison, hashing, printing, and a claim
// whose plumber and lead are swapped does not compile.
#include "domain/ids.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <type_traits>
#include <unordered_set>

#include "services/claims.hpp"

namespace plumbline::domain {
namespace {

// Ids of different records are different types, and none is made from a bare number implicitly.
static_assert(!std::is_same_v<LeadId, UserId>);
static_assert(!std::is_convertible_v<std::int64_t, LeadId>);
static_assert(!std::is_convertible_v<LeadId, std::int64_t>);
static_assert(!std::is_convertible_v<UserId, LeadId>);
static_assert(std::is_constructible_v<LeadId, std::int64_t>);
static_assert(sizeof(LeadId) == sizeof(std::int64_t));

// claim(plumber, lead) takes a UserId then a LeadId: swapped or bare arguments are refused.
using ClaimCall = decltype(&services::ClaimService::claim);
static_assert(std::is_invocable_v<ClaimCall, services::ClaimService&, UserId, LeadId>);
static_assert(!std::is_invocable_v<ClaimCall, services::ClaimService&, LeadId, UserId>);
static_assert(!std::is_invocable_v<ClaimCall, services::ClaimService&, std::int64_t, std::int64_t>);
static_assert(!std::is_invocable_v<decltype(&services::ClaimService::claim_detail),
                                   services::ClaimService&, UserId, LeadId>);

TEST(Ids, DefaultIsUnsetAndCompareByValue) {
  EXPECT_FALSE(LeadId{}.is_set());
  EXPECT_TRUE(LeadId{7}.is_set());
  EXPECT_EQ(LeadId{7}, LeadId{7});
  EXPECT_NE(LeadId{7}, LeadId{8});
  EXPECT_LT(UserId{2}, UserId{10});
}

TEST(Ids, PrintAndHashAsTheirNumber) {
  EXPECT_EQ(to_string(ClaimId{42}), "42");
  std::ostringstream out;
  out << DisputeId{9};
  EXPECT_EQ(out.str(), "9");
  std::unordered_set<UserId> seen{UserId{1}, UserId{1}, UserId{2}};
  EXPECT_EQ(seen.size(), 2u);
}

}  // namespace
}  // namespace plumbline::domain
