// SQLite: privacy (migration 0012): lead anonymisation with the claimants' copies, account closure
// and anonymisation, and the reads of the data export.
#include <algorithm>

#include "store/sqlite/sqlite_tx.hpp"

namespace plumbline::store::sqlite {

namespace {

constexpr const char* privacy_lead_state_sql = "SELECT anonymised_at FROM leads WHERE id = ?1";
constexpr const char* privacy_copy_contacts_sql =
    "INSERT INTO claim_contacts (claim_id, name, phone_e164, email, address, copied_at) "
    "SELECT c.id, l.name, l.phone_e164, l.email, l.address, ?2 FROM claims c "
    "JOIN leads l ON l.id = c.lead_id WHERE c.lead_id = ?1 AND c.refunded_at IS NULL "
    "ON CONFLICT (claim_id) DO NOTHING";
// Messages to the homeowner (their address or number) about this lead; unsent ones die.
constexpr const char* privacy_scrub_lead_messages_sql =
    "UPDATE outbox SET recipient = ?2, data = '{}', sealed = '', updated_at = ?3, "
    "status = CASE WHEN status IN ('pending', 'sending') THEN 'dead' ELSE status END "
    "WHERE lead_id = ?1 AND recipient IN "
    "(SELECT email FROM leads WHERE id = ?1 UNION SELECT phone_e164 FROM leads WHERE id = ?1)";
constexpr const char* privacy_anonymise_lead_sql =
    "UPDATE leads SET name = ?2, phone_e164 = '', email = '', address = '', best_time = '', "
    "consent_ip = '', consent_user_agent = '', anonymised_at = ?3, updated_at = ?3 "
    "WHERE id = ?1 AND anonymised_at IS NULL";
constexpr const char* privacy_leads_due_sql =
    "SELECT id FROM leads WHERE status IN ('closed', 'expired') AND anonymised_at IS NULL "
    "AND updated_at < ?1 ORDER BY updated_at, id LIMIT ?2";
constexpr const char* privacy_contact_copy_sql =
    "SELECT claim_id, name, phone_e164, email, address, copied_at FROM claim_contacts "
    "WHERE claim_id = ?1";

constexpr const char* privacy_close_user_sql =
    "UPDATE users SET closed_at = ?2, closed_reason = ?3, closed_by = ?4, updated_at = ?2 "
    "WHERE id = ?1 AND closed_at IS NULL";
constexpr const char* privacy_closure_sql =
    "SELECT closed_at, closed_reason, closed_by, anonymised_at FROM users "
    "WHERE id = ?1 AND closed_at IS NOT NULL";
constexpr const char* privacy_closed_due_sql =
    "SELECT id FROM users WHERE closed_at IS NOT NULL AND anonymised_at IS NULL "
    "AND closed_at < ?1 ORDER BY closed_at, id LIMIT ?2";
constexpr const char* privacy_user_contacts_sql =
    "SELECT u.email, coalesce(p.phone_e164, '') FROM users u "
    "LEFT JOIN plumbers p ON p.user_id = u.id "
    "WHERE u.id = ?1 AND u.closed_at IS NOT NULL AND u.anonymised_at IS NULL";
constexpr const char* privacy_anonymise_user_sql =
    "UPDATE users SET email = ?2, password_hash = '!', anonymised_at = ?3, updated_at = ?3 "
    "WHERE id = ?1 AND closed_at IS NOT NULL AND anonymised_at IS NULL";
constexpr const char* privacy_anonymise_plumber_sql =
    "UPDATE plumbers SET contact_name = ?2, phone_e164 = '', licence_number = '', "
    "licence_state = '', insurance_carrier = '', insurance_expires_on = '', "
    "years_in_business = 0, description = '', base_zip = '', base_lat = 0, base_lng = 0, "
    "notify_email = 0, notify_sms = 0, paused = 1, updated_at = ?3 WHERE user_id = ?1";
constexpr const char* privacy_scrub_user_messages_sql =
    "UPDATE outbox SET recipient = ?3, data = '{}', sealed = '', updated_at = ?4, "
    "status = CASE WHEN status IN ('pending', 'sending') THEN 'dead' ELSE status END "
    "WHERE recipient IN (?1, ?2)";
constexpr const char* privacy_user_deletes[] = {
    "DELETE FROM sessions WHERE user_id = ?1",
    "DELETE FROM auth_tokens WHERE user_id = ?1",
    "DELETE FROM refresh_tokens WHERE user_id = ?1",
    "DELETE FROM login_attempts WHERE user_id = ?1",
    "DELETE FROM known_devices WHERE user_id = ?1",
    "DELETE FROM plumber_services WHERE user_id = ?1",
    "DELETE FROM plumber_extra_zips WHERE user_id = ?1",
    "DELETE FROM plumber_areas WHERE id = ?1",
    "UPDATE profile_changes SET old_value = '', new_value = '' WHERE plumber_id = ?1",
};

constexpr const char* privacy_sessions_sql =
    "SELECT id_hash, user_id, created_at, last_seen_at, absolute_expires_at, idle_timeout_ms, "
    "remember, ip, user_agent FROM sessions WHERE user_id = ?1 ORDER BY created_at DESC";
constexpr const char* privacy_messages_to_sql =
    "SELECT id FROM outbox WHERE recipient = ?1 ORDER BY id LIMIT ?2";

}  // namespace

bool SqliteTx::anonymise_lead(std::int64_t lead_id, domain::Millis at) {
  {
    auto st = c_.prepare(privacy_lead_state_sql);
    st.bind(1, lead_id);
    if (!st.step() || st.opt_int64(0)) return false;
  }
  c_.prepare(privacy_copy_contacts_sql).bind(1, lead_id).bind(2, at).run();
  c_.prepare(privacy_scrub_lead_messages_sql)
      .bind(1, lead_id)
      .bind(2, std::string_view(domain::deleted_recipient))
      .bind(3, at)
      .run();
  auto st = c_.prepare(privacy_anonymise_lead_sql);
  st.bind(1, lead_id).bind(2, std::string_view(domain::deleted_homeowner_name)).bind(3, at);
  st.run();
  return sqlite3_changes(c_.handle()) == 1;
}

std::vector<std::int64_t> SqliteTx::leads_due_for_anonymisation(domain::Millis before, int limit) {
  if (limit <= 0) return {};
  auto st = c_.prepare(privacy_leads_due_sql);
  st.bind(1, before).bind(2, limit);
  std::vector<std::int64_t> out;
  while (st.step()) out.push_back(st.int64(0));
  return out;
}

std::optional<domain::Millis> SqliteTx::lead_anonymised_at(std::int64_t lead_id) {
  auto st = c_.prepare(privacy_lead_state_sql);
  st.bind(1, lead_id);
  if (!st.step()) return std::nullopt;
  return st.opt_int64(0);
}

std::optional<domain::ContactCopy> SqliteTx::claim_contact_copy(std::int64_t claim_id) {
  auto st = c_.prepare(privacy_contact_copy_sql);
  st.bind(1, claim_id);
  if (!st.step()) return std::nullopt;
  return domain::ContactCopy{st.int64(0), st.text(1), st.text(2),
                             st.text(3),  st.text(4), st.int64(5)};
}

bool SqliteTx::close_user(std::int64_t user_id, const std::string& reason,
                          std::optional<std::int64_t> closed_by, domain::Millis at) {
  auto st = c_.prepare(privacy_close_user_sql);
  st.bind(1, user_id).bind(2, at).bind(3, reason).bind(4, closed_by);
  st.run();
  return sqlite3_changes(c_.handle()) == 1;
}

std::optional<domain::AccountClosure> SqliteTx::user_closure(std::int64_t user_id) {
  auto st = c_.prepare(privacy_closure_sql);
  st.bind(1, user_id);
  if (!st.step()) return std::nullopt;
  return domain::AccountClosure{st.int64(0), st.text(1), st.opt_int64(2), st.opt_int64(3)};
}

std::vector<std::int64_t> SqliteTx::closed_users_due(domain::Millis before, int limit) {
  if (limit <= 0) return {};
  auto st = c_.prepare(privacy_closed_due_sql);
  st.bind(1, before).bind(2, limit);
  std::vector<std::int64_t> out;
  while (st.step()) out.push_back(st.int64(0));
  return out;
}

bool SqliteTx::anonymise_user(std::int64_t user_id, domain::Millis at) {
  std::string email, phone;
  {
    auto st = c_.prepare(privacy_user_contacts_sql);
    st.bind(1, user_id);
    if (!st.step()) return false;
    email = st.text(0);
    phone = st.text(1);
  }
  c_.prepare(privacy_scrub_user_messages_sql)
      .bind(1, email)
      .bind(2, phone.empty() ? email : phone)
      .bind(3, std::string_view(domain::deleted_recipient))
      .bind(4, at)
      .run();
  for (const char* sql : privacy_user_deletes) c_.prepare(sql).bind(1, user_id).run();
  c_.prepare(privacy_anonymise_plumber_sql)
      .bind(1, user_id)
      .bind(2, std::string_view(domain::deleted_plumber_name))
      .bind(3, at)
      .run();
  auto st = c_.prepare(privacy_anonymise_user_sql);
  st.bind(1, user_id).bind(2, domain::anonymised_email(user_id)).bind(3, at);
  st.run();
  return sqlite3_changes(c_.handle()) == 1;
}

std::vector<domain::Session> SqliteTx::sessions_of_user(std::int64_t user_id) {
  auto st = c_.prepare(privacy_sessions_sql);
  st.bind(1, user_id);
  std::vector<domain::Session> out;
  while (st.step())
    out.push_back({st.text(0), st.int64(1), st.int64(2), st.int64(3), st.int64(4), st.int64(5),
                   st.int64(6) != 0, st.text(7), st.text(8)});
  return out;
}

std::vector<domain::OutboxMessage> SqliteTx::messages_to(const std::vector<std::string>& recipients,
                                                         int limit) {
  std::vector<std::int64_t> ids;
  for (const auto& r : recipients) {
    if (r.empty()) continue;
    auto st = c_.prepare(privacy_messages_to_sql);
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
