// SQLite: claim slots, claims, claimants, outcomes, refunds, stats and the marketplace's lead
// changes (flag, extra details, expiry).
#include "store/sql/claims.hpp"

#include "store/sql/leads.hpp"
#include "store/sqlite/rows.hpp"
#include "store/sqlite/sqlite_tx.hpp"

namespace plumbline::store::sqlite {

namespace {
constexpr const char* insert_claim_sql =
    "INSERT INTO claims (lead_id, plumber_id, price_credits, outcome, job_value_cents, notes, "
    "refunded_at, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
constexpr const char* claim_by_id_sql =
    "SELECT " SQLITE_CLAIM_COLUMNS " FROM claims c WHERE c.id = ?1";
constexpr const char* claim_for_sql =
    "SELECT " SQLITE_CLAIM_COLUMNS " FROM claims c WHERE c.lead_id = ?1 AND c.plumber_id = ?2";
constexpr const char* claims_for_plumber_sql =
    "SELECT " SQLITE_CLAIM_COLUMNS ", " LEAD_COLUMNS
    ", d.status FROM claims c JOIN leads l ON l.id = c.lead_id "
    "LEFT JOIN disputes d ON d.claim_id = c.id WHERE c.plumber_id = ?1 "
    "ORDER BY c.created_at DESC, c.id DESC LIMIT ?2 OFFSET ?3";
constexpr const char* claims_for_lead_sql = "SELECT " SQLITE_CLAIM_COLUMNS
                                            " FROM claims c WHERE c.lead_id = ?1 "
                                            "ORDER BY c.created_at, c.id";
constexpr const char* claimants_sql =
    "SELECT c.plumber_id, p.business_name, p.phone_e164, p.licence_number, p.licence_state, "
    "p.licence_verified_on, p.insurance_valid_until, c.created_at "
    "FROM claims c JOIN plumbers p ON p.user_id = c.plumber_id "
    "WHERE c.lead_id = ?1 AND c.refunded_at IS NULL ORDER BY c.created_at, c.id";
constexpr const char* stats_sql =
    "SELECT coalesce(sum(created_at >= ?2), 0), coalesce(sum(outcome = 'won'), 0), "
    "coalesce(sum(outcome = 'lost'), 0), "
    "coalesce(sum(CASE WHEN refunded_at IS NULL THEN price_credits ELSE 0 END), 0), "
    "coalesce(sum(CASE WHEN outcome = 'won' THEN job_value_cents ELSE 0 END), 0) "
    "FROM claims WHERE plumber_id = ?1";

}  // namespace

domain::Claim read_claim(const Statement& st, int first) {
  domain::Claim c;
  int i = first;
  c.id = st.int64(i++);
  c.lead_id = st.int64(i++);
  c.plumber_id = st.int64(i++);
  c.price_credits = st.int64(i++);
  c.outcome = st.text(i++);
  c.job_value_cents = st.int64(i++);
  c.notes = st.text(i++);
  c.refunded_at = st.opt_int64(i++);
  c.created_at = st.int64(i++);
  c.updated_at = st.int64(i++);
  return c;
}

std::optional<int> SqliteTx::take_claim_slot(std::int64_t lead_id, domain::Millis at) {
  auto st = c_.prepare<sql::claims::take_claim_slot>();
  st.bind(1, lead_id).bind(2, at);
  if (!st.step()) return std::nullopt;
  const int count = static_cast<int>(st.int64(0));
  st.run();  // finish the statement
  return count;
}

std::int64_t SqliteTx::insert_claim(const domain::Claim& c) {
  auto st = c_.prepare(insert_claim_sql);
  st.bind(1, c.lead_id).bind(2, c.plumber_id).bind(3, c.price_credits).bind(4, c.outcome);
  st.bind(5, c.job_value_cents).bind(6, c.notes).bind(7, c.refunded_at);
  st.bind(8, c.created_at).bind(9, c.updated_at);
  st.run();
  return c_.last_insert_rowid();
}

std::optional<domain::Claim> SqliteTx::claim_by_id(std::int64_t id) {
  auto st = c_.prepare(claim_by_id_sql);
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return read_claim(st);
}

std::optional<domain::Claim> SqliteTx::claim_for(std::int64_t lead_id, std::int64_t plumber_id) {
  auto st = c_.prepare(claim_for_sql);
  st.bind(1, lead_id).bind(2, plumber_id);
  if (!st.step()) return std::nullopt;
  return read_claim(st);
}

std::vector<domain::ClaimWithLead> SqliteTx::claims_for_plumber(std::int64_t plumber_id, int limit,
                                                                int offset) {
  if (limit <= 0) return {};  // a negative LIMIT means "no limit" to SQLite
  auto st = c_.prepare(claims_for_plumber_sql);
  st.bind(1, plumber_id).bind(2, limit).bind(3, offset < 0 ? 0 : offset);
  std::vector<domain::ClaimWithLead> out;
  constexpr int dispute_col = claim_column_count + sql::lead_column_count;
  while (st.step()) {
    domain::ClaimWithLead row{read_claim(st), sql::read_lead(st, claim_column_count), std::nullopt};
    auto dispute_status = st.text(dispute_col);  // NULL (read as "") when not disputed
    if (!dispute_status.empty()) row.dispute_status = std::move(dispute_status);
    out.push_back(std::move(row));
  }
  return out;
}

std::int64_t SqliteTx::count_claims_for_plumber(std::int64_t plumber_id) {
  auto st = c_.prepare<sql::claims::count_claims_for_plumber>();
  st.bind(1, plumber_id);
  st.step();
  return st.int64(0);
}

std::vector<domain::Claim> SqliteTx::claims_for_lead(std::int64_t lead_id) {
  auto st = c_.prepare(claims_for_lead_sql);
  st.bind(1, lead_id);
  std::vector<domain::Claim> out;
  while (st.step()) out.push_back(read_claim(st));
  return out;
}

std::vector<domain::Claimant> SqliteTx::claimants(std::int64_t lead_id) {
  auto st = c_.prepare(claimants_sql);
  st.bind(1, lead_id);
  std::vector<domain::Claimant> out;
  while (st.step())
    out.push_back({st.int64(0), st.text(1), st.text(2), st.text(3), st.text(4), st.text(5),
                   st.text(6), st.int64(7)});
  return out;
}

bool SqliteTx::update_claim_outcome(std::int64_t claim_id, std::int64_t plumber_id,
                                    const domain::ClaimOutcomeUpdate& u, domain::Millis at) {
  auto st = c_.prepare<sql::claims::update_claim_outcome>();
  st.bind(1, claim_id).bind(2, plumber_id).bind(3, u.outcome).bind(4, u.job_value_cents);
  st.bind(5, u.notes).bind(6, at);
  st.run();
  return sqlite3_changes(c_.handle()) == 1;
}

bool SqliteTx::mark_claim_refunded(std::int64_t claim_id, domain::Millis at) {
  auto st = c_.prepare<sql::claims::mark_claim_refunded>();
  st.bind(1, claim_id).bind(2, at);
  st.run();
  return sqlite3_changes(c_.handle()) == 1;
}

int SqliteTx::count_claims_since(std::int64_t plumber_id, domain::Millis since) {
  auto st = c_.prepare<sql::claims::count_claims_since>();
  st.bind(1, plumber_id).bind(2, since);
  st.step();
  return static_cast<int>(st.int64(0));
}

domain::PlumberStats SqliteTx::plumber_stats(std::int64_t plumber_id, domain::Millis month_start) {
  auto st = c_.prepare(stats_sql);
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
