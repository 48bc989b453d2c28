// Account closure (issue 12): a plumber closes their own account (password, and the second factor
// through a hook), an admin closes one with a reason, and the job that anonymises closed accounts.
#include "domain/contact.hpp"
#include "domain/privacy.hpp"
#include "log/log.hpp"
#include "services/accounts.hpp"
#include "services/audit.hpp"
#include "services/leads.hpp"
#include "services/service_steps.hpp"

namespace plumbline::services {

using domain::Error;
using domain::ErrorCode;
using domain::Result;

namespace {

Error closure_field_error(const char* field, const std::string& message) {
  auto e = Error::make(ErrorCode::invalid_input, message);
  e.details.push_back({field, message});
  return e;
}

// Ends everything that signs the account in: sessions, API refresh tokens, e-mailed links.
void end_account_access(store::Tx& tx, domain::UserId user_id, domain::Millis now) {
  tx.delete_user_sessions(user_id, "");
  tx.revoke_user_tokens(user_id, now);
  for (const char* purpose : {domain::token_verify_email, domain::token_reset_password,
                              domain::token_unlock, domain::token_change_email})
    tx.expire_auth_tokens(user_id, purpose, now);
}

}  // namespace

domain::Status AccountService::close_account(domain::UserId user_id, const std::string& password,
                                             const std::optional<std::string>& second_factor_code,
                                             const ClientInfo& client) {
  try {
    auto u = user(user_id);
    if (!u) return Error::make(ErrorCode::not_found, "There is no such account.");
    if (u->role != domain::Role::plumber)
      return Error::make(ErrorCode::forbidden, "Only plumber accounts can be closed here.");
    if (password.empty()) return closure_field_error("password", "Enter your password.");
    PasswordCheckTicket ticket;
    if (auto refusal = throttled_password_check(*u, password, client, ticket)) {
      if (refusal->code != ErrorCode::unauthorized) {
        refusal->details.push_back({"password", refusal->message});
        return *refusal;
      }
      return closure_field_error("password", "Your password is not right.");
    }
    // With two-factor on, closing needs a current code (or a recovery code) as well.
    if (two_factor_status(user_id).enabled) {
      if (!second_factor_code || second_factor_code->empty())
        return closure_field_error("code", "Enter the code from your authenticator app.");
      if (auto refusal = check_second_factor(user_id, *second_factor_code, client.ip)) {
        refusal->details.push_back({"code", refusal->message});
        return *refusal;
      }
    }
    auto now = clock_.now_ms();
    bool closed = false;
    store_.write_tx([&](store::Tx& tx) {
      closed = tx.close_user(user_id, "closed by the account holder", std::nullopt, now);
      if (closed) {
        end_account_access(tx, user_id, now);
        tx.append_audit(audit_entry({user_id, u->email, u->role, client.ip}, now, "account.close",
                                    "plumber", std::to_string(user_id.value)));
      }
      return closed;
    });
    if (!closed) return Error::make(ErrorCode::conflict, "This account is closed already.");
    log::info("security_event",
              {{"event", "account_closed"}, {"user_id", user_id.value}, {"ip", client.ip}});
    return domain::Unit{};
  } catch (const domain::Failure& e) {
    return unavailable_error(e, "close_account");
  }
}

domain::Status AccountService::admin_close_account(const domain::Actor& actor,
                                                   domain::UserId user_id,
                                                   const std::string& reason_raw) {
  const domain::UserId admin_id = actor.user_id;
  if (auto problem = domain::closure_reason_problem(reason_raw)) return *problem;
  auto reason = domain::trim(reason_raw);
  auto now = clock_.now_ms();
  try {
    auto r = store_.write<domain::Unit>([&](store::Tx& tx) -> domain::Status {
      auto u = tx.user_by_id(user_id);
      if (!u || u->role != domain::Role::plumber)
        return Error::make(ErrorCode::not_found, "We could not find that plumber.");
      if (!tx.close_user(user_id, reason, admin_id.value, now))
        return Error::make(ErrorCode::conflict, "This account is closed already.");
      end_account_access(tx, user_id, now);
      auto row = audit_entry(actor, now, "plumber.close", "plumber", std::to_string(user_id.value));
      row.reason = reason;
      tx.append_audit(row);
      return domain::Unit{};
    });
    if (r)
      log::info("security_event", {{"event", "account_closed_by_admin"},
                                   {"user_id", user_id.value},
                                   {"admin_id", admin_id.value}});
    return r;
  } catch (const domain::Failure& e) {
    return unavailable_error(e, "admin_close_account");
  }
}

Result<int> AccountService::anonymise_closed_accounts(const std::function<bool()>& keep_going) {
  constexpr int batch = 100;
  auto now = clock_.now_ms();
  auto before = domain::retention_cutoff(now, s_.closed_account_keep_days);
  try {
    auto swept = steps::in_batches(
        store_, batch,
        [&](store::Tx& tx) {
          auto ids = tx.closed_users_due(before, batch);
          int n = 0;
          for (auto id : ids) n += tx.anonymise_user(domain::UserId{id}, now) ? 1 : 0;
          return std::pair{ids.size(), n};
        },
        keep_going);
    if (!swept) return swept;
    int total = swept.value();
    if (total > 0)
      log::info("privacy_event", {{"event", "closed_accounts_anonymised"},
                                  {"anonymised", static_cast<std::int64_t>(total)}});
    return total;
  } catch (const domain::Failure& e) {
    return unavailable_error(e, "anonymise_closed_accounts");
  }
}

bool AccountService::account_closed(domain::UserId user_id) {
  return store_.read<bool>([&](store::Tx& tx) { return tx.user_closure(user_id).has_value(); });
}

std::optional<domain::AccountClosure> AccountService::closure(domain::UserId user_id) {
  return store_.read<std::optional<domain::AccountClosure>>(
      [&](store::Tx& tx) { return tx.user_closure(user_id); });
}

}  // namespace plumbline::services
