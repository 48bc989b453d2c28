// SQLite: the live events the dashboards poll.
#include "store/sql/live_events.hpp"

#include "store/sql/row.hpp"
#include "store/sqlite/sqlite_tx.hpp"

namespace plumbline::store::sqlite {

std::int64_t SqliteTx::insert_live_event(const std::string& kind, domain::LeadId lead_id,
                                         domain::Millis at) {
  auto st = c_.prepare<sql::live_events::insert_live_event>();
  st.bind(1, kind).bind(2, lead_id).bind(3, at);
  return st.run_returning_id();
}

std::vector<domain::LiveEvent> SqliteTx::live_events_after(std::int64_t after_id, int limit) {
  if (limit <= 0) return {};
  auto st = c_.prepare<sql::live_events::live_events_after>();
  st.bind(1, after_id).bind(2, limit);
  std::vector<domain::LiveEvent> out;
  while (st.step())
    out.push_back({st.int64(0), st.text(1), sql::id_column<domain::LeadId>(st, 2), st.int64(3)});
  return out;
}

std::int64_t SqliteTx::last_live_event_id() {
  auto st = c_.prepare<sql::live_events::last_live_event_id>();
  st.step();
  return st.int64(0);
}

int SqliteTx::delete_live_events_before(domain::Millis before) {
  auto st = c_.prepare<sql::live_events::delete_live_events_before>();
  st.bind(1, before);
  st.run();
  return sqlite3_changes(c_.handle());
}

}  // namespace plumbline::store::sqlite
