// Account recovery and changes: password reset, unlock, e-mail change, admin creation.
#include <optional>

#include "crypto/tokens.hpp"
#include "domain/contact.hpp"
#include "log/log.hpp"
#include "services/account_mail.hpp"
#include "services/accounts.hpp"
#include "services/audit.hpp"
#include "services/leads.hpp"

namespace plumbline::services {

using domain::Error;
using domain::ErrorCode;
using domain::Result;

namespace {
constexpr domain::Millis reset_ttl_ms = 3600LL * 1000;

// A refused current-password check, named on the form field: a wrong password reads as such; a
// throttled or locked account keeps its code (429 / 403) and says why.
Error current_password_refusal(Error refusal, const char* field) {
  if (refusal.code == ErrorCode::unauthorized) {
    auto e = Error::make(ErrorCode::invalid_input, "Your current password is not right.");
    e.details.push_back({field, "Your current password is not right."});
    return e;
  }
  refusal.details.push_back({field, refusal.message});
  return refusal;
}
constexpr domain::Millis change_email_ttl_ms = 24LL * 3600 * 1000;

// Returns the token row when it is unused, unexpired, of this purpose, and claims it (single use).
std::optional<domain::AuthToken> claim_token(store::Tx& tx, const std::string& raw,
                                             const char* purpose, domain::Millis now) {
  auto hash = crypto::sha256_hex(raw);
  auto t = tx.auth_token_by_hash(hash);
  if (!t || t->purpose != purpose || t->used_at || t->expires_at <= now) return std::nullopt;
  if (!tx.use_auth_token(hash, now)) return std::nullopt;
  return t;
}
// Why an admin's e-mail or password is refused (create-admin and the demo admin), if it is.
std::optional<Error> admin_input_problem(const crypto::PasswordPolicy& policy,
                                         const std::string& email, const std::string& password) {
  if (!domain::plausible_email(email))
    return Error::make(ErrorCode::invalid_input, "That is not a valid e-mail address.");
  if (auto problem = policy.problem(password, email))
    return Error::make(ErrorCode::invalid_input, *problem);
  return std::nullopt;
}

// A new admin account, verified from the start (its creator chose the address).
domain::User insert_admin(store::Tx& tx, const std::string& email, const std::string& hash,
                          domain::Millis now) {
  domain::User u;
  u.email = email;
  u.password_hash = hash;
  u.role = domain::Role::admin;
  u.email_verified_at = now;
  u.created_at = u.updated_at = now;
  u.id = tx.insert_user(u);
  log::info("security_event", {{"event", "admin_created"}, {"user_id", u.id.value}});
  return u;
}

}  // namespace

domain::Status AccountService::request_password_reset(const std::string& email_raw) {
  auto email = domain::normalize_email(email_raw);
  auto now = clock_.now_ms();
  try {
    store_.write_tx([&](store::Tx& tx) {
      auto u = tx.user_by_email(email);
      if (!u || tx.user_closure(u->id)) return true;  // same answer either way; closed: no link
      tx.expire_auth_tokens(u->id, domain::token_reset_password, now);
      auto token = account_mail::issue_token(tx, u->id.value, domain::token_reset_password, now,
                                             reset_ttl_ms);
      account_mail::enqueue(tx, s_, "password_reset", u->email, {},
                            s_.base_url + "/password/reset/" + token, now,
                            crypto::sha256_hex(token).substr(0, 32));
      return true;
    });
    log::info("security_event", {{"event", "password_reset_requested"}});
    return domain::Unit{};
  } catch (const domain::Failure& e) {
    return unavailable_error(e, "request_password_reset");
  }
}

domain::Status AccountService::reset_password(const std::string& token,
                                              const std::string& new_password) {
  auto now = clock_.now_ms();
  try {
    // Check the policy before spending the token, so a weak password does not burn the link.
    auto pending =
        store_.read<std::optional<domain::User>>([&](store::Tx& tx) -> std::optional<domain::User> {
          auto t = tx.auth_token_by_hash(crypto::sha256_hex(token));
          if (!t || t->purpose != domain::token_reset_password || t->used_at ||
              t->expires_at <= now)
            return std::nullopt;
          return tx.user_by_id(t->user_id);
        });
    if (!pending)
      return Error::make(ErrorCode::not_found,
                         "This reset link is not valid any more. Ask for a new one.");
    if (auto problem = policy_.problem(new_password, pending->email)) {
      auto e = Error::make(ErrorCode::invalid_input, "Choose a different password.");
      e.details.push_back({"password", *problem});
      return e;
    }
    auto hash = crypto::hash_password(new_password, s_.password_params);
    auto r = store_.write<domain::Unit>([&](store::Tx& tx) -> domain::Status {
      auto t = claim_token(tx, token, domain::token_reset_password, now);
      if (!t)
        return Error::make(ErrorCode::not_found,
                           "This reset link is not valid any more. Ask for a new one.");
      auto u = tx.user_by_id(t->user_id);
      tx.set_user_password(t->user_id, hash, now);
      tx.append_audit(account_event(*u, "", now, "auth.password_reset"));
      tx.set_user_locked_until(t->user_id, 0, now);
      if (!u->verified())
        tx.set_user_email_verified(t->user_id, now);  // the link proved the address
      tx.delete_user_sessions(t->user_id, "");
      tx.revoke_user_tokens(t->user_id, now);
      account_mail::enqueue(tx, s_, "password_changed", u->email, {},
                            s_.base_url + "/password/forgot", now,
                            crypto::sha256_hex(token).substr(0, 32));
      log::info("security_event", {{"event", "password_reset"}, {"user_id", t->user_id.value}});
      return domain::Unit{};
    });
    return r;
  } catch (const domain::Failure& e) {
    return unavailable_error(e, "reset_password");
  }
}

domain::Status AccountService::unlock(const std::string& token) {
  auto now = clock_.now_ms();
  try {
    return store_.write<domain::Unit>([&](store::Tx& tx) -> domain::Status {
      auto t = claim_token(tx, token, domain::token_unlock, now);
      if (!t) return Error::make(ErrorCode::not_found, "This unlock link is not valid any more.");
      tx.set_user_locked_until(t->user_id, 0, now);
      tx.insert_login_attempt(
          {t->user_id, "unlock-link", "", false, true, now});  // resets the failure count
      log::info("security_event", {{"event", "account_unlocked"}, {"user_id", t->user_id.value}});
      return domain::Unit{};
    });
  } catch (const domain::Failure& e) {
    return unavailable_error(e, "unlock");
  }
}

domain::Status AccountService::request_email_change(domain::UserId user_id,
                                                    const std::string& new_email_raw,
                                                    const std::string& password,
                                                    const ClientInfo& client) {
  auto email = domain::normalize_email(new_email_raw);
  if (!domain::plausible_email(email)) {
    auto e = Error::make(ErrorCode::invalid_input, "Enter a valid e-mail address.");
    e.details.push_back({"email", "Enter a valid e-mail address, like you@example.com."});
    return e;
  }
  auto u = user(user_id);
  if (!u) return Error::make(ErrorCode::not_found, "There is no such account.");
  PasswordCheckTicket ticket;
  if (auto refusal = throttled_password_check(*u, password, client, ticket))
    return current_password_refusal(*refusal, "password");
  auto now = clock_.now_ms();
  try {
    return store_.write<domain::Unit>([&](store::Tx& tx) -> domain::Status {
      if (tx.user_by_email(email)) {
        auto e = Error::make(ErrorCode::conflict, "Another account uses that e-mail address.");
        e.details.push_back({"email", "Another account uses that e-mail address."});
        return e;
      }
      tx.expire_auth_tokens(user_id, domain::token_change_email, now);
      auto token = account_mail::issue_token(tx, user_id.value, domain::token_change_email, now,
                                             change_email_ttl_ms, email);
      account_mail::enqueue(tx, s_, "email_change", email, {},
                            s_.base_url + "/account/email/confirm/" + token, now,
                            crypto::sha256_hex(token).substr(0, 32));
      return domain::Unit{};
    });
  } catch (const domain::Failure& e) {
    return unavailable_error(e, "request_email_change");
  }
}

domain::Status AccountService::confirm_email_change(const std::string& token) {
  auto now = clock_.now_ms();
  try {
    return store_.write<domain::Unit>([&](store::Tx& tx) -> domain::Status {
      auto t = claim_token(tx, token, domain::token_change_email, now);
      if (!t)
        return Error::make(ErrorCode::not_found, "This confirmation link is not valid any more.");
      if (tx.user_by_email(t->new_email))
        return Error::make(ErrorCode::conflict, "Another account uses that e-mail address.");
      auto old = tx.user_by_id(t->user_id);
      tx.set_user_email(t->user_id, t->new_email, now);
      account_mail::enqueue(tx, s_, "email_changed", old->email, {{"new_email", t->new_email}}, "",
                            now, crypto::sha256_hex(token).substr(0, 32));
      log::info("security_event", {{"event", "email_changed"}, {"user_id", t->user_id.value}});
      return domain::Unit{};
    });
  } catch (const domain::Failure& e) {
    return unavailable_error(e, "confirm_email_change");
  }
}

domain::Status AccountService::change_password(domain::UserId user_id, const std::string& current,
                                               const std::string& next,
                                               const std::string& keep_session_hash,
                                               const ClientInfo& client) {
  auto u = user(user_id);
  if (!u) return Error::make(ErrorCode::not_found, "There is no such account.");
  PasswordCheckTicket ticket;
  if (auto refusal = throttled_password_check(*u, current, client, ticket))
    return current_password_refusal(*refusal, "current_password");
  if (auto problem = policy_.problem(next, u->email)) {
    auto e = Error::make(ErrorCode::invalid_input, "Choose a different password.");
    e.details.push_back({"new_password", *problem});
    return e;
  }
  auto hash = crypto::hash_password(next, s_.password_params);
  auto now = clock_.now_ms();
  try {
    store_.write_tx([&](store::Tx& tx) {
      tx.set_user_password(user_id, hash, now);
      tx.append_audit(account_event(*u, client.ip, now, "auth.password_change"));
      tx.delete_user_sessions(user_id, keep_session_hash);
      tx.revoke_user_tokens(user_id, now);
      account_mail::enqueue(tx, s_, "password_changed", u->email, {},
                            s_.base_url + "/password/forgot", now,
                            "change:" + std::to_string(user_id.value) + ":" + std::to_string(now));
      return true;
    });
    log::info("security_event", {{"event", "password_changed"}, {"user_id", user_id.value}});
    return domain::Unit{};
  } catch (const domain::Failure& e) {
    return unavailable_error(e, "change_password");
  }
}

Result<domain::User> AccountService::create_admin(const std::string& email_raw,
                                                  const std::string& password) {
  auto email = domain::normalize_email(email_raw);
  if (auto refused = admin_input_problem(policy_, email, password)) return *refused;
  auto hash = crypto::hash_password(password, s_.password_params);
  auto now = clock_.now_ms();
  try {
    return store_.write<domain::User>([&](store::Tx& tx) -> Result<domain::User> {
      if (auto existing = tx.user_by_email(email)) {
        // Promoting an existing account is a role change: audited and logged, and the password
        // is replaced. No staff member did it: the row names the command, not a person.
        if (existing->role != domain::Role::admin) {
          auto row =
              audit_entry({}, now, "staff.role_change", "user", std::to_string(existing->id.value));
          row.actor_role = "system";
          row.reason = "Promoted with plumbline create-admin on the server's command line";
          row.before_json = "{\"role\":\"" + std::string(domain::to_string(existing->role)) + "\"}";
          row.after_json = "{\"role\":\"admin\"}";
          tx.append_audit(row);
        }
        tx.set_user_role(existing->id, domain::Role::admin, now);
        tx.set_user_password(existing->id, hash, now);
        if (!existing->verified()) tx.set_user_email_verified(existing->id, now);
        tx.delete_user_sessions(existing->id, "");
        log::info("security_event",
                  {{"event", "role_changed"}, {"user_id", existing->id.value}, {"role", "admin"}});
        return *tx.user_by_id(existing->id);
      }
      return insert_admin(tx, email, hash, now);
    });
  } catch (const domain::Failure& e) {
    return unavailable_error(e, "create_admin");
  }
}

Result<domain::User> AccountService::create_first_admin(const std::string& email_raw,
                                                        const std::string& password) {
  auto email = domain::normalize_email(email_raw);
  if (auto refused = admin_input_problem(policy_, email, password)) return *refused;
  auto hash = crypto::hash_password(password, s_.password_params);
  auto now = clock_.now_ms();
  try {
    return store_.write<domain::User>([&](store::Tx& tx) -> Result<domain::User> {
      if (tx.oldest_user_with_role(domain::Role::admin))
        return Error::make(ErrorCode::conflict, "An admin account exists already.");
      if (tx.user_by_email(email))
        return Error::make(ErrorCode::conflict, "An account with this e-mail already exists.");
      return insert_admin(tx, email, hash, now);
    });
  } catch (const domain::Failure& e) {
    return unavailable_error(e, "create_first_admin");
  }
}

}  // namespace plumbline::services
