// Shared by the fixture generators in bench/: a portable random source, names and catalogue slugs,
// and the SQLite "drop the secondary indexes, load, build them again" helper.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <vector>

namespace plumbline::bench {

inline const std::vector<std::string> service_slugs{
    "leak_repair",     "drain_cleaning", "water_heater", "toilet_repair",
    "fixture_install", "sewer_line",     "gas_line",     "repiping",
    "sump_pump",       "water_line",     "remodel",      "other"};
inline const std::vector<std::string> urgencies{"emergency", "within_24h", "this_week", "flexible"};
inline const std::vector<std::string> first_names{
    "Maria",     "James",   "Linda",   "Robert",  "Patricia", "Michael", "Jennifer",  "David",
    "Elizabeth", "William", "Barbara", "Richard", "Susan",    "Joseph",  "Jessica",   "Thomas",
    "Sarah",     "Charles", "Karen",   "Daniel",  "Nancy",    "Matthew", "Lisa",      "Anthony",
    "Betty",     "Mark",    "Sandra",  "Paul",    "Ashley",   "Steven",  "Kimberly",  "Andrew",
    "Emily",     "Kenneth", "Donna",   "Joshua",  "Michelle", "Kevin",   "Carol",     "Brian",
    "Amanda",    "George",  "Melissa", "Timothy", "Deborah",  "Ronald",  "Stephanie", "Jason",
    "Rebecca",   "Edward"};
inline const std::vector<std::string> last_names{
    "Smith",     "Johnson",  "Williams",  "Brown",   "Jones",    "Garcia",   "Miller",   "Davis",
    "Rodriguez", "Martinez", "Hernandez", "Lopez",   "Gonzalez", "Wilson",   "Anderson", "Thomas",
    "Taylor",    "Moore",    "Jackson",   "Martin",  "Lee",      "Perez",    "Thompson", "White",
    "Harris",    "Sanchez",  "Clark",     "Ramirez", "Lewis",    "Robinson", "Walker",   "Young",
    "Allen",     "King",     "Wright",    "Scott",   "Torres",   "Nguyen",   "Hill",     "Flores",
    "Green",     "Adams",    "Nelson",    "Baker",   "Hall",     "Rivera",   "Campbell", "Mitchell",
    "Carter",    "Roberts"};

struct Rng {  // splitmix64: the same fixture on every platform
  std::uint64_t s;
  std::uint64_t next() {
    std::uint64_t z = (s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  int below(int n) { return static_cast<int>(next() % static_cast<std::uint64_t>(n)); }
  bool per_mille(int n) { return below(1000) < n; }
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }  // [0, 1)
};

// SQLite: drops the secondary indexes of `tables` (returning their CREATE statements) or runs the
// statements given. Loading a million rows through random-order indexes rewrites most index pages
// in every transaction; building each index once at the end is a sort.
inline std::vector<std::string> sqlite_indexes(
    const std::string& path, const std::vector<std::string>& create,
    const std::string& tables = "'leads', 'lead_matches', 'claims', 'disputes'") {
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_busy_timeout(db, 60000);
  std::vector<std::string> out;
  if (create.empty()) {
    sqlite3_stmt* st = nullptr;
    std::string q =
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        "AND tbl_name IN (" +
        tables + ")";
    sqlite3_prepare_v2(db, q.c_str(), -1, &st, nullptr);
    std::vector<std::string> names;
    while (sqlite3_step(st) == SQLITE_ROW) {
      names.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
      out.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 1)));
    }
    sqlite3_finalize(st);
    for (const auto& n : names)
      sqlite3_exec(db, ("DROP INDEX " + n).c_str(), nullptr, nullptr, nullptr);
  } else {
    for (const auto& c : create) sqlite3_exec(db, c.c_str(), nullptr, nullptr, nullptr);
  }
  sqlite3_close(db);
  return out;
}

}  // namespace plumbline::bench
