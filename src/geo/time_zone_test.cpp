// Unit tests for the TZif reader, POSIX footer rules and local-time text (needs Debian's tzdata).
#include "geo/time_zone.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace plumbline::geo {
namespace {

const TimeZones& system_zones() {
  static const TimeZones zones = TimeZones::load(
      "/usr/share/zoneinfo", {"America/Los_Angeles", "America/New_York", "America/Phoenix",
                              "Pacific/Honolulu", "Australia/Sydney"});
  return zones;
}

const TimeZone& zone(const char* name) {
  auto* z = system_zones().find(name);
  if (!z) throw std::runtime_error(std::string("not loaded: ") + name);
  return *z;
}

// Unix seconds of the instants checked below (from `date -d ... +%s`).
constexpr std::int64_t la_spring_forward = 1772964000;  // 2026-03-08T10:00:00Z
constexpr std::int64_t la_fall_back = 1793523600;       // 2026-11-01T09:00:00Z
constexpr std::int64_t la_spring_2040 = 2215072800;     // 2040-03-11T10:00:00Z (past fat data)
constexpr std::int64_t dec_5_2026 = 1796510400;         // 2026-12-05T22:40:00Z
constexpr std::int64_t jul_1_2026 = 1782907200;         // 2026-07-01T12:00:00Z

TEST(TimeZone, LosAngelesSwitchesToDaylightTimeOnMarch8_2026) {
  auto before = zone("America/Los_Angeles").at(la_spring_forward - 1);
  auto after = zone("America/Los_Angeles").at(la_spring_forward);
  EXPECT_EQ(before.utc_offset_seconds, -8 * 3600);
  EXPECT_EQ(before.abbreviation, "PST");
  EXPECT_EQ(after.utc_offset_seconds, -7 * 3600);
  EXPECT_EQ(after.abbreviation, "PDT");
}

TEST(TimeZone, LosAngelesFallsBackOnNovember1_2026) {
  EXPECT_EQ(zone("America/Los_Angeles").at(la_fall_back - 1).abbreviation, "PDT");
  EXPECT_EQ(zone("America/Los_Angeles").at(la_fall_back).abbreviation, "PST");
  EXPECT_EQ(zone("America/Los_Angeles").at(la_fall_back).utc_offset_seconds, -8 * 3600);
}

TEST(TimeZone, PhoenixAndHonoluluKeepStandardTimeAllYear) {
  for (auto t : {la_spring_forward, jul_1_2026, dec_5_2026}) {
    EXPECT_EQ(zone("America/Phoenix").at(t).utc_offset_seconds, -7 * 3600);
    EXPECT_EQ(zone("America/Phoenix").at(t).abbreviation, "MST");
    EXPECT_EQ(zone("Pacific/Honolulu").at(t).utc_offset_seconds, -10 * 3600);
    EXPECT_EQ(zone("Pacific/Honolulu").at(t).abbreviation, "HST");
  }
}

TEST(TimeZone, FooterRuleCarriesOnPastTheLastListedTransition) {
  EXPECT_EQ(zone("America/Los_Angeles").at(la_spring_2040 - 1).abbreviation, "PST");
  EXPECT_EQ(zone("America/Los_Angeles").at(la_spring_2040).abbreviation, "PDT");
}

TEST(TimeZone, PosixRuleAloneGivesTheSameAnswers) {
  auto la = TimeZone::from_posix_rule("la", "PST8PDT,M3.2.0,M11.1.0");
  for (auto t : {la_spring_forward - 1, la_spring_forward, la_fall_back - 1, la_fall_back,
                 jul_1_2026, dec_5_2026}) {
    EXPECT_EQ(la.at(t).utc_offset_seconds, zone("America/Los_Angeles").at(t).utc_offset_seconds)
        << t;
    EXPECT_EQ(la.at(t).abbreviation, zone("America/Los_Angeles").at(t).abbreviation) << t;
  }
}

TEST(TimeZone, SouthernHemisphereRuleWrapsAroundNewYear) {
  auto sydney = TimeZone::from_posix_rule("sydney", "AEST-10AEDT,M10.1.0,M4.1.0/3");
  EXPECT_EQ(sydney.at(dec_5_2026).abbreviation, "AEDT");
  EXPECT_EQ(sydney.at(dec_5_2026).utc_offset_seconds, 11 * 3600);
  EXPECT_EQ(sydney.at(jul_1_2026).abbreviation, "AEST");
  EXPECT_EQ(zone("Australia/Sydney").at(jul_1_2026).abbreviation, "AEST");
}

TEST(TimeZone, BadInputIsRefused) {
  EXPECT_THROW(TimeZone::parse_tzif("x", "not a zone file at all, clearly"), std::runtime_error);
  EXPECT_THROW(TimeZone::from_posix_rule("x", "P8"), std::runtime_error);
  EXPECT_THROW(TimeZone::from_posix_rule("x", "PST8PDT,M13.2.0,M11.1.0"), std::runtime_error);
  EXPECT_THROW(TimeZones::load("/usr/share/zoneinfo", {"Nowhere/Atlantis"}), std::runtime_error);
  EXPECT_THROW(TimeZones::load("/usr/share/zoneinfo", {"../etc/passwd"}), std::runtime_error);
}

TEST(TimeZones, UnknownOrEmptyNamesFallBackToUtc) {
  EXPECT_EQ(system_zones().get_or_utc("").name(), "UTC");
  EXPECT_EQ(system_zones().get_or_utc("Nowhere/Atlantis").name(), "UTC");
  EXPECT_EQ(system_zones().get_or_utc("America/Phoenix").name(), "America/Phoenix");
  EXPECT_EQ(TimeZones().get_or_utc("UTC").at(dec_5_2026).utc_offset_seconds, 0);
}

// A zone not named at start is read from the folder when first asked for (a zone staff pick in the
// settings), once: the second find gives the same zone. Names that could leave the folder, folders
// and missing files are not zones.
TEST(TimeZones, OtherZonesOfTheFolderLoadOnFirstUse) {
  auto zones = TimeZones::load("/usr/share/zoneinfo", {"America/Los_Angeles"});
  auto before = zones.size();
  const TimeZone* paris = zones.find("Europe/Paris");
  ASSERT_NE(paris, nullptr);
  EXPECT_EQ(paris->name(), "Europe/Paris");
  EXPECT_EQ(paris->at(jul_1_2026).abbreviation, "CEST");
  EXPECT_EQ(zones.find("Europe/Paris"), paris);
  EXPECT_EQ(zones.size(), before + 1);
  for (const char* bad : {"Nowhere/Atlantis", "../etc/passwd", "/etc/passwd", "Europe", "",
                          "Europe/Paris\n", "zone.tab"})
    EXPECT_EQ(zones.find(bad), nullptr) << bad;
  EXPECT_EQ(zones.size(), before + 1);
  EXPECT_EQ(TimeZones().find("Europe/Paris"), nullptr);  // no folder: UTC only
}

// Threads asking for the same new zone at once all get the one zone kept.
TEST(TimeZones, FirstUseFromManyThreadsKeepsOneZone) {
  auto zones = TimeZones::load("/usr/share/zoneinfo", {});
  std::vector<const TimeZone*> seen(8, nullptr);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < seen.size(); ++i)
    threads.emplace_back([&, i] { seen[i] = zones.find("Asia/Tokyo"); });
  for (auto& t : threads) t.join();
  for (const auto* z : seen) EXPECT_EQ(z, seen.front());
  ASSERT_NE(seen.front(), nullptr);
  EXPECT_EQ(seen.front()->at(jul_1_2026).abbreviation, "JST");
}

