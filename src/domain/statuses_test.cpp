// Unit tests for the status enums: every enumerator round-trips through its stored string, the
// strings are the ones the database and clients know, and anything else is refused.
#include "domain/statuses.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace plumbline::domain {
namespace {

template <class E>
void expect_round_trips() {
  std::set<std::string> seen;
  for (std::size_t i = 0; i < StatusNames<E>::names.size(); ++i) {
    auto e = static_cast<E>(i);
    std::string name = to_string(e);
    EXPECT_FALSE(name.empty());
    EXPECT_TRUE(seen.insert(name).second) << name << " repeats";
    EXPECT_EQ(parse<E>(name), e) << name;
  }
  EXPECT_FALSE(parse<E>(""));
  EXPECT_FALSE(parse<E>("unknown"));
  EXPECT_FALSE(parse<E>(std::string(to_string(static_cast<E>(0))) + " "));
}

TEST(Statuses, EveryEnumeratorRoundTrips) {
  expect_round_trips<LeadStatus>();
  expect_round_trips<PlumberStatus>();
  expect_round_trips<PlanStatus>();
  expect_round_trips<ClaimOutcome>();
  expect_round_trips<DisputeStatus>();
  expect_round_trips<MessageStatus>();
  expect_round_trips<Role>();
}

TEST(Statuses, TheLastEnumeratorHasTheLastName) {
  // A new enumerator without a name (or a name without an enumerator) shows here.
  EXPECT_STREQ(to_string(LeadStatus::expired), "expired");
  EXPECT_STREQ(to_string(PlumberStatus::suspended), "suspended");
  EXPECT_STREQ(to_string(PlanStatus::canceled), "canceled");
  EXPECT_STREQ(to_string(ClaimOutcome::lost), "lost");
  EXPECT_STREQ(to_string(DisputeStatus::denied), "denied");
  EXPECT_STREQ(to_string(MessageStatus::dead), "dead");
  EXPECT_STREQ(to_string(Role::admin), "admin");
}

TEST(Statuses, StoredStringsStayAsTheDatabaseHasThem) {
  EXPECT_STREQ(to_string(LeadStatus::open), "open");
  EXPECT_STREQ(to_string(PlanStatus::past_due), "past_due");
  EXPECT_STREQ(to_string(ClaimOutcome::new_), "new");
  EXPECT_STREQ(to_string(MessageStatus::sending), "sending");
  EXPECT_STREQ(to_string(Role::plumber), "plumber");
}

TEST(Statuses, ParsingIsCaseSensitive) {
  EXPECT_FALSE(parse<LeadStatus>("Open"));
  EXPECT_FALSE(parse<Role>("ADMIN"));
  EXPECT_EQ(parse<Role>("admin"), Role::admin);
}

}  // namespace
}  // namespace plumbline::domain
