// Backup names carry their UTC time, so that ordering, due times and retention need no other state.
#include "domain/backups.hpp"

#include <algorithm>
#include <cstdio>

#include "geo/time_zone.hpp"

namespace plumbline::domain {

namespace {
constexpr std::string_view prefix = "plumbline-";
constexpr std::string_view suffix = ".db";
constexpr std::int64_t day_ms = 86'400'000;
}  // namespace

std::string backup_file_name(std::int64_t unix_ms) {
  std::int64_t days = unix_ms >= 0 ? unix_ms / day_ms : -((-unix_ms + day_ms - 1) / day_ms);
  std::int64_t secs = (unix_ms - days * day_ms) / 1000;
  char time[16];
  std::snprintf(time, sizeof time, "T%02d%02d%02dZ", static_cast<int>(secs / 3600),
                static_cast<int>(secs / 60 % 60), static_cast<int>(secs % 60));
  return std::string(prefix) + geo::iso_date_of_days(days) + time + std::string(suffix);
}

std::optional<std::int64_t> backup_time_of(std::string_view name) {
  // plumbline-YYYY-MM-DDTHHMMSSZ.db
  if (name.size() != prefix.size() + 18 + suffix.size() || !name.starts_with(prefix) ||
      !name.ends_with(suffix))
    return std::nullopt;
  std::string_view stamp = name.substr(prefix.size(), 18);
  auto days = geo::iso_date_days(stamp.substr(0, 10));
  if (!days || stamp[10] != 'T' || stamp[17] != 'Z') return std::nullopt;
  int hms[3];
  for (int i = 0; i < 3; ++i) {
    char a = stamp[11 + 2 * i], b = stamp[12 + 2 * i];
    if (a < '0' || a > '9' || b < '0' || b > '9') return std::nullopt;
    hms[i] = (a - '0') * 10 + (b - '0');
  }
  if (hms[0] > 23 || hms[1] > 59 || hms[2] > 59) return std::nullopt;
  return *days * day_ms + (hms[0] * 3600 + hms[1] * 60 + hms[2]) * 1000LL;
}

bool backup_due(const std::vector<std::string>& names, std::int64_t now_ms,
                std::int64_t interval_ms) {
  std::optional<std::int64_t> newest;
  for (const auto& n : names)
    if (auto t = backup_time_of(n)) newest = std::max(newest.value_or(*t), *t);
  // A newest backup "from the future" (a clock set back) counts as recent: no burst of backups.
  return !newest || now_ms - *newest >= interval_ms;
}

std::vector<std::string> backups_to_prune(std::vector<std::string> names, int keep) {
  std::erase_if(names, [](const std::string& n) { return !backup_time_of(n); });
  std::sort(names.begin(), names.end());  // oldest first: the names sort by time
  std::size_t k = static_cast<std::size_t>(std::max(keep, 0));
  if (names.size() <= k) return {};
  names.resize(names.size() - k);
  return names;
}

}  // namespace plumbline::domain
