// Unit tests for the backup rules: names that sort by time and parse back, due times, retention.
#include "domain/backups.hpp"

#include <gtest/gtest.h>

namespace plumbline::domain {
namespace {

constexpr std::int64_t t0 = 1796700000000;  // 2026-12-08T03:20:00Z
constexpr std::int64_t hour = 3'600'000;

TEST(Backups, NamesCarryTheirUtcTimeAndSortByIt) {
  EXPECT_EQ(backup_file_name(t0), "plumbline-2026-12-08T032000Z.db");
  EXPECT_EQ(backup_time_of(backup_file_name(t0 + 999)), t0) << "to the second";
  EXPECT_LT(backup_file_name(t0 + 9 * hour), backup_file_name(t0 + 10 * hour));
  for (const char* other : {"plumbline.db", "plumbline-2026-12-09T032000Z.db.partial",
                            "plumbline-2026-13-09T032000Z.db", "plumbline-2026-12-09T036000Z.db",
                            "x-2026-12-09T032000Z.db"})
    EXPECT_FALSE(backup_time_of(other)) << other;
}

TEST(Backups, DueWhenTheNewestIsAnIntervalOld) {
  std::vector<std::string> names = {backup_file_name(t0 - 30 * hour), backup_file_name(t0),
                                    "notes.txt"};
  EXPECT_TRUE(backup_due({}, t0, 24 * hour)) << "none yet";
  EXPECT_FALSE(backup_due(names, t0 + 23 * hour, 24 * hour));
  EXPECT_TRUE(backup_due(names, t0 + 24 * hour, 24 * hour));
  EXPECT_FALSE(backup_due(names, t0 - hour, 24 * hour)) << "a clock set back makes no burst";
}

TEST(Backups, PruningKeepsTheNewestAndNeverTouchesOtherFiles) {
  std::vector<std::string> names = {backup_file_name(t0 + 2 * hour), "plumbline.db",
                                    backup_file_name(t0), backup_file_name(t0 + hour),
                                    "plumbline-x.db.partial"};
  EXPECT_EQ(backups_to_prune(names, 2), std::vector<std::string>{backup_file_name(t0)});
  EXPECT_EQ(backups_to_prune(names, 3), std::vector<std::string>{});
  EXPECT_EQ(backups_to_prune(names, 1),
            (std::vector<std::string>{backup_file_name(t0), backup_file_name(t0 + hour)}));
}

}  // namespace
}  // namespace plumbline::domain
