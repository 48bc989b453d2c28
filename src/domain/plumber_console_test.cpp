// Unit tests of the plumbers console's search box reading.
#include "domain/plumber_console.hpp"

#include <gtest/gtest.h>

namespace plumbline::domain {
namespace {

TEST(PlumberSearchTerm, EmptyMatchesEverything) {
  auto t = parse_plumber_search("   ");
  EXPECT_TRUE(t.name_prefix.empty() && t.email_prefix.empty() && t.phone_digits.empty());
  EXPECT_EQ(t.id, 0);
}

TEST(PlumberSearchTerm, DigitsAreAnIdAndAPhoneNumber) {
  auto t = parse_plumber_search(" 1234 ");
  EXPECT_EQ(t.id, 1234);
  EXPECT_EQ(t.phone_digits, "1234");
  EXPECT_TRUE(t.name_prefix.empty());
}

TEST(PlumberSearchTerm, AFormattedPhoneNumberIsNotAnId) {
  auto t = parse_plumber_search("+1 (312) 555-0101");
  EXPECT_EQ(t.phone_digits, "13125550101");
  EXPECT_EQ(t.id, 0);
}

TEST(PlumberSearchTerm, TextIsANameOrEmailPrefixInLowerCase) {
  auto t = parse_plumber_search("Acme Pipes");
  EXPECT_EQ(t.name_prefix, "acme pipes");
  EXPECT_EQ(t.email_prefix, "acme pipes");
  EXPECT_TRUE(t.phone_digits.empty());
}

TEST(PlumberSearchTerm, AnAtSignMakesItAnEmailPrefixOnly) {
  auto t = parse_plumber_search("Bob@Example");
  EXPECT_EQ(t.email_prefix, "bob@example");
  EXPECT_TRUE(t.name_prefix.empty());
}

TEST(PlumberRowState, ClosedWinsOverTheReviewStatus) {
  PlumberRow r;
  r.status = PlumberStatus::approved;
  EXPECT_EQ(plumber_row_state(r), "approved");
  r.closed_at = 5;
  EXPECT_EQ(plumber_row_state(r), "closed");
}

}  // namespace
}  // namespace plumbline::domain
