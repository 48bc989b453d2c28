// SessionsTx: sessions, single-use tokens, API refresh tokens and the access tokens' generation;
// store/{sqlite,postgres}/sessions.cpp implement it.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/account.hpp"
#include "store/tx/method.hpp"

// One M(return type, name, (parameters)) per method (see store/tx/method.hpp).
#define PLUMBLINE_SESSIONS_TX(M)                                                                   \
  /* Also moves the user's last_active_at forward to the session's last_seen_at. */                \
  M(void, insert_session, (const domain::Session& session))                                        \
  M(std::optional<domain::Session>, session_by_hash, (const std::string& id_hash))                 \
  /* Also moves the session user's last_active_at forward to `at`. */                              \
  M(void, touch_session, (const std::string& id_hash, domain::Millis at))                          \
  M(void, delete_session, (const std::string& id_hash))                                            \
  /* Deletes every session of the user except `keep_hash` (empty = all); returns how many. */      \
  M(int, delete_user_sessions, (domain::UserId user_id, const std::string& keep_hash))             \
  M(void, insert_auth_token, (const domain::AuthToken& token))                                     \
  M(std::optional<domain::AuthToken>, auth_token_by_hash, (const std::string& token_hash))         \
  /* Marks the token used; false when it was used already (two racing uses: only one wins). */     \
  M(bool, use_auth_token, (const std::string& token_hash, domain::Millis at))                      \
  /* Marks every unused token of this user and purpose used (e.g. older reset links after a new */ \
  /* one). */                                                                                      \
  M(void, expire_auth_tokens,                                                                      \
    (domain::UserId user_id, const std::string& purpose, domain::Millis at))                       \
  M(void, insert_refresh_token, (const domain::RefreshToken& token))                               \
  M(std::optional<domain::RefreshToken>, refresh_token_by_hash, (const std::string& token_hash))   \
  /* Marks the token used; false when it was used or revoked already. */                           \
  M(bool, use_refresh_token, (const std::string& token_hash, domain::Millis at))                   \
  M(void, revoke_refresh_family, (const std::string& family_id, domain::Millis at))                \
  /* Ends every API token of the user: revokes the refresh tokens and adds one to */               \
  /* users.token_generation, so that access tokens issued before stop at once (issue 15). */       \
  M(void, revoke_user_tokens, (domain::UserId user_id, domain::Millis at))                         \
  /* The user's closure and token generation, or nullopt for no such user (the bearer check). */   \
  M(std::optional<domain::TokenStanding>, user_token_standing, (domain::UserId user_id))

namespace plumbline::store {

class SessionsTx {
 public:
  PLUMBLINE_SESSIONS_TX(PLUMBLINE_TX_PURE)

 protected:
  ~SessionsTx() = default;
};

}  // namespace plumbline::store
