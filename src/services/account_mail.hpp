// Internal to the account services: single-use links and the e-mails that carry them.
#pragma once
#include <boost/json/object.hpp>
#include <string>

#include "services/accounts.hpp"

namespace plumbline::services::account_mail {

// Creates a single-use token row and returns the raw token (only its hash is stored).
std::string issue_token(store::Tx& tx, std::int64_t user_id, const char* purpose,
                        domain::Millis now, domain::Millis ttl_ms,
                        const std::string& new_email = {});

// Enqueues an account e-mail; `link` (a secret URL) is sealed, the rest of `data` is plain.
void enqueue(store::Tx& tx, const AccountSettings& s, const std::string& kind,
             const std::string& to, boost::json::object data, const std::string& link,
             domain::Millis now, const std::string& unique);

}  // namespace plumbline::services::account_mail
