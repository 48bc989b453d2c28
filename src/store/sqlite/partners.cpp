// SQLite: partner lead sources, their API keys and Idempotency-Key records.
#include "store/sql/partners.hpp"

#include "store/sqlite/sqlite_tx.hpp"

namespace plumbline::store::sqlite {

namespace q = sql::partners;

domain::PartnerSourceId SqliteTx::insert_partner_source(const domain::PartnerSource& s) {
  auto st = c_.prepare<q::insert_source>();
  st.bind(1, s.name).bind(2, s.contact).bind(3, domain::join_list(s.services));
  st.bind(4, domain::join_list(s.areas)).bind(5, s.daily_cap).bind(6, s.rate_per_minute);
  st.bind(7, s.terms).bind(8, domain::join_list(s.frame_origins, " ")).bind(9, s.created_at);
  st.bind(10, s.created_by);
  return domain::PartnerSourceId{st.run_returning_id()};
}

std::optional<domain::PartnerSource> SqliteTx::partner_source_by_id(domain::PartnerSourceId id) {
  auto st = c_.prepare<q::source_by_id>();
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return sql::read_partner_source(st);
}

std::vector<domain::PartnerSource> SqliteTx::list_partner_sources() {
  auto st = c_.prepare<q::list_sources>();
  std::vector<domain::PartnerSource> out;
  while (st.step()) out.push_back(sql::read_partner_source(st));
  return out;
}

void SqliteTx::lock_partner_source(domain::PartnerSourceId) {
}  // the write transaction already holds the only writer

int SqliteTx::count_partner_leads_since(domain::PartnerSourceId id, domain::Millis since) {
  auto st = c_.prepare<q::count_leads_since>();
  st.bind(1, id).bind(2, since);
  st.step();
  return static_cast<int>(st.int64(0));
}

void SqliteTx::set_lead_partner(domain::LeadId lead_id, domain::PartnerSourceId source_id,
                                const domain::ConsentEvidence& e, const std::string& user_agent) {
  auto st = c_.prepare<q::set_lead_partner>();
  st.bind(1, lead_id).bind(2, source_id).bind(3, e.text).bind(4, e.at).bind(5, e.ip);
  st.bind(6, e.page_url).bind(7, user_agent);
  st.run();
}

void SqliteTx::set_lead_partner_source(domain::LeadId lead_id, domain::PartnerSourceId source_id) {
  auto st = c_.prepare<q::set_lead_source>();
  st.bind(1, lead_id).bind(2, source_id);
  st.run();
}

domain::PartnerKeyId SqliteTx::insert_partner_key(const domain::PartnerKey& k) {
  auto st = c_.prepare<q::insert_key>();
  st.bind(1, k.source_id).bind(2, k.key_hash).bind(3, k.hint).bind(4, domain::join_list(k.scopes));
  st.bind(5, k.created_at).bind(6, k.created_by);
  return domain::PartnerKeyId{st.run_returning_id()};
}

std::optional<domain::PartnerKey> SqliteTx::partner_key_by_hash(const std::string& key_hash) {
  auto st = c_.prepare<q::key_by_hash>();
  st.bind(1, key_hash);
  if (!st.step()) return std::nullopt;
  return sql::read_partner_key(st);
}

std::optional<domain::PartnerKey> SqliteTx::partner_key_by_id(domain::PartnerKeyId id) {
  auto st = c_.prepare<q::key_by_id>();
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return sql::read_partner_key(st);
}

std::vector<domain::PartnerKey> SqliteTx::list_partner_keys(domain::PartnerSourceId source_id) {
  auto st = c_.prepare<q::list_keys>();
  st.bind(1, source_id);
  std::vector<domain::PartnerKey> out;
  while (st.step()) out.push_back(sql::read_partner_key(st));
  return out;
}

bool SqliteTx::revoke_partner_key(domain::PartnerKeyId id, std::optional<domain::UserId> by,
                                  domain::Millis at) {
  auto st = c_.prepare<q::revoke_key>();
  st.bind(1, id).bind(2, by).bind(3, at);
  st.run();
  return sqlite3_changes(c_.handle()) == 1;
}

std::optional<domain::IdempotencyRecord> SqliteTx::find_idempotency(
    domain::PartnerKeyId key_id, const std::string& idempotency_key) {
  auto st = c_.prepare<q::find_idempotency>();
  st.bind(1, key_id).bind(2, idempotency_key);
  if (!st.step()) return std::nullopt;
  return sql::read_idempotency(st);
}

bool SqliteTx::insert_idempotency(const domain::IdempotencyRecord& r) {
  auto st = c_.prepare<q::insert_idempotency>();
  st.bind(1, r.key_id).bind(2, r.idempotency_key).bind(3, r.body_hash).bind(4, r.created_at);
  st.run();
  return sqlite3_changes(c_.handle()) == 1;
}

void SqliteTx::finish_idempotency(domain::PartnerKeyId key_id, const std::string& idempotency_key,
                                  domain::LeadId lead_id, const std::string& answer_sealed) {
  auto st = c_.prepare<q::finish_idempotency>();
  st.bind(1, key_id).bind(2, idempotency_key).bind(3, lead_id).bind(4, answer_sealed);
  st.run();
}

}  // namespace plumbline::store::sqlite
