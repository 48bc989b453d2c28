// The SQL of users, plumbers, log-in attempts and devices, written once for both backends
// (PostgreSQL placeholders; see statement.hpp).
#pragma once
#include "domain/account.hpp"
#include "store/sql/row.hpp"
#include "store/sql/statement.hpp"

#define USER_COLUMNS \
  "id, email, password_hash, role, email_verified_at, locked_until, created_at, updated_at"

namespace plumbline::store::sql {

template <RowReader R>
domain::User read_user(const R& r) {
  domain::User u;
  int i = 0;
  u.id = sql::id_column<domain::UserId>(r, i++);
  u.email = r.text(i++);
  u.password_hash = r.text(i++);
  u.role = sql::status_column<domain::Role>(r, i++);
  u.email_verified_at = r.opt_int64(i++);
  u.locked_until = r.int64(i++);
  u.created_at = r.int64(i++);
  u.updated_at = r.int64(i++);
  return u;
}

template <RowReader R>
domain::StaffMember read_staff_member(const R& r) {
  domain::StaffMember m;
  m.user = read_user(r);
  m.two_factor_on = r.int64(8) != 0;
  m.last_sign_in_at = r.opt_int64(9);
  return m;
}

}  // namespace plumbline::store::sql

namespace plumbline::store::sql::accounts {

inline constexpr Statement user_by_id{"user_by_id",
                                      "SELECT " USER_COLUMNS " FROM users WHERE id = $1"};
inline constexpr Statement user_by_email{"user_by_email",
                                         "SELECT " USER_COLUMNS " FROM users WHERE email = $1"};
inline constexpr Statement oldest_user_with_role{"oldest_user_with_role",
                                                 "SELECT " USER_COLUMNS
                                                 " FROM users WHERE role = $1 ORDER BY id LIMIT 1"};
inline constexpr Statement insert_plumber{
    "insert_plumber",
    "INSERT INTO plumbers (user_id, business_name, contact_name, phone_e164) "
    "VALUES ($1, $2, $3, $4)"};
inline constexpr Statement plumber_by_user{
    "plumber_by_user",
    "SELECT user_id, business_name, contact_name, phone_e164 FROM plumbers WHERE user_id = $1"};
inline constexpr Statement user_set_email_verified{
    "user_set_email_verified",
    "UPDATE users SET email_verified_at = $2, updated_at = $2 WHERE id = $1"};
// The new address proved itself through its link, so it is verified as of now.
inline constexpr Statement user_set_email{
    "user_set_email",
    "UPDATE users SET email = $2, email_verified_at = $3, updated_at = $3 WHERE id = $1"};
inline constexpr Statement user_set_password{
    "user_set_password", "UPDATE users SET password_hash = $2, updated_at = $3 WHERE id = $1"};
inline constexpr Statement user_set_role{
    "user_set_role", "UPDATE users SET role = $2, updated_at = $3 WHERE id = $1"};
inline constexpr Statement user_set_locked_until{
    "user_set_locked_until", "UPDATE users SET locked_until = $2, updated_at = $3 WHERE id = $1"};
inline constexpr Statement known_device{
    "known_device", "SELECT 1 FROM known_devices WHERE user_id = $1 AND device_hash = $2"};
inline constexpr Statement remember_device{
    "remember_device",
    "INSERT INTO known_devices (user_id, device_hash, first_seen_at, last_seen_at) "
    "VALUES ($1, $2, $3, $3) ON CONFLICT (user_id, device_hash) DO UPDATE SET last_seen_at = $3"};
// Staff: every role but plumber (the users_staff partial index), open accounts only.
inline constexpr Statement list_staff{
    "list_staff",
    "SELECT u.id, u.email, u.password_hash, u.role, u.email_verified_at, u.locked_until, "
    "u.created_at, u.updated_at, "
    "CAST(CASE WHEN tf.enabled_at IS NULL THEN 0 ELSE 1 END AS BIGINT), "
    "(SELECT max(a.at) FROM audit_log a WHERE a.actor_user_id = u.id AND a.action = "
    "'auth.sign_in') "
    "FROM users u LEFT JOIN two_factor tf ON tf.user_id = u.id "
    "WHERE u.role <> 'plumber' AND u.closed_at IS NULL ORDER BY u.email"};
inline constexpr Statement count_open_users_with_role{
    "count_open_users_with_role",
    "SELECT count(*) FROM users WHERE role = $1 AND closed_at IS NULL"};
inline constexpr Statement tf_count_devices{
    "tf_count_devices", "SELECT count(*) FROM known_devices WHERE user_id = $1"};

inline constexpr Statement insert_user{
    "insert_user",
    "INSERT INTO users (email, password_hash, role, email_verified_at, locked_until, created_at, "
    "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id"};
inline constexpr Statement insert_login_attempt{
    "insert_login_attempt",
    "INSERT INTO login_attempts (user_id, ip, device_hash, trusted, success, at) "
    "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id"};
inline constexpr Statement login_attempt_succeeded{
    "login_attempt_succeeded", "UPDATE login_attempts SET success = true WHERE id = $1"};
// users.last_active_at (migration 0039, the console's "last active"): the later of the newest
// session seen and the newest successful sign-in. The writes that define it move it forward, never
// back: a successful attempt (here), a session started or touched (sessions.hpp).
inline constexpr Statement users_mark_active{
    "users_mark_active",
    "UPDATE users SET last_active_at = $2 WHERE id = $1 AND last_active_at < $2"};
inline constexpr Statement users_mark_active_by_attempt{
    "users_mark_active_by_attempt",
    "UPDATE users SET last_active_at = a.at FROM login_attempts a "
    "WHERE a.id = $1 AND users.id = a.user_id AND users.last_active_at < a.at"};
// "After the last success" goes by insertion order (id), so a failure recorded in the same
// millisecond as a success, but after it, still counts.
inline constexpr Statement count_login_failures{
    "count_login_failures",
    "SELECT count(*) FROM login_attempts WHERE user_id = $1 AND NOT success AND NOT trusted "
    "AND at >= $2 "
    "AND id > coalesce((SELECT max(id) FROM login_attempts WHERE user_id = $1 AND success), 0)"};
inline constexpr Statement count_device_login_failures{
    "count_device_login_failures",
    "SELECT count(*) FROM login_attempts WHERE user_id = $1 AND device_hash = $2 AND NOT success "
    "AND at >= $3 "
    "AND id > coalesce((SELECT max(id) FROM login_attempts WHERE user_id = $1 AND success), 0)"};
inline constexpr Statement count_address_login_failures{
    "count_address_login_failures",
    "SELECT count(*) FROM login_attempts WHERE ip = $1 AND NOT success AND NOT trusted "
    "AND at >= $2"};

}  // namespace plumbline::store::sql::accounts
