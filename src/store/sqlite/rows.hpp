// Column lists and row readers that several SQLite files share (leads "l.", claims "c.", plumber
// settings "p."), so a join can read a whole record from any column offset.
#pragma once
#include "domain/lead.hpp"
#include "domain/marketplace.hpp"
#include "store/sqlite/sqlite_db.hpp"

#define SQLITE_CLAIM_COLUMNS                                                                \
  "c.id, c.lead_id, c.plumber_id, c.price_credits, c.outcome, c.job_value_cents, c.notes, " \
  "c.refunded_at, c.created_at, c.updated_at"

// A plumber's settings (alias p), read with read_plumber_settings.
#define SQLITE_PLUMBER_SETTINGS_COLUMNS                                      \
  "p.notify_email, p.notify_sms, p.quiet_start_minute, p.quiet_end_minute, " \
  "p.utc_offset_minutes, p.daily_cap, p.paused"

namespace plumbline::store::sqlite {

inline constexpr int claim_column_count = 10;
inline constexpr int plumber_settings_column_count = 7;

// Reads SQLITE_CLAIM_COLUMNS starting at column `first` (defined in claims.cpp).
domain::Claim read_claim(const Statement& st, int first = 0);
// Reads SQLITE_PLUMBER_SETTINGS_COLUMNS starting at column `first` (defined in profiles.cpp).
domain::PlumberSettings read_plumber_settings(const Statement& st, int first);

}  // namespace plumbline::store::sqlite
