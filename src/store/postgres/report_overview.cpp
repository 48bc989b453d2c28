// PostgreSQL: the overview report's reads (sums per slot, active plumbers, credits outstanding).
#include "store/sql/report_overview.hpp"

#include "store/postgres/pg_tx.hpp"

namespace plumbline::store::pg {

namespace {

// Runs one of the grouped per-slot statements over [from, to).
template <const auto& S>
std::vector<domain::OverviewSlot> overview_slots_pg(Conn& c, domain::Millis from, domain::Millis to,
                                                    domain::Millis slot_ms) {
  std::vector<domain::OverviewSlot> out;
  if (slot_ms <= 0 || to <= from) return out;
  auto r = c.run(S, from, to, slot_ms);
  out.reserve(static_cast<std::size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i) out.push_back({r.int64(i, 0), r.int64(i, 1), r.int64(i, 2)});
  return out;
}

}  // namespace

std::vector<domain::OverviewSlot> PgTx::overview_request_slots(domain::Millis from,
                                                               domain::Millis to,
                                                               domain::Millis slot_ms) {
  return overview_slots_pg<sql::report_overview::request_slots>(c_, from, to, slot_ms);
}

std::vector<domain::OverviewSlot> PgTx::overview_claim_slots(domain::Millis from, domain::Millis to,
                                                             domain::Millis slot_ms) {
  return overview_slots_pg<sql::report_overview::claim_slots>(c_, from, to, slot_ms);
}

std::vector<domain::OverviewSlot> PgTx::overview_payment_slots(domain::Millis from,
                                                               domain::Millis to,
                                                               domain::Millis slot_ms) {
  return overview_slots_pg<sql::report_overview::payment_slots>(c_, from, to, slot_ms);
}

std::vector<domain::OverviewSlot> PgTx::overview_ledger_slots(domain::Millis from,
                                                              domain::Millis to,
                                                              domain::Millis slot_ms) {
  return overview_slots_pg<sql::report_overview::ledger_slots>(c_, from, to, slot_ms);
}

std::int64_t PgTx::overview_active_plumbers(domain::Millis from, domain::Millis to) {
  return c_.run(sql::report_overview::active_plumbers, from, to).int64(0, 0);
}

std::int64_t PgTx::overview_credits_outstanding() {
  return c_.run(sql::report_overview::credits_outstanding).int64(0, 0);
}

std::int64_t PgTx::overview_ledger_since(domain::Millis from) {
  return c_.run(sql::report_overview::ledger_since, from).int64(0, 0);
}

}  // namespace plumbline::store::pg
