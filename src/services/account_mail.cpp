// Single-use account links and their e-mails through the outbox.
#include "services/account_mail.hpp"

#include <boost/json.hpp>

#include "crypto/sealed.hpp"
#include "crypto/tokens.hpp"

namespace plumbline::services::account_mail {

std::string issue_token(store::Tx& tx, std::int64_t user_id, const char* purpose,
                        domain::Millis now, domain::Millis ttl_ms, const std::string& new_email) {
  std::string raw = crypto::random_token(24);
  domain::AuthToken t;
  t.token_hash = crypto::sha256_hex(raw);
  t.user_id = domain::UserId{user_id};
  t.purpose = purpose;
  t.new_email = new_email;
  t.created_at = now;
  t.expires_at = now + ttl_ms;
  tx.insert_auth_token(t);
  return raw;
}

void enqueue(store::Tx& tx, const AccountSettings& s, const std::string& kind,
             const std::string& to, boost::json::object data, const std::string& link,
             domain::Millis now, const std::string& unique) {
  domain::OutboundMessage m;
  m.kind = kind;
  m.channel = domain::channel_email;
  m.recipient = to;
  m.template_name = kind;
  m.data_json = boost::json::serialize(data);
  if (!link.empty())
    m.sealed_json =
        crypto::seal(s.secret_key, boost::json::serialize(boost::json::object{{"link", link}}));
  m.idempotency_key = kind + ":" + unique;
  m.transactional = true;
  m.event_at = now;
  m.due_at = now;
  m.expires_at = now + 24LL * 3600 * 1000;
  m.max_attempts = s.max_attempts;
  tx.enqueue_message(m);
}

}  // namespace plumbline::services::account_mail
