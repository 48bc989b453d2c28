// The SQL of partner lead sources, keys and Idempotency-Key records, written once for both
// backends (PostgreSQL placeholders; see statement.hpp).
#pragma once
#include "domain/partners.hpp"
#include "store/sql/row.hpp"
#include "store/sql/statement.hpp"

namespace plumbline::store::sql {

template <RowReader R>
domain::PartnerSource read_partner_source(const R& r) {
  domain::PartnerSource s;
  s.id = id_column<domain::PartnerSourceId>(r, 0);
  s.name = r.text(1);
  s.contact = r.text(2);
  s.services = domain::split_list(r.text(3));
  s.areas = domain::split_list(r.text(4));
  s.daily_cap = static_cast<int>(r.int64(5));
  s.rate_per_minute = static_cast<int>(r.int64(6));
  s.terms = r.text(7);
  s.frame_origins = domain::split_list(r.text(8));
  s.created_at = r.int64(9);
  s.created_by = opt_id_column<domain::UserId>(r, 10);
  return s;
}

template <RowReader R>
domain::PartnerKey read_partner_key(const R& r) {
  domain::PartnerKey k;
  k.id = id_column<domain::PartnerKeyId>(r, 0);
  k.source_id = id_column<domain::PartnerSourceId>(r, 1);
  k.key_hash = r.text(2);
  k.hint = r.text(3);
  k.scopes = domain::split_list(r.text(4));
  k.created_at = r.int64(5);
  k.created_by = opt_id_column<domain::UserId>(r, 6);
  k.revoked_at = r.opt_int64(7);
  k.revoked_by = opt_id_column<domain::UserId>(r, 8);
  return k;
}

template <RowReader R>
domain::IdempotencyRecord read_idempotency(const R& r) {
  domain::IdempotencyRecord i;
  i.key_id = id_column<domain::PartnerKeyId>(r, 0);
  i.idempotency_key = r.text(1);
  i.body_hash = r.text(2);
  i.lead_id = opt_id_column<domain::LeadId>(r, 3);
  i.answer_sealed = r.text(4);
  i.created_at = r.int64(5);
  return i;
}

}  // namespace plumbline::store::sql

namespace plumbline::store::sql::partners {

#define PLUMBLINE_PARTNER_SOURCE_COLUMNS                                                   \
  "id, name, contact, services, areas, daily_cap, rate_per_minute, terms, frame_origins, " \
  "created_at, created_by"
#define PLUMBLINE_PARTNER_KEY_COLUMNS \
  "id, source_id, key_hash, hint, scopes, created_at, created_by, revoked_at, revoked_by"

inline constexpr Statement insert_source{
    "partner_source_insert",
    "INSERT INTO partner_sources (name, contact, services, areas, daily_cap, rate_per_minute, "
    "terms, frame_origins, created_at, created_by) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id"};
inline constexpr Statement source_by_id{"partner_source_by_id",
                                        "SELECT " PLUMBLINE_PARTNER_SOURCE_COLUMNS
                                        " FROM partner_sources WHERE id = $1"};
inline constexpr Statement list_sources{"partner_sources_list",
                                        "SELECT " PLUMBLINE_PARTNER_SOURCE_COLUMNS
                                        " FROM partner_sources ORDER BY name, id"};
inline constexpr Statement count_leads_since{
    "partner_leads_since",
    "SELECT count(*) FROM leads WHERE partner_source_id = $1 AND created_at >= $2"};
inline constexpr Statement set_lead_partner{
    "lead_set_partner",
    "UPDATE leads SET partner_source_id = $2, consent_text = $3, consent_at = $4, "
    "consent_ip = $5, consent_page_url = $6, consent_user_agent = $7 WHERE id = $1"};
inline constexpr Statement set_lead_source{"lead_set_partner_source",
                                           "UPDATE leads SET partner_source_id = $2 WHERE id = $1"};
inline constexpr Statement insert_key{
    "partner_key_insert",
    "INSERT INTO partner_keys (source_id, key_hash, hint, scopes, created_at, created_by) "
    "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id"};
inline constexpr Statement key_by_hash{"partner_key_by_hash",
                                       "SELECT " PLUMBLINE_PARTNER_KEY_COLUMNS
                                       " FROM partner_keys WHERE key_hash = $1"};
inline constexpr Statement key_by_id{"partner_key_by_id", "SELECT " PLUMBLINE_PARTNER_KEY_COLUMNS
                                                          " FROM partner_keys WHERE id = $1"};
inline constexpr Statement list_keys{"partner_keys_list",
                                     "SELECT " PLUMBLINE_PARTNER_KEY_COLUMNS
                                     " FROM partner_keys WHERE source_id = $1 ORDER BY id DESC"};
inline constexpr Statement revoke_key{"partner_key_revoke",
                                      "UPDATE partner_keys SET revoked_at = $3, revoked_by = $2 "
                                      "WHERE id = $1 AND revoked_at IS NULL"};
inline constexpr Statement find_idempotency{
    "partner_idempotency_find",
    "SELECT key_id, idempotency_key, body_hash, lead_id, answer_sealed, created_at "
    "FROM partner_idempotency WHERE key_id = $1 AND idempotency_key = $2"};
inline constexpr Statement insert_idempotency{
    "partner_idempotency_insert",
    "INSERT INTO partner_idempotency (key_id, idempotency_key, body_hash, created_at) "
    "VALUES ($1, $2, $3, $4) ON CONFLICT (key_id, idempotency_key) DO NOTHING"};
inline constexpr Statement finish_idempotency{
    "partner_idempotency_finish",
    "UPDATE partner_idempotency SET lead_id = $3, answer_sealed = $4 "
    "WHERE key_id = $1 AND idempotency_key = $2"};

#undef PLUMBLINE_PARTNER_SOURCE_COLUMNS
#undef PLUMBLINE_PARTNER_KEY_COLUMNS

}  // namespace plumbline::store::sql::partners
