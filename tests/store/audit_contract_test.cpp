// The audit-trail storage contract on SQLite and PostgreSQL: rows append with every field, the
// filters and keyset paging, and the schema refuses any change or deletion.
#include "store_fixture.hpp"

namespace plumbline::store::audit_store_test {
namespace {

using namespace accounts_test;  // the shared fixture (store_fixture.hpp)

class AuditStore : public AccountsFixture {
 protected:
  domain::AuditEntry entry(std::string action, std::string type, std::string id, Millis at) {
    domain::AuditEntry e;
    e.at = at;
    e.actor_user_id = domain::UserId{7};
    e.actor_email = "staff@example.com";
    e.actor_role = "admin";
    e.action = std::move(action);
    e.target_type = std::move(type);
    e.target_id = std::move(id);
    e.reason = "because";
    e.before_json = R"({"a":1})";
    e.after_json = R"({"a":2})";
    e.ip = "203.0.113.9";
    return e;
  }
  std::int64_t append(const domain::AuditEntry& e) {
    std::int64_t id = 0;
    write([&](Tx& tx) { id = tx.append_audit(e); });
    return id;
  }
  std::vector<domain::AuditEntry> list(const domain::AuditFilter& f) {
    return read<std::vector<domain::AuditEntry>>([&](Tx& tx) { return tx.list_audit(f); });
  }
  std::vector<std::string> actions(const domain::AuditFilter& f) {
    std::vector<std::string> out;
    for (const auto& e : list(f)) out.push_back(e.action);
    return out;
  }
};

TEST_P(AuditStore, AppendsEveryFieldAndListsNewestFirst) {
  auto first = append(entry("lead.close", "lead", "12", t0));
  auto e = entry("auth.sign_in_failed", "", "", t0 + 5);
  e.actor_user_id.reset();  // an anonymous caller
  e.actor_email = "who@example.com";
  auto second = append(e);
  EXPECT_GT(second, first);
  auto rows = list({});
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].id, second);
  EXPECT_FALSE(rows[0].actor_user_id.has_value());
  const auto& r = rows[1];
  EXPECT_EQ(r.id, first);
  EXPECT_EQ(r.at, t0);
  EXPECT_EQ(r.actor_user_id, std::optional<domain::UserId>(domain::UserId{7}));
  EXPECT_EQ(r.actor_email, "staff@example.com");
  EXPECT_EQ(r.actor_role, "admin");
  EXPECT_EQ(r.action, "lead.close");
  EXPECT_EQ(r.target_type, "lead");
  EXPECT_EQ(r.target_id, "12");
  EXPECT_EQ(r.reason, "because");
  EXPECT_EQ(r.before_json, R"({"a":1})");
  EXPECT_EQ(r.after_json, R"({"a":2})");
  EXPECT_EQ(r.ip, "203.0.113.9");
}

TEST_P(AuditStore, AnActorKnownByIdAloneIsNamedFromUsers) {
  auto uid = add_user(make_user("api-admin@example.com", domain::Role::admin));
  auto e = entry("plumber.credits", "plumber", "4", t0);
  e.actor_user_id = domain::UserId{uid};
  e.actor_email.clear();  // a bearer token carries the id and role only
  e.actor_role.clear();
  append(e);
  auto rows = list({});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].actor_email, "api-admin@example.com");
  EXPECT_EQ(rows[0].actor_role, "admin");
  e.actor_user_id.reset();  // nobody: stays empty
  append(e);
  EXPECT_EQ(list({}).front().actor_email, "");
}

TEST_P(AuditStore, FiltersByActorActionTargetAndTime) {
  append(entry("lead.close", "lead", "1", t0));
  append(entry("lead.reopen", "lead", "1", t0 + 10));
  append(entry("lead_x.close", "lead", "2", t0 + 20));  // not under the "lead." prefix
  auto other = entry("plumber.approve", "plumber", "5", t0 + 30);
  other.actor_user_id = domain::UserId{8};
  other.actor_email = "other@example.com";
  append(other);

  domain::AuditFilter f;
  f.action = "lead.";
  EXPECT_EQ(actions(f), (std::vector<std::string>{"lead.reopen", "lead.close"}));
  f.action = "lead.close";
  EXPECT_EQ(actions(f), (std::vector<std::string>{"lead.close"}));
  f.action = "lead";  // no dot: an exact action only
  EXPECT_TRUE(actions(f).empty());

  domain::AuditFilter by_actor;
  by_actor.actor_user_id = domain::UserId{8};
  EXPECT_EQ(actions(by_actor), (std::vector<std::string>{"plumber.approve"}));
  domain::AuditFilter by_email;
  by_email.actor_email = "other@example.com";
  EXPECT_EQ(actions(by_email), (std::vector<std::string>{"plumber.approve"}));
  by_email.actor_email = "nobody@example.com";
  EXPECT_TRUE(actions(by_email).empty());

  domain::AuditFilter by_target;
  by_target.target_type = "lead";
  by_target.target_id = "1";
  EXPECT_EQ(actions(by_target), (std::vector<std::string>{"lead.reopen", "lead.close"}));

  domain::AuditFilter by_time;
  by_time.from = t0 + 10;
  by_time.to = t0 + 30;  // exclusive
  EXPECT_EQ(actions(by_time), (std::vector<std::string>{"lead_x.close", "lead.reopen"}));
}

TEST_P(AuditStore, PagesByIdWithoutGapsOrRepeats) {
  for (int i = 0; i < 7; ++i)
    append(entry("settings.update", "setting", std::to_string(i), t0 + i));
  domain::AuditFilter f;
  f.limit = 3;
  std::vector<std::string> seen;
  for (;;) {
    auto page = list(f);
    for (const auto& e : page) seen.push_back(e.target_id);
    if (page.size() < 3) break;
    f.before_id = page.back().id;
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"6", "5", "4", "3", "2", "1", "0"}));
}

TEST_P(AuditStore, RowsCannotBeChangedOrDeleted) {
  append(entry("lead.close", "lead", "1", t0));
  auto err = raw("UPDATE audit_log SET reason = 'x'");
  EXPECT_NE(err.find("append-only"), std::string::npos) << err;
  err = raw("DELETE FROM audit_log");
  EXPECT_NE(err.find("append-only"), std::string::npos) << err;
  if (is_pg()) {
    err = raw("TRUNCATE audit_log");
    EXPECT_NE(err.find("append-only"), std::string::npos) << err;
  }
  ASSERT_EQ(list({}).size(), 1u);
  EXPECT_EQ(list({}).front().reason, "because");
}

INSTANTIATE_TEST_SUITE_P(Backends, AuditStore, ::testing::Values("sqlite", "postgres"),
                         backend_name);

}  // namespace
}  // namespace plumbline::store::audit_store_test
