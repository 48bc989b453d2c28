// The reports service and the Overview report on both databases: an exact fixture of requests,
// matches, claims, payments and ledger entries (before, in and between the periods) gives known
// KPIs, trends per local day (America/New_York) and previous values; credits outstanding agree
// with the ledger, revenue with the payments; period errors name their field.
#include "marketplace_fixture.hpp"
#include "services/report_overview.hpp"
#include "services/reports.hpp"
#include "services/settings.hpp"

namespace plumbline::report_service_test {
using namespace market_test;

namespace {

// The current period's first local midnight: 2027-01-15 00:00 in New York (t0 is 03:00 there).
constexpr Millis start = t0 - 3 * hour;

class ReportServiceTest : public MarketTest {
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
    reports_ = std::make_unique<services::ReportService>(std::move(builders), *settings_service_,
                                                         zones(), clock_);
  }
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
  void grant(domain::UserId user, domain::Credits n) {
    ASSERT_TRUE(admin_tools_->adjust_credits(domain::Actor{admin_}, user, n, "Test").ok());
  }
  domain::LeadId request(const std::string& service) {
    return submit(service, "flexible", "94103").id;
  }
  void claim(domain::UserId who, domain::LeadId what) {
    auto r = claims_->claim(who, what);
    ASSERT_TRUE(r.ok()) << r.error().message;
  }
  static const domain::ReportKpi& kpi(const domain::Report& r, const std::string& key) {
    for (const auto& k : r.kpis)
      if (k.key == key) return k;
    throw std::runtime_error("no KPI " + key);
  }

  std::unique_ptr<services::SettingsService> settings_service_;
  std::unique_ptr<services::ReportService> reports_;
};

TEST_P(ReportServiceTest, TheOverviewIsExactToTheCreditAndTheCent) {
  // Before both periods: three plumbers who only do drain cleaning, and A's first credits.
  at(start - 9 * day);
  PlumberSpec drains;
  drains.services = {"drain_cleaning"};
  drains.credits = 0;
  auto a = plumber("alba", drains), b = plumber("bert", drains), c = plumber("cruz", drains);
  grant(a, 10);
  // The previous period (8–14 Jan): a matched request claimed by A, an unmatched one in its last
  // millisecond, and B's payment.
  at(start - 6 * day + hour);
  auto l4 = request("drain_cleaning");
  at(start - 6 * day + 2 * hour);
  claim(a, l4);
  pay(b, "cs_prev", 999, start - 2 * day);
  at(start - 1);
  request("leak_repair");  // nobody does leaks: unmatched
  // The current period (15–21 Jan).
  at(start + hour);
  auto l1 = request("drain_cleaning");
  at(start + 2 * hour);
  request("leak_repair");
  at(start + 3 * hour);
  claim(a, l1);
  pay(a, "cs_1", 2000, start + 4 * hour);
  pay(a, "cs_2", 500, start + 4 * hour + 1);
  at(start + day);
  grant(b, 10);
  at(start + day + 5 * hour);
  auto l3 = request("drain_cleaning");
  at(start + day + 6 * hour);
  claim(b, l3);
  pay(c, "cs_3", 1, start + 2 * day);
  pay(c, "cs_next", 7, start + 7 * day);  // the day after the period
  at(start + 7 * day + hour);             // today is 22 Jan

  const auto price = lead(l1).price_credits;
  ASSERT_EQ(lead(l4).price_credits, price);
  ASSERT_EQ(lead(l3).price_credits, price);

  auto r = reports_->build("overview", "custom", "2027-01-15", "2027-01-21");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->range.zone, "America/New_York");
  EXPECT_EQ(r->range.current.from_ms, start);
  EXPECT_EQ(r->range.previous_from_date, "2027-01-08");
  ASSERT_EQ(r->range.buckets.size(), 7u);

