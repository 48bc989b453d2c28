// SQLite: the demand report's grouped counts (statements in store/sql/report_demand.hpp).
#include "store/sql/report_demand.hpp"

#include "store/sqlite/sqlite_tx.hpp"

namespace plumbline::store::sqlite {

namespace {

// Runs statement S over the span (and the slot width when the statement has one) and reads every
// row with `read`.
template <const auto& S, typename Read>
auto sqlite_demand_rows(Connection& c, const domain::ReportSpan& span, domain::Millis slot_ms,
                        Read read) {
  auto st = c.prepare<S>();
  st.bind(1, span.from_ms).bind(2, span.to_ms);
  if (slot_ms > 0) st.bind(3, slot_ms);
  std::vector<decltype(read(st))> out;
  while (st.step()) out.push_back(read(st));
  return out;
}

}  // namespace

std::vector<domain::DemandSlotCount> SqliteTx::demand_by_service(const domain::ReportSpan& span,
                                                                 domain::Millis slot_ms) {
  return sqlite_demand_rows<sql::report_demand::by_service>(
      c_, span, slot_ms, [](const Statement& r) { return sql::report_demand::read_slot_count(r); });
}

std::vector<domain::DemandSlotMix> SqliteTx::demand_by_urgency_source(
    const domain::ReportSpan& span, domain::Millis slot_ms) {
  return sqlite_demand_rows<sql::report_demand::by_urgency_source>(
      c_, span, slot_ms, [](const Statement& r) { return sql::report_demand::read_slot_mix(r); });
}

std::vector<domain::DemandSlotCount> SqliteTx::demand_duplicates(const domain::ReportSpan& span,
                                                                 domain::Millis slot_ms) {
  return sqlite_demand_rows<sql::report_demand::duplicates>(
      c_, span, slot_ms, [](const Statement& r) { return sql::report_demand::read_slot_count(r); });
}

std::vector<domain::DemandZipCount> SqliteTx::demand_by_zip(const domain::ReportSpan& span) {
  if (span.to_ms <= span.from_ms) return {};
  sql::report_demand::DemandZipFold fold;
  auto st = c_.prepare<sql::report_demand::zip_of_each>();
  st.bind(1, span.from_ms).bind(2, span.to_ms);
  while (st.step()) fold.add(st.text(0));
  return fold.take();
}

std::vector<domain::DemandUnmatched> SqliteTx::demand_unmatched(const domain::ReportSpan& span) {
  return sqlite_demand_rows<sql::report_demand::unmatched>(
      c_, span, 0, [](const Statement& r) { return sql::report_demand::read_unmatched(r); });
}

}  // namespace plumbline::store::sqlite
