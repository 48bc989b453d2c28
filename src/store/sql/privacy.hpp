// The SQL of anonymisation and the data export, written once for both backends (PostgreSQL
// placeholders; see statement.hpp).
#pragma once
#include "store/sql/statement.hpp"

namespace plumbline::store::sql::privacy {

inline constexpr Statement privacy_lead_anonymised{"privacy_lead_anonymised",
                                                   "SELECT anonymised_at FROM leads WHERE id = $1"};
inline constexpr Statement privacy_copy_contacts{
    "privacy_copy_contacts",
    "INSERT INTO claim_contacts (claim_id, name, phone_e164, email, address, copied_at) "
    "SELECT c.id, l.name, l.phone_e164, l.email, l.address, $2 FROM claims c "
    "JOIN leads l ON l.id = c.lead_id WHERE c.lead_id = $1 AND c.refunded_at IS NULL "
    "ON CONFLICT (claim_id) DO NOTHING"};
// Messages to the homeowner (their address or number) about this lead; unsent ones die.
inline constexpr Statement privacy_scrub_lead_messages{
    "privacy_scrub_lead_messages",
    "UPDATE outbox SET recipient = $2, data = '{}', sealed = '', updated_at = $3, "
    "status = CASE WHEN status IN ('pending', 'sending') THEN 'dead' ELSE status END "
    "WHERE lead_id = $1 AND recipient IN "
    "(SELECT email FROM leads WHERE id = $1 UNION SELECT phone_e164 FROM leads WHERE id = $1)"};
inline constexpr Statement privacy_anonymise_lead{
    "privacy_anonymise_lead",
    "UPDATE leads SET name = $2, phone_e164 = '', email = '', address = '', best_time = '', "
    "consent_ip = '', consent_user_agent = '', anonymised_at = $3, updated_at = $3 "
    "WHERE id = $1 AND anonymised_at IS NULL"};
inline constexpr Statement privacy_leads_due{
    "privacy_leads_due",
    "SELECT id FROM leads WHERE status IN ('closed', 'expired') AND anonymised_at IS NULL "
    "AND updated_at < $1 ORDER BY updated_at, id LIMIT $2"};
inline constexpr Statement privacy_contact_copy{
    "privacy_contact_copy",
    "SELECT claim_id, name, phone_e164, email, address, copied_at FROM claim_contacts "
    "WHERE claim_id = $1"};
inline constexpr Statement privacy_close_user{
    "privacy_close_user",
    "UPDATE users SET closed_at = $2, closed_reason = $3, closed_by = $4, updated_at = $2 "
    "WHERE id = $1 AND closed_at IS NULL"};
inline constexpr Statement privacy_reopen_user{
    "privacy_reopen_user",
    "UPDATE users SET closed_at = NULL, closed_reason = '', closed_by = NULL, updated_at = $2 "
    "WHERE id = $1 AND closed_at IS NOT NULL AND anonymised_at IS NULL"};
inline constexpr Statement privacy_closure{
    "privacy_closure",
    "SELECT closed_at, closed_reason, closed_by, anonymised_at "
    "FROM users WHERE id = $1 AND closed_at IS NOT NULL"};
inline constexpr Statement privacy_closed_due{
    "privacy_closed_due",
    "SELECT id FROM users WHERE closed_at IS NOT NULL AND anonymised_at IS NULL "
    "AND closed_at < $1 ORDER BY closed_at, id LIMIT $2"};
inline constexpr Statement privacy_anonymise_user{
    "privacy_anonymise_user",
    "UPDATE users SET email = $2, password_hash = '!', anonymised_at = $3, updated_at = $3 "
    "WHERE id = $1 AND closed_at IS NOT NULL AND anonymised_at IS NULL"};
inline constexpr Statement privacy_scrub_user_messages{
    "privacy_scrub_user_messages",
    "UPDATE outbox SET recipient = $3, data = '{}', sealed = '', updated_at = $4, "
    "status = CASE WHEN status IN ('pending', 'sending') THEN 'dead' ELSE status END "
    "WHERE recipient IN ($1, $2)"};
inline constexpr Statement privacy_sessions{
    "privacy_sessions",
    "SELECT id_hash, user_id, created_at, last_seen_at, absolute_expires_at, idle_timeout_ms, "
    "remember, ip, user_agent FROM sessions WHERE user_id = $1 ORDER BY created_at DESC"};
inline constexpr Statement privacy_messages_to{
    "privacy_messages_to", "SELECT id FROM outbox WHERE recipient = $1 ORDER BY id LIMIT $2"};

// What anonymise_user deletes or scrubs of a closed account ($1 user id), one statement each.
inline constexpr Statement privacy_delete_sessions{"privacy_delete_sessions",
                                                   "DELETE FROM sessions WHERE user_id = $1"};
inline constexpr Statement privacy_delete_auth_tokens{"privacy_delete_auth_tokens",
                                                      "DELETE FROM auth_tokens WHERE user_id = $1"};
inline constexpr Statement privacy_delete_refresh_tokens{
    "privacy_delete_refresh_tokens", "DELETE FROM refresh_tokens WHERE user_id = $1"};
inline constexpr Statement privacy_delete_login_attempts{
    "privacy_delete_login_attempts", "DELETE FROM login_attempts WHERE user_id = $1"};
inline constexpr Statement privacy_delete_known_devices{
    "privacy_delete_known_devices", "DELETE FROM known_devices WHERE user_id = $1"};
inline constexpr Statement privacy_delete_services{
    "privacy_delete_services", "DELETE FROM plumber_services WHERE user_id = $1"};
inline constexpr Statement privacy_delete_extra_zips{
    "privacy_delete_extra_zips", "DELETE FROM plumber_extra_zips WHERE user_id = $1"};
inline constexpr Statement privacy_scrub_profile_changes{
    "privacy_scrub_profile_changes",
    "UPDATE profile_changes SET old_value = '', new_value = '' WHERE plumber_id = $1"};

// Calls run.template operator()<S>() for each of them, so that each backend runs them its way.
template <typename F>
void each_user_delete(F&& run) {
  run.template operator()<privacy_delete_sessions>();
  run.template operator()<privacy_delete_auth_tokens>();
  run.template operator()<privacy_delete_refresh_tokens>();
  run.template operator()<privacy_delete_login_attempts>();
  run.template operator()<privacy_delete_known_devices>();
  run.template operator()<privacy_delete_services>();
  run.template operator()<privacy_delete_extra_zips>();
  run.template operator()<privacy_scrub_profile_changes>();
}

}  // namespace plumbline::store::sql::privacy
