// PostgreSQL: the demand report's grouped counts (statements in store/sql/report_demand.hpp).
#include "store/sql/report_demand.hpp"

#include "store/postgres/pg_tx.hpp"

namespace plumbline::store::pg {

namespace {

std::vector<domain::DemandSlotCount> pg_demand_slots(Conn& c, const Sql& statement,
                                                     const domain::ReportSpan& span,
                                                     domain::Millis slot_ms) {
  auto r = c.run(statement, span.from_ms, span.to_ms, slot_ms);
  std::vector<domain::DemandSlotCount> out;
  out.reserve(static_cast<std::size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i) out.push_back(sql::report_demand::read_slot_count(r.row(i)));
  return out;
}

}  // namespace

std::vector<domain::DemandSlotCount> PgTx::demand_by_service(const domain::ReportSpan& span,
                                                             domain::Millis slot_ms) {
  return pg_demand_slots(c_, sql::report_demand::by_service, span, slot_ms);
}

std::vector<domain::DemandSlotCount> PgTx::demand_by_urgency(const domain::ReportSpan& span,
                                                             domain::Millis slot_ms) {
  return pg_demand_slots(c_, sql::report_demand::by_urgency, span, slot_ms);
}

std::vector<domain::DemandSlotCount> PgTx::demand_by_source(const domain::ReportSpan& span,
                                                            domain::Millis slot_ms) {
  return pg_demand_slots(c_, sql::report_demand::by_source, span, slot_ms);
}

std::vector<domain::DemandSlotCount> PgTx::demand_duplicates(const domain::ReportSpan& span,
                                                             domain::Millis slot_ms) {
  return pg_demand_slots(c_, sql::report_demand::duplicates, span, slot_ms);
}

std::vector<domain::DemandAreaCount> PgTx::demand_by_area(const domain::ReportSpan& span) {
  auto r = c_.run(sql::report_demand::by_area, span.from_ms, span.to_ms);
  std::vector<domain::DemandAreaCount> out;
  out.reserve(static_cast<std::size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i) out.push_back(sql::report_demand::read_area_count(r.row(i)));
  return out;
}

std::vector<domain::DemandAreaService> PgTx::demand_unmatched_services(
    const domain::ReportSpan& span) {
  auto r = c_.run(sql::report_demand::unmatched_services, span.from_ms, span.to_ms);
  std::vector<domain::DemandAreaService> out;
  out.reserve(static_cast<std::size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i) out.push_back(sql::report_demand::read_area_service(r.row(i)));
  return out;
}

}  // namespace plumbline::store::pg
