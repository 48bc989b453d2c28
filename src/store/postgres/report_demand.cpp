// PostgreSQL: the demand report's grouped counts (statements in store/sql/report_demand.hpp).
#include "store/sql/report_demand.hpp"

#include "store/postgres/pg_tx.hpp"

namespace plumbline::store::pg {

namespace {

// Reads every row of a result with `read`.
template <typename Read>
auto pg_demand_rows(const Result& r, Read read) {
  std::vector<decltype(read(r.row(0)))> out;
  out.reserve(static_cast<std::size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i) out.push_back(read(r.row(i)));
  return out;
}

}  // namespace

std::vector<domain::DemandSlotCount> PgTx::demand_by_service(const domain::ReportSpan& span,
                                                             domain::Millis slot_ms) {
  return pg_demand_rows(c_.run(sql::report_demand::by_service, span.from_ms, span.to_ms, slot_ms),
                        [](const Row& r) { return sql::report_demand::read_slot_count(r); });
}

std::vector<domain::DemandSlotMix> PgTx::demand_by_urgency_source(const domain::ReportSpan& span,
                                                                  domain::Millis slot_ms) {
  return pg_demand_rows(
      c_.run(sql::report_demand::by_urgency_source, span.from_ms, span.to_ms, slot_ms),
      [](const Row& r) { return sql::report_demand::read_slot_mix(r); });
}

std::vector<domain::DemandSlotCount> PgTx::demand_duplicates(const domain::ReportSpan& span,
                                                             domain::Millis slot_ms) {
  return pg_demand_rows(c_.run(sql::report_demand::duplicates, span.from_ms, span.to_ms, slot_ms),
                        [](const Row& r) { return sql::report_demand::read_slot_count(r); });
}

std::vector<domain::DemandZipCount> PgTx::demand_by_zip(const domain::ReportSpan& span) {
  if (span.to_ms <= span.from_ms) return {};
  auto r = c_.run(sql::report_demand::zip_of_each, span.from_ms, span.to_ms);
  sql::report_demand::DemandZipFold fold;
  for (int i = 0; i < r.rows(); ++i) fold.add(r.text(i, 0));
  return fold.take();
}

std::vector<domain::DemandUnmatched> PgTx::demand_unmatched(const domain::ReportSpan& span) {
  return pg_demand_rows(c_.run(sql::report_demand::unmatched, span.from_ms, span.to_ms),
                        [](const Row& r) { return sql::report_demand::read_unmatched(r); });
}

}  // namespace plumbline::store::pg
