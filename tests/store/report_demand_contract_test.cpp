// The demand report's store queries on SQLite and PostgreSQL: counts grouped per slot and
// dimension, per area, and the unmatched requests per ZIP and service, inside the period only.
#include <algorithm>
#include <sstream>
#include <tuple>

#include "store_fixture.hpp"

namespace plumbline::store::market_test {
namespace {

using domain::DemandAreaCount;
using domain::DemandAreaService;
using domain::DemandSlotCount;

constexpr Millis hour = 3'600'000;
constexpr Millis base = (t0 / hour) * hour;  // the start of a slot
constexpr std::int64_t s0 = base / hour;

bool operator==(const DemandSlotCount& a, const DemandSlotCount& b) {
  return std::tie(a.slot, a.key, a.requests, a.unmatched) ==
         std::tie(b.slot, b.key, b.requests, b.unmatched);
}
bool operator==(const DemandAreaCount& a, const DemandAreaCount& b) {
  return std::tie(a.zip, a.city, a.state, a.requests, a.unmatched, a.latest_unmatched_at) ==
         std::tie(b.zip, b.city, b.state, b.requests, b.unmatched, b.latest_unmatched_at);
}
bool operator==(const DemandAreaService& a, const DemandAreaService& b) {
  return std::tie(a.zip, a.service_type, a.unmatched) ==
         std::tie(b.zip, b.service_type, b.unmatched);
}
void PrintTo(const DemandSlotCount& r, std::ostream* os) {
  *os << "{" << r.slot << ", " << r.key << ", " << r.requests << ", " << r.unmatched << "}";
}
void PrintTo(const DemandAreaCount& r, std::ostream* os) {
  *os << "{" << r.zip << ", " << r.city << ", " << r.state << ", " << r.requests << ", "
      << r.unmatched << ", " << r.latest_unmatched_at << "}";
}
void PrintTo(const DemandAreaService& r, std::ostream* os) {
  *os << "{" << r.zip << ", " << r.service_type << ", " << r.unmatched << "}";
}

template <typename T>
std::vector<T> demand_sorted(std::vector<T> v) {
  std::sort(v.begin(), v.end(), [](const T& a, const T& b) {
    std::ostringstream x, y;
    PrintTo(a, &x);
    PrintTo(b, &y);
    return x.str() < y.str();
  });
  return v;
}

class ReportDemandStore : public Market {
 protected:
  void SetUp() override {
    Market::SetUp();
    if (IsSkipped()) return;
    plumber_ = plumber(1);
    // In the period [base, base + 2 h):
    auto first = add(1, "10001", "leak_repair", base + 10, "emergency", "web", true);
    add(2, "10001", "leak_repair", base + 20, "within_24h", "api", false);
    add(3, "60601", "drain_cleaning", base + hour, "within_24h", "admin", false);
    add(4, "10001", "leak_repair", base + 30, "emergency", "web", false, first);  // a duplicate
    auto variant = market_lead(5, "10001", "leak_repair", base + 40, "within_24h");
    variant.city = "new york";  // spelt differently: its own row
    lead_id_ = lead(variant);
    write([&](Tx& tx) { tx.insert_lead_matches({{lead_id_, plumber_, 1, base + 41}}); });
    // Outside it: just before, and at its end.
    add(6, "10001", "leak_repair", base - 1, "emergency", "web", false);
    add(7, "60601", "drain_cleaning", base + 2 * hour, "emergency", "web", false, first);
  }

  std::int64_t add(int n, const char* zip5, const char* service, Millis at, const char* urgency,
                   const char* source, bool matched, std::optional<std::int64_t> dup = {}) {
    auto l = market_lead(n, zip5, service, at, urgency);
    l.source = source;
    l.duplicate_of = dup;
    auto id = lead(l);
    if (matched) write([&](Tx& tx) { tx.insert_lead_matches({{id, plumber_, 1, at + 1}}); });
    return id;
  }

  template <typename T>
  std::vector<T> demand(std::vector<T> (Tx::*method)(const domain::ReportSpan&, Millis)) {
    return demand_sorted(read<std::vector<T>>([&](Tx& tx) {
      return (tx.*method)({base, base + 2 * hour}, hour);
    }));
  }

  std::int64_t plumber_ = 0, lead_id_ = 0;
};

TEST_P(ReportDemandStore, CountsPerSlotAndServiceWithUnmatchedOnesThatAreNotDuplicates) {
  EXPECT_EQ(
      demand(&Tx::demand_by_service),
      (std::vector<DemandSlotCount>{{s0, "leak_repair", 4, 1}, {s0 + 1, "drain_cleaning", 1, 1}}));
}

TEST_P(ReportDemandStore, CountsPerSlotByUrgencyAndBySource) {
  EXPECT_EQ(demand(&Tx::demand_by_urgency),
            demand_sorted(std::vector<DemandSlotCount>{
                {s0, "emergency", 2, 0}, {s0, "within_24h", 2, 0}, {s0 + 1, "within_24h", 1, 0}}));
  EXPECT_EQ(demand(&Tx::demand_by_source),
            demand_sorted(std::vector<DemandSlotCount>{
                {s0, "web", 3, 0}, {s0, "api", 1, 0}, {s0 + 1, "admin", 1, 0}}));
}

TEST_P(ReportDemandStore, CountsDuplicatesPerSlot) {
  EXPECT_EQ(demand(&Tx::demand_duplicates), (std::vector<DemandSlotCount>{{s0, "", 1, 0}}));
}

TEST_P(ReportDemandStore, CountsPerAreaSpellingWithTheNewestUnmatchedRequest) {
  auto areas = read<std::vector<DemandAreaCount>>([&](Tx& tx) {
    return tx.demand_by_area({base, base + 2 * hour});
  });
  EXPECT_EQ(demand_sorted(areas), demand_sorted(std::vector<DemandAreaCount>{
                                      {"10001", "New York", "NY", 3, 1, base + 20},
                                      {"10001", "new york", "NY", 1, 0, 0},
                                      {"60601", "Chicago", "IL", 1, 1, base + hour}}));
  auto none = read<std::vector<DemandAreaCount>>([&](Tx& tx) {
    return tx.demand_by_area({base + 3 * hour, base + 4 * hour});
  });
  EXPECT_TRUE(none.empty());
}

TEST_P(ReportDemandStore, CountsUnmatchedRequestsPerZipAndService) {
  auto rows = read<std::vector<DemandAreaService>>([&](Tx& tx) {
    return tx.demand_unmatched_services({base, base + 2 * hour});
  });
  EXPECT_EQ(demand_sorted(rows), demand_sorted(std::vector<DemandAreaService>{
                                     {"10001", "leak_repair", 1}, {"60601", "drain_cleaning", 1}}));
}

INSTANTIATE_TEST_SUITE_P(Backends, ReportDemandStore, ::testing::Values("sqlite", "postgres"),
                         backend_name);

}  // namespace
}  // namespace plumbline::store::market_test
