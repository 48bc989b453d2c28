// Staff accounts: invitations, accepting one, role changes and removal (services/staff.hpp).
#include "services/staff.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include "crypto/tokens.hpp"
#include "domain/contact.hpp"
#include "domain/staff_rules.hpp"
#include "log/log.hpp"
#include "services/account_mail.hpp"
#include "services/audit.hpp"

namespace plumbline::services {

using domain::Error;
using domain::ErrorCode;

namespace {

constexpr domain::Millis staff_invite_ttl_ms = 72LL * 3600 * 1000;
// Not an argon2id string: no password verifies against it until the invitee chooses one.
constexpr const char* no_password_yet = "!invited";

Error invite_link_gone() {
  return Error::make(ErrorCode::not_found,
                     "This invitation link is not valid any more. Ask an admin for a new one.");
}

// The unused, unexpired invitation behind a raw token, if any.
std::optional<domain::AuthToken> staff_invitation(store::Tx& tx, const std::string& raw,
                                                  domain::Millis now) {
  auto t = tx.auth_token_by_hash(crypto::sha256_hex(raw));
  if (!t || t->purpose != domain::token_staff_invite || t->used_at || t->expires_at <= now)
    return std::nullopt;
  return t;
}

// The staff member a role change (to new_role) or a removal (nullopt) is about, or why not.
// The actor's and the target's rows are locked first, in id order (PostgreSQL; SQLite has one
// writer): two admins demoting each other at once run one after the other, so the second sees
// the first's change and the last admin stays.
domain::Result<domain::User> staff_target(store::Tx& tx, const domain::Actor& actor,
                                          domain::UserId user_id,
                                          const std::optional<std::string>& new_role) {
  auto [first, second] = std::minmax(actor.user_id.value, user_id.value);
  tx.lock_user_row(domain::UserId{first});
  if (second != first) tx.lock_user_row(domain::UserId{second});
  auto u = tx.user_by_id(user_id);
  if (!u) return Error::make(ErrorCode::not_found, "There is no such staff member.");
  if (auto refusal = domain::staff_change_refusal(
          actor.user_id.value, *u, tx.user_closure(u->id).has_value(), new_role,
          tx.count_open_users_with_role(domain::Role::admin)))
    return *refusal;
  return *u;
}

std::string role_json(domain::Role role) {
  return boost::json::serialize(boost::json::object{{"role", domain::to_string(role)}});
}

}  // namespace

domain::Result<std::vector<domain::StaffMember>> StaffService::list() {
  try {
    return store_.read<std::vector<domain::StaffMember>>(
        [](store::Tx& tx) { return tx.list_staff(); });
  } catch (const domain::Failure& f) {
    return f.error;
  }
}

domain::Result<domain::User> StaffService::invite(const domain::Actor& actor,
                                                  const std::string& email_raw,
                                                  const std::string& role_word) {
  auto email = domain::normalize_email(email_raw);
  if (!domain::plausible_email(email)) {
    auto e = Error::make(ErrorCode::invalid_input, "That is not a valid e-mail address.");
    e.details.push_back({"email", "Enter the e-mail address of the person to invite."});
    return e;
  }
  if (!domain::valid_staff_role(role_word)) {
    auto e = Error::make(ErrorCode::invalid_input, "Choose a role: admin or support.");
    e.details.push_back({"role", "Choose admin or support."});
    return e;
  }
  const auto role = *domain::parse<domain::Role>(role_word);
  auto now = clock_.now_ms();
  try {
    return store_.write<domain::User>([&](store::Tx& tx) -> domain::Result<domain::User> {
      domain::User u;
      bool reopened = false;
      if (auto existing = tx.user_by_email(email)) {
        // A removed staff member invited again gets their old account back (the audit trail
        // keeps one id per person), with no password, two-factor or session of before.
        if (existing->role != domain::Role::plumber && tx.reopen_user(existing->id, now)) {
          u = *existing;
          u.role = role;
          u.password_hash = no_password_yet;
          tx.set_user_role(u.id, role, now);
          tx.set_user_password(u.id, no_password_yet, now);
          tx.delete_two_factor(u.id);
          tx.replace_recovery_codes(u.id, {});
          tx.expire_auth_tokens(u.id, domain::token_staff_invite, now);
          reopened = true;
        } else {
          auto e = Error::make(ErrorCode::conflict,
                               existing->role == domain::Role::plumber
                                   ? "That address belongs to a plumber account. Staff need an "
                                     "address of their own."
                                   : "That address already has a staff account.");
          e.details.push_back({"email", e.message});
          return e;
        }
      } else {
        u.email = email;
        u.password_hash = no_password_yet;
        u.role = role;
        u.created_at = u.updated_at = now;
        u.id = tx.insert_user(u);
      }
      auto token = account_mail::issue_token(tx, u.id.value, domain::token_staff_invite, now,
                                             staff_invite_ttl_ms);
      account_mail::enqueue(
          tx, s_, "staff_invite", email,
          {{"role_label", domain::staff_role_label(role)}, {"inviter", actor.email}},
          s_.base_url + "/staff/invite/" + token, now, crypto::sha256_hex(token).substr(0, 32));
      auto row = audit_entry(actor, now, "staff.invite", "user", std::to_string(u.id.value));
      row.after_json = boost::json::serialize(
          boost::json::object{{"email", email}, {"role", role_word}, {"reopened", reopened}});
      tx.append_audit(row);
      log::info("security_event",
                {{"event", "staff_invited"}, {"user_id", u.id.value}, {"role", role_word}});
      return u;
    });
  } catch (const domain::Failure& f) {
    return f.error;
  }
}

domain::Result<std::string> StaffService::invitation_email(const std::string& token) {
  auto now = clock_.now_ms();
  try {
    auto email =
        store_.read<std::optional<std::string>>([&](store::Tx& tx) -> std::optional<std::string> {
          auto t = staff_invitation(tx, token, now);
          if (!t) return std::nullopt;
          auto u = tx.user_by_id(t->user_id);
          if (!u || tx.user_closure(u->id)) return std::nullopt;
          return u->email;
        });
    if (!email) return invite_link_gone();
    return *email;
  } catch (const domain::Failure& f) {
    return f.error;
  }
}

domain::Result<domain::User> StaffService::accept(const std::string& token,
                                                  const std::string& password,
                                                  const std::string& ip) {
  auto email = invitation_email(token);
  if (!email) return email.error();
  // Check the policy before spending the link, so a weak password does not burn it.
  if (auto problem = policy_.problem(password, *email)) {
    auto e = Error::make(ErrorCode::invalid_input, "Choose a different password.");
    e.details.push_back({"password", *problem});
    return e;
  }
  auto hash = crypto::hash_password(password, s_.password_params);
  auto now = clock_.now_ms();
  try {
    return store_.write<domain::User>([&](store::Tx& tx) -> domain::Result<domain::User> {
      auto t = staff_invitation(tx, token, now);
      if (!t || !tx.use_auth_token(t->token_hash, now)) return invite_link_gone();
      auto u = tx.user_by_id(t->user_id);
      if (!u || tx.user_closure(u->id)) return invite_link_gone();
      tx.set_user_password(u->id, hash, now);
      tx.set_user_email_verified(u->id, now);  // the link proved the address
      domain::Actor self{domain::UserId{u->id}, u->email, u->role, ip};
      tx.append_audit(
          audit_entry(self, now, "auth.password_set", "user", std::to_string(u->id.value)));
      return *u;
    });
  } catch (const domain::Failure& f) {
    return f.error;
  }
}

domain::Status StaffService::change_role(const domain::Actor& actor, domain::UserId user_id,
                                         const std::string& role_word, const std::string& reason) {
  auto now = clock_.now_ms();
  try {
    return store_.write<domain::Unit>([&](store::Tx& tx) -> domain::Status {
      auto u = staff_target(tx, actor, user_id, role_word);
      if (!u) return u.error();
      const auto role = *domain::parse<domain::Role>(role_word);  // staff_target checked it
      if (u->role == role) return domain::Unit{};  // nothing changes, nothing to record
      tx.set_user_role(u->id, role, now);
      // API tokens name the role they were issued for: end them, so the new role applies at once.
      tx.revoke_user_tokens(u->id, now);
      auto row = audit_entry(actor, now, "staff.role_change", "user", std::to_string(u->id.value));
      row.reason = reason;
      row.before_json = role_json(u->role);
      row.after_json = role_json(role);
      tx.append_audit(row);
      return domain::Unit{};
    });
  } catch (const domain::Failure& f) {
    return f.error;
  }
}

domain::Status StaffService::remove(const domain::Actor& actor, domain::UserId user_id,
                                    const std::string& reason) {
  auto now = clock_.now_ms();
  try {
    return store_.write<domain::Unit>([&](store::Tx& tx) -> domain::Status {
      auto u = staff_target(tx, actor, user_id, std::nullopt);
      if (!u) return u.error();
      tx.close_user(u->id, "staff access removed", actor.user_id.value, now);
      tx.delete_user_sessions(u->id, "");
      tx.revoke_user_tokens(u->id, now);
      tx.expire_auth_tokens(u->id, domain::token_staff_invite, now);
      auto row = audit_entry(actor, now, "staff.remove", "user", std::to_string(u->id.value));
      row.reason = reason;
      row.before_json = boost::json::serialize(
          boost::json::object{{"email", u->email}, {"role", domain::to_string(u->role)}});
      tx.append_audit(row);
      return domain::Unit{};
    });
  } catch (const domain::Failure& f) {
    return f.error;
  }
}

}  // namespace plumbline::services
