// SQLite: the overview report's reads (sums per slot, active plumbers, credits outstanding).
#include "store/sql/report_overview.hpp"

#include <unordered_set>

#include "store/sqlite/sqlite_tx.hpp"

namespace plumbline::store::sqlite {

namespace {

// Runs one of the grouped per-slot statements over [from, to).
template <const auto& S>
std::vector<domain::OverviewSlot> overview_slots_sqlite(Connection& c, domain::Millis from,
                                                        domain::Millis to, domain::Millis slot_ms) {
  std::vector<domain::OverviewSlot> out;
  if (slot_ms <= 0 || to <= from) return out;
  auto st = c.prepare<S>();
  st.bind(1, from).bind(2, to).bind(3, slot_ms);
  while (st.step()) out.push_back({st.int64(0), st.int64(1), st.int64(2)});
  return out;
}

}  // namespace

std::vector<domain::OverviewSlot> SqliteTx::overview_request_slots(domain::Millis from,
                                                                   domain::Millis to,
                                                                   domain::Millis slot_ms) {
  return overview_slots_sqlite<sql::report_overview::request_slots>(c_, from, to, slot_ms);
}

std::vector<domain::OverviewSlot> SqliteTx::overview_claim_slots(domain::Millis from,
                                                                 domain::Millis to,
                                                                 domain::Millis slot_ms) {
  return overview_slots_sqlite<sql::report_overview::claim_slots>(c_, from, to, slot_ms);
}

std::vector<domain::OverviewSlot> SqliteTx::overview_payment_slots(domain::Millis from,
                                                                   domain::Millis to,
                                                                   domain::Millis slot_ms) {
  return overview_slots_sqlite<sql::report_overview::payment_slots>(c_, from, to, slot_ms);
}

std::vector<domain::OverviewSlot> SqliteTx::overview_ledger_slots(domain::Millis from,
                                                                  domain::Millis to,
                                                                  domain::Millis slot_ms) {
  return overview_slots_sqlite<sql::report_overview::ledger_slots>(c_, from, to, slot_ms);
}

std::int64_t count_active_plumbers_sqlite(Connection& c, domain::Millis from, domain::Millis to) {
  if (to <= from) return 0;
  std::unordered_set<std::int64_t> seen;
  auto st = c.prepare<sql::report_overview::active_plumber_rows>();
  st.bind(1, from).bind(2, to);
  while (st.step()) seen.insert(st.int64(0));
  return static_cast<std::int64_t>(seen.size());
}

std::int64_t SqliteTx::overview_active_plumbers(domain::Millis from, domain::Millis to) {
  return count_active_plumbers_sqlite(c_, from, to);
}

std::int64_t SqliteTx::overview_credits_outstanding() {
  auto st = c_.prepare<sql::report_overview::credits_outstanding>();
  st.step();
  return st.int64(0);
}

std::int64_t SqliteTx::overview_ledger_since(domain::Millis from) {
  auto st = c_.prepare<sql::report_overview::ledger_since>();
  st.bind(1, from);
  st.step();
  return st.int64(0);
}

}  // namespace plumbline::store::sqlite
