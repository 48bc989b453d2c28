// PostgreSQL: privacy (migration 0012): lead anonymisation with the claimants' copies, account
// closure and anonymisation, and the reads of the data export.
#include "store/sql/privacy.hpp"

#include <algorithm>

#include "store/postgres/pg_tx.hpp"
#include "store/sql/sessions.hpp"

namespace plumbline::store::pg {

namespace {

// PostgreSQL only: FOR UPDATE, which SQLite lacks (it has one writer).
// FOR UPDATE: two anonymisations of one lead (the homeowner and the retention job) run one after
// the other; the second sees anonymised_at and changes nothing.
constexpr Sql privacy_lead_state_sql{"privacy_lead_state",
                                     "SELECT anonymised_at FROM leads WHERE id = $1 FOR UPDATE"};

// PostgreSQL only: FOR UPDATE OF u, which SQLite lacks (it has one writer).
constexpr Sql privacy_user_contacts_sql{
    "privacy_user_contacts",
    "SELECT u.email, coalesce(p.phone_e164, '') FROM users u "
    "LEFT JOIN plumbers p ON p.user_id = u.id "
    "WHERE u.id = $1 AND u.closed_at IS NOT NULL AND u.anonymised_at IS NULL FOR UPDATE OF u"};
// PostgreSQL only: boolean columns (SQLite: 0 / 1).
constexpr Sql privacy_anonymise_plumber_sql{
    "privacy_anonymise_plumber",
    "UPDATE plumbers SET contact_name = $2, phone_e164 = '', licence_number = '', "
    "licence_state = '', insurance_carrier = '', insurance_expires_on = '', "
    "years_in_business = 0, description = '', base_zip = '', base_lat = 0, base_lng = 0, "
    "notify_email = FALSE, notify_sms = FALSE, paused = TRUE, updated_at = $3 "
    "WHERE user_id = $1"};

}  // namespace

bool PgTx::anonymise_lead(domain::LeadId lead_id, domain::Millis at) {
  auto state = c_.run(privacy_lead_state_sql, lead_id);
  if (state.rows() == 0 || state.opt_int64(0, 0)) return false;
  c_.run(sql::privacy::privacy_copy_contacts, lead_id, at);
  c_.run(sql::privacy::privacy_scrub_lead_messages, lead_id, domain::deleted_recipient, at);
  delete_lead_photos(lead_id);  // issue 17: photos are the homeowner's too
  return c_.run(sql::privacy::privacy_anonymise_lead, lead_id, domain::deleted_homeowner_name, at)
             .affected() == 1;
}

std::vector<std::int64_t> PgTx::leads_due_for_anonymisation(domain::Millis before, int limit) {
  if (limit <= 0) return {};
  auto r = c_.run(sql::privacy::privacy_leads_due, before, limit);
  std::vector<std::int64_t> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(r.int64(i, 0));
  return out;
}

std::optional<domain::Millis> PgTx::lead_anonymised_at(domain::LeadId lead_id) {
  auto r = c_.run(sql::privacy::privacy_lead_anonymised, lead_id);
  if (r.rows() == 0) return std::nullopt;
  return r.opt_int64(0, 0);
}

std::optional<domain::ContactCopy> PgTx::claim_contact_copy(domain::ClaimId claim_id) {
  auto r = c_.run(sql::privacy::privacy_contact_copy, claim_id);
  if (r.rows() == 0) return std::nullopt;
  return domain::ContactCopy{r.int64(0, 0), r.text(0, 1), r.text(0, 2),
                             r.text(0, 3),  r.text(0, 4), r.int64(0, 5)};
}

bool PgTx::close_user(domain::UserId user_id, const std::string& reason,
                      std::optional<std::int64_t> closed_by, domain::Millis at) {
  return c_.run(sql::privacy::privacy_close_user, user_id, at, reason, closed_by).affected() == 1;
}

bool PgTx::reopen_user(domain::UserId user_id, domain::Millis at) {
  return c_.run(sql::privacy::privacy_reopen_user, user_id, at).affected() == 1;
}

std::optional<domain::AccountClosure> PgTx::user_closure(domain::UserId user_id) {
  auto r = c_.run(sql::privacy::privacy_closure, user_id);
  if (r.rows() == 0) return std::nullopt;
  return domain::AccountClosure{r.int64(0, 0), r.text(0, 1), r.opt_int64(0, 2), r.opt_int64(0, 3)};
}

std::vector<std::int64_t> PgTx::closed_users_due(domain::Millis before, int limit) {
  if (limit <= 0) return {};
  auto r = c_.run(sql::privacy::privacy_closed_due, before, limit);
  std::vector<std::int64_t> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(r.int64(i, 0));
  return out;
}

bool PgTx::anonymise_user(domain::UserId user_id, domain::Millis at) {
  auto who = c_.run(privacy_user_contacts_sql, user_id);
  if (who.rows() == 0) return false;
  auto email = who.text(0, 0), phone = who.text(0, 1);
  c_.run(sql::privacy::privacy_scrub_user_messages, email, phone.empty() ? email : phone,
         domain::deleted_recipient, at);
  sql::privacy::each_user_delete([&]<const auto & S>() { c_.run(S, user_id); });
  c_.run(privacy_anonymise_plumber_sql, user_id, domain::deleted_plumber_name, at);
  return c_.run(sql::privacy::privacy_anonymise_user, user_id,
                domain::anonymised_email(user_id.value), at)
             .affected() == 1;
}

std::vector<domain::Session> PgTx::sessions_of_user(domain::UserId user_id) {
  auto r = c_.run(sql::privacy::privacy_sessions, user_id);
  std::vector<domain::Session> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(sql::read_session(r.row(i)));
  return out;
}

std::vector<domain::OutboxMessage> PgTx::messages_to(const std::vector<std::string>& recipients,
                                                     int limit) {
  std::vector<std::int64_t> ids;
  for (const auto& who : recipients) {
    if (who.empty()) continue;
    auto r = c_.run(sql::privacy::privacy_messages_to, who, limit);
    for (int i = 0; i < r.rows(); ++i) ids.push_back(r.int64(i, 0));
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  if (static_cast<int>(ids.size()) > limit) ids.resize(static_cast<std::size_t>(limit));
  std::vector<domain::OutboxMessage> out;
  for (auto id : ids)
    if (auto m = message_by_id(id)) out.push_back(std::move(*m));
  return out;
}

}  // namespace plumbline::store::pg
