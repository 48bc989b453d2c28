// DemandZipFold: counts per ZIP, leading zeros kept, odd ZIPs counted apart, rows sorted by ZIP.
#include "store/sql/report_demand.hpp"

#include <gtest/gtest.h>

namespace plumbline::store::sql::report_demand {
namespace {

TEST(DemandZipFold, CountsEachZipOnceSortedWithLeadingZerosKept) {
  DemandZipFold fold;
  for (const char* zip : {"94110", "00501", "94110", "10001", "94110", "00501"}) fold.add(zip);
  const auto rows = fold.take();
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].zip, "00501");
  EXPECT_EQ(rows[0].requests, 2);
  EXPECT_EQ(rows[1].zip, "10001");
  EXPECT_EQ(rows[1].requests, 1);
  EXPECT_EQ(rows[2].zip, "94110");
  EXPECT_EQ(rows[2].requests, 3);
}

TEST(DemandZipFold, CountsAnythingButFiveDigitsApartInZipOrder) {
  DemandZipFold fold;
  for (const char* zip : {"9411", "94110", "", "9411", "A1B2C", "941100"}) fold.add(zip);
  const auto rows = fold.take();
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[0].zip, "");
  EXPECT_EQ(rows[1].zip, "9411");
  EXPECT_EQ(rows[1].requests, 2);
  EXPECT_EQ(rows[2].zip, "94110");
  EXPECT_EQ(rows[3].zip, "941100");
  EXPECT_EQ(rows[4].zip, "A1B2C");
}

TEST(DemandZipFold, StartsAgainAfterTake) {
  DemandZipFold fold;
  fold.add("94110");
  fold.add("x");
  ASSERT_EQ(fold.take().size(), 2u);
  EXPECT_TRUE(fold.take().empty());
}

}  // namespace
}  // namespace plumbline::store::sql::report_demand
