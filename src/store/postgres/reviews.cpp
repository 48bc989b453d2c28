// PostgreSQL: hires, review invitations, reviews and the public profile's figures (issue 17).
#include "store/sql/reviews.hpp"

#include "store/postgres/pg_tx.hpp"

namespace plumbline::store::pg {

bool PgTx::set_lead_hired(domain::LeadId lead_id, std::optional<domain::ClaimId> claim_id,
                          domain::Millis at) {
  return c_.run(sql::reviews::set_lead_hired, lead_id, claim_id, at).affected() == 1;
}

bool PgTx::mark_claim_hired(domain::ClaimId claim_id, domain::Millis at) {
  return c_.run(sql::reviews::mark_claim_hired, claim_id, at).affected() == 1;
}

std::optional<domain::LeadHire> PgTx::lead_hire(domain::LeadId lead_id) {
  auto r = c_.run(sql::reviews::lead_hire, lead_id);
  if (r.rows() == 0) return std::nullopt;
  return domain::LeadHire{domain::opt_id<domain::ClaimId>(r.opt_int64(0, 0)),
                          domain::opt_id<domain::UserId>(r.opt_int64(0, 1)), r.int64(0, 2)};
}

std::vector<domain::DueReviewRequest> PgTx::hires_due_for_review(domain::Millis hired_before,
                                                                 int limit) {
  if (limit <= 0) return {};
  auto r = c_.run(sql::reviews::hires_due_for_review, hired_before, limit);
  std::vector<domain::DueReviewRequest> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(sql::read_due_review(r.row(i)));
  return out;
}

bool PgTx::insert_review_invite(const domain::ReviewInvite& v) {
  return c_.run(sql::reviews::insert_review_invite, v.claim_id, v.lead_id, v.plumber_id,
                v.token_hash, v.sent_at, v.expires_at, v.used_at)
             .affected() == 1;
}

std::optional<domain::ReviewInvite> PgTx::review_invite_by_hash(const std::string& hash) {
  auto r = c_.run(sql::reviews::review_invite_by_hash, hash);
  if (r.rows() == 0) return std::nullopt;
  return sql::read_review_invite(r.row(0));
}

bool PgTx::use_review_invite(domain::ClaimId claim_id, domain::Millis at) {
  return c_.run(sql::reviews::use_review_invite, claim_id, at).affected() == 1;
}

std::optional<std::int64_t> PgTx::insert_review(const domain::Review& v) {
  auto r = c_.run(sql::reviews::insert_review, v.claim_id, v.lead_id, v.plumber_id,
                  static_cast<std::int64_t>(v.punctuality), static_cast<std::int64_t>(v.quality),
                  static_cast<std::int64_t>(v.price), v.body, v.created_at);
  if (r.rows() == 0) return std::nullopt;
  return r.int64(0, 0);
}

std::optional<domain::Review> PgTx::review_by_id(std::int64_t id) {
  auto r = c_.run(sql::reviews::review_by_id, id);
  if (r.rows() == 0) return std::nullopt;
  return sql::read_review(r.row(0));
}

std::vector<domain::Review> PgTx::reviews_for_plumber(domain::UserId plumber_id) {
  auto r = c_.run(sql::reviews::reviews_for_plumber, plumber_id);
  std::vector<domain::Review> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(sql::read_review(r.row(i)));
  return out;
}

std::vector<domain::Review> PgTx::list_reviews(int limit, int offset) {
  if (limit <= 0) return {};
  auto r = c_.run(sql::reviews::list_reviews, limit, offset < 0 ? 0 : offset);
  std::vector<domain::Review> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(sql::read_review(r.row(i)));
  return out;
}

bool PgTx::reply_to_review(std::int64_t review_id, domain::UserId plumber_id,
                           const std::string& text, domain::Millis at) {
  return c_.run(sql::reviews::reply_to_review, review_id, plumber_id, text, at).affected() == 1;
}

bool PgTx::hide_review(std::int64_t review_id, const std::string& reason, std::int64_t by,
                       domain::Millis at) {
  return c_.run(sql::reviews::hide_review, review_id, reason, by, at).affected() == 1;
}

std::vector<domain::Millis> PgTx::plumber_claim_delays(domain::UserId plumber_id) {
  auto r = c_.run(sql::reviews::plumber_claim_delays, plumber_id);
  std::vector<domain::Millis> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(r.int64(i, 0));
  return out;
}

bool PgTx::account_closed(domain::UserId user_id) {
  auto r = c_.run(sql::reviews::account_closed, user_id);
  return r.rows() > 0 && r.int64(0, 0) > 0;
}

}  // namespace plumbline::store::pg
