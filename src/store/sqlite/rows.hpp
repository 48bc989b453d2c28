// Column lists and row readers that several SQLite files share (leads "l.", claims "c.", plumber
// settings "p."), so a join can read a whole record from any column offset.
#pragma once
#include "domain/lead.hpp"
#include "domain/marketplace.hpp"
#include "store/sqlite/sqlite_db.hpp"

#define SQLITE_LEAD_COLUMNS                                                                    \
  "l.id, l.status, l.closed_reason, l.service_type, l.description, l.urgency, l.zip, l.city, " \
  "l.state, l.lat, l.lng, l.address, l.name, l.phone_e164, l.email, l.contact_method, "        \
  "l.best_time, l.consent_text, l.consent_at, l.consent_ip, l.consent_user_agent, "            \
  "l.utm_source, l.utm_medium, l.utm_campaign, l.referrer, l.source, l.tracking_hash, "        \
  "l.duplicate_of, l.price_credits, l.max_claims, l.claims_count, l.flag, l.extra_details, "   \
  "l.created_at, l.updated_at"

#define SQLITE_CLAIM_COLUMNS                                                                \
  "c.id, c.lead_id, c.plumber_id, c.price_credits, c.outcome, c.job_value_cents, c.notes, " \
  "c.refunded_at, c.created_at, c.updated_at"

// A plumber's settings (alias p), read with read_plumber_settings.
#define SQLITE_PLUMBER_SETTINGS_COLUMNS                                      \
  "p.notify_email, p.notify_sms, p.quiet_start_minute, p.quiet_end_minute, " \
  "p.utc_offset_minutes, p.daily_cap, p.paused"

namespace plumbline::store::sqlite {

inline constexpr int lead_column_count = 35;
inline constexpr int claim_column_count = 10;
inline constexpr int plumber_settings_column_count = 7;

// Reads SQLITE_LEAD_COLUMNS starting at column `first` (defined in leads.cpp).
domain::Lead read_lead(const Statement& st, int first = 0);
// Reads SQLITE_CLAIM_COLUMNS starting at column `first` (defined in claims.cpp).
domain::Claim read_claim(const Statement& st, int first = 0);
// Reads SQLITE_PLUMBER_SETTINGS_COLUMNS starting at column `first` (defined in profiles.cpp).
domain::PlumberSettings read_plumber_settings(const Statement& st, int first);

}  // namespace plumbline::store::sqlite
