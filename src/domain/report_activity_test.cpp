// Paid campaign media and referrer hosts, as the Lead sources report groups them.
#include "domain/report_activity.hpp"

#include <gtest/gtest.h>

namespace plumbline::domain {
namespace {

TEST(ReportActivity, PaidMediaAreCostPerSomethingDisplayRetargetingAndPaidAnything) {
  for (auto m : {"cpc", "CPC", " ppc ", "cpm", "cpv", "cpa", "cpl", "display", "retargeting",
                 "paid", "paidsearch", "paid_social", "Paid-Search"})
    EXPECT_TRUE(is_paid_medium(m)) << m;
  for (auto m : {"", "email", "organic", "referral", "social", "none", "newsletter", "unpaid",
                 "cpc-ish", "prepaid"})
    EXPECT_FALSE(is_paid_medium(m)) << m;
}

TEST(ReportActivity, ReferrerHostIsTheLowerCaseHostWithoutWww) {
  EXPECT_EQ(referrer_host("https://www.Google.com/search?q=plumber"), "google.com");
  EXPECT_EQ(referrer_host("http://news.example.org:8080/a#b"), "news.example.org");
  EXPECT_EQ(referrer_host("https://user:pw@m.facebook.com"), "m.facebook.com");
  EXPECT_EQ(referrer_host("android-app://com.google.android.gm/"), "com.google.android.gm");
  EXPECT_EQ(referrer_host("example.com/path"), "example.com");
  EXPECT_EQ(referrer_host("  "), "");
  EXPECT_EQ(referrer_host(""), "");
}

}  // namespace
}  // namespace plumbline::domain
