// PgTx: the Tx interface over one pooled PostgreSQL connection inside an open transaction.
#pragma once
#include "store/postgres/pg_conn.hpp"
#include "store/store.hpp"

namespace plumbline::store::pg {

// Every lead column, qualified with the alias `l`, in the order read_lead expects (a macro so
// that queries can splice it into their SQL literals).
#define PG_LEAD_COLUMNS                                                                        \
  "l.id, l.status, l.closed_reason, l.service_type, l.description, l.urgency, l.zip, l.city, " \
  "l.state, l.lat, l.lng, l.address, l.name, l.phone_e164, l.email, l.contact_method, "        \
  "l.best_time, l.consent_text, l.consent_at, l.consent_ip, l.consent_user_agent, "            \
  "l.utm_source, l.utm_medium, l.utm_campaign, l.referrer, l.source, l.tracking_hash, "        \
  "l.duplicate_of, l.price_credits, l.max_claims, l.claims_count, l.flag, l.extra_details, "   \
  "l.created_at, l.updated_at"
inline constexpr int pg_lead_column_count = 35;

// Reads the PG_LEAD_COLUMNS that start at column `col` of row `row`.
domain::Lead read_lead(const Result& r, int row, int col);

class PgTx final : public Tx {
 public:
  explicit PgTx(Conn& c) : c_(c) {}

  PLUMBLINE_ALL_TX(PLUMBLINE_TX_OVERRIDE)

 private:
  Conn& c_;
};

}  // namespace plumbline::store::pg
