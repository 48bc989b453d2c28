// PostgreSQL: claim slots, claims, claimants and a plumber's claim statistics.
#include "store/sql/claims.hpp"

#include "store/postgres/pg_tx.hpp"
#include "store/sql/leads.hpp"

namespace plumbline::store::pg {

namespace {

#define CLAIM_COLUMNS                                                                       \
  "k.id, k.lead_id, k.plumber_id, k.price_credits, k.outcome, k.job_value_cents, k.notes, " \
  "k.refunded_at, k.created_at, k.updated_at"
constexpr int claim_column_count = 10;

constexpr Sql claim_insert_sql{
    "insert_claim",
    "INSERT INTO claims (lead_id, plumber_id, price_credits, outcome, job_value_cents, notes, "
    "refunded_at, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
    "RETURNING id"};
constexpr Sql claim_by_id_sql{"claim_by_id",
                              "SELECT " CLAIM_COLUMNS " FROM claims k WHERE k.id = $1"};
constexpr Sql for_sql{"claim_for", "SELECT " CLAIM_COLUMNS
                                   " FROM claims k WHERE k.lead_id = $1 AND k.plumber_id = $2"};
constexpr Sql for_plumber_sql{"claims_for_plumber",
                              "SELECT " CLAIM_COLUMNS ", " LEAD_COLUMNS
                              ", d.status FROM claims k JOIN leads l ON l.id = k.lead_id "
                              "LEFT JOIN disputes d ON d.claim_id = k.id WHERE k.plumber_id = $1 "
                              "ORDER BY k.created_at DESC, k.id DESC LIMIT $2 OFFSET $3"};
constexpr Sql claims_for_lead_sql{
    "claims_for_lead",
    "SELECT " CLAIM_COLUMNS " FROM claims k WHERE k.lead_id = $1 ORDER BY k.created_at, k.id"};
#undef CLAIM_COLUMNS

constexpr Sql claimants_sql{
    "claimants",
    "SELECT p.user_id, p.business_name, p.phone_e164, p.licence_number, p.licence_state, "
    "p.licence_verified_on, p.insurance_valid_until, k.created_at "
    "FROM claims k JOIN plumbers p ON p.user_id = k.plumber_id "
    "WHERE k.lead_id = $1 AND k.refunded_at IS NULL ORDER BY k.created_at, k.id"};
constexpr Sql stats_sql{
    "plumber_stats",
    "SELECT count(*) FILTER (WHERE created_at >= $2), "
    "count(*) FILTER (WHERE outcome = 'won'), count(*) FILTER (WHERE outcome = 'lost'), "
    "coalesce(sum(price_credits) FILTER (WHERE refunded_at IS NULL), 0), "
    "coalesce(sum(job_value_cents) FILTER (WHERE outcome = 'won'), 0) "
    "FROM claims WHERE plumber_id = $1"};

domain::Claim read_claim(const Result& r, int row) {
  domain::Claim k;
  int i = 0;
  k.id = r.int64(row, i++);
  k.lead_id = r.int64(row, i++);
  k.plumber_id = r.int64(row, i++);
  k.price_credits = r.int64(row, i++);
  k.outcome = r.text(row, i++);
  k.job_value_cents = r.int64(row, i++);
  k.notes = r.text(row, i++);
  k.refunded_at = r.opt_int64(row, i++);
  k.created_at = r.int64(row, i++);
  k.updated_at = r.int64(row, i++);
  return k;
}

std::vector<domain::Claim> read_claims(const Result& r) {
  std::vector<domain::Claim> out;
  out.reserve(static_cast<std::size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i) out.push_back(read_claim(r, i));
  return out;
}
}  // namespace

std::optional<int> PgTx::take_claim_slot(std::int64_t lead_id, domain::Millis at) {
  auto r = c_.run(sql::claims::take_claim_slot, lead_id, at);
  if (r.rows() == 0) return std::nullopt;
  return r.int32(0, 0);
}

std::int64_t PgTx::insert_claim(const domain::Claim& k) {
  auto r = c_.run(claim_insert_sql, k.lead_id, k.plumber_id, k.price_credits, k.outcome,
                  k.job_value_cents, k.notes, k.refunded_at, k.created_at, k.updated_at);
  return r.int64(0, 0);
}

std::optional<domain::Claim> PgTx::claim_by_id(std::int64_t id) {
  auto r = c_.run(claim_by_id_sql, id);
  if (r.rows() == 0) return std::nullopt;
  return read_claim(r, 0);
}

std::optional<domain::Claim> PgTx::claim_for(std::int64_t lead_id, std::int64_t plumber_id) {
  auto r = c_.run(for_sql, lead_id, plumber_id);
  if (r.rows() == 0) return std::nullopt;
  return read_claim(r, 0);
}

std::vector<domain::ClaimWithLead> PgTx::claims_for_plumber(std::int64_t plumber_id, int limit,
                                                            int offset) {
  if (limit <= 0) return {};
  auto r = c_.run(for_plumber_sql, plumber_id, limit, offset < 0 ? 0 : offset);
  constexpr int dispute_col = claim_column_count + sql::lead_column_count;
  std::vector<domain::ClaimWithLead> out;
  out.reserve(static_cast<std::size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i) {
    domain::ClaimWithLead c{read_claim(r, i), sql::read_lead(r.row(i), claim_column_count),
                            std::nullopt};
    if (!r.is_null(i, dispute_col)) c.dispute_status = r.text(i, dispute_col);
    out.push_back(std::move(c));
  }
  return out;
}

std::int64_t PgTx::count_claims_for_plumber(std::int64_t plumber_id) {
  return c_.run(sql::claims::count_claims_for_plumber, plumber_id).int64(0, 0);
}

std::vector<domain::Claim> PgTx::claims_for_lead(std::int64_t lead_id) {
  return read_claims(c_.run(claims_for_lead_sql, lead_id));
}

std::vector<domain::Claimant> PgTx::claimants(std::int64_t lead_id) {
  auto r = c_.run(claimants_sql, lead_id);
  std::vector<domain::Claimant> out;
  out.reserve(static_cast<std::size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i)
    out.push_back({r.int64(i, 0), r.text(i, 1), r.text(i, 2), r.text(i, 3), r.text(i, 4),
                   r.text(i, 5), r.text(i, 6), r.int64(i, 7)});
  return out;
}

bool PgTx::update_claim_outcome(std::int64_t claim_id, std::int64_t plumber_id,
                                const domain::ClaimOutcomeUpdate& u, domain::Millis at) {
  return c_.run(sql::claims::update_claim_outcome, claim_id, plumber_id, u.outcome,
                u.job_value_cents, u.notes, at)
             .affected() == 1;
}

bool PgTx::mark_claim_refunded(std::int64_t claim_id, domain::Millis at) {
  return c_.run(sql::claims::mark_claim_refunded, claim_id, at).affected() == 1;
}

int PgTx::count_claims_since(std::int64_t plumber_id, domain::Millis since) {
  return c_.run(sql::claims::count_claims_since, plumber_id, since).int32(0, 0);
}

domain::PlumberStats PgTx::plumber_stats(std::int64_t plumber_id, domain::Millis month_start) {
  auto r = c_.run(stats_sql, plumber_id, month_start);
  return {r.int32(0, 0), r.int32(0, 1), r.int32(0, 2), r.int64(0, 3), r.int64(0, 4)};
}

}  // namespace plumbline::store::pg
