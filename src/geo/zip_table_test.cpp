// Unit tests for the ZIP centroid table loader and great-circle distance.
#include "geo/zip_table.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

namespace plumbline::geo {
namespace {

constexpr std::string_view kSmall =
    "# plumbline zip centroids v1; test fixture\n"
    "00601\t18.18055\t-66.74996\t\tPR\n"
    "10001\t40.75065\t-73.99729\tNew York\tNY\n"
    "90012\t34.06593\t-118.23825\tLos Angeles\tCA\n"
    "94110\t37.75002\t-122.4152\tSan Francisco\tCA\n";

std::string error_of(std::string_view text) {
  try {
    ZipTable::parse(text);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "";
}

TEST(ZipTable, ParsesSmallTable) {
  ZipTable t = ZipTable::parse(kSmall);
  EXPECT_EQ(t.size(), 4u);
  EXPECT_EQ(t.source_line(), "plumbline zip centroids v1; test fixture");
}

TEST(ZipTable, FindsKnownZipAndReturnsNullForUnknown) {
  ZipTable t = ZipTable::parse(kSmall);
  const ZipInfo* sf = t.find("94110");
  ASSERT_NE(sf, nullptr);
  EXPECT_EQ(sf->city, "San Francisco");
  EXPECT_EQ(sf->state, "CA");
  EXPECT_DOUBLE_EQ(sf->lat, 37.75002);
  EXPECT_DOUBLE_EQ(sf->lng, -122.4152);
  const ZipInfo* pr = t.find("00601");  // leading zero kept, empty city allowed
  ASSERT_NE(pr, nullptr);
  EXPECT_EQ(pr->city, "");
  EXPECT_EQ(pr->state, "PR");
  EXPECT_EQ(t.find("94111"), nullptr);
  EXPECT_EQ(t.find("00000"), nullptr);
  EXPECT_EQ(t.find("99999"), nullptr);
  EXPECT_EQ(t.find("9411"), nullptr);
  EXPECT_EQ(t.find("941100"), nullptr);
  EXPECT_EQ(t.find("941a0"), nullptr);
  EXPECT_EQ(t.find(""), nullptr);
  EXPECT_EQ(ZipTable{}.find("94110"), nullptr);
}

TEST(ZipTable, MalformedLineNamesTheLine) {
  std::string text(kSmall);
  text += "94117\t37.77\n";  // line 6: too few fields
  EXPECT_NE(error_of(text).find("line 6"), std::string::npos) << error_of(text);
  EXPECT_NE(error_of("\n9411x\t1\t2\tX\tCA\n").find("line 2: bad ZIP"), std::string::npos);
  EXPECT_NE(error_of("94110\t91\t2\tX\tCA\n").find("latitude"), std::string::npos);
  EXPECT_NE(error_of("94110\t37.7\t-122.4x\tX\tCA\n").find("longitude"), std::string::npos);
  EXPECT_NE(error_of("94110\t37.7\t-122.4\tX\tCal\n").find("state"), std::string::npos);
  EXPECT_NE(error_of("94110\t37.7\t-122.4\tX\tCA\tUTC\textra\n").find("line 1"), std::string::npos);
}

TEST(ZipTable, TimeZoneColumnIsReadWhenPresent) {
  ZipTable t = ZipTable::parse(
      "10001\t40.75065\t-73.99729\tNew York\tNY\tAmerica/New_York\n"
      "09001\t38.1105\t15.6613\tAPO\tAE\t\n");
  EXPECT_EQ(t.find("10001")->tz, "America/New_York");
  EXPECT_EQ(t.find("09001")->tz, "");
  EXPECT_EQ(t.zone_names(), std::vector<std::string>{"America/New_York"});
  EXPECT_EQ(ZipTable::parse(kSmall).find("10001")->tz, "");  // v1: no column
  EXPECT_NE(error_of("10001\t40\t-73\tNew York\tNY\t../../etc/passwd\n").find("bad time zone"),
            std::string::npos);
}

TEST(ZipTable, DuplicateZipIsAnError) {
  EXPECT_NE(error_of("10001\t1\t2\tA\tNY\n10001\t1\t2\tA\tNY\n").find("duplicate ZIP 10001"),
            std::string::npos);
  std::string unsorted = error_of("20001\t1\t2\tA\tDC\n10001\t1\t2\tA\tNY\n20001\t1\t2\tA\tDC\n");
  EXPECT_NE(unsorted.find("line 3: duplicate ZIP 20001"), std::string::npos) << unsorted;
}

TEST(ZipTable, UnsortedInputIsSortedAndCrlfAccepted) {
  ZipTable t = ZipTable::parse(
      "# src\r\n94110\t37.75\t-122.41\tSan Francisco\tCA\r\n"
      "00501\t40.8154\t-73.0451\tHoltsville\tNY\r\n\r\n"
      "10001\t40.75\t-73.99\tNew York\tNY\r\n");
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(t.source_line(), "src");
  for (const char* z : {"00501", "10001", "94110"}) {
    ASSERT_NE(t.find(z), nullptr) << z;
    EXPECT_EQ(t.find(z)->zip, z);
  }
  EXPECT_EQ(t.find("94110")->state, "CA");
}

TEST(ZipTable, LoadFileReadsAndNamesPathOnError) {
  auto path = std::filesystem::temp_directory_path() / "plumbline_zip_table_test.tsv";
  { std::ofstream(path) << kSmall; }
  ZipTable t = ZipTable::load_file(path.string());
  std::remove(path.string().c_str());
  EXPECT_EQ(t.size(), 4u);
  try {
    ZipTable::load_file("/nonexistent/zips.tsv");
    FAIL() << "expected an exception";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/zips.tsv"), std::string::npos);
  }
}

TEST(ZipTable, GeneratedTableIfBuilt) {
  for (const char* p :
       {"data/generated/zips.tsv", "../data/generated/zips.tsv", "../../data/generated/zips.tsv"}) {
    if (!std::filesystem::exists(p)) continue;
    ZipTable t = ZipTable::load_file(p);
    EXPECT_GT(t.size(), 40000u);
    EXPECT_EQ(t.source_line().rfind("plumbline zip centroids v2", 0), 0u);
    ASSERT_NE(t.find("94110"), nullptr);
    EXPECT_EQ(t.find("94110")->city, "San Francisco");
    // The time zone column: split states follow county lines (scripts/zip-time-zones.mjs).
    EXPECT_EQ(t.find("94110")->tz, "America/Los_Angeles");
    EXPECT_EQ(t.find("10001")->tz, "America/New_York");
    EXPECT_EQ(t.find("85001")->tz, "America/Phoenix");
    EXPECT_EQ(t.find("96813")->tz, "Pacific/Honolulu");
    EXPECT_EQ(t.find("46320")->tz, "America/Chicago");      // Hammond, Lake County IN
    EXPECT_EQ(t.find("40202")->tz, "America/New_York");     // Louisville KY
    EXPECT_EQ(t.find("42101")->tz, "America/Chicago");      // Bowling Green KY
    EXPECT_EQ(t.find("79901")->tz, "America/Denver");       // El Paso TX
    EXPECT_EQ(t.find("83814")->tz, "America/Los_Angeles");  // Coeur d'Alene ID
    EXPECT_EQ(t.find("86515")->tz, "America/Denver");       // Window Rock AZ, Navajo Nation
    EXPECT_EQ(t.find("09001")->tz, "");                     // military mail
    return;
  }
  GTEST_SKIP() << "data/generated/zips.tsv not built (node scripts/build-zips.mjs)";
}

TEST(GreatCircle, SanFranciscoToLosAngeles) {
  double d = great_circle_miles(37.7749, -122.4194, 34.0522, -118.2437);
  EXPECT_NEAR(d, 347.0, 2.0);
  EXPECT_NEAR(great_circle_miles(34.0522, -118.2437, 37.7749, -122.4194), d, 1e-9);
  EXPECT_DOUBLE_EQ(great_circle_miles(40.0, -73.0, 40.0, -73.0), 0.0);
  EXPECT_NEAR(great_circle_miles(0, 0, 0, 180), 3.14159265358979 * earth_radius_miles, 1e-6);
}

}  // namespace
}  // namespace plumbline::geo
