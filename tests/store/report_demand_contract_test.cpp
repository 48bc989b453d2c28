// The demand report's store queries on SQLite and PostgreSQL: counts grouped per slot and
// dimension, per ZIP, and the unmatched requests per ZIP and service, inside the period only.
#include <algorithm>
#include <sstream>
#include <tuple>

#include "store_fixture.hpp"

namespace plumbline::domain {
// How gtest shows the rows (found by argument-dependent lookup).
void PrintTo(const DemandSlotCount& r, std::ostream* os) {
  *os << "{" << r.slot << ", " << r.key << ", " << r.requests << ", " << r.unmatched << "}";
}
void PrintTo(const DemandSlotMix& r, std::ostream* os) {
  *os << "{" << r.slot << ", " << r.urgency << ", " << r.source << ", " << r.requests << "}";
}
void PrintTo(const DemandZipCount& r, std::ostream* os) {
  *os << "{" << r.zip << ", " << r.requests << "}";
}
void PrintTo(const DemandUnmatched& r, std::ostream* os) {
  *os << "{" << r.zip << ", " << r.service_type << ", " << r.unmatched << ", " << r.latest << "}";
}

}  // namespace plumbline::domain

namespace plumbline::store::market_test {
namespace {

using domain::DemandSlotCount;
using domain::DemandSlotMix;
using domain::DemandUnmatched;
using domain::DemandZipCount;

constexpr Millis demand_hour = 3'600'000;
constexpr Millis base = (t0 / demand_hour) * demand_hour;  // the start of a slot
constexpr std::int64_t s0 = base / demand_hour;

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
    add(3, "60601", "drain_cleaning", base + demand_hour, "within_24h", "admin", false);
    add(4, "10001", "leak_repair", base + 30, "emergency", "web", false, first);  // a duplicate
    add(5, "10001", "leak_repair", base + 40, "within_24h", "web", true);
    // Outside it: just before, and at its end.
    add(6, "10001", "leak_repair", base - 1, "emergency", "web", false);
    add(7, "60601", "drain_cleaning", base + 2 * demand_hour, "emergency", "web", false, first);
  }

  std::int64_t add(int n, const char* zip5, const char* service, Millis at, const char* urgency,
                   const char* source, bool matched, std::optional<std::int64_t> dup = {}) {
    auto l = market_lead(n, zip5, service, at, urgency);
    l.source = source;
    if (dup) l.duplicate_of = domain::LeadId{*dup};
    auto id = lead(l);
    if (matched)
      write([&](Tx& tx) {
        tx.insert_lead_matches({store::lead_match_row(id, plumber_, 1, at + 1)});
      });
    return id;
  }

  template <typename T>
  std::vector<T> demand(std::vector<T> (ReportDemandTx::*method)(const domain::ReportSpan&,
                                                                 Millis)) {
    return demand_sorted(read<std::vector<T>>([&](Tx& tx) {
      return (tx.*method)({base, base + 2 * demand_hour}, demand_hour);
    }));
  }
  template <typename T>
  std::vector<T> demand(std::vector<T> (ReportDemandTx::*method)(const domain::ReportSpan&),
                        Millis from = base, Millis to = base + 2 * demand_hour) {
    return demand_sorted(read<std::vector<T>>([&](Tx& tx) { return (tx.*method)({from, to}); }));
  }

  std::int64_t plumber_ = 0;
};

TEST_P(ReportDemandStore, CountsPerSlotAndServiceWithUnmatchedOnesThatAreNotDuplicates) {
  EXPECT_EQ(demand(&Tx::demand_by_service),
            demand_sorted(std::vector<DemandSlotCount>{{s0, "leak_repair", 4, 1},
                                                       {s0 + 1, "drain_cleaning", 1, 1}}));
}

TEST_P(ReportDemandStore, CountsPerSlotUrgencyAndSource) {
  EXPECT_EQ(demand(&Tx::demand_by_urgency_source),
            demand_sorted(std::vector<DemandSlotMix>{{s0, "emergency", "web", 2},
                                                     {s0, "within_24h", "api", 1},
                                                     {s0, "within_24h", "web", 1},
                                                     {s0 + 1, "within_24h", "admin", 1}}));
}

TEST_P(ReportDemandStore, CountsDuplicatesPerSlot) {
  EXPECT_EQ(demand(&Tx::demand_duplicates), (std::vector<DemandSlotCount>{{s0, "", 1, 0}}));
}

TEST_P(ReportDemandStore, CountsPerZip) {
  EXPECT_EQ(demand(&Tx::demand_by_zip),
            demand_sorted(std::vector<DemandZipCount>{{"10001", 4}, {"60601", 1}}));
  EXPECT_TRUE(demand(&Tx::demand_by_zip, base + 3 * demand_hour, base + 4 * demand_hour).empty());
}

TEST_P(ReportDemandStore, CountsUnmatchedRequestsPerZipAndServiceWithTheNewest) {
  EXPECT_EQ(demand(&Tx::demand_unmatched),
            demand_sorted(
                std::vector<DemandUnmatched>{{"10001", "leak_repair", 1, base + 20},
                                             {"60601", "drain_cleaning", 1, base + demand_hour}}));
}

INSTANTIATE_TEST_SUITE_P(Backends, ReportDemandStore, ::testing::Values("sqlite", "postgres"),
                         backend_name);

}  // namespace
}  // namespace plumbline::store::market_test
