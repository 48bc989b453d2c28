// API tokens: short-lived JWT access tokens and rotating opaque refresh tokens with reuse
// detection.
#include "crypto/tokens.hpp"
#include "log/log.hpp"
#include "services/accounts.hpp"
#include "services/audit.hpp"
#include "services/leads.hpp"

namespace plumbline::services {

using domain::Error;
using domain::ErrorCode;
using domain::Result;

TokenPair AccountService::new_token_pair(store::Tx& tx, const domain::User& user,
                                         const std::string& family) {
  auto now = clock_.now_ms();
  TokenPair p;
  // Read in this transaction: a token issued after an "end all sessions" carries the new
  // generation; one racing it carries the old and is refused (the safe way round).
  auto standing = tx.user_token_standing(user.id);
  crypto::JwtClaims claims{user.id.value,
                           domain::to_string(user.role),
                           now / 1000,
                           (now + s_.access_ttl_ms) / 1000,
                           crypto::random_token(12),
                           standing ? standing->generation : 0};
  p.access_token = crypto::sign_access_token(s_.jwt_keys.front(), claims);
  p.access_expires_at = now + s_.access_ttl_ms;
  p.refresh_token = crypto::random_token(32);
  domain::RefreshToken r;
  r.token_hash = crypto::sha256_hex(p.refresh_token);
  r.user_id = user.id;
  r.family_id = family;
  r.created_at = now;
  r.expires_at = now + s_.refresh_ttl_ms;
  tx.insert_refresh_token(r);
  return p;
}

Result<TokenPair> AccountService::issue_tokens(const std::string& email,
                                               const std::string& password,
                                               const ClientInfo& client,
                                               const std::string& second_factor) {
  try {
    bool second_factor_due = false;
    auto user = check_credentials(email, password, client, nullptr, &second_factor_due);
    if (!user) return user.error();
    if (!user->verified())
      return Error::make(ErrorCode::forbidden,
                         "Verify your e-mail address first: we sent you a link.");
    if (second_factor_due) {
      if (second_factor.empty())
        return Error::make(ErrorCode::two_factor_required,
                           "This account signs in with two factors: send the current code of the "
                           "authenticator app (or a recovery code) as \"totp\".");
      if (auto refusal = check_second_factor(domain::UserId{user->id}, second_factor, client.ip))
        return *refusal;
    } else if (two_factor_required(user.value())) {
      return Error::make(ErrorCode::two_factor_setup_required,
                         "Admin accounts need two-factor sign-in: log in on the web site and set "
                         "it up first.");
    }
    return store_.write<TokenPair>([&](store::Tx& tx) -> Result<TokenPair> {
      auto signed_in = account_event(user.value(), client.ip, clock_.now_ms(), "auth.sign_in");
      signed_in.reason = "API token";
      tx.append_audit(signed_in);
      return new_token_pair(tx, user.value(), crypto::random_token(16));
    });
  } catch (const domain::Failure& e) {
    return unavailable_error(e, "issue_tokens");
  }
}

Result<TokenPair> AccountService::refresh(const std::string& refresh_token) {
  auto invalid = [] {
    return Error::make(ErrorCode::unauthorized, "The refresh token is not valid.");
  };
  if (refresh_token.size() < 22 || refresh_token.size() > 100) return invalid();
  auto hash = crypto::sha256_hex(refresh_token);
  auto now = clock_.now_ms();
  try {
    bool reused = false;
    auto r = store_.write<TokenPair>([&](store::Tx& tx) -> Result<TokenPair> {
      auto t = tx.refresh_token_by_hash(hash);
      if (!t || t->revoked_at || t->expires_at <= now) return invalid();
      if (t->used_at || !tx.use_refresh_token(hash, now)) {
        reused = true;
        return invalid();
      }
      auto u = tx.user_by_id(t->user_id);
      if (!u) return invalid();
      return new_token_pair(tx, *u, t->family_id);
    });
    if (reused) {
      // A rotated token came back: someone holds a copy. End the whole family.
      auto t = store_.read<std::optional<domain::RefreshToken>>(
          [&](store::Tx& tx) { return tx.refresh_token_by_hash(hash); });
      if (t) {
        store_.write_tx([&](store::Tx& tx) {
          tx.revoke_refresh_family(t->family_id, now);
          return true;
        });
        log::warn("security_event",
                  {{"event", "refresh_token_reuse"}, {"user_id", t->user_id.value}});
      }
    }
    return r;
  } catch (const domain::Failure& e) {
    return unavailable_error(e, "refresh");
  }
}

Result<crypto::JwtClaims> AccountService::verify_access_token(const std::string& token) {
  auto invalid = Error::make(ErrorCode::unauthorized, "A valid bearer token is required.");
  std::string why;
  auto claims = crypto::verify_access_token(s_.jwt_keys, token, clock_.now_ms() / 1000, &why);
  if (!claims) {
    log::info("bearer_rejected", {{"reason", why}});
    return invalid;
  }
  // Access tokens are short-lived, but a closed account's end at once, and so do those issued
  // before the user's sessions were ended (an older generation): one primary-key read of users.
  auto standing = store_.read<std::optional<domain::TokenStanding>>(
      [&](store::Tx& tx) { return tx.user_token_standing(domain::UserId{claims->user_id}); });
  if (!standing || standing->closed) {
    log::info("bearer_rejected", {{"reason", standing ? "account closed" : "no such user"}});
    return invalid;
  }
  if (claims->generation < standing->generation) {
    log::info("bearer_rejected", {{"reason", "sessions ended"}});
    return Error::make(ErrorCode::sessions_ended,
                       "This access token stopped working when the account's sessions were "
                       "ended. Sign in again for a new one.");
  }
  return *claims;
}

}  // namespace plumbline::services
