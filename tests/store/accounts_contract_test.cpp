// The accounts contract, part 1: users, plumbers and login attempts, on SQLite and PostgreSQL.
#include "store_fixture.hpp"

namespace plumbline::store::accounts_test {
namespace {

class Accounts : public AccountsFixture {};

TEST_P(Accounts, UserRoundTripsEveryField) {
  domain::User in = make_user("zoë.o'brien+jobs@example.com", domain::Role::admin);
  in.id = domain::UserId{999};  // ignored: the database assigns ids
  in.password_hash = "$argon2id$v=19$m=19456,t=2,p=1$YWJjZGVmZ2g$\"quoted\"/+=";
  in.email_verified_at = t0 + 1;
  in.locked_until = t0 + 900'000;
  in.created_at = t0 + 2;
  in.updated_at = t0 + 3;
  auto id = add_user(in);
  ASSERT_GT(id, 0);

  auto out = user(id);
  EXPECT_EQ(out.id, domain::UserId{id});
  EXPECT_EQ(out.email, in.email);
  EXPECT_EQ(out.password_hash, in.password_hash);
  EXPECT_EQ(out.role, domain::Role::admin);
  EXPECT_EQ(out.email_verified_at, std::optional<Millis>(t0 + 1));
  EXPECT_TRUE(out.verified());
  EXPECT_EQ(out.locked_until, t0 + 900'000);
  EXPECT_EQ(out.created_at, t0 + 2);
  EXPECT_EQ(out.updated_at, t0 + 3);

  auto by_email = read<std::optional<domain::User>>(
      [&](Tx& tx) { return tx.user_by_email("zoë.o'brien+jobs@example.com"); });
  ASSERT_TRUE(by_email.has_value());
  EXPECT_EQ(by_email->id, domain::UserId{id});

  auto plain_id = add_user("bob@example.com");
  EXPECT_GT(plain_id, id);
  auto plain = user(plain_id);
  EXPECT_EQ(plain.role, domain::Role::plumber);
  EXPECT_EQ(plain.email_verified_at, std::nullopt);
  EXPECT_FALSE(plain.verified());
  EXPECT_EQ(plain.locked_until, 0);

  read<int>([&](Tx& tx) {
    EXPECT_FALSE(tx.user_by_id(domain::UserId{plain_id + 1000}).has_value());
    EXPECT_FALSE(tx.user_by_email("nobody@example.com").has_value());
    EXPECT_FALSE(tx.user_by_email("BOB@example.com").has_value());  // lower-casing is the caller's
    return 0;
  });
}

TEST_P(Accounts, OldestUserWithRoleIsTheFirstAdminCreated) {
  auto none = [&] {
    return read<bool>([](Tx& tx) { return !tx.oldest_user_with_role(domain::Role::admin); });
  };
  add_user("plumber@example.com");
  EXPECT_TRUE(none()) << "a plumber is not an admin";
  auto first = add_user(make_user("first-admin@example.com", domain::Role::admin));
  add_user(make_user("second-admin@example.com", domain::Role::admin));
  auto found = read<std::optional<domain::User>>(
      [](Tx& tx) { return tx.oldest_user_with_role(domain::Role::admin); });
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->id, first);
  EXPECT_EQ(found->email, "first-admin@example.com");
}

TEST_P(Accounts, EmailIsUniqueAndMustBeLowerCase) {
  auto first = add_user("bob@example.com");
  EXPECT_EQ(failure([](Tx& tx) { tx.insert_user(make_user("bob@example.com")); }),
            StoreErrorKind::unique_violation);
  EXPECT_EQ(failure([](Tx& tx) { tx.insert_user(make_user("Bob@example.com")); }),
            StoreErrorKind::check_violation);
  EXPECT_EQ(failure([](Tx& tx) { tx.insert_user(make_user("a@")); }),
            StoreErrorKind::check_violation);  // shorter than 3
  EXPECT_EQ(failure([](Tx& tx) { tx.insert_user(make_user(std::string(250, 'x') + "@x.io")); }),
            StoreErrorKind::check_violation);  // longer than 254
  EXPECT_EQ(failure([](Tx& tx) { tx.insert_user(make_user("root@example.com", unknown_role)); }),
            StoreErrorKind::check_violation);
  // A failed insert leaves nothing behind, and the next id still works.
  auto second = add_user("carol@example.com");
  EXPECT_GT(second, first);
  EXPECT_EQ(user(first).email, "bob@example.com");
}

TEST_P(Accounts, PlumberRowBelongsToItsUser) {
  auto id = add_user("joe@plumbing.example");
  domain::Plumber in{domain::UserId{id}, "Joe's Pipes & Drains, LLC", "Joe \"JJ\" Jiménez",
                     "+12125550199"};
  write([&](Tx& tx) { tx.insert_plumber(in); });
  auto out = read<std::optional<domain::Plumber>>(
      [&](Tx& tx) { return tx.plumber_by_user(domain::UserId{id}); });
  ASSERT_TRUE(out.has_value());
  EXPECT_EQ(out->user_id, id);
  EXPECT_EQ(out->business_name, in.business_name);
  EXPECT_EQ(out->contact_name, in.contact_name);
  EXPECT_EQ(out->phone_e164, in.phone_e164);

  auto admin = add_user(make_user("admin@example.com", domain::Role::admin));
  EXPECT_FALSE(
      read<bool>([&](Tx& tx) { return tx.plumber_by_user(domain::UserId{admin}).has_value(); }));
  EXPECT_EQ(failure([&](Tx& tx) { tx.insert_plumber(in); }), StoreErrorKind::unique_violation);
  EXPECT_EQ(failure([&](Tx& tx) {
              tx.insert_plumber({domain::UserId{id + 1000}, "Ghost", "G", "+1"});
            }),
            StoreErrorKind::check_violation);  // no such user
}

TEST_P(Accounts, SignUpRollsBackAsOneTransaction) {
  store_->write_tx([&](Tx& tx) {
    auto id = tx.insert_user(make_user("joe@example.com"));
    tx.insert_plumber({id, "Joe's", "Joe", "+12125550100"});
    return false;
  });
  EXPECT_FALSE(read<bool>([](Tx& tx) { return tx.user_by_email("joe@example.com").has_value(); }));
  add_user("joe@example.com");  // the address is free again
}

TEST_P(Accounts, SettersChangeOneFieldAndStampUpdatedAt) {
  auto id = add_user("bob@example.com");
  auto other = add_user("carol@example.com");

  write([&](Tx& tx) { tx.set_user_email_verified(domain::UserId{id}, t0 + 10); });
  auto u = user(id);
  EXPECT_EQ(u.email_verified_at, std::optional<Millis>(t0 + 10));
  EXPECT_EQ(u.updated_at, t0 + 10);
  EXPECT_EQ(u.created_at, t0);

  write([&](Tx& tx) { tx.set_user_password(domain::UserId{id}, "$argon2id$new", t0 + 20); });
  u = user(id);
  EXPECT_EQ(u.password_hash, "$argon2id$new");
  EXPECT_EQ(u.updated_at, t0 + 20);
  EXPECT_EQ(u.email_verified_at, std::optional<Millis>(t0 + 10));

  write([&](Tx& tx) { tx.set_user_role(domain::UserId{id}, domain::Role::admin, t0 + 30); });
  u = user(id);
  EXPECT_EQ(u.role, domain::Role::admin);
  EXPECT_EQ(u.updated_at, t0 + 30);
  EXPECT_EQ(failure([&](Tx& tx) { tx.set_user_role(domain::UserId{id}, unknown_role, t0 + 31); }),
            StoreErrorKind::check_violation);
  EXPECT_EQ(user(id).role, domain::Role::admin);

  write([&](Tx& tx) { tx.set_user_locked_until(domain::UserId{id}, t0 + 900'000, t0 + 40); });
  u = user(id);
  EXPECT_EQ(u.locked_until, t0 + 900'000);
  EXPECT_EQ(u.updated_at, t0 + 40);
  write([&](Tx& tx) { tx.set_user_locked_until(domain::UserId{id}, 0, t0 + 41); });
  EXPECT_EQ(user(id).locked_until, 0);

  auto c = user(other);  // nothing leaked to the other account
  EXPECT_EQ(c.role, domain::Role::plumber);
  EXPECT_EQ(c.email_verified_at, std::nullopt);
  EXPECT_EQ(c.locked_until, 0);
  EXPECT_EQ(c.updated_at, t0);
}

TEST_P(Accounts, EmailChangeVerifiesTheNewAddressAndRespectsUniqueness) {
  auto id = add_user("bob@example.com");
  add_user("carol@example.com");
  write([&](Tx& tx) { tx.set_user_email(domain::UserId{id}, "robert@example.org", t0 + 50); });
  auto u = user(id);
  EXPECT_EQ(u.email, "robert@example.org");
  EXPECT_EQ(u.email_verified_at, std::optional<Millis>(t0 + 50));
  EXPECT_EQ(u.updated_at, t0 + 50);
  read<int>([&](Tx& tx) {
    EXPECT_FALSE(tx.user_by_email("bob@example.com").has_value());
    EXPECT_EQ(tx.user_by_email("robert@example.org")->id, id);
    return 0;
  });
  add_user("bob@example.com");  // the old address is free

  EXPECT_EQ(
      failure([&](Tx& tx) { tx.set_user_email(domain::UserId{id}, "carol@example.com", t0 + 60); }),
      StoreErrorKind::unique_violation);
  EXPECT_EQ(failure([&](Tx& tx) {
              tx.set_user_email(domain::UserId{id}, "Robert@Example.org", t0 + 60);
            }),
            StoreErrorKind::check_violation);
  EXPECT_EQ(user(id).email, "robert@example.org");
  EXPECT_EQ(user(id).updated_at, t0 + 50);
}

TEST_P(Accounts, LoginFailuresCountInsideTheWindowAndAfterTheLastSuccess) {
  auto id = add_user("bob@example.com");
  auto other = add_user("carol@example.com");
  auto failures = [&](Millis since) {
    return read<int>([&](Tx& tx) { return tx.count_login_failures(domain::UserId{id}, since); });
  };
  EXPECT_EQ(failures(0), 0);
  write([&](Tx& tx) {
    for (int i = 0; i < 5; ++i)
      tx.insert_login_attempt({domain::UserId{id}, "203.0.113.1", "", false, false, t0 + i * 1000});
    tx.insert_login_attempt(
        {domain::UserId{other}, "203.0.113.1", "", false, false, t0 + 500});  // another account
    tx.insert_login_attempt(
        {std::nullopt, "203.0.113.1", "", false, false, t0 + 600});  // unknown address
  });
  EXPECT_EQ(failures(0), 5);
  EXPECT_EQ(failures(t0), 5);  // `since` is inclusive
  EXPECT_EQ(failures(t0 + 1), 4);
  EXPECT_EQ(failures(t0 + 4000), 1);
  EXPECT_EQ(failures(t0 + 4001), 0);
  EXPECT_EQ(read<int>([&](Tx& tx) { return tx.count_login_failures(domain::UserId{other}, 0); }),
            1);

  // A success resets the count; failures after it count again, even in the same millisecond.
  write([&](Tx& tx) {
    tx.insert_login_attempt({domain::UserId{id}, "198.51.100.2", "", false, true, t0 + 5000});
  });
  EXPECT_EQ(failures(0), 0);
  write([&](Tx& tx) {
    tx.insert_login_attempt({domain::UserId{id}, "198.51.100.2", "", false, false, t0 + 5000});
    tx.insert_login_attempt({domain::UserId{id}, "198.51.100.2", "", false, false, t0 + 6000});
  });
  EXPECT_EQ(failures(0), 2);
  EXPECT_EQ(failures(t0 + 5001), 1);
  // Another account's success resets nothing here.
  write([&](Tx& tx) {
    tx.insert_login_attempt({domain::UserId{other}, "203.0.113.1", "", false, true, t0 + 7000});
  });
  EXPECT_EQ(failures(0), 2);
  EXPECT_EQ(read<int>([&](Tx& tx) { return tx.count_login_failures(domain::UserId{other}, 0); }),
            0);
  EXPECT_EQ(
      read<int>([&](Tx& tx) { return tx.count_login_failures(domain::UserId{other + 1000}, 0); }),
      0);
}

TEST_P(Accounts, ManyFailuresAreCountedExactly) {
  auto id = add_user("bob@example.com");
  write([&](Tx& tx) {
    for (int i = 0; i < 25; ++i)
      tx.insert_login_attempt({domain::UserId{id}, "203.0.113.1", "", false, false, t0 + i});
  });
  EXPECT_EQ(read<int>([&](Tx& tx) { return tx.count_login_failures(domain::UserId{id}, t0 + 15); }),
            10);
}

TEST_P(Accounts, ProvisionalFailuresTurnIntoSuccessesAndKnownDevicesCountApart) {
  auto id = add_user("bob@example.com");
  const std::string laptop(64, 'a'), phone(64, 'b');
  auto failures = [&] {
    return read<int>([&](Tx& tx) { return tx.count_login_failures(domain::UserId{id}, 0); });
  };
  auto device_failures = [&](const std::string& d) {
    return read<int>(
        [&](Tx& tx) { return tx.count_device_login_failures(domain::UserId{id}, d, 0); });
  };
  auto address_failures = [&](const std::string& ip, Millis since) {
    return read<int>([&](Tx& tx) { return tx.count_address_login_failures(ip, since); });
  };
  std::int64_t pending = 0;
  write([&](Tx& tx) {
    pending = tx.insert_login_attempt({domain::UserId{id}, "203.0.113.1", "", false, false, t0});
    tx.insert_login_attempt({domain::UserId{id}, "203.0.113.1", "", false, false, t0 + 1});
    tx.insert_login_attempt(
        {domain::UserId{id}, "198.51.100.2", laptop, true, false, t0 + 2});  // a known device
    tx.insert_login_attempt({std::nullopt, "203.0.113.1", "", false, false, t0 + 3});
  });
  EXPECT_GT(pending, 0);
  EXPECT_EQ(failures(), 2);  // the known device's failure does not count against the account
  EXPECT_EQ(device_failures(laptop), 1);
  EXPECT_EQ(device_failures(phone), 0);
  EXPECT_EQ(address_failures("203.0.113.1", 0), 3);  // every account and none, untrusted only
  EXPECT_EQ(address_failures("203.0.113.1", t0 + 1), 2);
  EXPECT_EQ(address_failures("198.51.100.2", 0), 0);
  // The first attempt was right after all: a success, and everything before it stops counting.
  write([&](Tx& tx) { tx.set_login_attempt_succeeded(pending); });
  EXPECT_EQ(failures(), 1);
  EXPECT_EQ(address_failures("203.0.113.1", 0), 2);

  EXPECT_FALSE(read<bool>([&](Tx& tx) { return tx.known_device(domain::UserId{id}, laptop); }));
  write([&](Tx& tx) {
    tx.remember_device(domain::UserId{id}, laptop, t0 + 10);
    tx.remember_device(domain::UserId{id}, laptop, t0 + 20);  // seen again: one row
    tx.lock_user_row(domain::UserId{id});
  });
  EXPECT_TRUE(read<bool>([&](Tx& tx) { return tx.known_device(domain::UserId{id}, laptop); }));
  EXPECT_FALSE(read<bool>([&](Tx& tx) { return tx.known_device(domain::UserId{id}, phone); }));
  EXPECT_FALSE(
      read<bool>([&](Tx& tx) { return tx.known_device(domain::UserId{id + 1000}, laptop); }));
}

INSTANTIATE_TEST_SUITE_P(Backends, Accounts, ::testing::Values("sqlite", "postgres"), backend_name);

}  // namespace
}  // namespace plumbline::store::accounts_test
