// SQLite: verification codes and the lead's verified facts (issue 17 item 1).
#include "store/sql/lead_verification.hpp"

#include "store/sqlite/sqlite_tx.hpp"

namespace plumbline::store::sqlite {

namespace {
namespace q = sql::lead_verification;

int lv_changes(Connection& c) {
  return sqlite3_changes(c.handle());
}
}  // namespace

std::int64_t SqliteTx::insert_verification_code(const domain::VerificationCode& code) {
  auto st = c_.prepare<q::insert_code>();
  st.bind(1, code.lead_id).bind(2, code.channel).bind(3, code.recipient_hash);
  st.bind(4, code.code_hash).bind(5, code.expires_at).bind(6, code.created_at);
  st.step();
  return st.int64(0);
}

std::optional<domain::VerificationCode> SqliteTx::latest_verification_code(domain::LeadId lead_id) {
  auto st = c_.prepare<q::latest_code>();
  st.bind(1, lead_id);
  if (!st.step()) return std::nullopt;
  return sql::read_verification_code(st);
}

int SqliteTx::supersede_verification_codes(domain::LeadId lead_id, domain::Millis at) {
  c_.prepare<q::supersede_codes>().bind(1, lead_id).bind(2, at).run();
  return lv_changes(c_);
}

std::int64_t SqliteTx::count_verification_codes_since(const std::string& recipient_hash,
                                                      domain::Millis since) {
  auto st = c_.prepare<q::count_codes_since>();
  st.bind(1, recipient_hash).bind(2, since);
  st.step();
  return st.int64(0);
}

std::optional<int> SqliteTx::count_verification_attempt(std::int64_t code_id, int max_attempts) {
  auto st = c_.prepare<q::count_attempt>();
  st.bind(1, code_id).bind(2, max_attempts);
  if (!st.step()) return std::nullopt;
  int attempts = static_cast<int>(st.int64(0));
  while (st.step()) {
  }
  return attempts;
}

bool SqliteTx::use_verification_code(std::int64_t code_id, domain::Millis at) {
  c_.prepare<q::use_code>().bind(1, code_id).bind(2, at).run();
  return lv_changes(c_) > 0;
}

domain::LeadVerification SqliteTx::lead_verification(domain::LeadId lead_id) {
  auto st = c_.prepare<q::lead_verification>();
  st.bind(1, lead_id);
  if (!st.step()) return {};
  return sql::read_lead_verification(st);
}

void SqliteTx::set_lead_awaiting_verification(domain::LeadId lead_id, bool awaiting) {
  if (awaiting)
    c_.prepare<q::hold_lead>().bind(1, lead_id).run();
  else
    c_.prepare<q::release_lead>().bind(1, lead_id).run();
}

bool SqliteTx::mark_lead_verified(domain::LeadId lead_id, const std::string& channel,
                                  domain::Millis at) {
  if (channel == domain::verification_sms)
    c_.prepare<q::phone_verified>().bind(1, lead_id).bind(2, at).run();
  else
    c_.prepare<q::email_verified>().bind(1, lead_id).bind(2, at).run();
  return lv_changes(c_) > 0;
}

std::vector<std::int64_t> SqliteTx::expire_unverified_leads(domain::Millis created_before,
                                                            domain::Millis at, int limit) {
  std::vector<std::int64_t> picked, expired;
  if (limit <= 0) return expired;  // a negative LIMIT means "no limit" to SQLite
  {
    auto st = c_.prepare<q::unverified_expirable>();
    st.bind(1, created_before).bind(2, limit);
    while (st.step()) picked.push_back(st.int64(0));
  }
  for (auto id : picked) {
    c_.prepare<q::expire_unverified>().bind(1, id).bind(2, at).run();
    if (lv_changes(c_) > 0) expired.push_back(id);
  }
  return expired;
}

}  // namespace plumbline::store::sqlite
