// The accounts contract, part 2: sessions, single-use tokens and API refresh tokens, on SQLite and
// PostgreSQL.
#include "store_fixture.hpp"

namespace plumbline::store::sessions_test {
namespace {

using namespace accounts_test;  // the shared fixture (store_fixture.hpp)

class Sessions : public AccountsFixture {
 protected:
  std::optional<domain::Session> session(const std::string& hash) {
    return read<std::optional<domain::Session>>([&](Tx& tx) { return tx.session_by_hash(hash); });
  }
  std::optional<domain::AuthToken> token(const std::string& hash) {
    return read<std::optional<domain::AuthToken>>(
        [&](Tx& tx) { return tx.auth_token_by_hash(hash); });
  }
  std::optional<domain::RefreshToken> refresh(const std::string& hash) {
    return read<std::optional<domain::RefreshToken>>(
        [&](Tx& tx) { return tx.refresh_token_by_hash(hash); });
  }
  bool use_token(const std::string& hash, Millis at) {
    bool ok = false;
    write([&](Tx& tx) { ok = tx.use_auth_token(hash, at); });
    return ok;
  }
  bool use_refresh(const std::string& hash, Millis at) {
    bool ok = false;
    write([&](Tx& tx) { ok = tx.use_refresh_token(hash, at); });
    return ok;
  }
};

TEST_P(Sessions, SessionRoundTripsEveryField) {
  auto uid = add_user("bob@example.com");
  domain::Session in = make_session(1, uid, t0 + 7);
  in.remember = true;
  in.ip = "2001:db8::1";
  in.user_agent = "Mozilla/5.0 \"quoted\" — ünïcode";
  write([&](Tx& tx) { tx.insert_session(in); });
  auto out = session(in.id_hash);
  ASSERT_TRUE(out.has_value());
  EXPECT_EQ(out->id_hash, in.id_hash);
  EXPECT_EQ(out->user_id, uid);
  EXPECT_EQ(out->created_at, t0 + 7);
  EXPECT_EQ(out->last_seen_at, t0 + 7);
  EXPECT_EQ(out->absolute_expires_at, in.absolute_expires_at);
  EXPECT_EQ(out->idle_timeout_ms, in.idle_timeout_ms);
  EXPECT_TRUE(out->remember);
  EXPECT_EQ(out->ip, in.ip);
  EXPECT_EQ(out->user_agent, in.user_agent);

  write([&](Tx& tx) { tx.insert_session(make_session(2, uid)); });
  EXPECT_FALSE(session(hash64('5', 2))->remember);
  EXPECT_FALSE(session(hash64('5', 3)).has_value());
}

TEST_P(Sessions, SessionConstraints) {
  auto uid = add_user("bob@example.com");
  write([&](Tx& tx) { tx.insert_session(make_session(1, uid)); });
  EXPECT_EQ(failure([&](Tx& tx) { tx.insert_session(make_session(1, uid)); }),
            StoreErrorKind::unique_violation);
  auto short_id = make_session(2, uid);
  short_id.id_hash = "abc";
  EXPECT_EQ(failure([&](Tx& tx) { tx.insert_session(short_id); }), StoreErrorKind::check_violation);
  EXPECT_EQ(failure([&](Tx& tx) { tx.insert_session(make_session(3, uid + 1000)); }),
            StoreErrorKind::check_violation);  // no such user
}

TEST_P(Sessions, TouchAndDeleteAffectOnlyTheirSession) {
  auto uid = add_user("bob@example.com");
  write([&](Tx& tx) {
    tx.insert_session(make_session(1, uid));
    tx.insert_session(make_session(2, uid));
  });
  write([&](Tx& tx) { tx.touch_session(hash64('5', 1), t0 + 60'000); });
  EXPECT_EQ(session(hash64('5', 1))->last_seen_at, t0 + 60'000);
  EXPECT_EQ(session(hash64('5', 1))->created_at, t0);
  EXPECT_EQ(session(hash64('5', 2))->last_seen_at, t0);
  write([&](Tx& tx) { tx.touch_session(hash64('5', 9), t0 + 1); });  // unknown: no-op

  write([&](Tx& tx) { tx.delete_session(hash64('5', 1)); });
  EXPECT_FALSE(session(hash64('5', 1)).has_value());
  EXPECT_TRUE(session(hash64('5', 2)).has_value());
  write([&](Tx& tx) { tx.delete_session(hash64('5', 1)); });  // twice: no-op
}

TEST_P(Sessions, DeleteUserSessionsKeepsOneOrNone) {
  auto bob = add_user("bob@example.com");
  auto carol = add_user("carol@example.com");
  write([&](Tx& tx) {
    for (int i = 1; i <= 4; ++i) tx.insert_session(make_session(i, bob));
    tx.insert_session(make_session(9, carol));
  });
  int deleted = -1;
  write([&](Tx& tx) { deleted = tx.delete_user_sessions(domain::UserId{bob}, hash64('5', 3)); });
  EXPECT_EQ(deleted, 3);
  EXPECT_TRUE(session(hash64('5', 3)).has_value());
  for (int i : {1, 2, 4}) EXPECT_FALSE(session(hash64('5', i)).has_value()) << i;
  EXPECT_TRUE(session(hash64('5', 9)).has_value());  // another user's session survives

  // Keeping another user's session keeps none of bob's; an empty keep deletes all.
  write([&](Tx& tx) { deleted = tx.delete_user_sessions(domain::UserId{bob}, hash64('5', 9)); });
  EXPECT_EQ(deleted, 1);
  EXPECT_FALSE(session(hash64('5', 3)).has_value());
  write([&](Tx& tx) { deleted = tx.delete_user_sessions(domain::UserId{carol}, ""); });
  EXPECT_EQ(deleted, 1);
  write([&](Tx& tx) { deleted = tx.delete_user_sessions(domain::UserId{carol}, ""); });
  EXPECT_EQ(deleted, 0);
}

TEST_P(Sessions, AuthTokenRoundTripsAndIsUsedOnce) {
  auto uid = add_user("bob@example.com");
  domain::AuthToken in = make_token(1, uid, domain::token_change_email);
  in.new_email = "robert@example.org";
  in.created_at = t0 + 1;
  in.expires_at = t0 + 86'400'000;
  write([&](Tx& tx) {
    tx.insert_auth_token(in);
    tx.insert_auth_token(make_token(2, uid, domain::token_verify_email));
  });
  auto out = token(in.token_hash);
  ASSERT_TRUE(out.has_value());
  EXPECT_EQ(out->token_hash, in.token_hash);
  EXPECT_EQ(out->user_id, uid);
  EXPECT_EQ(out->purpose, domain::token_change_email);
  EXPECT_EQ(out->new_email, "robert@example.org");
  EXPECT_EQ(out->created_at, t0 + 1);
  EXPECT_EQ(out->expires_at, t0 + 86'400'000);
  EXPECT_EQ(out->used_at, std::nullopt);
  EXPECT_EQ(token(hash64('a', 2))->new_email, "");

  EXPECT_TRUE(use_token(in.token_hash, t0 + 100));
  EXPECT_FALSE(use_token(in.token_hash, t0 + 200));
  EXPECT_EQ(token(in.token_hash)->used_at, std::optional<Millis>(t0 + 100));  // the first use
  EXPECT_EQ(token(hash64('a', 2))->used_at, std::nullopt);
  EXPECT_FALSE(use_token(hash64('a', 7), t0 + 100));  // unknown
  EXPECT_FALSE(token(hash64('a', 7)).has_value());
}

TEST_P(Sessions, AuthTokenConstraints) {
  auto uid = add_user("bob@example.com");
  write([&](Tx& tx) { tx.insert_auth_token(make_token(1, uid, domain::token_unlock)); });
  EXPECT_EQ(
      failure([&](Tx& tx) { tx.insert_auth_token(make_token(1, uid, domain::token_unlock)); }),
      StoreErrorKind::unique_violation);
  EXPECT_EQ(failure([&](Tx& tx) { tx.insert_auth_token(make_token(2, uid, "login_link")); }),
            StoreErrorKind::check_violation);
  EXPECT_EQ(failure([&](Tx& tx) {
              tx.insert_auth_token(make_token(3, uid + 1000, domain::token_unlock));
            }),
            StoreErrorKind::check_violation);
}

TEST_P(Sessions, TwoRacingUsesOfATokenHaveOneWinner) {
  auto uid = add_user("bob@example.com");
  constexpr int rounds = 8;
  write([&](Tx& tx) {
    for (int i = 0; i < rounds; ++i)
      tx.insert_auth_token(make_token(i, uid, domain::token_reset_password));
  });
  for (int i = 0; i < rounds; ++i) {
    std::string hash = hash64('a', i);
    EXPECT_EQ(race([&](Tx& tx) { return tx.use_auth_token(hash, t0 + i); }), 1) << "round " << i;
    EXPECT_TRUE(token(hash)->used_at.has_value());
  }
}

TEST_P(Sessions, ExpireAuthTokensOnlyTouchesThatUserAndPurpose) {
  auto bob = add_user("bob@example.com");
  auto carol = add_user("carol@example.com");
  write([&](Tx& tx) {
    tx.insert_auth_token(make_token(1, bob, domain::token_reset_password));
    tx.insert_auth_token(make_token(2, bob, domain::token_reset_password));
    tx.insert_auth_token(make_token(3, bob, domain::token_verify_email));
    tx.insert_auth_token(make_token(4, carol, domain::token_reset_password));
  });
  EXPECT_TRUE(use_token(hash64('a', 2), t0 + 5));
  write([&](Tx& tx) {
    tx.expire_auth_tokens(domain::UserId{bob}, domain::token_reset_password, t0 + 10);
  });
  EXPECT_EQ(token(hash64('a', 1))->used_at, std::optional<Millis>(t0 + 10));
  EXPECT_EQ(token(hash64('a', 2))->used_at, std::optional<Millis>(t0 + 5));  // kept its first use
  EXPECT_EQ(token(hash64('a', 3))->used_at, std::nullopt);                   // another purpose
  EXPECT_EQ(token(hash64('a', 4))->used_at, std::nullopt);                   // another user
  EXPECT_FALSE(use_token(hash64('a', 1), t0 + 20));
  EXPECT_TRUE(use_token(hash64('a', 3), t0 + 20));
  EXPECT_TRUE(use_token(hash64('a', 4), t0 + 20));
}

TEST_P(Sessions, RefreshTokenRoundTripsAndRotatesOnce) {
  auto uid = add_user("bob@example.com");
  domain::RefreshToken in = make_refresh(1, uid, "fam-1");
  in.created_at = t0 + 3;
  in.expires_at = t0 + 99'000;
  write([&](Tx& tx) { tx.insert_refresh_token(in); });
  auto out = refresh(in.token_hash);
  ASSERT_TRUE(out.has_value());
  EXPECT_EQ(out->token_hash, in.token_hash);
  EXPECT_EQ(out->user_id, uid);
  EXPECT_EQ(out->family_id, "fam-1");
  EXPECT_EQ(out->created_at, t0 + 3);
  EXPECT_EQ(out->expires_at, t0 + 99'000);
  EXPECT_EQ(out->used_at, std::nullopt);
  EXPECT_EQ(out->revoked_at, std::nullopt);
  EXPECT_FALSE(refresh(hash64('f', 2)).has_value());
  EXPECT_EQ(failure([&](Tx& tx) { tx.insert_refresh_token(in); }),
            StoreErrorKind::unique_violation);

  EXPECT_TRUE(use_refresh(in.token_hash, t0 + 10));
  EXPECT_FALSE(use_refresh(in.token_hash, t0 + 20));  // reuse: the caller revokes the family
  EXPECT_EQ(refresh(in.token_hash)->used_at, std::optional<Millis>(t0 + 10));
  EXPECT_FALSE(use_refresh(hash64('f', 2), t0 + 20));
  EXPECT_EQ(race([&](Tx& tx) { return tx.use_refresh_token(in.token_hash, t0 + 30); }), 0);

  write([&](Tx& tx) { tx.insert_refresh_token(make_refresh(2, uid, "fam-1")); });
  EXPECT_EQ(race([&](Tx& tx) { return tx.use_refresh_token(hash64('f', 2), t0 + 40); }), 1);
}

TEST_P(Sessions, RevokingAFamilyStopsItsUnusedTokens) {
  auto uid = add_user("bob@example.com");
  write([&](Tx& tx) {
    tx.insert_refresh_token(make_refresh(1, uid, "fam-1"));
    tx.insert_refresh_token(make_refresh(2, uid, "fam-1"));
    tx.insert_refresh_token(make_refresh(3, uid, "fam-2"));
  });
  EXPECT_TRUE(use_refresh(hash64('f', 1), t0 + 1));
  write([&](Tx& tx) { tx.revoke_refresh_family("fam-1", t0 + 5); });
  EXPECT_EQ(refresh(hash64('f', 1))->revoked_at, std::optional<Millis>(t0 + 5));
  EXPECT_EQ(refresh(hash64('f', 2))->revoked_at, std::optional<Millis>(t0 + 5));
  EXPECT_EQ(refresh(hash64('f', 2))->used_at, std::nullopt);
  EXPECT_EQ(refresh(hash64('f', 3))->revoked_at, std::nullopt);  // another family
  EXPECT_FALSE(use_refresh(hash64('f', 2), t0 + 6));             // revoked, never used
  EXPECT_EQ(refresh(hash64('f', 2))->used_at, std::nullopt);

  write([&](Tx& tx) { tx.revoke_refresh_family("fam-1", t0 + 9); });  // keeps the first time
  EXPECT_EQ(refresh(hash64('f', 2))->revoked_at, std::optional<Millis>(t0 + 5));
  EXPECT_TRUE(use_refresh(hash64('f', 3), t0 + 10));
}

TEST_P(Sessions, RevokingAUserStopsAllTheirTokensOnly) {
  auto bob = add_user("bob@example.com");
  auto carol = add_user("carol@example.com");
  write([&](Tx& tx) {
    tx.insert_refresh_token(make_refresh(1, bob, "fam-1"));
    tx.insert_refresh_token(make_refresh(2, bob, "fam-2"));
    tx.insert_refresh_token(make_refresh(3, carol, "fam-3"));
  });
  write([&](Tx& tx) { tx.revoke_user_tokens(domain::UserId{bob}, t0 + 7); });
  EXPECT_EQ(refresh(hash64('f', 1))->revoked_at, std::optional<Millis>(t0 + 7));
  EXPECT_EQ(refresh(hash64('f', 2))->revoked_at, std::optional<Millis>(t0 + 7));
  EXPECT_EQ(refresh(hash64('f', 3))->revoked_at, std::nullopt);
  EXPECT_FALSE(use_refresh(hash64('f', 1), t0 + 8));
  EXPECT_FALSE(use_refresh(hash64('f', 2), t0 + 8));
  EXPECT_TRUE(use_refresh(hash64('f', 3), t0 + 8));
}

// Issue 15: revoking a user's tokens moves their token generation on (access tokens issued under
// the old one are refused by the bearer check), one per revocation, and no one else's; the
// standing also says whether the account is closed, and nothing for an unknown user.
TEST_P(Sessions, RevokingAUserMovesTheirTokenGenerationOnly) {
  auto bob = add_user("bob@example.com");
  auto carol = add_user("carol@example.com");
  auto standing = [&](std::int64_t id) {
    return read<std::optional<domain::TokenStanding>>(
        [&](Tx& tx) { return tx.user_token_standing(domain::UserId{id}); });
  };
  ASSERT_TRUE(standing(bob));
  EXPECT_EQ(standing(bob)->generation, 0);
  EXPECT_FALSE(standing(bob)->closed);
  write([&](Tx& tx) { tx.revoke_user_tokens(domain::UserId{bob}, t0 + 7); });
  write([&](Tx& tx) { tx.revoke_user_tokens(domain::UserId{bob}, t0 + 8); });
  EXPECT_EQ(standing(bob)->generation, 2);
  EXPECT_EQ(standing(carol)->generation, 0);
  write([&](Tx& tx) { tx.close_user(domain::UserId{carol}, "test", std::nullopt, t0 + 9); });
  EXPECT_TRUE(standing(carol)->closed);
  EXPECT_FALSE(standing(bob)->closed);
  EXPECT_FALSE(standing(bob + carol + 100));
}

INSTANTIATE_TEST_SUITE_P(Backends, Sessions, ::testing::Values("sqlite", "postgres"), backend_name);

}  // namespace
}  // namespace plumbline::store::sessions_test
