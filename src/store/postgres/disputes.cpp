// PostgreSQL: disputes over claims and their resolution.
#include "store/sql/disputes.hpp"

#include "store/postgres/pg_tx.hpp"

namespace plumbline::store::pg {

domain::DisputeId PgTx::insert_dispute(const domain::Dispute& d) {
  auto r = c_.run(sql::disputes::insert_dispute, d.claim_id, d.plumber_id, d.lead_id, d.reason,
                  d.details, d.status, d.resolution, d.resolved_by, d.created_at, d.resolved_at);
  return domain::DisputeId{r.int64(0, 0)};
}

std::optional<domain::Dispute> PgTx::dispute_by_id(domain::DisputeId id) {
  auto r = c_.run(sql::disputes::dispute_by_id, id);
  if (r.rows() == 0) return std::nullopt;
  return sql::read_dispute(r.row(0));
}

std::optional<domain::Dispute> PgTx::dispute_for_claim(domain::ClaimId claim_id) {
  auto r = c_.run(sql::disputes::dispute_for_claim, claim_id);
  if (r.rows() == 0) return std::nullopt;
  return sql::read_dispute(r.row(0));
}

std::vector<domain::Dispute> PgTx::list_disputes(std::optional<domain::DisputeStatus> status,
                                                 int limit, int offset) {
  if (limit <= 0) return {};
  auto r = c_.run(sql::disputes::list_disputes, sql::status_word(status), limit,
                  offset < 0 ? 0 : offset);
  std::vector<domain::Dispute> out;
  out.reserve(static_cast<std::size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i) out.push_back(sql::read_dispute(r.row(i)));
  return out;
}

bool PgTx::resolve_dispute(domain::DisputeId id, domain::DisputeStatus status,
                           const std::string& resolution, std::optional<std::int64_t> resolved_by,
                           domain::Millis at) {
  return c_.run(sql::disputes::resolve_dispute, id, status, resolution, resolved_by, at)
             .affected() == 1;
}

}  // namespace plumbline::store::pg
