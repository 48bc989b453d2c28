// Profile-change store contract on SQLite and PostgreSQL: changes to verified facts are kept with
// old and new values, listed pending first and newest first, counted and queued per plumber, and
// closed with the reviewer and time (migration 0008).
#include "store_fixture.hpp"

namespace plumbline::store::profile_changes_test {
namespace {

using namespace market_test;  // the shared fixture (store_fixture.hpp)

using domain::ProfileChange;

class ProfileChanges : public accounts_test::AccountsFixture {
 protected:
  std::int64_t plumber(int n) {
    std::int64_t id = 0;
    write([&](Tx& tx) { id = add_plumber(tx, n, {}); });
    return id;
  }
  std::int64_t change(std::int64_t plumber_id, const std::string& field, const std::string& was,
                      const std::string& now_is, Millis at) {
    std::int64_t id = 0;
    write([&](Tx& tx) {
      id = tx.insert_profile_change(
          ProfileChange{0, domain::UserId{plumber_id}, field, was, now_is, at});
    });
    return id;
  }
  std::vector<ProfileChange> changes(std::int64_t plumber_id, int limit = 100) {
    return read<std::vector<ProfileChange>>(
        [&](Tx& tx) { return tx.profile_changes(domain::UserId{plumber_id}, limit); });
  }
  std::int64_t pending_count() {
    return read<std::int64_t>([](Tx& tx) { return tx.count_pending_profile_changes(); });
  }
  std::vector<std::int64_t> queue(int limit = 50, int offset = 0) {
    return read<std::vector<std::int64_t>>(
        [&](Tx& tx) { return tx.plumbers_with_pending_changes(limit, offset); });
  }
  std::int64_t queue_size() {
    return read<std::int64_t>([](Tx& tx) { return tx.count_plumbers_with_pending_changes(); });
  }
  int close(std::int64_t plumber_id, std::optional<std::int64_t> by, Millis at) {
    int n = 0;
    write([&](Tx& tx) { n = tx.close_profile_changes(domain::UserId{plumber_id}, by, at); });
    return n;
  }
};

TEST_P(ProfileChanges, KeepsOldAndNewValuesAsAPendingChange) {
  auto p = plumber(1);
  auto id = change(p, "licence_number", "LIC-1", "LIC-<b>&\"2\"", t0 + 5);
  EXPECT_GT(id, 0);
  auto got = changes(p);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].id, id);
  EXPECT_EQ(got[0].plumber_id, domain::UserId{p});
  EXPECT_EQ(got[0].field, "licence_number");
  EXPECT_EQ(got[0].old_value, "LIC-1");
  EXPECT_EQ(got[0].new_value, "LIC-<b>&\"2\"");
  EXPECT_EQ(got[0].created_at, t0 + 5);
  EXPECT_TRUE(got[0].pending());
  EXPECT_FALSE(got[0].reviewed_by.has_value());
  EXPECT_TRUE(changes(plumber(2)).empty());
}

TEST_P(ProfileChanges, RefusesAFieldThatIsNotAVerifiedFact) {
  auto p = plumber(1);
  EXPECT_TRUE(failure([&](Tx& tx) {
                tx.insert_profile_change(
                    ProfileChange{0, domain::UserId{p}, "radius_miles", "25", "80", t0});
              }).has_value());
  EXPECT_EQ(pending_count(), 0);
}

TEST_P(ProfileChanges, ListsPendingFirstThenNewestFirst) {
  auto p = plumber(1);
  auto a = change(p, "business_name", "A", "B", t0 + 1);
  auto b = change(p, "licence_state", "NY", "NJ", t0 + 2);
  ASSERT_EQ(close(p, std::nullopt, t0 + 3), 2);
  auto c = change(p, "insurance_carrier", "X", "Y", t0 + 4);
  auto d = change(p, "insurance_expires_on", "2027-06-30", "2028-06-30", t0 + 4);  // same time
  std::vector<std::int64_t> ids;
  for (const auto& x : changes(p)) ids.push_back(x.id);
  EXPECT_EQ(ids, (std::vector<std::int64_t>{d, c, b, a}));
  EXPECT_EQ(changes(p, 2).size(), 2u);
  EXPECT_TRUE(changes(p, 0).empty());
}

TEST_P(ProfileChanges, CountsAndQueuesPlumbersWithPendingChangesLongestWaitingFirst) {
  auto p1 = plumber(1), p2 = plumber(2), p3 = plumber(3);
  EXPECT_EQ(pending_count(), 0);
  EXPECT_TRUE(queue().empty());
  change(p2, "licence_number", "a", "b", t0 + 10);
  change(p2, "licence_state", "NY", "NJ", t0 + 30);
  change(p1, "business_name", "a", "b", t0 + 20);
  change(p3, "insurance_carrier", "a", "b", t0 + 5);
  close(p3, std::nullopt, t0 + 6);  // p3's change is checked: not in the queue
  EXPECT_EQ(pending_count(), 3);
  EXPECT_EQ(queue(), (std::vector<std::int64_t>{p2, p1}));
  EXPECT_EQ(queue_size(), 2);
  EXPECT_EQ(queue(1, 1), (std::vector<std::int64_t>{p1}));
  EXPECT_TRUE(queue(0, 0).empty());
  EXPECT_EQ(queue(5, -3), (std::vector<std::int64_t>{p2, p1}));
}

TEST_P(ProfileChanges, ClosingRecordsTheReviewerAndTouchesOnlyThatPlumbersPendingChanges) {
  auto p1 = plumber(1), p2 = plumber(2);
  auto admin = add_user("admin@example.com");
  change(p1, "licence_number", "a", "b", t0 + 1);
  change(p1, "insurance_carrier", "a", "b", t0 + 2);
  change(p2, "business_name", "a", "b", t0 + 3);
  EXPECT_EQ(close(p1, admin, t0 + 50), 2);
  for (const auto& c : changes(p1)) {
    EXPECT_FALSE(c.pending());
    EXPECT_EQ(c.reviewed_at, std::optional<Millis>(t0 + 50));
    EXPECT_EQ(c.reviewed_by, std::optional{domain::UserId{admin}});
  }
  EXPECT_TRUE(changes(p2)[0].pending());
  EXPECT_EQ(close(p1, admin, t0 + 60), 0);  // closed already: the first review's time stays
  EXPECT_EQ(changes(p1)[0].reviewed_at, std::optional<Millis>(t0 + 50));
  EXPECT_EQ(pending_count(), 1);
  EXPECT_EQ(queue(), (std::vector<std::int64_t>{p2}));
}

INSTANTIATE_TEST_SUITE_P(Backends, ProfileChanges, ::testing::Values("sqlite", "postgres"),
                         backend_name);

}  // namespace
}  // namespace plumbline::store::profile_changes_test
