// PostgreSQL: verification codes and the lead's verified facts (issue 17 item 1).
#include "store/sql/lead_verification.hpp"

#include "store/postgres/pg_tx.hpp"

namespace plumbline::store::pg {

namespace q = sql::lead_verification;

std::int64_t PgTx::insert_verification_code(const domain::VerificationCode& code) {
  return c_
      .run(q::insert_code, code.lead_id, code.channel, code.recipient_hash, code.code_hash,
           code.expires_at, code.created_at)
      .int64(0, 0);
}

std::optional<domain::VerificationCode> PgTx::latest_verification_code(domain::LeadId lead_id) {
  auto r = c_.run(q::latest_code, lead_id);
  if (r.rows() == 0) return std::nullopt;
  return sql::read_verification_code(r.row(0));
}

int PgTx::supersede_verification_codes(domain::LeadId lead_id, domain::Millis at) {
  return static_cast<int>(c_.run(q::supersede_codes, lead_id, at).affected());
}

std::int64_t PgTx::count_verification_codes_since(const std::string& recipient_hash,
                                                  domain::Millis since) {
  return c_.run(q::count_codes_since, recipient_hash, since).int64(0, 0);
}

std::optional<int> PgTx::count_verification_attempt(std::int64_t code_id, int max_attempts) {
  auto r = c_.run(q::count_attempt, code_id, max_attempts);
  if (r.rows() == 0) return std::nullopt;
  return r.int32(0, 0);
}

bool PgTx::use_verification_code(std::int64_t code_id, domain::Millis at) {
  return c_.run(q::use_code, code_id, at).affected() > 0;
}

domain::LeadVerification PgTx::lead_verification(domain::LeadId lead_id) {
  auto r = c_.run(q::lead_verification, lead_id);
  if (r.rows() == 0) return {};
  return sql::read_lead_verification(r.row(0));
}

void PgTx::set_lead_awaiting_verification(domain::LeadId lead_id, bool awaiting) {
  if (awaiting)
    c_.run(q::hold_lead, lead_id);
  else
    c_.run(q::release_lead, lead_id);
}

bool PgTx::mark_lead_verified(domain::LeadId lead_id, const std::string& channel,
                              domain::Millis at) {
  if (channel == domain::verification_sms)
    return c_.run(q::phone_verified, lead_id, at).affected() > 0;
  return c_.run(q::email_verified, lead_id, at).affected() > 0;
}

std::vector<std::int64_t> PgTx::expire_unverified_leads(domain::Millis created_before,
                                                        domain::Millis at, int limit) {
  std::vector<std::int64_t> expired;
  if (limit <= 0) return expired;
  auto picked = c_.run(q::unverified_expirable, created_before, limit);
  for (int i = 0; i < picked.rows(); ++i) {
    auto id = picked.int64(i, 0);
    if (c_.run(q::expire_unverified, id, at).affected() > 0) expired.push_back(id);
  }
  return expired;
}

}  // namespace plumbline::store::pg
