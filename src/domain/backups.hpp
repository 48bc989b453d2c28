// Scheduled backups' rules: the file names (their UTC time), when one is due, which ones to drop.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace plumbline::domain {

// "plumbline-2026-12-08T033000Z.db": sortable by name, and the name tells when it was taken.
std::string backup_file_name(std::int64_t unix_ms);
// The time a backup_file_name() encodes (to the second), or nullopt for any other name.
std::optional<std::int64_t> backup_time_of(std::string_view name);

// True when no backup is newer than `interval_ms` (a restarted worker does not add an extra one).
bool backup_due(const std::vector<std::string>& names, std::int64_t now_ms,
                std::int64_t interval_ms);

// The backups to delete so that the newest `keep` stay; names that are not backups are never
// named.
std::vector<std::string> backups_to_prune(std::vector<std::string> names, int keep);

}  // namespace plumbline::domain
