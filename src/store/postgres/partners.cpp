// PostgreSQL: partner lead sources, their API keys and Idempotency-Key records.
#include "store/sql/partners.hpp"

#include "store/postgres/pg_tx.hpp"

namespace plumbline::store::pg {

namespace q = sql::partners;

namespace {

// PostgreSQL only: SQLite has one writer, so lock_partner_source does nothing there.
constexpr Sql lock_source_sql{"partner_source_lock",
                              "SELECT 1 FROM partner_sources WHERE id = $1 FOR UPDATE"};

}  // namespace

domain::PartnerSourceId PgTx::insert_partner_source(const domain::PartnerSource& s) {
  auto r = c_.run(q::insert_source, s.name, s.contact, domain::join_list(s.services),
                  domain::join_list(s.areas), s.daily_cap, s.rate_per_minute, s.terms,
                  domain::join_list(s.frame_origins, " "), s.created_at, s.created_by);
  return domain::PartnerSourceId{r.int64(0, 0)};
}

std::optional<domain::PartnerSource> PgTx::partner_source_by_id(domain::PartnerSourceId id) {
  auto r = c_.run(q::source_by_id, id);
  if (r.rows() == 0) return std::nullopt;
  return sql::read_partner_source(r.row(0));
}

std::vector<domain::PartnerSource> PgTx::list_partner_sources() {
  auto r = c_.run(q::list_sources);
  std::vector<domain::PartnerSource> out;
  out.reserve(r.rows());
  for (int i = 0; i < r.rows(); ++i) out.push_back(sql::read_partner_source(r.row(i)));
  return out;
}

void PgTx::lock_partner_source(domain::PartnerSourceId id) {
  c_.run(lock_source_sql, id);
}

int PgTx::count_partner_leads_since(domain::PartnerSourceId id, domain::Millis since) {
  return static_cast<int>(c_.run(q::count_leads_since, id, since).int64(0, 0));
}

void PgTx::set_lead_partner(domain::LeadId lead_id, domain::PartnerSourceId source_id,
                            const domain::ConsentEvidence& e, const std::string& user_agent) {
  c_.run(q::set_lead_partner, lead_id, source_id, e.text, e.at, e.ip, e.page_url, user_agent);
}

void PgTx::set_lead_partner_source(domain::LeadId lead_id, domain::PartnerSourceId source_id) {
  c_.run(q::set_lead_source, lead_id, source_id);
}

domain::PartnerKeyId PgTx::insert_partner_key(const domain::PartnerKey& k) {
  auto r = c_.run(q::insert_key, k.source_id, k.key_hash, k.hint, domain::join_list(k.scopes),
                  k.created_at, k.created_by);
  return domain::PartnerKeyId{r.int64(0, 0)};
}

std::optional<domain::PartnerKey> PgTx::partner_key_by_hash(const std::string& key_hash) {
  auto r = c_.run(q::key_by_hash, key_hash);
  if (r.rows() == 0) return std::nullopt;
  return sql::read_partner_key(r.row(0));
}

std::optional<domain::PartnerKey> PgTx::partner_key_by_id(domain::PartnerKeyId id) {
  auto r = c_.run(q::key_by_id, id);
  if (r.rows() == 0) return std::nullopt;
  return sql::read_partner_key(r.row(0));
}

std::vector<domain::PartnerKey> PgTx::list_partner_keys(domain::PartnerSourceId source_id) {
  auto r = c_.run(q::list_keys, source_id);
  std::vector<domain::PartnerKey> out;
  out.reserve(r.rows());
  for (int i = 0; i < r.rows(); ++i) out.push_back(sql::read_partner_key(r.row(i)));
  return out;
}

bool PgTx::revoke_partner_key(domain::PartnerKeyId id, std::optional<domain::UserId> by,
                              domain::Millis at) {
  return c_.run(q::revoke_key, id, by, at).affected() == 1;
}

std::optional<domain::IdempotencyRecord> PgTx::find_idempotency(
    domain::PartnerKeyId key_id, const std::string& idempotency_key) {
  auto r = c_.run(q::find_idempotency, key_id, idempotency_key);
  if (r.rows() == 0) return std::nullopt;
  return sql::read_idempotency(r.row(0));
}

bool PgTx::insert_idempotency(const domain::IdempotencyRecord& rec) {
  return c_.run(q::insert_idempotency, rec.key_id, rec.idempotency_key, rec.body_hash,
                rec.created_at)
             .affected() == 1;
}

void PgTx::finish_idempotency(domain::PartnerKeyId key_id, const std::string& idempotency_key,
                              domain::LeadId lead_id, const std::string& answer_sealed) {
  c_.run(q::finish_idempotency, key_id, idempotency_key, lead_id, answer_sealed);
}

}  // namespace plumbline::store::pg
