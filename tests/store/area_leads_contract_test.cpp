// The "leads you missed" count on SQLite and PostgreSQL: recent leads in a plumber's services and
// area (radius or extra ZIP), whatever the plumber's plan, duplicates and flagged leads left out.
#include "store_fixture.hpp"

namespace plumbline::store::area_leads_test {
namespace {

using namespace market_test;  // the shared fixture (store_fixture.hpp)

class AreaLeads : public accounts_test::AccountsFixture {
 protected:
  std::int64_t plumber(int n, const PlumberSpec& s) {
    std::int64_t id = 0;
    write([&](Tx& tx) { id = add_plumber(tx, n, s); });
    return id;
  }
  std::int64_t lead(int n, const std::string& zip5, const std::string& service, Millis at) {
    std::int64_t id = 0;
    write([&](Tx& tx) { id = tx.insert_lead(market_lead(n, zip5, service, at)).value; });
    return id;
  }
  std::int64_t count(std::int64_t plumber_id, Millis since) {
    return read<std::int64_t>(
        [&](Tx& tx) { return tx.count_area_leads_since(domain::UserId{plumber_id}, since); });
  }
};

TEST_P(AreaLeads, CountsRecentLeadsInTheAreaAndServicesWithoutAPlan) {
  // Manhattan, 5 miles, leak repair, plus Beverly Hills; no plan, so nothing was ever matched.
  PlumberSpec spec{"10001", 5, {"leak_repair"}, {"90210"}};
  spec.plan = domain::PlanStatus::none;
  auto p = plumber(1, spec);
  const Millis since = t0 + 1000;
  lead(1, "10001", "leak_repair", since);      // inside the radius, at the boundary time
  lead(2, "10002", "leak_repair", since + 5);  // inside the radius
  lead(3, "90210", "leak_repair", since + 6);  // an extra ZIP, far away
  lead(4, "10001", "drain_cleaning", since);   // a service not offered
  lead(5, "60601", "leak_repair", since);      // Chicago: outside
  lead(6, "10001", "leak_repair", since - 1);  // too old
  auto flagged = lead(7, "10001", "leak_repair", since + 7);
  write([&](Tx& tx) {
    tx.set_lead_flag(domain::LeadId{flagged}, domain::lead_flag_removed, since + 8);
  });
  auto dup = market_lead(8, "10001", "leak_repair", since + 9);
  dup.duplicate_of = domain::LeadId{flagged};
  write([&](Tx& tx) { tx.insert_lead(dup); });
  EXPECT_EQ(count(p, since), 3);
  EXPECT_EQ(count(p, since + 6), 1);
  // Another plumber elsewhere sees none of them.
  EXPECT_EQ(count(plumber(2, PlumberSpec{"60601", 1, {"sewer_line"}}), since), 0);
}

TEST_P(AreaLeads, WithoutABaseZipOnlyExtraZipsCount) {
  PlumberSpec spec{"", 25, {"leak_repair"}, {"11201"}};
  auto p = plumber(1, spec);
  lead(1, "11201", "leak_repair", t0);
  lead(2, "10001", "leak_repair", t0);
  EXPECT_EQ(count(p, t0), 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, AreaLeads, ::testing::Values("sqlite", "postgres"),
                         backend_name);

}  // namespace
}  // namespace plumbline::store::area_leads_test