  using V = std::vector<std::int64_t>;
  const auto& requests = kpi(*r, "requests");
  EXPECT_EQ(requests.value, 3);
  EXPECT_EQ(requests.previous, 2);
  EXPECT_EQ(requests.trend, (V{2, 1, 0, 0, 0, 0, 0}));
  const auto& matched = kpi(*r, "matched_share");
  EXPECT_EQ(matched.value, 6667);
  EXPECT_EQ(matched.previous, 5000);
  EXPECT_EQ(matched.trend, (V{5000, 10000, 0, 0, 0, 0, 0}));
  const auto& claims = kpi(*r, "claims");
  EXPECT_EQ(claims.value, 2);
  EXPECT_EQ(claims.previous, 1);
  EXPECT_EQ(claims.trend, (V{1, 1, 0, 0, 0, 0, 0}));
  const auto& revenue = kpi(*r, "revenue");
  EXPECT_EQ(revenue.value, 2501);
  EXPECT_EQ(revenue.previous, 999);
  EXPECT_EQ(revenue.trend, (V{2500, 0, 1, 0, 0, 0, 0}));
  const auto& active = kpi(*r, "active_plumbers");
  EXPECT_EQ(active.value, 3);  // A (claim and payments, once), B (claim), C (payment)
  EXPECT_EQ(active.previous, 2);
  EXPECT_EQ(active.trend, (V{1, 1, 1, 0, 0, 0, 0}));
  const auto& credits = kpi(*r, "credits_outstanding");
  EXPECT_EQ(credits.value, 20 - 3 * price);
  EXPECT_EQ(credits.previous, 10 - price);
  EXPECT_FALSE(credits.higher_is_better);
  const auto end = 20 - 3 * price;
  EXPECT_EQ(credits.trend, (V{10 - 2 * price, end, end, end, end, end, end}));

  // The totals agree with the ledger and the payments table.
  auto ledger_total = store_->read<std::int64_t>(
      [&](store::Tx& tx) { return tx.ledger_sum(a) + tx.ledger_sum(b) + tx.ledger_sum(c); });
  EXPECT_EQ(credits.value, ledger_total);
  auto paid = store_->read<std::int64_t>([&](store::Tx& tx) {
    domain::PaymentListQuery q;
    q.limit = 100;
    std::int64_t sum = 0;
    for (const auto& p : tx.list_payments(q))
      if (r->range.current.contains(p.created_at)) sum += p.amount_cents;
    return sum;
  });
  EXPECT_EQ(revenue.value, paid);

  // The table: one row per day, its cells the trends.
  const auto* table = r->table("by_period");
  ASSERT_NE(table, nullptr);
  ASSERT_EQ(table->rows.size(), 7u);
  EXPECT_EQ(table->rows[0][0].text, "2027-01-15");
  EXPECT_EQ(table->rows[0][1].number, 2);  // requests
  EXPECT_EQ(table->rows[0][2].number, 1);  // matched
  EXPECT_EQ(table->rows[0][5].number, 2500);
  EXPECT_EQ(table->rows[6][7].number, end);
  EXPECT_FALSE(r->charts.empty());
}

TEST_P(ReportServiceTest, ListsReportsAndRefusesUnknownNamesAndBadPeriods) {
  auto list = reports_->list();
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].name, "overview");
  EXPECT_FALSE(list[0].summary.empty());

  auto unknown = reports_->build("nope", "30d", "", "");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, domain::ErrorCode::not_found);
  auto field_of = [&](std::string_view preset, std::string_view from, std::string_view to) {
    auto r = reports_->build("overview", preset, from, to);
    EXPECT_FALSE(r.ok());
    if (r.ok()) return std::string("(built)");
    EXPECT_EQ(r.error().code, domain::ErrorCode::invalid_input);
    return r.error().details.empty() ? std::string() : r.error().details[0].field;
  };
  EXPECT_EQ(field_of("yesterday", "", ""), "preset");
  EXPECT_EQ(field_of("custom", "2027-13-01", "2027-01-14"), "from");
  EXPECT_EQ(field_of("", "2027-01-01", "not-a-date"), "to");  // dates alone mean custom
  auto custom = reports_->build("overview", "", "2027-01-01", "2027-01-10");
  ASSERT_TRUE(custom.ok()) << custom.error().message;
  EXPECT_EQ(custom->range.preset, "custom");
  auto dflt = reports_->build("overview", "", "", "");
  ASSERT_TRUE(dflt.ok());
  EXPECT_EQ(dflt->range.preset, "30d");
  EXPECT_EQ(dflt->range.buckets.size(), 30u);
}

TEST_P(ReportServiceTest, TwoReportsWithOneNameAreAStartupError) {
  std::vector<std::unique_ptr<services::ReportBuilder>> twice;
  twice.push_back(std::make_unique<services::OverviewReport>(*store_));
  twice.push_back(std::make_unique<services::OverviewReport>(*store_));
  EXPECT_THROW(services::ReportService(std::move(twice), *settings_service_, zones(), clock_),
               std::invalid_argument);
}

INSTANTIATE_TEST_SUITE_P(Backends, ReportServiceTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace plumbline::report_service_test
