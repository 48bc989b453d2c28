// The message-template overrides storage contract on SQLite and PostgreSQL: save inserts then
// replaces, find and list read every field, delete reports whether there was a row.
#include "store_fixture.hpp"

namespace plumbline::store::message_templates_store_test {
namespace {

using namespace accounts_test;  // the shared fixture (store_fixture.hpp)

class TemplateOverridesStore : public AccountsFixture {
 protected:
  void save(const std::string& name, const std::string& body, Millis at,
            std::optional<std::int64_t> by) {
    write([&](Tx& tx) { tx.save_template_override({name, body, at, by}); });
  }
  std::optional<domain::TemplateOverride> find(const std::string& name) {
    return read<std::optional<domain::TemplateOverride>>(
        [&](Tx& tx) { return tx.find_template_override(name); });
  }
  std::vector<domain::TemplateOverride> list() {
    return read<std::vector<domain::TemplateOverride>>(
        [&](Tx& tx) { return tx.list_template_overrides(); });
  }
};

TEST_P(TemplateOverridesStore, SaveInsertsThenReplaces) {
  EXPECT_FALSE(find("email/lead_alert.subject"));
  save("email/lead_alert.subject", "New lead: {{service_label}}", t0, 7);
  auto got = find("email/lead_alert.subject");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->body, "New lead: {{service_label}}");
  EXPECT_EQ(got->updated_at, t0);
  EXPECT_EQ(got->updated_by, 7);
  save("email/lead_alert.subject", "Line one\nÜnïcode {{zip}}", t0 + 5, std::nullopt);
  got = find("email/lead_alert.subject");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->body, "Line one\nÜnïcode {{zip}}");
  EXPECT_EQ(got->updated_at, t0 + 5);
  EXPECT_FALSE(got->updated_by);
  EXPECT_EQ(list().size(), 1u);
}

TEST_P(TemplateOverridesStore, ListsByNameAndDeletes) {
  save("sms/lead_alert.txt", "b", t0, 1);
  save("email/lead_alert.txt", "a", t0, 1);
  auto rows = list();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].name, "email/lead_alert.txt");
  EXPECT_EQ(rows[1].name, "sms/lead_alert.txt");
  bool deleted = false;
  write([&](Tx& tx) { deleted = tx.delete_template_override("sms/lead_alert.txt"); });
  EXPECT_TRUE(deleted);
  write([&](Tx& tx) { deleted = tx.delete_template_override("sms/lead_alert.txt"); });
  EXPECT_FALSE(deleted);
  ASSERT_EQ(list().size(), 1u);
  EXPECT_FALSE(find("sms/lead_alert.txt"));
}

INSTANTIATE_TEST_SUITE_P(Backends, TemplateOverridesStore, ::testing::Values("sqlite", "postgres"),
                         backend_name);

}  // namespace
}  // namespace plumbline::store::message_templates_store_test
