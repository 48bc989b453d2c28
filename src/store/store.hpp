// THE storage interface: transactions with noun-first methods; SQLite and PostgreSQL implement it
// alike.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "domain/account.hpp"
#include "domain/catalog.hpp"
#include "domain/error.hpp"
#include "domain/lead.hpp"
#include "domain/ledger.hpp"
#include "domain/outbox.hpp"
#include "store/errors.hpp"
#include "store/migrations.hpp"

namespace plumbline::store {

// A transaction handle. Every method may throw StoreError; the enclosing write rolls back then.
class Tx {
 public:
  virtual ~Tx() = default;

  // --- catalog ---
  virtual domain::Catalog catalog() = 0;

  // --- leads ---
  // Inserts a lead with status "open" and returns its id.
  virtual std::int64_t insert_lead(const domain::NewLead& lead) = 0;
  virtual std::optional<domain::Lead> lead_by_id(std::int64_t id) = 0;
  virtual std::optional<domain::Lead> lead_by_tracking_hash(const std::string& tracking_hash) = 0;
  // Returns the newest lead with this phone and service created at or after `since`, if any.
  virtual std::optional<std::int64_t> recent_lead_for_phone(const std::string& phone_e164,
                                                            const std::string& service_type,
                                                            domain::Millis since) = 0;
  // Moves a lead from one status to another; false when it was not in `from` (no change made).
  virtual bool update_lead_status(std::int64_t id, const std::string& from, const std::string& to,
                                  const std::string& closed_reason, domain::Millis at) = 0;
  virtual std::int64_t count_leads() = 0;

  // --- lead history ---
  virtual void insert_lead_history(const domain::LeadHistoryEntry& entry) = 0;
  virtual std::vector<domain::LeadHistoryEntry> lead_history(std::int64_t lead_id) = 0;

  // --- outbox ---
  // Adds a pending message and returns its id; when the idempotency key exists already, returns that
  // message's id and changes nothing.
  virtual std::int64_t enqueue_message(const domain::OutboundMessage& message) = 0;
  // Leases up to `limit` messages that are due (pending with due_at <= now, or sending with an expired
  // lease), oldest due first: sets status sending, lease_owner, lease_until and attempts + 1, and
  // returns them as updated. On PostgreSQL concurrent callers never get the same row (SKIP LOCKED).
  virtual std::vector<domain::OutboxMessage> lease_messages(const std::string& owner, domain::Millis now,
                                                            domain::Millis lease_until, int limit) = 0;
  virtual void mark_message_sent(std::int64_t id, domain::Millis now, const std::string& provider_id) = 0;
  // Back to pending, due again at next_due, with the error recorded and the lease cleared.
  virtual void mark_message_retry(std::int64_t id, domain::Millis next_due, const std::string& error,
                                  domain::Millis now) = 0;
  virtual void mark_message_dead(std::int64_t id, const std::string& reason, domain::Millis now) = 0;
  virtual std::optional<domain::OutboxMessage> message_by_id(std::int64_t id) = 0;
  // Newest first; an empty status lists every status.
  virtual std::vector<domain::OutboxMessage> messages_by_status(const std::string& status, int limit) = 0;
  virtual std::vector<domain::OutboxMessage> messages_for_lead(std::int64_t lead_id) = 0;
  // Moves a dead message back to pending (due now, attempts reset); false when it is not dead.
  virtual bool retry_dead_message(std::int64_t id, domain::Millis now) = 0;
  virtual domain::OutboxCounts outbox_counts() = 0;
  // Records a provider's delivery report for the message with this provider id; false when unknown or
  // when the report would downgrade a final state (see domain::delivery_status_may_replace).
  virtual bool update_delivery_status(const std::string& provider_id, const std::string& status,
                                      domain::Millis now) = 0;

  // --- SMS consent ---
  virtual void set_sms_opt_out(const std::string& phone_e164, bool opted_out, const std::string& keyword,
                               domain::Millis now) = 0;
  virtual bool sms_opted_out(const std::string& phone_e164) = 0;

  // --- users and plumbers ---
  // Inserts a user (email must already be lower-cased); throws StoreError unique_violation on a taken e-mail.
  virtual std::int64_t insert_user(const domain::User& user) = 0;
  virtual void insert_plumber(const domain::Plumber& plumber) = 0;
  virtual std::optional<domain::User> user_by_id(std::int64_t id) = 0;
  virtual std::optional<domain::User> user_by_email(const std::string& email) = 0;
  virtual std::optional<domain::Plumber> plumber_by_user(std::int64_t user_id) = 0;
  virtual void set_user_email_verified(std::int64_t user_id, domain::Millis at) = 0;
  // Changes the e-mail and marks it verified (the new address proved itself); unique_violation if taken.
  virtual void set_user_email(std::int64_t user_id, const std::string& email, domain::Millis at) = 0;
  virtual void set_user_password(std::int64_t user_id, const std::string& password_hash, domain::Millis at) = 0;
  virtual void set_user_role(std::int64_t user_id, const std::string& role, domain::Millis at) = 0;
  virtual void set_user_locked_until(std::int64_t user_id, domain::Millis until, domain::Millis at) = 0;

