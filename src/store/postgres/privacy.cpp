// PostgreSQL: privacy (migration 0012): lead anonymisation with the claimants' copies, account
// closure and anonymisation, and the reads of the data export.
#include <algorithm>

#include "store/postgres/pg_tx.hpp"

namespace plumbline::store::pg {

namespace {

// FOR UPDATE: two anonymisations of one lead (the homeowner and the retention job) run one after
// the other; the second sees anonymised_at and changes nothing.
constexpr Sql privacy_lead_state_sql{"privacy_lead_state",
                                     "SELECT anonymised_at FROM leads WHERE id = $1 FOR UPDATE"};
constexpr Sql privacy_lead_anonymised_sql{"privacy_lead_anonymised",
                                          "SELECT anonymised_at FROM leads WHERE id = $1"};
constexpr Sql privacy_copy_contacts_sql{
    "privacy_copy_contacts",
    "INSERT INTO claim_contacts (claim_id, name, phone_e164, email, address, copied_at) "
    "SELECT c.id, l.name, l.phone_e164, l.email, l.address, $2 FROM claims c "
    "JOIN leads l ON l.id = c.lead_id WHERE c.lead_id = $1 AND c.refunded_at IS NULL "
    "ON CONFLICT (claim_id) DO NOTHING"};
constexpr Sql privacy_scrub_lead_messages_sql{
    "privacy_scrub_lead_messages",
    "UPDATE outbox SET recipient = $2, data = '{}', sealed = '', updated_at = $3, "
    "status = CASE WHEN status IN ('pending', 'sending') THEN 'dead' ELSE status END "
    "WHERE lead_id = $1 AND recipient IN "
    "(SELECT email FROM leads WHERE id = $1 UNION SELECT phone_e164 FROM leads WHERE id = $1)"};
constexpr Sql privacy_anonymise_lead_sql{
    "privacy_anonymise_lead",
    "UPDATE leads SET name = $2, phone_e164 = '', email = '', address = '', best_time = '', "
    "consent_ip = '', consent_user_agent = '', anonymised_at = $3, updated_at = $3 "
    "WHERE id = $1 AND anonymised_at IS NULL"};
constexpr Sql privacy_leads_due_sql{
    "privacy_leads_due",
    "SELECT id FROM leads WHERE status IN ('closed', 'expired') AND anonymised_at IS NULL "
    "AND updated_at < $1 ORDER BY updated_at, id LIMIT $2"};
constexpr Sql privacy_contact_copy_sql{
    "privacy_contact_copy",
    "SELECT claim_id, name, phone_e164, email, address, copied_at FROM claim_contacts "
    "WHERE claim_id = $1"};

constexpr Sql privacy_close_user_sql{
    "privacy_close_user",
    "UPDATE users SET closed_at = $2, closed_reason = $3, closed_by = $4, updated_at = $2 "
    "WHERE id = $1 AND closed_at IS NULL"};
constexpr Sql privacy_closure_sql{"privacy_closure",
                                  "SELECT closed_at, closed_reason, closed_by, anonymised_at "
                                  "FROM users WHERE id = $1 AND closed_at IS NOT NULL"};
constexpr Sql privacy_closed_due_sql{
    "privacy_closed_due",
    "SELECT id FROM users WHERE closed_at IS NOT NULL AND anonymised_at IS NULL "
    "AND closed_at < $1 ORDER BY closed_at, id LIMIT $2"};
constexpr Sql privacy_user_contacts_sql{
    "privacy_user_contacts",
    "SELECT u.email, coalesce(p.phone_e164, '') FROM users u "
    "LEFT JOIN plumbers p ON p.user_id = u.id "
    "WHERE u.id = $1 AND u.closed_at IS NOT NULL AND u.anonymised_at IS NULL FOR UPDATE OF u"};
constexpr Sql privacy_anonymise_user_sql{
    "privacy_anonymise_user",
    "UPDATE users SET email = $2, password_hash = '!', anonymised_at = $3, updated_at = $3 "
    "WHERE id = $1 AND closed_at IS NOT NULL AND anonymised_at IS NULL"};
constexpr Sql privacy_anonymise_plumber_sql{
    "privacy_anonymise_plumber",
    "UPDATE plumbers SET contact_name = $2, phone_e164 = '', licence_number = '', "
    "licence_state = '', insurance_carrier = '', insurance_expires_on = '', "
    "years_in_business = 0, description = '', base_zip = '', base_lat = 0, base_lng = 0, "
    "notify_email = FALSE, notify_sms = FALSE, paused = TRUE, updated_at = $3 "
    "WHERE user_id = $1"};
constexpr Sql privacy_scrub_user_messages_sql{
    "privacy_scrub_user_messages",
    "UPDATE outbox SET recipient = $3, data = '{}', sealed = '', updated_at = $4, "
    "status = CASE WHEN status IN ('pending', 'sending') THEN 'dead' ELSE status END "
    "WHERE recipient IN ($1, $2)"};
constexpr Sql privacy_user_deletes[] = {
    {"privacy_delete_sessions", "DELETE FROM sessions WHERE user_id = $1"},
    {"privacy_delete_auth_tokens", "DELETE FROM auth_tokens WHERE user_id = $1"},
    {"privacy_delete_refresh_tokens", "DELETE FROM refresh_tokens WHERE user_id = $1"},
    {"privacy_delete_login_attempts", "DELETE FROM login_attempts WHERE user_id = $1"},
    {"privacy_delete_known_devices", "DELETE FROM known_devices WHERE user_id = $1"},
    {"privacy_delete_services", "DELETE FROM plumber_services WHERE user_id = $1"},
    {"privacy_delete_extra_zips", "DELETE FROM plumber_extra_zips WHERE user_id = $1"},
    {"privacy_scrub_profile_changes",
     "UPDATE profile_changes SET old_value = '', new_value = '' WHERE plumber_id = $1"},
};

constexpr Sql privacy_sessions_sql{
    "privacy_sessions",
    "SELECT id_hash, user_id, created_at, last_seen_at, absolute_expires_at, idle_timeout_ms, "
    "remember, ip, user_agent FROM sessions WHERE user_id = $1 ORDER BY created_at DESC"};
constexpr Sql privacy_messages_to_sql{
    "privacy_messages_to", "SELECT id FROM outbox WHERE recipient = $1 ORDER BY id LIMIT $2"};

}  // namespace

bool PgTx::anonymise_lead(std::int64_t lead_id, domain::Millis at) {
  auto state = c_.run(privacy_lead_state_sql, lead_id);
  if (state.rows() == 0 || state.opt_int64(0, 0)) return false;
  c_.run(privacy_copy_contacts_sql, lead_id, at);
  c_.run(privacy_scrub_lead_messages_sql, lead_id, domain::deleted_recipient, at);
  return c_.run(privacy_anonymise_lead_sql, lead_id, domain::deleted_homeowner_name, at)
             .affected() == 1;
}

std::vector<std::int64_t> PgTx::leads_due_for_anonymisation(domain::Millis before, int limit) {
  if (limit <= 0) return {};
  auto r = c_.run(privacy_leads_due_sql, before, limit);
  std::vector<std::int64_t> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(r.int64(i, 0));
  return out;
}

std::optional<domain::Millis> PgTx::lead_anonymised_at(std::int64_t lead_id) {
  auto r = c_.run(privacy_lead_anonymised_sql, lead_id);
  if (r.rows() == 0) return std::nullopt;
  return r.opt_int64(0, 0);
}

std::optional<domain::ContactCopy> PgTx::claim_contact_copy(std::int64_t claim_id) {
  auto r = c_.run(privacy_contact_copy_sql, claim_id);
  if (r.rows() == 0) return std::nullopt;
  return domain::ContactCopy{r.int64(0, 0), r.text(0, 1), r.text(0, 2),
                             r.text(0, 3),  r.text(0, 4), r.int64(0, 5)};
}

bool PgTx::close_user(std::int64_t user_id, const std::string& reason,
                      std::optional<std::int64_t> closed_by, domain::Millis at) {
  return c_.run(privacy_close_user_sql, user_id, at, reason, closed_by).affected() == 1;
}

std::optional<domain::AccountClosure> PgTx::user_closure(std::int64_t user_id) {
  auto r = c_.run(privacy_closure_sql, user_id);
  if (r.rows() == 0) return std::nullopt;
  return domain::AccountClosure{r.int64(0, 0), r.text(0, 1), r.opt_int64(0, 2), r.opt_int64(0, 3)};
}

std::vector<std::int64_t> PgTx::closed_users_due(domain::Millis before, int limit) {
  if (limit <= 0) return {};
  auto r = c_.run(privacy_closed_due_sql, before, limit);
  std::vector<std::int64_t> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(r.int64(i, 0));
  return out;
}

bool PgTx::anonymise_user(std::int64_t user_id, domain::Millis at) {
  auto who = c_.run(privacy_user_contacts_sql, user_id);
  if (who.rows() == 0) return false;
  auto email = who.text(0, 0), phone = who.text(0, 1);
  c_.run(privacy_scrub_user_messages_sql, email, phone.empty() ? email : phone,
         domain::deleted_recipient, at);
  for (const auto& q : privacy_user_deletes) c_.run(q, user_id);
  c_.run(privacy_anonymise_plumber_sql, user_id, domain::deleted_plumber_name, at);
  return c_.run(privacy_anonymise_user_sql, user_id, domain::anonymised_email(user_id), at)
             .affected() == 1;
}

std::vector<domain::Session> PgTx::sessions_of_user(std::int64_t user_id) {
  auto r = c_.run(privacy_sessions_sql, user_id);
  std::vector<domain::Session> out;
  for (int i = 0; i < r.rows(); ++i)
    out.push_back({r.text(i, 0), r.int64(i, 1), r.int64(i, 2), r.int64(i, 3), r.int64(i, 4),
                   r.int64(i, 5), r.boolean(i, 6), r.text(i, 7), r.text(i, 8)});
  return out;
}

std::vector<domain::OutboxMessage> PgTx::messages_to(const std::vector<std::string>& recipients,
                                                     int limit) {
  std::vector<std::int64_t> ids;
  for (const auto& who : recipients) {
    if (who.empty()) continue;
    auto r = c_.run(privacy_messages_to_sql, who, limit);
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
