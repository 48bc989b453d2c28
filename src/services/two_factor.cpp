// Two-factor sign-in for staff: TOTP enrolment, the second step of log-in, recovery codes.
#include <ctime>

#include "crypto/sealed.hpp"
#include "crypto/tokens.hpp"
#include "crypto/totp.hpp"
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
Error tf_wrong_code() {
  return Error::make(ErrorCode::unauthorized,
                     "That code is not right, or it was used already. Enter the current code "
                     "from your authenticator app, or one of your recovery codes.");
}
Error tf_challenge_gone() {
  return Error::make(ErrorCode::not_found,
                     "This log-in has expired. Enter your e-mail and password again.");
}
Error tf_wait(domain::Millis ms) {
  auto e =
      Error::make(ErrorCode::rate_limited, "Too many wrong codes. Wait a moment and try again.");
  e.retry_after_seconds = static_cast<int>((ms + 999) / 1000);
  return e;
}
std::string tf_utc_time(domain::Millis ms) {
  std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M UTC", &tm);
  return buf;
}
std::string tf_recovery_hash(const std::string& code) {
  return crypto::sha256_hex("plumbline-recovery:" + domain::normalize_recovery_code(code));
}
}  // namespace

bool AccountService::two_factor_required(const domain::User& user) const {
  return domain::is_staff(user.role) && s_.admin_two_factor;
}

std::string AccountService::welcome_device(const domain::User& user, const ClientInfo& client,
                                           bool trusted) {
  auto now = clock_.now_ms();
  // A fresh id for a new device (never one the client chose).
  std::string device = trusted ? client.device : crypto::random_token(24);
  bool noticed = false;
  store_.write_tx([&](store::Tx& tx) {
    // The first sign-in of an account (right after sign-up or create-admin) is no news.
    bool first = !trusted && tx.count_known_devices(user.id) == 0;
    tx.remember_device(user.id, crypto::sha256_hex(device), now);
    if (!trusted && !first) {
      std::string when = tf_utc_time(now);
      if (zones_) {
        auto plumber =
            user.role == domain::Role::plumber ? tx.plumber_profile(user.id) : std::nullopt;
        when = zones_->local_time(plumber ? plumber->profile.base_zip : std::string(), now);
      }
      account_mail::enqueue(
          tx, s_, "new_device", user.email,
          {{"ip", client.ip}, {"browser", client.user_agent.substr(0, 200)}, {"time", when}},
          s_.base_url + "/password/forgot", now, crypto::sha256_hex(device).substr(0, 32));
      noticed = true;
    }
    return true;
  });
  if (noticed)
    log::info("security_event",
              {{"event", "new_device_sign_in"}, {"user_id", user.id.value}, {"ip", client.ip}});
  return trusted ? std::string() : device;
}

std::optional<Error> AccountService::check_second_factor(domain::UserId user_id,
                                                         const std::string& code,
                                                         const std::string& ip) {
  auto now = clock_.now_ms();
  std::optional<Error> out;
  bool recovery = false;
  store_.write_tx([&](store::Tx& tx) {
    tx.lock_user_row(user_id);  // checks of one account run one after the other
    auto tf = tx.two_factor(user_id);
    if (!tf || !tf->enabled()) {
      out = tf_wrong_code();
      return false;
    }
    if (auto d = domain::two_factor_delay_ms(tf->failures); d > 0 && now < tf->failed_at + d) {
      out = tf_wait(tf->failed_at + d - now);
      return false;
    }
    bool ok = false;
    if (domain::looks_like_totp(code)) {
      auto key_text = crypto::unseal(s_.secret_key, tf->secret_sealed);
      auto key = key_text ? crypto::base32_decode(*key_text) : std::nullopt;
      if (key)
        if (auto step = crypto::totp_match(*key, code, now / 1000, tf->last_step))
          ok = tx.use_totp_step(user_id, *step);  // false: a racing use of the same code won
    } else if (!domain::normalize_recovery_code(code).empty()) {
      ok = tx.use_recovery_code(user_id, tf_recovery_hash(code), now);
      recovery = ok;
    }
    if (!ok) {
      tx.record_two_factor_failure(user_id, now);
      if (auto u = tx.user_by_id(user_id))
        tx.append_audit(account_event(*u, ip, now, "auth.second_factor_failed"));
      out = tf_wrong_code();
    }
    return true;
  });
  if (out)
    log::warn("security_event",
              {{"event", out->code == ErrorCode::rate_limited ? "second_factor_throttled"
                                                              : "second_factor_failed"},
               {"user_id", user_id.value}});
  else
    log::info("security_event", {{"event", recovery ? "recovery_code_used" : "second_factor_ok"},
                                 {"user_id", user_id.value}});
  return out;
}

