// PostgreSQL: claim slots, claims, claimants and a plumber's claim statistics.
#include "store/sql/claims.hpp"

#include "store/postgres/pg_tx.hpp"
#include "store/sql/leads.hpp"

namespace plumbline::store::pg {

namespace {

std::vector<domain::Claim> read_claims(const Result& r) {
  std::vector<domain::Claim> out;
  out.reserve(static_cast<std::size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i) out.push_back(sql::read_claim(r.row(i)));
  return out;
}
}  // namespace

std::optional<int> PgTx::take_claim_slot(domain::LeadId lead_id, domain::Millis at) {
  auto r = c_.run(sql::claims::take_claim_slot, lead_id, at);
  if (r.rows() == 0) return std::nullopt;
  return r.int32(0, 0);
}

domain::ClaimId PgTx::insert_claim(const domain::Claim& k) {
  auto r = c_.run(sql::claims::insert_claim, k.lead_id, k.plumber_id, k.price_credits,
                  domain::to_string(k.outcome), k.job_value_cents, k.notes, k.refunded_at,
                  k.created_at, k.updated_at);
  c_.run(sql::claims::count_lead_claim, k.lead_id, k.created_at);
  return domain::ClaimId{r.int64(0, 0)};
}

std::optional<domain::Claim> PgTx::claim_by_id(domain::ClaimId id) {
  auto r = c_.run(sql::claims::claim_by_id, id);
  if (r.rows() == 0) return std::nullopt;
  return sql::read_claim(r.row(0));
}

std::optional<domain::Claim> PgTx::claim_for(domain::LeadId lead_id, domain::UserId plumber_id) {
  auto r = c_.run(sql::claims::claim_for, lead_id, plumber_id);
  if (r.rows() == 0) return std::nullopt;
  return sql::read_claim(r.row(0));
}

std::vector<domain::ClaimWithLead> PgTx::claims_for_plumber(domain::UserId plumber_id, int limit,
                                                            int offset) {
  if (limit <= 0) return {};
  auto r = c_.run(sql::claims::claims_for_plumber, plumber_id, limit, offset < 0 ? 0 : offset);
  constexpr int dispute_col = sql::claim_column_count + sql::lead_column_count;
  std::vector<domain::ClaimWithLead> out;
  out.reserve(static_cast<std::size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i) {
    domain::ClaimWithLead c{sql::read_claim(r.row(i)),
                            sql::read_lead(r.row(i), sql::claim_column_count), std::nullopt};
    if (!r.is_null(i, dispute_col))
      c.dispute_status = sql::status_column<domain::DisputeStatus>(r.row(i), dispute_col);
    out.push_back(std::move(c));
  }
  return out;
}

std::int64_t PgTx::count_claims_for_plumber(domain::UserId plumber_id) {
  return c_.run(sql::claims::count_claims_for_plumber, plumber_id).int64(0, 0);
}

std::vector<domain::Claim> PgTx::claims_for_lead(domain::LeadId lead_id) {
  return read_claims(c_.run(sql::claims::claims_for_lead, lead_id));
}

std::vector<domain::Claimant> PgTx::claimants(domain::LeadId lead_id) {
  auto r = c_.run(sql::claims::claimants, lead_id);
  std::vector<domain::Claimant> out;
  out.reserve(static_cast<std::size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i)
    out.push_back({sql::id_column<domain::UserId>(r.row(i), 0), r.text(i, 1), r.text(i, 2),
                   r.text(i, 3), r.text(i, 4), r.text(i, 5), r.text(i, 6), r.int64(i, 7)});
  return out;
}

bool PgTx::update_claim_outcome(domain::ClaimId claim_id, domain::UserId plumber_id,
                                const domain::ClaimOutcomeUpdate& u, domain::Millis at) {
  return c_.run(sql::claims::update_claim_outcome, claim_id, plumber_id,
                domain::to_string(u.outcome.value()), u.job_value_cents, u.notes, at)
             .affected() == 1;
}

bool PgTx::mark_claim_refunded(domain::ClaimId claim_id, domain::Millis at) {
  return c_.run(sql::claims::mark_claim_refunded, claim_id, at).affected() == 1;
}

int PgTx::count_claims_since(domain::UserId plumber_id, domain::Millis since) {
  return c_.run(sql::claims::count_claims_since, plumber_id, since).int32(0, 0);
}

domain::PlumberStats PgTx::plumber_stats(domain::UserId plumber_id, domain::Millis month_start) {
  auto r = c_.run(sql::claims::plumber_stats, plumber_id, month_start);
  return {r.int32(0, 0), r.int32(0, 1), r.int32(0, 2), r.int64(0, 3), r.int64(0, 4)};
}

}  // namespace plumbline::store::pg
