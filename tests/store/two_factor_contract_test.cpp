// The two-factor storage contract on SQLite and PostgreSQL: keys, single-use steps and recovery
// codes, failure counts, challenges, and known-device counts.
#include "store_fixture.hpp"

namespace plumbline::store::two_factor_store_test {
namespace {

using namespace accounts_test;  // the shared fixture (store_fixture.hpp)

class TwoFactorStore : public AccountsFixture {
 protected:
  std::optional<domain::TwoFactor> tf(std::int64_t uid) {
    return read<std::optional<domain::TwoFactor>>(
        [&](Tx& tx) { return tx.two_factor(domain::UserId{uid}); });
  }
  template <typename F>
  bool changed(F fn) {
    bool ok = false;
    write([&](Tx& tx) { ok = fn(tx); });
    return ok;
  }
};

TEST_P(TwoFactorStore, KeyLifecycleAndSingleUseSteps) {
  auto uid = add_user("bob@example.com");
  EXPECT_FALSE(tf(uid).has_value());
  write([&](Tx& tx) { tx.put_two_factor_secret(domain::UserId{uid}, "sealed-1", t0); });
  auto t = tf(uid);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->secret_sealed, "sealed-1");
  EXPECT_FALSE(t->enabled());
  EXPECT_EQ(t->last_step, 0);
  EXPECT_EQ(t->created_at, t0);
  EXPECT_TRUE(
      changed([&](Tx& tx) { return tx.enable_two_factor(domain::UserId{uid}, 100, t0 + 5); }));
  EXPECT_FALSE(
      changed([&](Tx& tx) { return tx.enable_two_factor(domain::UserId{uid}, 101, t0 + 6); }));
  t = tf(uid);
  EXPECT_EQ(t->enabled_at, std::optional<Millis>(t0 + 5));
  EXPECT_EQ(t->last_step, 100);
  EXPECT_FALSE(
      changed([&](Tx& tx) { return tx.use_totp_step(domain::UserId{uid}, 100); }));  // replay
  EXPECT_FALSE(changed([&](Tx& tx) { return tx.use_totp_step(domain::UserId{uid}, 99); }));
  write([&](Tx& tx) {
    tx.record_two_factor_failure(domain::UserId{uid}, t0 + 7);
    tx.record_two_factor_failure(domain::UserId{uid}, t0 + 8);
  });
  EXPECT_EQ(tf(uid)->failures, 2);
  EXPECT_EQ(tf(uid)->failed_at, t0 + 8);
  EXPECT_TRUE(changed([&](Tx& tx) { return tx.use_totp_step(domain::UserId{uid}, 101); }));
  EXPECT_EQ(tf(uid)->last_step, 101);
  EXPECT_EQ(tf(uid)->failures, 0);
  // A racing use of the same step: exactly one wins.
  EXPECT_EQ(race([&](Tx& tx) { return tx.use_totp_step(domain::UserId{uid}, 102); }), 1);
  // Restarting enrolment replaces the key and turns it off.
  write([&](Tx& tx) { tx.put_two_factor_secret(domain::UserId{uid}, "sealed-2", t0 + 9); });
  EXPECT_FALSE(tf(uid)->enabled());
  EXPECT_EQ(tf(uid)->secret_sealed, "sealed-2");
  write([&](Tx& tx) { tx.delete_two_factor(domain::UserId{uid}); });
  EXPECT_FALSE(tf(uid).has_value());
}

TEST_P(TwoFactorStore, RecoveryCodesAreSingleUseAndPerAccount) {
  auto bob = add_user("bob@example.com");
  auto amy = add_user("amy@example.com");
  write([&](Tx& tx) {
    tx.put_two_factor_secret(domain::UserId{bob}, "s", t0);
    tx.enable_two_factor(domain::UserId{bob}, 1, t0);
    tx.replace_recovery_codes(domain::UserId{bob}, {hash64('r', 1), hash64('r', 2)});
    tx.record_two_factor_failure(domain::UserId{bob}, t0);
  });
  EXPECT_EQ(read<int>([&](Tx& tx) { return tx.count_unused_recovery_codes(domain::UserId{bob}); }),
            2);
  EXPECT_FALSE(changed(
      [&](Tx& tx) { return tx.use_recovery_code(domain::UserId{amy}, hash64('r', 1), t0); }));
  EXPECT_TRUE(changed(
      [&](Tx& tx) { return tx.use_recovery_code(domain::UserId{bob}, hash64('r', 1), t0); }));
  EXPECT_EQ(tf(bob)->failures, 0);
  EXPECT_FALSE(changed(
      [&](Tx& tx) { return tx.use_recovery_code(domain::UserId{bob}, hash64('r', 1), t0); }));
  EXPECT_EQ(
      race([&](Tx& tx) { return tx.use_recovery_code(domain::UserId{bob}, hash64('r', 2), t0); }),
      1);
  EXPECT_EQ(read<int>([&](Tx& tx) { return tx.count_unused_recovery_codes(domain::UserId{bob}); }),
            0);
  write([&](Tx& tx) { tx.replace_recovery_codes(domain::UserId{bob}, {hash64('r', 3)}); });
  EXPECT_EQ(read<int>([&](Tx& tx) { return tx.count_unused_recovery_codes(domain::UserId{bob}); }),
            1);
  EXPECT_EQ(failure([&](Tx& tx) { tx.replace_recovery_codes(domain::UserId{bob}, {"short"}); }),
            StoreErrorKind::check_violation);
  write([&](Tx& tx) { tx.delete_two_factor(domain::UserId{bob}); });
  EXPECT_EQ(read<int>([&](Tx& tx) { return tx.count_unused_recovery_codes(domain::UserId{bob}); }),
            0);
}

TEST_P(TwoFactorStore, ChallengesCountFailuresAndAreSpentOnce) {
  auto uid = add_user("bob@example.com");
  domain::TwoFactorChallenge ch{hash64('c', 1), domain::UserId{uid}, true, 0, t0, t0 + 300'000};
  write([&](Tx& tx) { tx.insert_two_factor_challenge(ch); });
  auto got = read<std::optional<domain::TwoFactorChallenge>>(
      [&](Tx& tx) { return tx.two_factor_challenge(hash64('c', 1)); });
  ASSERT_TRUE(got);
  EXPECT_EQ(got->user_id, domain::UserId{uid});
  EXPECT_TRUE(got->remember);
  EXPECT_EQ(got->expires_at, t0 + 300'000);
  int n = 0;
  write([&](Tx& tx) { n = tx.fail_two_factor_challenge(hash64('c', 1)); });
  EXPECT_EQ(n, 1);
  write([&](Tx& tx) { n = tx.fail_two_factor_challenge(hash64('c', 1)); });
  EXPECT_EQ(n, 2);
  EXPECT_EQ(race([&](Tx& tx) { return tx.delete_two_factor_challenge(hash64('c', 1)); }), 1);
  EXPECT_FALSE(read<std::optional<domain::TwoFactorChallenge>>([&](Tx& tx) {
                 return tx.two_factor_challenge(hash64('c', 1));
               }).has_value());
}

TEST_P(TwoFactorStore, CountsKnownDevices) {
  auto uid = add_user("bob@example.com");
  EXPECT_EQ(read<int>([&](Tx& tx) { return tx.count_known_devices(domain::UserId{uid}); }), 0);
  write([&](Tx& tx) {
    tx.remember_device(domain::UserId{uid}, hash64('d', 1), t0);
    tx.remember_device(domain::UserId{uid}, hash64('d', 1), t0 + 1);
    tx.remember_device(domain::UserId{uid}, hash64('d', 2), t0 + 2);
  });
  EXPECT_EQ(read<int>([&](Tx& tx) { return tx.count_known_devices(domain::UserId{uid}); }), 2);
}

INSTANTIATE_TEST_SUITE_P(Backends, TwoFactorStore, ::testing::Values("sqlite", "postgres"),
                         backend_name);

}  // namespace
}  // namespace plumbline::store::two_factor_store_test
