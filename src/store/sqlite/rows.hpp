// Column lists and row readers that several SQLite files share (leads "l.", claims "c.", plumber
// settings "p."), so a join can read a whole record from any column offset.
#pragma once
#include "domain/lead.hpp"
#include "domain/marketplace.hpp"
#include "store/sqlite/sqlite_db.hpp"

// A plumber's settings (alias p), read with read_plumber_settings.
#define SQLITE_PLUMBER_SETTINGS_COLUMNS                                      \
  "p.notify_email, p.notify_sms, p.quiet_start_minute, p.quiet_end_minute, " \
  "p.utc_offset_minutes, p.daily_cap, p.paused"

namespace plumbline::store::sqlite {

inline constexpr int plumber_settings_column_count = 7;

// Reads SQLITE_PLUMBER_SETTINGS_COLUMNS starting at column `first` (defined in profiles.cpp).
domain::PlumberSettings read_plumber_settings(const Statement& st, int first);

}  // namespace plumbline::store::sqlite
