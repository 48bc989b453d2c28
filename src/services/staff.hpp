// Staff accounts: admins invite admins and support agents by e-mail, change their roles and remove
// their access; invitees choose a password through the single-use link. Each action is one
// transaction with its audit row; the invitation e-mail goes through the outbox.
#pragma once
#include <string>
#include <vector>

#include "crypto/password.hpp"
#include "domain/account.hpp"
#include "domain/audit.hpp"
#include "domain/error.hpp"
#include "services/accounts.hpp"
#include "services/clock.hpp"
#include "store/store.hpp"

namespace plumbline::services {

class StaffService {
 public:
  // settings: the base URL and sealing key of the e-mailed link, the password hashing parameters
  // and the outbox attempts (the account services' settings).
  StaffService(store::Store& store, const Clock& clock, const crypto::PasswordPolicy& policy,
               AccountSettings settings)
      : store_(store), clock_(clock), policy_(policy), s_(std::move(settings)) {}

  domain::Result<std::vector<domain::StaffMember>> list();
  // Creates the account (no usable password, e-mail unverified) and e-mails a 72-hour link.
  // Refused for an address that already has an account (a plumber's: staff need their own).
  domain::Result<domain::User> invite(const domain::Actor& actor, const std::string& email,
                                      const std::string& role);
  // The invitee's e-mail while the link is usable (for the password page).
  domain::Result<std::string> invitation_email(const std::string& token);
  // Sets the password (policy-checked before the link is spent) and marks the address verified;
  // the invitee then signs in and must enrol a second factor before anything else.
  domain::Result<domain::User> accept(const std::string& token, const std::string& password,
                                      const std::string& ip);
  domain::Status change_role(const domain::Actor& actor, domain::UserId user_id,
                             const std::string& role, const std::string& reason);
  // Closes the account, ends its sessions, API tokens and pending links.
  domain::Status remove(const domain::Actor& actor, domain::UserId user_id,
                        const std::string& reason);

 private:
  store::Store& store_;
  const Clock& clock_;
  const crypto::PasswordPolicy& policy_;
  AccountSettings s_;
};

}  // namespace plumbline::services
