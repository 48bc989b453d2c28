// SQLite: privacy (migration 0012): lead anonymisation with the claimants' copies, account closure
// and anonymisation, and the reads of the data export.
#include "store/sql/privacy.hpp"

#include <algorithm>

#include "store/sql/sessions.hpp"
#include "store/sqlite/sqlite_tx.hpp"

namespace plumbline::store::sqlite {

namespace {

// SQLite only: no FOR UPDATE OF u (one writer).
constexpr const char* privacy_user_contacts_sql =
    "SELECT u.email, coalesce(p.phone_e164, '') FROM users u "
    "LEFT JOIN plumbers p ON p.user_id = u.id "
    "WHERE u.id = ?1 AND u.closed_at IS NOT NULL AND u.anonymised_at IS NULL";
// SQLite only: booleans are 0 / 1 columns (PostgreSQL: boolean).
constexpr const char* privacy_anonymise_plumber_sql =
    "UPDATE plumbers SET contact_name = ?2, phone_e164 = '', licence_number = '', "
    "licence_state = '', insurance_carrier = '', insurance_expires_on = '', "
    "years_in_business = 0, description = '', base_zip = '', base_lat = 0, base_lng = 0, "
    "notify_email = 0, notify_sms = 0, paused = 1, updated_at = ?3 WHERE user_id = ?1";
// SQLite only: the R*Tree of service areas (PostgreSQL keeps the area in plumbers.service_box).
constexpr const char* privacy_delete_area_sql = "DELETE FROM plumber_areas WHERE id = ?1";

}  // namespace

bool SqliteTx::anonymise_lead(domain::LeadId lead_id, domain::Millis at) {
  {
    auto st = c_.prepare<sql::privacy::privacy_lead_anonymised>();
    st.bind(1, lead_id);
    if (!st.step() || st.opt_int64(0)) return false;
  }
  c_.prepare<sql::privacy::privacy_copy_contacts>().bind(1, lead_id).bind(2, at).run();
  c_.prepare<sql::privacy::privacy_scrub_lead_messages>()
      .bind(1, lead_id)
      .bind(2, std::string_view(domain::deleted_recipient))
      .bind(3, at)
      .run();
  delete_lead_photos(lead_id);  // issue 17: photos are the homeowner's too
  auto st = c_.prepare<sql::privacy::privacy_anonymise_lead>();
  st.bind(1, lead_id).bind(2, std::string_view(domain::deleted_homeowner_name)).bind(3, at);
  st.run();
  return sqlite3_changes(c_.handle()) == 1;
}

std::vector<std::int64_t> SqliteTx::leads_due_for_anonymisation(domain::Millis before, int limit) {
  if (limit <= 0) return {};
  auto st = c_.prepare<sql::privacy::privacy_leads_due>();
  st.bind(1, before).bind(2, limit);
  std::vector<std::int64_t> out;
  while (st.step()) out.push_back(st.int64(0));
  return out;
}

std::optional<domain::Millis> SqliteTx::lead_anonymised_at(domain::LeadId lead_id) {
  auto st = c_.prepare<sql::privacy::privacy_lead_anonymised>();
  st.bind(1, lead_id);
  if (!st.step()) return std::nullopt;
  return st.opt_int64(0);
}

std::optional<domain::ContactCopy> SqliteTx::claim_contact_copy(domain::ClaimId claim_id) {
  auto st = c_.prepare<sql::privacy::privacy_contact_copy>();
  st.bind(1, claim_id);
  if (!st.step()) return std::nullopt;
  return domain::ContactCopy{st.int64(0), st.text(1), st.text(2),
                             st.text(3),  st.text(4), st.int64(5)};
}

bool SqliteTx::close_user(domain::UserId user_id, const std::string& reason,
                          std::optional<std::int64_t> closed_by, domain::Millis at) {
  auto st = c_.prepare<sql::privacy::privacy_close_user>();
  st.bind(1, user_id).bind(2, at).bind(3, reason).bind(4, closed_by);
  st.run();
  return sqlite3_changes(c_.handle()) == 1;
}

bool SqliteTx::reopen_user(domain::UserId user_id, domain::Millis at) {
  auto st = c_.prepare<sql::privacy::privacy_reopen_user>();
  st.bind(1, user_id).bind(2, at);
  st.run();
  return sqlite3_changes(c_.handle()) == 1;
}

std::optional<domain::AccountClosure> SqliteTx::user_closure(domain::UserId user_id) {
  auto st = c_.prepare<sql::privacy::privacy_closure>();
  st.bind(1, user_id);
  if (!st.step()) return std::nullopt;
  return domain::AccountClosure{st.int64(0), st.text(1), st.opt_int64(2), st.opt_int64(3)};
}

std::vector<std::int64_t> SqliteTx::closed_users_due(domain::Millis before, int limit) {
  if (limit <= 0) return {};
  auto st = c_.prepare<sql::privacy::privacy_closed_due>();
  st.bind(1, before).bind(2, limit);
  std::vector<std::int64_t> out;
  while (st.step()) out.push_back(st.int64(0));
  return out;
}

bool SqliteTx::anonymise_user(domain::UserId user_id, domain::Millis at) {
  std::string email, phone;
  {
    auto st = c_.prepare(privacy_user_contacts_sql);
    st.bind(1, user_id);
    if (!st.step()) return false;
    email = st.text(0);
    phone = st.text(1);
  }
  c_.prepare<sql::privacy::privacy_scrub_user_messages>()
      .bind(1, email)
      .bind(2, phone.empty() ? email : phone)
      .bind(3, std::string_view(domain::deleted_recipient))
      .bind(4, at)
      .run();
  sql::privacy::each_user_delete([&]<const auto & S>() { c_.prepare<S>().bind(1, user_id).run(); });
  c_.prepare(privacy_delete_area_sql).bind(1, user_id).run();
  c_.prepare(privacy_anonymise_plumber_sql)
      .bind(1, user_id)
      .bind(2, std::string_view(domain::deleted_plumber_name))
      .bind(3, at)
      .run();
  auto st = c_.prepare<sql::privacy::privacy_anonymise_user>();
  st.bind(1, user_id).bind(2, domain::anonymised_email(user_id.value)).bind(3, at);
  st.run();
  return sqlite3_changes(c_.handle()) == 1;
}

std::vector<domain::Session> SqliteTx::sessions_of_user(domain::UserId user_id) {
  auto st = c_.prepare<sql::privacy::privacy_sessions>();
  st.bind(1, user_id);
  std::vector<domain::Session> out;
  while (st.step()) out.push_back(sql::read_session(st));
  return out;
}

std::vector<domain::OutboxMessage> SqliteTx::messages_to(const std::vector<std::string>& recipients,
                                                         int limit) {
  std::vector<std::int64_t> ids;
  for (const auto& r : recipients) {
    if (r.empty()) continue;
    auto st = c_.prepare<sql::privacy::privacy_messages_to>();
    st.bind(1, r).bind(2, limit);
    while (st.step()) ids.push_back(st.int64(0));
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  if (static_cast<int>(ids.size()) > limit) ids.resize(static_cast<std::size_t>(limit));
  std::vector<domain::OutboxMessage> out;
  for (auto id : ids)
    if (auto m = message_by_id(id)) out.push_back(std::move(*m));
  return out;
}

}  // namespace plumbline::store::sqlite