bool AccountService::two_factor_challenge_alive(const std::string& challenge) {
  if (challenge.size() < 22 || challenge.size() > 64) return false;
  auto now = clock_.now_ms();
  auto ch = store_.read<std::optional<domain::TwoFactorChallenge>>(
      [&](store::Tx& tx) { return tx.two_factor_challenge(crypto::sha256_hex(challenge)); });
  return ch && ch->expires_at > now;
}

Result<NewSession> AccountService::complete_login(const std::string& challenge,
                                                  const std::string& code,
                                                  const ClientInfo& client) {
  if (challenge.size() < 22 || challenge.size() > 64) return tf_challenge_gone();
  auto hash = crypto::sha256_hex(challenge);
  try {
    auto now = clock_.now_ms();
    auto ch = store_.read<std::optional<domain::TwoFactorChallenge>>(
        [&](store::Tx& tx) { return tx.two_factor_challenge(hash); });
    if (!ch || ch->expires_at <= now) return tf_challenge_gone();
    if (auto refusal = check_second_factor(domain::UserId{ch->user_id}, code, client.ip)) {
      if (refusal->code != ErrorCode::unauthorized) return *refusal;
      int failures = 0;
      store_.write_tx([&](store::Tx& tx) {
        failures = tx.fail_two_factor_challenge(hash);
        if (failures >= domain::challenge_failures) tx.delete_two_factor_challenge(hash);
        return true;
      });
      if (failures >= domain::challenge_failures)
        return Error::make(ErrorCode::not_found,
                           "Too many wrong codes. Enter your e-mail and password again.");
      return *refusal;
    }
    bool spent = false;
    std::optional<domain::User> user;
    bool trusted = false;
    store_.write_tx([&](store::Tx& tx) {
      spent = tx.delete_two_factor_challenge(hash);
      user = tx.user_by_id(domain::UserId{ch->user_id});
      trusted = !client.device.empty() &&
                tx.known_device(domain::UserId{ch->user_id}, crypto::sha256_hex(client.device));
      return true;
    });
    if (!spent || !user) return tf_challenge_gone();  // a racing request used it
    auto out = start_session(*user, ch->remember, client);
    out.device_cookie = welcome_device(*user, client, trusted);
    log::info("security_event", {{"event", "login_succeeded"},
                                 {"user_id", user->id.value},
                                 {"ip", client.ip},
                                 {"second_factor", true}});
    return out;
  } catch (const domain::Failure& e) {
    return unavailable_error(e, "complete_login");
  }
}

TwoFactorStatus AccountService::two_factor_status(domain::UserId user_id) {
  TwoFactorStatus st;
  std::optional<domain::TwoFactor> tf;
  std::optional<domain::User> u;
  store_.read_tx([&](store::Tx& tx) {
    tf = tx.two_factor(user_id);
    u = tx.user_by_id(user_id);
    st.recovery_codes_left = tx.count_unused_recovery_codes(user_id);
  });
  st.required = u && two_factor_required(*u);
  st.enabled = tf && tf->enabled();
  if (tf && !tf->enabled() && u) {
    if (auto secret = crypto::unseal(s_.secret_key, tf->secret_sealed)) {
      st.pending = true;
      st.secret_base32 = *secret;
      st.otpauth_uri = crypto::otpauth_uri("Plumbline", u->email, *secret);
    }
  }
  return st;
}

