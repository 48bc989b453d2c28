// SQLite: claim slots, claims, claimants, outcomes, refunds and a plumber's claim statistics.
#include "store/sql/claims.hpp"

#include "store/sql/leads.hpp"
#include "store/sqlite/sqlite_tx.hpp"

namespace plumbline::store::sqlite {

std::optional<int> SqliteTx::take_claim_slot(domain::LeadId lead_id, domain::Millis at) {
  auto st = c_.prepare<sql::claims::take_claim_slot>();
  st.bind(1, lead_id).bind(2, at);
  if (!st.step()) return std::nullopt;
  const int count = static_cast<int>(st.int64(0));
  st.run();  // finish the statement
  return count;
}

domain::ClaimId SqliteTx::insert_claim(const domain::Claim& c) {
  auto st = c_.prepare<sql::claims::insert_claim>();
  st.bind(1, c.lead_id)
      .bind(2, c.plumber_id)
      .bind(3, c.price_credits)
      .bind(4, domain::to_string(c.outcome));
  st.bind(5, c.job_value_cents).bind(6, c.notes).bind(7, c.refunded_at);
  st.bind(8, c.created_at).bind(9, c.updated_at);
  auto id = st.run_returning_id();
  auto facts = c_.prepare<sql::claims::count_lead_claim>();
  facts.bind(1, c.lead_id).bind(2, c.created_at);
  facts.run();
  return domain::ClaimId{id};
}

std::optional<domain::Claim> SqliteTx::claim_by_id(domain::ClaimId id) {
  auto st = c_.prepare<sql::claims::claim_by_id>();
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return sql::read_claim(st);
}

std::optional<domain::Claim> SqliteTx::claim_for(domain::LeadId lead_id,
                                                 domain::UserId plumber_id) {
  auto st = c_.prepare<sql::claims::claim_for>();
  st.bind(1, lead_id).bind(2, plumber_id);
  if (!st.step()) return std::nullopt;
  return sql::read_claim(st);
}

std::vector<domain::ClaimWithLead> SqliteTx::claims_for_plumber(domain::UserId plumber_id,
                                                                int limit, int offset) {
  if (limit <= 0) return {};  // a negative LIMIT means "no limit" to SQLite
  auto st = c_.prepare<sql::claims::claims_for_plumber>();
  st.bind(1, plumber_id).bind(2, limit).bind(3, offset < 0 ? 0 : offset);
  std::vector<domain::ClaimWithLead> out;
  constexpr int dispute_col = sql::claim_column_count + sql::lead_column_count;
  while (st.step()) {
    domain::ClaimWithLead row{sql::read_claim(st), sql::read_lead(st, sql::claim_column_count),
                              std::nullopt};
    if (!st.is_null(dispute_col))
      row.dispute_status = sql::status_column<domain::DisputeStatus>(st, dispute_col);
    out.push_back(std::move(row));
  }
  return out;
}

std::int64_t SqliteTx::count_claims_for_plumber(domain::UserId plumber_id) {
  auto st = c_.prepare<sql::claims::count_claims_for_plumber>();
  st.bind(1, plumber_id);
  st.step();
  return st.int64(0);
}

std::vector<domain::Claim> SqliteTx::claims_for_lead(domain::LeadId lead_id) {
  auto st = c_.prepare<sql::claims::claims_for_lead>();
  st.bind(1, lead_id);
  std::vector<domain::Claim> out;
  while (st.step()) out.push_back(sql::read_claim(st));
  return out;
}

std::vector<domain::Claimant> SqliteTx::claimants(domain::LeadId lead_id) {
  auto st = c_.prepare<sql::claims::claimants>();
  st.bind(1, lead_id);
  std::vector<domain::Claimant> out;
  while (st.step())
    out.push_back({sql::id_column<domain::UserId>(st, 0), st.text(1), st.text(2), st.text(3),
                   st.text(4), st.text(5), st.text(6), st.int64(7)});
  return out;
}

bool SqliteTx::update_claim_outcome(domain::ClaimId claim_id, domain::UserId plumber_id,
                                    const domain::ClaimOutcomeUpdate& u, domain::Millis at) {
  auto st = c_.prepare<sql::claims::update_claim_outcome>();
  st.bind(1, claim_id)
      .bind(2, plumber_id)
      .bind(3, domain::to_string(u.outcome.value()))
      .bind(4, u.job_value_cents);
  st.bind(5, u.notes).bind(6, at);
  st.run();
  return sqlite3_changes(c_.handle()) == 1;
}

bool SqliteTx::mark_claim_refunded(domain::ClaimId claim_id, domain::Millis at) {
  auto st = c_.prepare<sql::claims::mark_claim_refunded>();
  st.bind(1, claim_id).bind(2, at);
  st.run();
  return sqlite3_changes(c_.handle()) == 1;
}

int SqliteTx::count_claims_since(domain::UserId plumber_id, domain::Millis since) {
  auto st = c_.prepare<sql::claims::count_claims_since>();
  st.bind(1, plumber_id).bind(2, since);
  st.step();
  return static_cast<int>(st.int64(0));
}

domain::PlumberStats SqliteTx::plumber_stats(domain::UserId plumber_id,
                                             domain::Millis month_start) {
  auto st = c_.prepare<sql::claims::plumber_stats>();
  st.bind(1, plumber_id).bind(2, month_start);
  st.step();
  domain::PlumberStats s;
  s.claims_this_month = static_cast<int>(st.int64(0));
  s.won = static_cast<int>(st.int64(1));
  s.lost = static_cast<int>(st.int64(2));
  s.credits_spent = st.int64(3);
  s.won_value_cents = st.int64(4);
  return s;
}

}  // namespace plumbline::store::sqlite
