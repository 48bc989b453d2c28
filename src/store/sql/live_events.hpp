// The SQL of live events, written once for both backends (PostgreSQL placeholders; see
// statement.hpp).
#pragma once
#include "store/sql/statement.hpp"

namespace plumbline::store::sql::live_events {

inline constexpr Statement live_events_after{
    "live_events_after",
    "SELECT id, kind, lead_id, created_at FROM live_events WHERE id > $1 "
    "ORDER BY id LIMIT $2"};
inline constexpr Statement last_live_event_id{"last_live_event_id",
                                              "SELECT coalesce(max(id), 0) FROM live_events"};
inline constexpr Statement delete_live_events_before{
    "delete_live_events_before", "DELETE FROM live_events WHERE created_at < $1"};

inline constexpr Statement insert_live_event{
    "insert_live_event",
    "INSERT INTO live_events (kind, lead_id, created_at) VALUES ($1, $2, $3) RETURNING id"};

}  // namespace plumbline::store::sql::live_events
