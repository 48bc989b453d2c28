// SQLite: the demand report's grouped counts (statements in store/sql/report_demand.hpp).
#include "store/sql/report_demand.hpp"

#include "store/sqlite/sqlite_tx.hpp"

namespace plumbline::store::sqlite {

namespace {

template <const auto& S>
std::vector<domain::DemandSlotCount> sqlite_demand_slots(Connection& c,
                                                         const domain::ReportSpan& span,
                                                         domain::Millis slot_ms) {
  auto st = c.prepare<S>();
  st.bind(1, span.from_ms).bind(2, span.to_ms).bind(3, slot_ms);
  std::vector<domain::DemandSlotCount> out;
  while (st.step()) out.push_back(sql::report_demand::read_slot_count(st));
  return out;
}

}  // namespace

std::vector<domain::DemandSlotCount> SqliteTx::demand_by_service(const domain::ReportSpan& span,
                                                                 domain::Millis slot_ms) {
  return sqlite_demand_slots<sql::report_demand::by_service>(c_, span, slot_ms);
}

std::vector<domain::DemandSlotCount> SqliteTx::demand_by_urgency(const domain::ReportSpan& span,
                                                                 domain::Millis slot_ms) {
  return sqlite_demand_slots<sql::report_demand::by_urgency>(c_, span, slot_ms);
}

std::vector<domain::DemandSlotCount> SqliteTx::demand_by_source(const domain::ReportSpan& span,
                                                                domain::Millis slot_ms) {
  return sqlite_demand_slots<sql::report_demand::by_source>(c_, span, slot_ms);
}

std::vector<domain::DemandSlotCount> SqliteTx::demand_duplicates(const domain::ReportSpan& span,
                                                                 domain::Millis slot_ms) {
  return sqlite_demand_slots<sql::report_demand::duplicates>(c_, span, slot_ms);
}

std::vector<domain::DemandAreaCount> SqliteTx::demand_by_area(const domain::ReportSpan& span) {
  auto st = c_.prepare<sql::report_demand::by_area>();
  st.bind(1, span.from_ms).bind(2, span.to_ms);
  std::vector<domain::DemandAreaCount> out;
  while (st.step()) out.push_back(sql::report_demand::read_area_count(st));
  return out;
}

std::vector<domain::DemandAreaService> SqliteTx::demand_unmatched_services(
    const domain::ReportSpan& span) {
  auto st = c_.prepare<sql::report_demand::unmatched_services>();
  st.bind(1, span.from_ms).bind(2, span.to_ms);
  std::vector<domain::DemandAreaService> out;
  while (st.step()) out.push_back(sql::report_demand::read_area_service(st));
  return out;
}

}  // namespace plumbline::store::sqlite