  // --- login attempts (for lockout and per-IP limits) ---
  virtual void insert_login_attempt(std::optional<std::int64_t> user_id, const std::string& ip, bool success,
                                    domain::Millis at) = 0;
  // Failed attempts for the user at or after `since`, counting only those after their last success.
  virtual int count_login_failures(std::int64_t user_id, domain::Millis since) = 0;

  // --- sessions ---
  virtual void insert_session(const domain::Session& session) = 0;
  virtual std::optional<domain::Session> session_by_hash(const std::string& id_hash) = 0;
  virtual void touch_session(const std::string& id_hash, domain::Millis at) = 0;
  virtual void delete_session(const std::string& id_hash) = 0;
  // Deletes every session of the user except `keep_hash` (empty = all); returns how many.
  virtual int delete_user_sessions(std::int64_t user_id, const std::string& keep_hash) = 0;

  // --- single-use tokens ---
  virtual void insert_auth_token(const domain::AuthToken& token) = 0;
  virtual std::optional<domain::AuthToken> auth_token_by_hash(const std::string& token_hash) = 0;
  // Marks the token used; false when it was used already (two racing uses: only one wins).
  virtual bool use_auth_token(const std::string& token_hash, domain::Millis at) = 0;
  // Marks every unused token of this user and purpose used (e.g. older reset links after a new one).
  virtual void expire_auth_tokens(std::int64_t user_id, const std::string& purpose, domain::Millis at) = 0;

  // --- API refresh tokens ---
  virtual void insert_refresh_token(const domain::RefreshToken& token) = 0;
  virtual std::optional<domain::RefreshToken> refresh_token_by_hash(const std::string& token_hash) = 0;
  // Marks the token used; false when it was used or revoked already.
  virtual bool use_refresh_token(const std::string& token_hash, domain::Millis at) = 0;
  virtual void revoke_refresh_family(const std::string& family_id, domain::Millis at) = 0;
  virtual void revoke_user_refresh_tokens(std::int64_t user_id, domain::Millis at) = 0;

  // --- credits ---
  // Appends an entry and moves the cached balance in the same transaction. Returns false (and
  // changes nothing) when the balance would go below zero. A repeated non-empty (kind, reference)
  // throws StoreError unique_violation. The id is assigned by the database and not set back.
  // Callers check domain::ledger_entry_problem first; the schema refuses what slips through.
  virtual bool append_ledger_entry(const domain::LedgerEntry& entry) = 0;
  // The cached balance; 0 for users without entries.
  virtual int credit_balance(std::int64_t user_id) = 0;
  // Newest first.
  virtual std::vector<domain::LedgerEntry> ledger_entries(std::int64_t user_id, int limit,
                                                          int offset) = 0;
  // SUM(amount) over the user's entries: always equals credit_balance.
  virtual std::int64_t ledger_sum(std::int64_t user_id) = 0;
};

struct PoolStats {
  int size = 0;               // connections in the pool
  int in_use = 0;             // connections handed out right now
  std::uint64_t waits = 0;    // times a caller had to wait for a connection
  std::uint64_t commits = 0;  // transactions committed (group commits count once on SQLite)
};

struct StoreOptions {
  int read_pool_size = 4;        // SQLite readers / PostgreSQL pool size
  bool synchronous_full = true;  // SQLite: fsync before acknowledging a write
  int max_batch = 256;           // SQLite group commit: most writes in one transaction
};

class Store {
 public:
  virtual ~Store() = default;
  virtual std::string backend() const = 0;  // "sqlite" or "postgres"

  // Runs fn in a write transaction. Returning false rolls back fn's work. Exceptions propagate
  // after rollback. On SQLite, concurrent writes share one commit (group commit); each runs in its
  // own savepoint.
  virtual void write_tx(const std::function<bool(Tx&)>& fn) = 0;
  // Runs fn in a read-only transaction (a consistent snapshot).
  virtual void read_tx(const std::function<void(Tx&)>& fn) = 0;

  virtual MigrationStatus migration_status() = 0;
  // Applies pending migrations in order, each in its own transaction; returns the names applied.
  virtual std::vector<std::string> migrate() = 0;
  // Returns true when the database answers a trivial query.
  virtual bool ping() = 0;
  virtual PoolStats pool_stats() = 0;

  // Runs fn in a write transaction; an error result rolls it back.
  template <typename T>
  domain::Result<T> write(const std::function<domain::Result<T>(Tx&)>& fn) {
    std::optional<domain::Result<T>> out;
    write_tx([&](Tx& tx) {
      out.emplace(fn(tx));
      return out->ok();
    });
    return std::move(*out);
  }
  template <typename T>
  T read(const std::function<T(Tx&)>& fn) {
    std::optional<T> out;
    read_tx([&](Tx& tx) { out.emplace(fn(tx)); });
    return std::move(*out);
  }
};

// Opens "sqlite:PATH" or "postgres://…" / "postgresql://…"; throws std::invalid_argument for other
// schemes.
std::unique_ptr<Store> open_store(const std::string& url, const StoreOptions& options);

}  // namespace plumbline::store
