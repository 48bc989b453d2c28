// The settings storage contract on SQLite and PostgreSQL: values insert and replace by key, the
// history appends and reads newest first (with the changer's e-mail) and refuses change, a new
// plumber's defaults, and catalog writes (a new service, an edit, an urgency).
#include "store_fixture.hpp"

namespace plumbline::store::settings_store_test {
namespace {

using namespace accounts_test;  // the shared fixture (store_fixture.hpp)

class SettingsStore : public AccountsFixture {
 protected:
  std::vector<domain::SettingRow> rows() {
    return read<std::vector<domain::SettingRow>>([](Tx& tx) { return tx.settings_all(); });
  }
  void change(const std::string& key, std::string old_json, std::string new_json, Millis at,
              std::optional<std::int64_t> by) {
    write([&](Tx& tx) {
      tx.put_setting({key, new_json, at, by});
      tx.append_setting_change({0, key, old_json, new_json, at, by, ""});
    });
  }
  domain::Catalog catalog() {
    return read<domain::Catalog>([](Tx& tx) { return tx.catalog(); });
  }
};

TEST_P(SettingsStore, PutsValuesByKeyAndReplacesThem) {
  auto admin = add_user("boss@example.com");
  EXPECT_TRUE(rows().empty());
  change("max_claims_per_lead", "3", "5", t0, admin);
  change("platform_name", "\"Plumbline\"", "\"Pipes & Co\"", t0 + 1, std::nullopt);
  change("max_claims_per_lead", "5", "4", t0 + 2, admin);
  auto all = rows();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].key, "max_claims_per_lead");
  EXPECT_EQ(all[0].value_json, "4");
  EXPECT_EQ(all[0].updated_at, t0 + 2);
  EXPECT_EQ(all[0].updated_by, std::optional<std::int64_t>(admin));
  EXPECT_EQ(all[1].key, "platform_name");
  EXPECT_EQ(all[1].value_json, "\"Pipes & Co\"");
  EXPECT_FALSE(all[1].updated_by.has_value());
}

TEST_P(SettingsStore, HistoryIsNewestFirstWithTheChangersEmail) {
  auto admin = add_user("boss@example.com");
  change("lead_expiry_hours", "72", "48", t0, admin);
  change("lead_expiry_hours", "48", "24", t0 + 5, admin);
  change("platform_name", "\"A\"", "\"B\"", t0 + 6, std::nullopt);
  auto h = read<std::vector<domain::SettingChange>>(
      [](Tx& tx) { return tx.setting_history("lead_expiry_hours", 10); });
  ASSERT_EQ(h.size(), 2u);
  EXPECT_EQ(h[0].old_value_json, "48");
  EXPECT_EQ(h[0].new_value_json, "24");
  EXPECT_EQ(h[0].at, t0 + 5);
  EXPECT_EQ(h[0].by_email, "boss@example.com");
  EXPECT_EQ(h[1].old_value_json, "72");
  auto one = read<std::vector<domain::SettingChange>>(
      [](Tx& tx) { return tx.setting_history("lead_expiry_hours", 1); });
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0].new_value_json, "24");
  auto latest =
      read<std::vector<domain::SettingChange>>([](Tx& tx) { return tx.latest_setting_changes(); });
  ASSERT_EQ(latest.size(), 2u);  // one per key: the newest
  EXPECT_EQ(latest[0].key, "lead_expiry_hours");
  EXPECT_EQ(latest[0].new_value_json, "24");
  EXPECT_EQ(latest[1].key, "platform_name");
  EXPECT_EQ(latest[1].by_email, "");
  EXPECT_FALSE(latest[1].by_user_id.has_value());
}

TEST_P(SettingsStore, HistoryCannotBeChangedOrDeleted) {
  change("lead_expiry_hours", "72", "48", t0, std::nullopt);
  auto err = raw("UPDATE settings_history SET new_value = '1'");
  EXPECT_NE(err.find("append-only"), std::string::npos) << err;
  err = raw("DELETE FROM settings_history");
  EXPECT_NE(err.find("append-only"), std::string::npos) << err;
  auto h = read<std::vector<domain::SettingChange>>(
      [](Tx& tx) { return tx.setting_history("lead_expiry_hours", 10); });
  ASSERT_EQ(h.size(), 1u);
  EXPECT_EQ(h[0].new_value_json, "48");
}

TEST_P(SettingsStore, SetsANewPlumbersDefaults) {
  std::int64_t id = 0;
  write([&](Tx& tx) {
    id = tx.insert_user(make_user("new@example.com")).value;
    tx.insert_plumber({domain::UserId{id}, "New Pipes", "Nia", ""});
    tx.set_plumber_defaults(domain::UserId{id}, 4, 21 * 60, 7 * 60);
  });
  auto p = read<std::optional<domain::PlumberProfile>>(
      [&](Tx& tx) { return tx.plumber_profile(domain::UserId{id}); });
  ASSERT_TRUE(p);
  EXPECT_EQ(p->settings.daily_cap, 4);
  EXPECT_EQ(p->settings.quiet_start_minute, 21 * 60);
  EXPECT_EQ(p->settings.quiet_end_minute, 7 * 60);
}

TEST_P(SettingsStore, WritesTheCatalog) {
  auto before = catalog();
  ASSERT_FALSE(before.services.empty());
  auto leak = before.services.front();
  leak.base_price_credits = 9;
  leak.description = "Drips & leaks";
  leak.active = false;
  leak.sort_order = 99;
  domain::ServiceType added{"radiant_heat", "Radiant heating", 6, true, "Floors", 50};
  bool urgency_known = false, urgency_unknown = true;
  write([&](Tx& tx) {
    tx.put_service_type(leak);
    tx.put_service_type(added);
    urgency_known = tx.update_urgency({"emergency", "Right now", 3});
    urgency_unknown = tx.update_urgency({"no_such", "X", 1});
  });
  EXPECT_TRUE(urgency_known);
  EXPECT_FALSE(urgency_unknown);
  auto after = catalog();
  ASSERT_EQ(after.services.size(), before.services.size() + 1);
  EXPECT_EQ(after.services.back().slug, leak.slug);  // sorted by display order: 99 is last
  EXPECT_EQ(after.services.back().base_price_credits, 9);
  EXPECT_EQ(after.services.back().description, "Drips & leaks");
  EXPECT_FALSE(after.services.back().active);
  EXPECT_EQ(after.service(leak.slug), nullptr);  // inactive: not offered
  const auto* r = after.service("radiant_heat");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->label, "Radiant heating");
  EXPECT_EQ(r->description, "Floors");
  EXPECT_EQ(r->sort_order, 50);
  const auto* u = after.urgency("emergency");
  ASSERT_NE(u, nullptr);
  EXPECT_EQ(u->label, "Right now");
  EXPECT_EQ(u->surcharge_credits, 3);
}

INSTANTIATE_TEST_SUITE_P(Backends, SettingsStore, ::testing::Values("sqlite", "postgres"),
                         backend_name);

}  // namespace
}  // namespace plumbline::store::settings_store_test
