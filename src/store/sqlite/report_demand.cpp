// SQLite: the demand report's grouped counts (statements in store/sql/report_demand.hpp).
#include "store/sql/report_demand.hpp"

#include <algorithm>
#include <map>
#include <string>

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
  std::vector<domain::DemandZipCount> out;
  if (span.to_ms <= span.from_ms) return out;
  // Intake stores five-digit ZIPs: a counter per possible ZIP, no hashing (a hash map of strings
  // took 40 % of a year-long Demand report); anything else (none today) goes to a map.
  std::vector<std::int64_t> by_number(100'000, 0);
  std::map<std::string, std::int64_t> other;
  auto st = c_.prepare<sql::report_demand::zip_of_each>();
  st.bind(1, span.from_ms).bind(2, span.to_ms);
  while (st.step()) {
    const auto zip = st.text(0);
    const bool five_digits = zip.size() == 5 && std::all_of(zip.begin(), zip.end(), [](char ch) {
                               return ch >= '0' && ch <= '9';
                             });
    if (five_digits)
      ++by_number[static_cast<std::size_t>(std::stoi(zip))];
    else
      ++other[zip];
  }
  for (std::size_t n = 0; n < by_number.size(); ++n) {
    if (by_number[n] == 0) continue;
    auto zip = std::to_string(n);
    out.push_back({std::string(5 - zip.size(), '0') + zip, by_number[n]});
  }
  for (auto& [zip, n] : other) out.push_back({zip, n});
  std::sort(out.begin(), out.end(),
            [](const domain::DemandZipCount& a, const domain::DemandZipCount& b) {
              return a.zip < b.zip;
            });
  return out;
}

std::vector<domain::DemandUnmatched> SqliteTx::demand_unmatched(const domain::ReportSpan& span) {
  return sqlite_demand_rows<sql::report_demand::unmatched>(
      c_, span, 0, [](const Statement& r) { return sql::report_demand::read_unmatched(r); });
}

}  // namespace plumbline::store::sqlite
