// SettingsService on both databases: a change is seen by the next request through the same
// service objects (no restart), a second instance on the same database follows after its re-read,
// each change writes its history and audit rows (a refused one writes nothing), and a catalog edit
// prices the next request at once.
#include <atomic>
#include <chrono>
#include <thread>

#include "domain/lead_rules.hpp"
#include "marketplace_fixture.hpp"
#include "services/settings.hpp"

namespace plumbline::settings_service_test {
using namespace market_test;

namespace {

// The real store, with its read transactions counted and slowed down so that callers overlap.
class CountingStore final : public store::Store {
 public:
  explicit CountingStore(store::Store& inner) : inner_(inner) {}
  std::string backend() const override { return inner_.backend(); }
  void write_tx(const std::function<bool(store::Tx&)>& fn) override { inner_.write_tx(fn); }
  void read_tx(const std::function<void(store::Tx&)>& fn) override {
    ++reads;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    inner_.read_tx(fn);
  }
  store::MigrationStatus migration_status() override { return inner_.migration_status(); }
  std::vector<std::string> migrate() override { return inner_.migrate(); }
  bool ping() override { return inner_.ping(); }
  store::PoolStats pool_stats() override { return inner_.pool_stats(); }
  std::atomic<int> reads{0};

 private:
  store::Store& inner_;
};

class SettingsServiceTest : public MarketTest {
 protected:
  std::unique_ptr<services::SettingsService> make_settings() {
    domain::BusinessSettings first;
    first.consent_template = domain::default_consent_template();
    return std::make_unique<services::SettingsService>(
        *store_, clock_, *catalog_, first, services::MarketplaceSettings{},
        [](std::string_view z) { return z == "America/Chicago"; }, 5'000);
  }
  domain::Actor admin() const {
    return {admin_, "admin@example.com", domain::Role::admin, "203.0.113.1"};
  }
  std::int64_t count(const std::string& table) {
    return store_->read<std::int64_t>([&](store::Tx& tx) {
      if (table == "history")
        return std::int64_t(tx.setting_history("max_claims_per_lead", 500).size());
      domain::AuditFilter f;
      f.action = table;
      return std::int64_t(tx.list_audit(f).size());
    });
  }
};

TEST_P(SettingsServiceTest, TheNextRequestUsesAChangeWithoutNewServices) {
  auto settings = make_settings();
  // Intake reads its rules from the settings service, as app.cpp wires it.
  leads_ = std::make_unique<services::LeadService>(*store_, zips(), clock_, *catalog_, *matching_,
                                                   events_, notify_, *settings);
  auto before = submit();
  EXPECT_EQ(lead(before.id).max_claims, 3);
  EXPECT_EQ(lead(before.id).consent_text, domain::consent_text(3));
  auto r = settings->update(admin(),
                            {{"max_claims_per_lead", "5"},
                             {"consent_template", "Up to {{max_claims}} plumbers may call me."}},
                            "Busy season");
  ASSERT_TRUE(r.ok()) << r.error().message;
  auto after = submit();
  EXPECT_EQ(lead(after.id).max_claims, 5);
  EXPECT_EQ(lead(after.id).consent_text, "Up to 5 plumbers may call me.");
  EXPECT_EQ(lead(before.id).max_claims, 3);  // an existing lead keeps its rules
}

// Callers inside a write transaction hold a pool connection; had every caller of an expired
// snapshot reread at once, they would wait on the pool they fill (PostgreSQL intake fell to ~10
// requests/s). One rereads; the others go on with the snapshot they have.
TEST_P(SettingsServiceTest, AnExpiredSnapshotIsRereadByOneCallerWhileTheOthersKeepIt) {
  CountingStore counted(*store_);
  domain::BusinessSettings first;
  first.consent_template = domain::default_consent_template();
  services::SettingsService settings(
      counted, clock_, *catalog_, first, services::MarketplaceSettings{},
      [](std::string_view) { return true; }, 5'000);
  EXPECT_EQ(settings.marketplace().max_claims_per_lead, 3);
  auto loaded = counted.reads.load();
  clock_.advance_ms(5'001);
  std::vector<std::thread> callers;
  std::atomic<int> answered{0};
  for (int i = 0; i < 8; ++i)
    callers.emplace_back([&] {
      if (settings.current()) ++answered;
    });
  for (auto& t : callers) t.join();
  EXPECT_EQ(answered.load(), 8);
  EXPECT_EQ(counted.reads.load() - loaded, 1);
  EXPECT_EQ(settings.marketplace().max_claims_per_lead, 3);  // fresh again: no further read
  EXPECT_EQ(counted.reads.load() - loaded, 1);
}

TEST_P(SettingsServiceTest, ASecondInstanceFollowsAfterItsReread) {
  auto one = make_settings();
  auto two = make_settings();  // another process on the same database
  EXPECT_EQ(two->marketplace().max_claims_per_lead, 3);
  ASSERT_TRUE(one->update(admin(), {{"max_claims_per_lead", "7"}}, "More plumbers").ok());
  EXPECT_EQ(one->marketplace().max_claims_per_lead, 7);  // at once where it was written
  EXPECT_EQ(two->marketplace().max_claims_per_lead, 3);  // its snapshot is younger than 5 s
  clock_.advance_ms(5'001);
  EXPECT_EQ(two->marketplace().max_claims_per_lead, 7);
  auto fresh = make_settings();  // a restart reads the database, not the first values
  EXPECT_EQ(fresh->marketplace().max_claims_per_lead, 7);
}

TEST_P(SettingsServiceTest, AChangeWritesHistoryAndAuditARefusalNothing) {
  auto settings = make_settings();
  ASSERT_TRUE(settings->update(admin(), {{"max_claims_per_lead", "4"}}, "Why").ok());
  EXPECT_EQ(count("history"), 1);
  EXPECT_EQ(count("settings.update"), 1);
  auto same = settings->update(admin(), {{"max_claims_per_lead", "4"}}, "Again");
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(count("history"), 1) << "an unchanged value is not written";
  EXPECT_EQ(count("settings.update"), 1);
  auto bad =
      settings->update(admin(), {{"max_claims_per_lead", "6"}, {"time_zone", "Mars/Base"}}, "Why");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().details.at(0).field, "time_zone");
  auto no_reason = settings->update(admin(), {{"max_claims_per_lead", "6"}}, " ");
  ASSERT_FALSE(no_reason.ok());
  EXPECT_EQ(no_reason.error().details.at(0).field, "reason");
  EXPECT_EQ(count("history"), 1);
  EXPECT_EQ(count("settings.update"), 1);
  EXPECT_EQ(settings->marketplace().max_claims_per_lead, 4);
  auto view = settings->view();
  ASSERT_TRUE(view.ok());
  for (const auto& v : view.value())
    if (std::string(v.field->key) == "max_claims_per_lead") {
      EXPECT_EQ(v.value, "4");
      EXPECT_EQ(v.previous_value, "3");
      ASSERT_TRUE(v.last_change);
      EXPECT_EQ(v.last_change->by_email, "admin@example.com");
    }
}

TEST_P(SettingsServiceTest, ACatalogEditPricesTheNextRequestAtOnce) {
  auto settings = make_settings();
  auto first = submit("drain_cleaning", "flexible");
  EXPECT_EQ(lead(first.id).price_credits, 2);  // the catalog cache holds the seed price now
  auto cat = settings->catalog();
  ASSERT_TRUE(cat.ok());
  domain::Catalog change;
  for (auto s : cat.value().services)
    if (s.slug == "drain_cleaning") {
      s.base_price_credits = 9;
      change.services.push_back(s);
    }
  ASSERT_TRUE(settings->update_catalog(admin(), change, "Price rise").ok());
  auto next = submit("drain_cleaning", "flexible");  // same clock: no cache expiry involved
  EXPECT_EQ(lead(next.id).price_credits, 9);
  EXPECT_EQ(lead(first.id).price_credits, 2);
  EXPECT_EQ(count("catalog.update"), 1);
  change.services[0].base_price_credits = -1;
  auto bad = settings->update_catalog(admin(), change, "Oops");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().details.at(0).field, "services[0].base_price_credits");
  EXPECT_EQ(count("catalog.update"), 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, SettingsServiceTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace plumbline::settings_service_test