domain::Status AccountService::start_two_factor(domain::UserId user_id) {
  auto now = clock_.now_ms();
  auto sealed = crypto::seal(s_.secret_key, crypto::base32_encode(crypto::new_totp_key()));
  try {
    return store_.write<domain::Unit>([&](store::Tx& tx) -> domain::Status {
      auto tf = tx.two_factor(user_id);
      if (tf && tf->enabled())
        return Error::make(ErrorCode::conflict, "Two-factor sign-in is on already.");
      tx.put_two_factor_secret(user_id, sealed, now);
      return domain::Unit{};
    });
  } catch (const domain::Failure& e) {
    return unavailable_error(e, "start_two_factor");
  }
}

Result<std::vector<std::string>> AccountService::confirm_two_factor(domain::UserId user_id,
                                                                    const std::string& code,
                                                                    const ClientInfo& client) {
  auto now = clock_.now_ms();
  std::vector<std::string> codes, hashes;
  for (int i = 0; i < domain::recovery_code_count; ++i) {
    auto raw = crypto::base32_encode(crypto::new_totp_key()).substr(0, 10);
    for (auto& c : raw) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    codes.push_back(raw.substr(0, 5) + "-" + raw.substr(5));
    hashes.push_back(tf_recovery_hash(raw));
  }
  try {
    auto r = store_.write<domain::Unit>([&](store::Tx& tx) -> domain::Status {
      auto tf = tx.two_factor(user_id);
      if (!tf) return Error::make(ErrorCode::conflict, "Start the set-up first.");
      if (tf->enabled())
        return Error::make(ErrorCode::conflict, "Two-factor sign-in is on already.");
      auto key_text = crypto::unseal(s_.secret_key, tf->secret_sealed);
      auto key = key_text ? crypto::base32_decode(*key_text) : std::nullopt;
      auto step = key ? crypto::totp_match(*key, code, now / 1000, 0) : std::nullopt;
      if (!step) {
        auto e = Error::make(ErrorCode::invalid_input, "That code is not right.");
        e.details.push_back(
            {"code", "Enter the 6-digit code your authenticator app shows for Plumbline now."});
        return e;
      }
      if (!tx.enable_two_factor(user_id, *step, now))
        return Error::make(ErrorCode::conflict, "Two-factor sign-in is on already.");
      tx.replace_recovery_codes(user_id, hashes);
      if (auto u = tx.user_by_id(user_id))
        tx.append_audit(account_event(*u, client.ip, now, "auth.two_factor_enabled"));
      return domain::Unit{};
    });
    if (!r) return r.error();
    log::info("security_event", {{"event", "two_factor_enabled"}, {"user_id", user_id.value}});
    return codes;
  } catch (const domain::Failure& e) {
    return unavailable_error(e, "confirm_two_factor");
  }
}

domain::Status AccountService::disable_two_factor(domain::UserId user_id,
                                                  const std::string& password,
                                                  const std::string& code,
                                                  const ClientInfo& client) {
  try {
    auto u = user(user_id);
    if (!u) return Error::make(ErrorCode::not_found, "No such account.");
    if (two_factor_required(*u))
      return Error::make(ErrorCode::forbidden, "Admin accounts must keep two-factor sign-in on.");
    if (password.empty() || code.empty()) {
      auto e = Error::make(ErrorCode::invalid_input, "Enter your password and a code.");
      if (password.empty()) e.details.push_back({"password", "Enter your password."});
      if (code.empty()) e.details.push_back({"code", "Enter a code."});
      return e;
    }
    auto tf = store_.read<std::optional<domain::TwoFactor>>(
        [&](store::Tx& tx) { return tx.two_factor(user_id); });
    if (!tf || !tf->enabled())
      return Error::make(ErrorCode::conflict, "Two-factor sign-in is off already.");
    auto checked = check_credentials(u->email, password, client);
    if (!checked) return checked.error();
    if (auto refusal = check_second_factor(user_id, code, client.ip)) return *refusal;
    store_.write_tx([&](store::Tx& tx) {
      tx.delete_two_factor(user_id);
      tx.append_audit(account_event(*u, client.ip, clock_.now_ms(), "auth.two_factor_disabled"));
      return true;
    });
    log::warn("security_event", {{"event", "two_factor_disabled"}, {"user_id", user_id.value}});
    return domain::Unit{};
  } catch (const domain::Failure& e) {
    return unavailable_error(e, "disable_two_factor");
  }
}

}  // namespace plumbline::services