TEST(LocalTimeText, WeekdayDateTwelveHourClockAndAbbreviation) {
  EXPECT_EQ(local_time_text(dec_5_2026 * 1000, zone("America/Los_Angeles")),
            "Sat 5 Dec 2026, 2:40 pm PST");
  EXPECT_EQ(local_time_text(dec_5_2026 * 1000, zone("America/New_York")),
            "Sat 5 Dec 2026, 5:40 pm EST");
  EXPECT_EQ(local_time_text(jul_1_2026 * 1000, zone("America/Los_Angeles")),
            "Wed 1 Jul 2026, 5:00 am PDT");
  EXPECT_EQ(local_time_text(jul_1_2026 * 1000, TimeZone::utc()), "Wed 1 Jul 2026, 12:00 pm UTC");
  EXPECT_EQ(local_time_text((jul_1_2026 - 12 * 3600 + 5 * 60) * 1000, TimeZone::utc()),
            "Wed 1 Jul 2026, 12:05 am UTC");
  EXPECT_EQ(local_date_text(dec_5_2026 * 1000, zone("Australia/Sydney")), "Sun 6 Dec 2026");
}

TEST(TimeZone, LocalMidnightOfADateTypedByStaff) {
  auto la = TimeZone::from_posix_rule("la", "PST8PDT,M3.2.0,M11.1.0");
  // 7 Dec 2026 00:00 PST = 08:00 UTC; 1 Jul 2026 00:00 PDT = 07:00 UTC.
  EXPECT_EQ(local_midnight_ms("2026-12-07", la), std::optional<std::int64_t>(1796630400000LL));
  EXPECT_EQ(local_midnight_ms("2026-07-01", la), std::optional<std::int64_t>(1782889200000LL));
  // The day after the spring change begins at 00:00 PDT.
  EXPECT_EQ(local_midnight_ms("2026-03-09", la), std::optional<std::int64_t>(1773039600000LL));
  // The end of 8 Mar 2026 (a 23-hour day) is the next local midnight.
  EXPECT_EQ(*local_midnight_ms("2026-03-08", la, 1) - *local_midnight_ms("2026-03-08", la),
            23 * 3600 * 1000LL);
  EXPECT_EQ(local_midnight_ms("2026-12-07", TimeZone::utc()),
            std::optional<std::int64_t>(1796601600000LL));
  for (const char* bad : {"", "2026-13-01", "2026-04-31", "2026-1-01", "07/12/2026", "2026-12-0x"})
    EXPECT_FALSE(local_midnight_ms(bad, la).has_value()) << bad;
}

TEST(TimeZone, LocalMidnightWithRealZoneFiles) {
  // 2026-12-05 00:00 PST = 08:00Z; 2026-07-01 00:00 EDT = 04:00Z; 2026-03-08 (the day LA springs
  // forward, at 2 am) still starts at 00:00 PST = 08:00Z.
  EXPECT_EQ(local_midnight_ms("2026-12-05", zone("America/Los_Angeles")),
            std::optional<std::int64_t>(1796457600LL * 1000));
  EXPECT_EQ(local_midnight_ms("2026-07-01", zone("America/New_York")),
            std::optional<std::int64_t>(1782878400LL * 1000));
  EXPECT_EQ(local_midnight_ms("2026-03-08", zone("America/Los_Angeles")),
            std::optional<std::int64_t>(1772956800LL * 1000));
  EXPECT_EQ(local_midnight_ms("2026-12-05", TimeZone::utc()),
            std::optional<std::int64_t>(1796428800LL * 1000));
}

}  // namespace
}  // namespace plumbline::geo
