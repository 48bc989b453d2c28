// Account use cases: sign-up, verification, log in with lockout, sessions.
#include "services/accounts.hpp"

#include "crypto/tokens.hpp"
#include "domain/contact.hpp"
#include "log/log.hpp"
#include "services/account_mail.hpp"
#include "services/audit.hpp"
#include "services/leads.hpp"

namespace plumbline::services {

using domain::Error;
using domain::ErrorCode;
using domain::Result;

namespace {
constexpr domain::Millis verify_ttl_ms = 24LL * 3600 * 1000;
constexpr domain::Millis unlock_ttl_ms = 24LL * 3600 * 1000;

Error bad_credentials() {
  return Error::make(ErrorCode::unauthorized, "That e-mail and password do not match an account.");
}
}  // namespace

AccountService::AccountService(store::Store& store, const Clock& clock,
                               const crypto::PasswordPolicy& policy, AccountSettings settings,
                               const LocalZones* zones)
    : store_(store), clock_(clock), policy_(policy), s_(std::move(settings)), zones_(zones) {
  dummy_hash_ =
      crypto::hash_password("not-a-real-password-" + crypto::random_token(8), s_.password_params);
}

Result<domain::User> AccountService::signup_plumber(const domain::SignupInput& input) {
  auto valid = domain::validate_signup(
      input, [this](const std::string& p, const std::string& e) { return policy_.problem(p, e); });
  if (!valid) return valid.error();
  auto data = valid.value();
  auto hash =
      crypto::hash_password(input.password, s_.password_params);  // slow: outside the transaction
  auto now = clock_.now_ms();
  try {
    return store_.write<domain::User>([&](store::Tx& tx) -> Result<domain::User> {
      if (tx.user_by_email(data.email)) {
        auto e = Error::make(
            ErrorCode::conflict,
            "An account with this e-mail already exists. Log in or reset your password.");
        e.details.push_back({"email", "An account with this e-mail already exists."});
        return e;
      }
      domain::User u;
      u.email = data.email;
      u.password_hash = hash;
      u.role = domain::Role::plumber;
      u.created_at = u.updated_at = now;
      u.id = tx.insert_user(u);
      tx.insert_plumber({u.id, data.business_name, data.contact_name, data.phone_e164});
      if (s_.marketplace) {
        auto m = s_.marketplace->marketplace();
        tx.set_plumber_defaults(u.id, m.default_daily_cap, m.default_quiet_start_minute,
                                m.default_quiet_end_minute);
      }
      auto token =
          account_mail::issue_token(tx, u.id.value, domain::token_verify_email, now, verify_ttl_ms);
      account_mail::enqueue(tx, s_, "verify_email", u.email, {{"contact_name", data.contact_name}},
                            s_.base_url + "/verify/" + token, now,
                            crypto::sha256_hex(token).substr(0, 32));
      return u;
    });
  } catch (const store::StoreError& e) {
    if (e.kind() == store::StoreErrorKind::unique_violation)
      return Error::make(
          ErrorCode::conflict,
          "An account with this e-mail already exists. Log in or reset your password.");
    return unavailable_error(e, "signup");
  } catch (const domain::Failure& e) {
    return unavailable_error(e, "signup");
  }
}

domain::Status AccountService::resend_verification(domain::UserId user_id) {
  auto now = clock_.now_ms();
  try {
    return store_.write<domain::Unit>([&](store::Tx& tx) -> domain::Status {
      auto u = tx.user_by_id(user_id);
      if (!u) return Error::make(ErrorCode::not_found, "No such account.");
      if (u->verified()) return domain::Unit{};
      tx.expire_auth_tokens(user_id, domain::token_verify_email, now);
      auto plumber = tx.plumber_by_user(user_id);
      auto token = account_mail::issue_token(tx, user_id.value, domain::token_verify_email, now,
                                             verify_ttl_ms);
      account_mail::enqueue(tx, s_, "verify_email", u->email,
                            {{"contact_name", plumber ? plumber->contact_name : std::string()}},
                            s_.base_url + "/verify/" + token, now,
                            crypto::sha256_hex(token).substr(0, 32));
      return domain::Unit{};
    });
  } catch (const domain::Failure& e) {
    return unavailable_error(e, "resend_verification");
  }
}

Result<domain::User> AccountService::verify_email(const std::string& token) {
  auto now = clock_.now_ms();
  auto hash = crypto::sha256_hex(token);
  try {
    return store_.write<domain::User>([&](store::Tx& tx) -> Result<domain::User> {
      auto t = tx.auth_token_by_hash(hash);
      if (!t || t->purpose != domain::token_verify_email || t->used_at || t->expires_at <= now ||
          !tx.use_auth_token(hash, now))
        return Error::make(
            ErrorCode::not_found,
            "This verification link is not valid any more. Log in to get a new one.");
      tx.set_user_email_verified(t->user_id, now);
      log::info("security_event", {{"event", "email_verified"}, {"user_id", t->user_id.value}});
      return *tx.user_by_id(t->user_id);
    });
  } catch (const domain::Failure& e) {
    return unavailable_error(e, "verify_email");
  }
}

namespace {
Error locked_error() {
  return Error::make(
      ErrorCode::forbidden,
      "This account is locked after too many failed attempts. We e-mailed you a link to "
      "unlock it; a device you have signed in from before can still sign in.");
}
Error wait_error(domain::Millis delay_ms) {
  auto e = Error::make(ErrorCode::rate_limited,
                       "Too many failed attempts. Wait a moment and try again.");
  e.retry_after_seconds = static_cast<int>((delay_ms + 999) / 1000);
  return e;
}
}  // namespace

std::optional<Error> AccountService::reserve_password_check(const domain::User& user,
                                                            const ClientInfo& client,
                                                            domain::Millis now,
                                                            PasswordCheckTicket& ticket) {
  std::optional<Error> refusal;
  ticket.device_hash = client.device.empty() ? std::string() : crypto::sha256_hex(client.device);
  store_.write_tx([&](store::Tx& tx) {
    // Checks of one account are counted one after the other, each before its slow hash comparison,
    // so parallel guesses cannot all slip through the same budget.
    tx.lock_user_row(user.id);
    const auto window_start = now - domain::lockout_window_ms;
    ticket.trusted = !ticket.device_hash.empty() && tx.known_device(user.id, ticket.device_hash);
    if (ticket.trusted) {
      // A device the account has used before: its own budget, untouched by others' failures.
      if (tx.count_device_login_failures(user.id, ticket.device_hash, window_start) >=
          domain::known_device_failures)
        refusal = wait_error(domain::lockout_window_ms);
    } else {
      auto fresh = tx.user_by_id(user.id);
      int failures = tx.count_login_failures(user.id, window_start);
      if (fresh && fresh->locked_until > now)
        refusal = locked_error();
      else if (s_.address_failures > 0 &&
               tx.count_address_login_failures(client.ip, window_start) >= s_.address_failures)
        refusal = wait_error(domain::lockout_window_ms);
      else if (auto delay = domain::login_delay_ms(failures);
               delay > 0 && tx.count_login_failures(user.id, now - delay) > 0)
        refusal = wait_error(delay);
    }
    if (refusal) return false;
    ticket.attempt_id = tx.insert_login_attempt(
        {user.id, client.ip, ticket.device_hash, ticket.trusted, false, now});
    return true;
  });
  if (refusal)
    log::warn("security_event",
              {{"event",
                refusal->code == ErrorCode::forbidden ? "login_refused_locked" : "login_throttled"},
               {"user_id", user.id.value},
               {"ip", client.ip},
               {"known_device", ticket.trusted}});
  return refusal;
}

std::optional<Error> AccountService::throttled_password_check(const domain::User& user,
                                                              const std::string& password,
                                                              const ClientInfo& client,
                                                              PasswordCheckTicket& ticket) {
  auto now = clock_.now_ms();
  if (auto refusal = reserve_password_check(user, client, now, ticket)) return refusal;
  if (crypto::verify_password(password, user.password_hash)) {
    store_.write_tx([&](store::Tx& tx) {
      tx.set_login_attempt_succeeded(ticket.attempt_id);
      return true;
    });
    return std::nullopt;
  }
  bool locked = false;
  store_.write_tx([&](store::Tx& tx) {
    tx.lock_user_row(user.id);
    auto failed = account_event(user, client.ip, now, "auth.sign_in_failed");
    failed.reason = "wrong password";
    tx.append_audit(failed);
    auto fresh = tx.user_by_id(user.id);
    if (!ticket.trusted && fresh && fresh->locked_until <= now &&
        tx.count_login_failures(user.id, now - domain::lockout_window_ms) >=
            domain::lockout_failures) {
      tx.set_user_locked_until(user.id, now + domain::lockout_duration_ms, now);
      auto token =
          account_mail::issue_token(tx, user.id.value, domain::token_unlock, now, unlock_ttl_ms);
      account_mail::enqueue(tx, s_, "account_locked", user.email, {},
                            s_.base_url + "/unlock/" + token, now,
                            crypto::sha256_hex(token).substr(0, 32));
      locked = true;
    }
    return true;
  });
  log::warn("security_event", {{"event", locked ? "account_locked" : "login_failed"},
                               {"user_id", user.id.value},
                               {"ip", client.ip},
                               {"known_device", ticket.trusted}});
  if (locked) return locked_error();
  return bad_credentials();
}

Result<domain::User> AccountService::check_credentials(const std::string& email_raw,
                                                       const std::string& password,
                                                       const ClientInfo& client,
                                                       std::string* new_device_cookie,
                                                       bool* second_factor_due) {
  auto email = domain::normalize_email(email_raw);
  auto now = clock_.now_ms();
  // A closed account signs in no more; it answers like an unknown address.
  auto user = store_.read<std::optional<domain::User>>([&](store::Tx& tx) {
    auto u = tx.user_by_email(email);
    return u && tx.user_closure(u->id) ? std::nullopt : u;
  });
  if (!user) {
    // The same budgets and answers as a real account, so that answers do not reveal addresses.
    std::optional<Error> refusal;
    store_.write_tx([&](store::Tx& tx) {
      if (s_.address_failures > 0 &&
          tx.count_address_login_failures(client.ip, now - domain::lockout_window_ms) >=
              s_.address_failures) {
        refusal = wait_error(domain::lockout_window_ms);
        return false;
      }
      tx.insert_login_attempt({std::nullopt, client.ip, "", false, false, now});
      // No account: the address typed, no user id.
      auto row = audit_entry({{}, email, std::nullopt, client.ip}, now, "auth.sign_in_failed");
      row.reason = "unknown e-mail";
      tx.append_audit(row);
      return true;
    });
    if (!refusal) refusal = unknown_address_attempt(email, now);
    if (!refusal || refusal->code == ErrorCode::forbidden)
      crypto::verify_password(password, dummy_hash_);  // same work as a real check
    log::warn("security_event",
              {{"event", "login_failed"}, {"reason", "unknown_email"}, {"ip", client.ip}});
    return refusal ? *refusal : bad_credentials();
  }
  PasswordCheckTicket ticket;
  if (auto refusal = throttled_password_check(*user, password, client, ticket)) return *refusal;
  if (crypto::password_needs_rehash(user->password_hash, s_.password_params)) {
    auto rehashed = crypto::hash_password(password, s_.password_params);
    store_.write_tx([&](store::Tx& tx) {
      tx.set_user_password(user->id, rehashed, now);
      return true;
    });
    log::info("security_event", {{"event", "password_rehashed"}, {"user_id", user->id.value}});
  }
  if (second_factor_due) {
    auto tf = store_.read<std::optional<domain::TwoFactor>>(
        [&](store::Tx& tx) { return tx.two_factor(user->id); });
    *second_factor_due = tf && tf->enabled();
  }
  // With a second factor due, the browser becomes a known device only after the second step.
  if (new_device_cookie && !(second_factor_due && *second_factor_due))
    *new_device_cookie = welcome_device(*user, client, ticket.trusted);
  log::info("security_event", {{"event", "login_succeeded"},
                               {"user_id", user->id.value},
                               {"ip", client.ip},
                               {"known_device", ticket.trusted}});
  return *user;
}

// Failed attempts on an address without an account, counted before the (dummy) check like a real
// account's; the 10th in the window and later ones answer "locked", the 4th and later wait.
std::optional<Error> AccountService::unknown_address_attempt(const std::string& email,
                                                             domain::Millis now) {
  if (!domain::plausible_email(email))
    return std::nullopt;  // no account can have it: nothing to hide
  std::lock_guard lk(unknown_mu_);
  if (unknown_failures_.size() > 10000)
    for (auto it = unknown_failures_.begin(); it != unknown_failures_.end();)
      it = !it->second.empty() && it->second.back() >= now - domain::lockout_window_ms
               ? std::next(it)
               : unknown_failures_.erase(it);
  auto& times = unknown_failures_[crypto::sha256_hex(email)];
  std::erase_if(times, [&](domain::Millis t) { return t < now - domain::lockout_window_ms; });
  int failures = static_cast<int>(times.size());
  if (failures >= domain::lockout_failures) return locked_error();
  if (auto delay = domain::login_delay_ms(failures);
      delay > 0 && !times.empty() && times.back() > now - delay)
    return wait_error(delay);
  times.push_back(now);
  if (static_cast<int>(times.size()) >= domain::lockout_failures) return locked_error();
  return std::nullopt;
}

Result<NewSession> AccountService::login(const std::string& email, const std::string& password,
                                         bool remember, const ClientInfo& client) {
  try {
    std::string device_cookie;
    bool second_factor_due = false;
    auto user = check_credentials(email, password, client, &device_cookie, &second_factor_due);
    if (!user) return user.error();
    if (second_factor_due) {
      // The password was right: a short-lived challenge waits for the code (docs/security.md).
      NewSession out;
      auto now = clock_.now_ms();
      out.challenge = crypto::random_token(24);
      out.remember = remember;
      out.user = user.value();
      out.expires_at = now + domain::two_factor_challenge_ttl_ms;
      store_.write_tx([&](store::Tx& tx) {
        tx.insert_two_factor_challenge(
            {crypto::sha256_hex(out.challenge), user->id, remember, 0, now, out.expires_at});
        return true;
      });
      log::info("security_event", {{"event", "second_factor_due"}, {"user_id", user->id.value}});
      return out;
    }
    auto out = start_session(user.value(), remember, client);
    out.device_cookie = device_cookie;
    out.must_enrol_two_factor = two_factor_required(user.value());
    return out;
  } catch (const domain::Failure& e) {
    return unavailable_error(e, "login");
  }
}

NewSession AccountService::start_session(const domain::User& user, bool remember,
                                         const ClientInfo& client) {
  {
    NewSession out;
    auto now = clock_.now_ms();
    out.cookie_value = crypto::random_token(24);
    out.remember = remember;
    out.user = user;
    domain::Session s;
    s.id_hash = crypto::sha256_hex(out.cookie_value);
    s.user_id = user.id;
    s.created_at = s.last_seen_at = now;
    s.idle_timeout_ms = s_.timeouts.idle_ms;
    s.absolute_expires_at =
        now + (remember ? s_.timeouts.remember_absolute_ms : s_.timeouts.absolute_ms);
    s.remember = remember;
    s.ip = client.ip;
    s.user_agent = client.user_agent.substr(0, 300);
    out.expires_at = s.absolute_expires_at;
    store_.write_tx([&](store::Tx& tx) {
      tx.insert_session(s);
      tx.append_audit(account_event(user, client.ip, now, "auth.sign_in"));
      return true;
    });
    return out;
  }
}

std::optional<SignedInUser> AccountService::session_user(const std::string& cookie_value) {
  if (cookie_value.size() < 22 || cookie_value.size() > 64) return std::nullopt;
  auto hash = crypto::sha256_hex(cookie_value);
  auto now = clock_.now_ms();
  auto found =
      store_.read<std::optional<SignedInUser>>([&](store::Tx& tx) -> std::optional<SignedInUser> {
        auto s = tx.session_by_hash(hash);
        if (!s) return std::nullopt;
        auto u = tx.user_by_id(s->user_id);
        if (!u) return std::nullopt;
        SignedInUser found{*u, *s};
        if (domain::is_staff(u->role) && s_.admin_two_factor) {
          auto tf = tx.two_factor(u->id);
          found.must_enrol_two_factor = !tf || !tf->enabled();
        }
        return found;
      });
  if (!found) return std::nullopt;
  if (!domain::session_alive(found->session, now)) {
    logout(hash);
    return std::nullopt;
  }
  // Refresh the idle timer at most once a minute: a write per page view would be wasted work.
  if (now - found->session.last_seen_at > 60'000) {
    store_.write_tx([&](store::Tx& tx) {
      tx.touch_session(hash, now);
      return true;
    });
  }
  return found;
}

void AccountService::logout(const std::string& session_hash) {
  store_.write_tx([&](store::Tx& tx) {
    tx.delete_session(session_hash);
    return true;
  });
}

int AccountService::logout_everywhere(domain::UserId user_id,
                                      const std::string& keep_session_hash) {
  int n = 0;
  auto now = clock_.now_ms();
  store_.write_tx([&](store::Tx& tx) {
    n = tx.delete_user_sessions(user_id, keep_session_hash);
    tx.revoke_user_tokens(user_id, now);
    return true;
  });
  log::info("security_event", {{"event", "logout_everywhere"},
                               {"user_id", user_id.value},
                               {"sessions", static_cast<std::int64_t>(n)}});
  return n;
}

std::optional<domain::Plumber> AccountService::plumber(domain::UserId user_id) {
  return store_.read<std::optional<domain::Plumber>>(
      [&](store::Tx& tx) { return tx.plumber_by_user(user_id); });
}

std::optional<domain::User> AccountService::user(domain::UserId user_id) {
  return store_.read<std::optional<domain::User>>(
      [&](store::Tx& tx) { return tx.user_by_id(user_id); });
}

}  // namespace plumbline::services
