// SQLite: hires, review invitations, reviews and the public profile's figures (issue 17).
#include "store/sql/reviews.hpp"

#include "store/sqlite/sqlite_tx.hpp"

namespace plumbline::store::sqlite {

bool SqliteTx::set_lead_hired(domain::LeadId lead_id, std::optional<domain::ClaimId> claim_id,
                              domain::Millis at) {
  auto st = c_.prepare<sql::reviews::set_lead_hired>();
  st.bind(1, lead_id).bind(2, claim_id).bind(3, at);
  st.run();
  return sqlite3_changes(c_.handle()) == 1;
}

bool SqliteTx::mark_claim_hired(domain::ClaimId claim_id, domain::Millis at) {
  auto st = c_.prepare<sql::reviews::mark_claim_hired>();
  st.bind(1, claim_id).bind(2, at);
  st.run();
  return sqlite3_changes(c_.handle()) == 1;
}

std::optional<domain::LeadHire> SqliteTx::lead_hire(domain::LeadId lead_id) {
  auto st = c_.prepare<sql::reviews::lead_hire>();
  st.bind(1, lead_id);
  if (!st.step()) return std::nullopt;
  return domain::LeadHire{sql::opt_id_column<domain::ClaimId>(st, 0),
                          sql::opt_id_column<domain::UserId>(st, 1), st.int64(2)};
}

std::vector<domain::DueReviewRequest> SqliteTx::hires_due_for_review(domain::Millis hired_before,
                                                                     int limit) {
  if (limit <= 0) return {};
  auto st = c_.prepare<sql::reviews::hires_due_for_review>();
  st.bind(1, hired_before).bind(2, limit);
  std::vector<domain::DueReviewRequest> out;
  while (st.step()) out.push_back(sql::read_due_review(st));
  return out;
}

bool SqliteTx::insert_review_invite(const domain::ReviewInvite& v) {
  auto st = c_.prepare<sql::reviews::insert_review_invite>();
  st.bind(1, v.claim_id).bind(2, v.lead_id).bind(3, v.plumber_id).bind(4, v.token_hash);
  st.bind(5, v.sent_at).bind(6, v.expires_at).bind(7, v.used_at);
  st.run();
  return sqlite3_changes(c_.handle()) == 1;
}

std::optional<domain::ReviewInvite> SqliteTx::review_invite_by_hash(const std::string& hash) {
  auto st = c_.prepare<sql::reviews::review_invite_by_hash>();
  st.bind(1, hash);
  if (!st.step()) return std::nullopt;
  return sql::read_review_invite(st);
}

bool SqliteTx::use_review_invite(domain::ClaimId claim_id, domain::Millis at) {
  auto st = c_.prepare<sql::reviews::use_review_invite>();
  st.bind(1, claim_id).bind(2, at);
  st.run();
  return sqlite3_changes(c_.handle()) == 1;
}

std::optional<std::int64_t> SqliteTx::insert_review(const domain::Review& v) {
  auto st = c_.prepare<sql::reviews::insert_review>();
  st.bind(1, v.claim_id).bind(2, v.lead_id).bind(3, v.plumber_id).bind(4, v.punctuality);
  st.bind(5, v.quality).bind(6, v.price).bind(7, v.body).bind(8, v.created_at);
  if (!st.step()) return std::nullopt;
  auto id = st.int64(0);
  st.run();  // finish the statement
  return id;
}

std::optional<domain::Review> SqliteTx::review_by_id(std::int64_t id) {
  auto st = c_.prepare<sql::reviews::review_by_id>();
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return sql::read_review(st);
}

std::vector<domain::Review> SqliteTx::reviews_for_plumber(domain::UserId plumber_id) {
  auto st = c_.prepare<sql::reviews::reviews_for_plumber>();
  st.bind(1, plumber_id);
  std::vector<domain::Review> out;
  while (st.step()) out.push_back(sql::read_review(st));
  return out;
}

std::vector<domain::Review> SqliteTx::list_reviews(int limit, int offset) {
  if (limit <= 0) return {};  // a negative LIMIT means "no limit" to SQLite
  auto st = c_.prepare<sql::reviews::list_reviews>();
  st.bind(1, limit).bind(2, offset < 0 ? 0 : offset);
  std::vector<domain::Review> out;
  while (st.step()) out.push_back(sql::read_review(st));
  return out;
}

bool SqliteTx::reply_to_review(std::int64_t review_id, domain::UserId plumber_id,
                               const std::string& text, domain::Millis at) {
  auto st = c_.prepare<sql::reviews::reply_to_review>();
  st.bind(1, review_id).bind(2, plumber_id).bind(3, text).bind(4, at);
  st.run();
  return sqlite3_changes(c_.handle()) == 1;
}

bool SqliteTx::hide_review(std::int64_t review_id, const std::string& reason, std::int64_t by,
                           domain::Millis at) {
  auto st = c_.prepare<sql::reviews::hide_review>();
  st.bind(1, review_id).bind(2, reason).bind(3, by).bind(4, at);
  st.run();
  return sqlite3_changes(c_.handle()) == 1;
}

std::vector<domain::Millis> SqliteTx::plumber_claim_delays(domain::UserId plumber_id) {
  auto st = c_.prepare<sql::reviews::plumber_claim_delays>();
  st.bind(1, plumber_id);
  std::vector<domain::Millis> out;
  while (st.step()) out.push_back(st.int64(0));
  return out;
}

bool SqliteTx::account_closed(domain::UserId user_id) {
  auto st = c_.prepare<sql::reviews::account_closed>();
  st.bind(1, user_id);
  return st.step() && st.int64(0) > 0;
}

}  // namespace plumbline::store::sqlite
