// The reports' daily rollups against the raw rows, on SQLite and PostgreSQL: over a week and a half
// of requests, claims, payments and grants, every report reads the same with the rollups built as
// without them; after changes to settled days (a dispute refunded, requests expired, a late
// payment) the stale days are read raw until the worker's pass rebuilds them, and every rebuilt
// day's stored rows equal what its statements give now.
#include "services/report_rollups.hpp"

#include <sstream>

#include "marketplace_fixture.hpp"
#include "services/report_demand.hpp"
#include "services/report_health.hpp"
#include "services/report_overview.hpp"
#include "services/report_plumbers.hpp"
#include "services/report_revenue.hpp"
#include "services/report_sources.hpp"
#include "services/reports.hpp"
#include "services/settings.hpp"

namespace plumbline::report_rollups_test {
using namespace market_test;

namespace {

// Everything a report shows, as one text: two reports read alike when their texts are equal.
std::string rollup_fingerprint(const domain::Report& r) {
  std::ostringstream out;
  for (const auto& k : r.kpis) {
    out << k.key << '=' << k.value << '/' << k.previous << ':';
    for (auto v : k.trend) out << v << ',';
    out << '\n';
  }
  for (const auto& t : r.tables) {
    out << '[' << t.key << "]\n";
    for (const auto& row : t.rows) {
      for (const auto& c : row)
        out << (c.missing ? std::string("-") : c.text + std::to_string(c.number)) << '|';
      out << '\n';
    }
  }
  for (const auto& m : r.maps)
    for (const auto& p : m.points) out << p.label << '=' << p.value << '\n';
  return out.str();
}

class ReportRollupsTest : public MarketTest {
 protected:
  void SetUp() override {
    MarketTest::SetUp();
    if (IsSkipped()) return;
    domain::BusinessSettings first;
    first.consent_template = domain::default_consent_template();
    first.time_zone = "America/New_York";
    settings_service_ = std::make_unique<services::SettingsService>(
        *store_, clock_, *catalog_, first, services::MarketplaceSettings{},
        [](std::string_view) { return true; }, 5'000);
    std::vector<std::unique_ptr<services::ReportBuilder>> builders;
    builders.push_back(std::make_unique<services::OverviewReport>(*store_));
    builders.push_back(std::make_unique<services::DemandReport>(*store_, zips(), zones()));
    builders.push_back(std::make_unique<services::HealthReportBuilder>(*store_));
    builders.push_back(std::make_unique<services::RevenueReport>(*store_, zones()));
    builders.push_back(std::make_unique<services::PlumbersReport>(*store_));
    builders.push_back(std::make_unique<services::SourcesReport>(*store_));
    reports_ = std::make_unique<services::ReportService>(std::move(builders), *settings_service_,
                                                         zones(), clock_);
    std::vector<services::RollupEntry> rolled;
    for (auto* list :
         {services::overview_rollups, services::demand_rollups, services::health_rollups,
          services::revenue_rollups, services::sources_rollups})
      for (auto& e : list()) rolled.push_back(std::move(e));
    rollups_ = std::make_unique<services::ReportRollupService>(*store_, *settings_service_, zones(),
                                                               clock_, std::move(rolled));
  }
  // The app's clock and the database's must agree for the stale marks: the test runs near now.
  void at(Millis t) { clock_.advance_ms(t - clock_.now_ms()); }
  void pay(domain::UserId user, const std::string& id, domain::Cents cents, Millis when) {
    store_->write_tx([&](store::Tx& tx) {
      domain::Payment p;
      p.user_id = user;
      p.kind = "pack";
      p.stripe_id = id;
      p.amount_cents = cents;
      p.credits = 5;
      p.created_at = p.updated_at = when;
      EXPECT_TRUE(tx.insert_payment(p));
      return true;
    });
  }
  domain::ClaimId claim(domain::UserId who, domain::LeadId what) {
    auto r = claims_->claim(who, what);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() ? r->claim.id : domain::ClaimId{};
  }
  // Every report over the presets, as fingerprints.
  std::string every_report() {
    std::string out;
    for (const char* preset : {"7d", "30d", "this_month"})
      for (const auto& entry : reports_->list()) {
        auto r = reports_->build(entry.name, preset, "", "");
        EXPECT_TRUE(r.ok()) << entry.name << ' ' << preset;
        if (r.ok()) out += "## " + entry.name + ' ' + preset + '\n' + rollup_fingerprint(*r);
      }
    return out;
  }
  std::vector<domain::RollupDay> built_days() {
    return store_->read<std::vector<domain::RollupDay>>(
        [](store::Tx& tx) { return tx.report_rollup_days(0, std::numeric_limits<Millis>::max()); });
  }
  // The reports from raw rows alone: every rollup dropped first.
  std::string every_report_raw() {
    for (const auto& d : built_days())
      store_->write_tx([&](store::Tx& tx) {
        tx.report_rollup_drop_day(d.span.from_ms);
        return true;
      });
    EXPECT_TRUE(built_days().empty());
    return every_report();
  }
  services::RollupPass refresh() {
    auto pass = rollups_->refresh(100'000);
    EXPECT_TRUE(pass.ok()) << (pass.ok() ? "" : pass.error().log_detail);
    return pass.ok() ? pass.value() : services::RollupPass{};
  }
  void expect_every_day_agrees() {
    auto days = built_days();
    EXPECT_FALSE(days.empty());
    for (const auto& d : days)
      EXPECT_EQ(rollups_->verify_day(d.span), std::vector<std::string>{})
          << "day from " << d.span.from_ms;
  }

  std::unique_ptr<services::SettingsService> settings_service_;
  std::unique_ptr<services::ReportService> reports_;
  std::unique_ptr<services::ReportRollupService> rollups_;
};

TEST_P(ReportRollupsTest, ReportsReadTheSameWithRollupsAsFromRawRowsBeforeAndAfterLateChanges) {
  const Millis now = services::SystemClock{}.now_ms() - 60'000;
  at(now - 11 * day);
  PlumberSpec drains;
  drains.zip = "94103";
  drains.credits = 200;
  auto a = plumber("alba", drains), b = plumber("bert", drains), c = plumber("cruz", drains);
  std::vector<domain::ClaimId> claims;
  for (int d = 0; d < 10; ++d) {
    at(now - (10 - d) * day + d * hour);
    auto l1 = submit("drain_cleaning", d % 2 ? "emergency" : "flexible", "94103");
    auto l2 = submit(d % 3 ? "leak_repair" : "water_heater", "flexible", "94110");
    submit("drain_cleaning", "flexible", "10001");  // nobody covers New York
    at(clock_.now_ms() + 20 * 60'000);
    claims.push_back(claim(a, l1.id));
    if (d % 2) claims.push_back(claim(b, l2.id));
    if (d % 4 == 0) claims.push_back(claim(c, l1.id));
    pay(d % 2 ? a : c, "cs_" + std::to_string(d), 1000 + d, clock_.now_ms() + hour);
  }
  at(now);
  submit("drain_cleaning", "flexible", "94103");  // today: always read raw

  const auto raw = every_report();
  auto pass = refresh();
  EXPECT_GE(pass.days_built, 10);
  EXPECT_EQ(pass.days_missing, 0);
  EXPECT_EQ(every_report(), raw) << "the rollups change nothing a report shows";
  expect_every_day_agrees();

  // Late changes to settled days: a claim of six days ago disputed and refunded, requests
  // expired by the expiry job, and a payment the webhook recorded late with its original time.
  auto d = disputes_->dispute(a, claims.at(4), "wrong_contact", "The number does not answer.");
  ASSERT_TRUE(d.ok()) << d.error().message;
  ASSERT_TRUE(disputes_->resolve_dispute(domain::Actor{admin_}, d->id, true, "Confirmed").ok());
  auto expired = retention_->expire_leads();
  ASSERT_TRUE(expired.ok());
  EXPECT_GT(expired.value(), 0);
  pay(b, "cs_late", 4321, now - 6 * day + 3 * hour);
  EXPECT_FALSE(store_
                   ->read<std::vector<domain::StaleHour>>(
                       [](store::Tx& tx) { return tx.report_stale_hours(10); })
                   .empty());

  const auto with_stale = every_report();
  EXPECT_NE(with_stale, raw) << "the changes show at once";
  pass = refresh();
  EXPECT_GT(pass.stale_cleared, 0);
  EXPECT_GT(pass.days_built, 0);
  EXPECT_EQ(every_report(), with_stale);
  expect_every_day_agrees();
  EXPECT_EQ(every_report_raw(), with_stale) << "and equal the reports from raw rows alone";
}

INSTANTIATE_TEST_SUITE_P(Backends, ReportRollupsTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace plumbline::report_rollups_test
