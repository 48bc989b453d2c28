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
#include "domain/marketplace.hpp"
#include "domain/outbox.hpp"
#include "domain/payments.hpp"
#include "domain/privacy.hpp"
#include "domain/two_factor.hpp"
#include "log/log.hpp"
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
  // Adds a pending message and returns its id; when the idempotency key exists already, returns
  // that message's id and changes nothing.
  virtual std::int64_t enqueue_message(const domain::OutboundMessage& message) = 0;
  // Leases up to `limit` messages that are due (pending with due_at <= now, or sending with an
  // expired lease), oldest due first: sets status sending, lease_owner, lease_until and attempts +
  // 1, and returns them as updated. On PostgreSQL concurrent callers never get the same row (SKIP
  // LOCKED).
  virtual std::vector<domain::OutboxMessage> lease_messages(const std::string& owner,
                                                            domain::Millis now,
                                                            domain::Millis lease_until,
                                                            int limit) = 0;
  virtual void mark_message_sent(std::int64_t id, domain::Millis now,
                                 const std::string& provider_id) = 0;
  // Back to pending, due again at next_due, with the error recorded and the lease cleared.
  virtual void mark_message_retry(std::int64_t id, domain::Millis next_due,
                                  const std::string& error, domain::Millis now) = 0;
  virtual void mark_message_dead(std::int64_t id, const std::string& reason,
                                 domain::Millis now) = 0;
  virtual std::optional<domain::OutboxMessage> message_by_id(std::int64_t id) = 0;
  // Newest first; an empty status lists every status.
  virtual std::vector<domain::OutboxMessage> messages_by_status(const std::string& status,
                                                                int limit) = 0;
  virtual std::vector<domain::OutboxMessage> messages_for_lead(std::int64_t lead_id) = 0;
  // Moves a dead message back to pending (due now, attempts reset); false when it is not dead.
  virtual bool retry_dead_message(std::int64_t id, domain::Millis now) = 0;
  virtual domain::OutboxCounts outbox_counts() = 0;
  // Messages of this kind with this recipient_key created at or after `since`, whatever their
  // status; 0 for an empty key. On PostgreSQL it first takes a transaction-scoped advisory lock on
  // the key, so that concurrent writers counting the same key run one after the other and each
  // sees the rows the other enqueued (a daily limit checked with it holds under concurrency).
  virtual std::int64_t count_recent_messages(const std::string& kind,
                                             const std::string& recipient_key,
                                             domain::Millis since) = 0;
  // Records a provider's delivery report for the message with this provider id; false when unknown
  // or when the report would downgrade a final state (see domain::delivery_status_may_replace).
  virtual bool update_delivery_status(const std::string& provider_id, const std::string& status,
                                      domain::Millis now) = 0;

  // --- SMS consent ---
  virtual void set_sms_opt_out(const std::string& phone_e164, bool opted_out,
                               const std::string& keyword, domain::Millis now) = 0;
  virtual bool sms_opted_out(const std::string& phone_e164) = 0;

  // --- users and plumbers ---
  // Inserts a user (email must already be lower-cased); throws StoreError unique_violation on a
  // taken e-mail.
  virtual std::int64_t insert_user(const domain::User& user) = 0;
  virtual void insert_plumber(const domain::Plumber& plumber) = 0;
  virtual std::optional<domain::User> user_by_id(std::int64_t id) = 0;
  virtual std::optional<domain::User> user_by_email(const std::string& email) = 0;
  // The first account created with this role (lowest id), if any: "is there an admin yet?".
  virtual std::optional<domain::User> oldest_user_with_role(const std::string& role) = 0;
  virtual std::optional<domain::Plumber> plumber_by_user(std::int64_t user_id) = 0;
  virtual void set_user_email_verified(std::int64_t user_id, domain::Millis at) = 0;
  // Changes the e-mail and marks it verified (the new address proved itself); unique_violation if
  // taken.
  virtual void set_user_email(std::int64_t user_id, const std::string& email,
                              domain::Millis at) = 0;
  virtual void set_user_password(std::int64_t user_id, const std::string& password_hash,
                                 domain::Millis at) = 0;
  virtual void set_user_role(std::int64_t user_id, const std::string& role, domain::Millis at) = 0;
  virtual void set_user_locked_until(std::int64_t user_id, domain::Millis until,
                                     domain::Millis at) = 0;

  // --- login attempts (for lockout and per-IP limits) ---
  // Records an attempt and returns its id.
  virtual std::int64_t insert_login_attempt(const domain::LoginAttempt& attempt) = 0;
  // Turns a recorded attempt (a provisional failure) into a success.
  virtual void set_login_attempt_succeeded(std::int64_t attempt_id) = 0;
  // Failed attempts from untrusted devices for the user at or after `since`, counting only those
  // after their last success.
  virtual int count_login_failures(std::int64_t user_id, domain::Millis since) = 0;
  // Failed attempts for the user from this device at or after `since`, after their last success.
  virtual int count_device_login_failures(std::int64_t user_id, const std::string& device_hash,
                                          domain::Millis since) = 0;
  // Failed attempts from untrusted devices at this client address (any account or none) since
  // `since`.
  virtual int count_address_login_failures(const std::string& ip, domain::Millis since) = 0;
  // Holds the user's row until the transaction ends, so that password checks of one account are
  // counted one after the other (PostgreSQL: SELECT … FOR UPDATE; SQLite has one writer anyway).
  virtual void lock_user_row(std::int64_t user_id) = 0;
  // Devices an account has signed in from (by the SHA-256 of their device cookie).
  virtual bool known_device(std::int64_t user_id, const std::string& device_hash) = 0;
  virtual void remember_device(std::int64_t user_id, const std::string& device_hash,
                               domain::Millis at) = 0;
  virtual int count_known_devices(std::int64_t user_id) = 0;

  // --- two-factor sign-in (store/*/two_factor.cpp) ---
  virtual std::optional<domain::TwoFactor> two_factor(std::int64_t user_id) = 0;
  // Starts (or restarts) enrolment: a new pending key; the account's recovery codes are dropped.
  virtual void put_two_factor_secret(std::int64_t user_id, const std::string& secret_sealed,
                                     domain::Millis at) = 0;
  // Turns a pending key on, spending `step`; false when it was already on (no change).
  virtual bool enable_two_factor(std::int64_t user_id, std::int64_t step, domain::Millis at) = 0;
  // Spends `step` if it is later than the last one used, and clears the failure count; false when
  // it was used already (a replay, or a racing use of the same code).
  virtual bool use_totp_step(std::int64_t user_id, std::int64_t step) = 0;
  virtual void record_two_factor_failure(std::int64_t user_id, domain::Millis at) = 0;
  // Removes the key and the recovery codes.
  virtual void delete_two_factor(std::int64_t user_id) = 0;
  // Replaces every recovery code of the account with these (SHA-256 hex) hashes.
  virtual void replace_recovery_codes(std::int64_t user_id,
                                      const std::vector<std::string>& code_hashes) = 0;
  // Spends an unused recovery code (clearing the failure count); false when unknown or used.
  virtual bool use_recovery_code(std::int64_t user_id, const std::string& code_hash,
                                 domain::Millis at) = 0;
  virtual int count_unused_recovery_codes(std::int64_t user_id) = 0;
  virtual void insert_two_factor_challenge(const domain::TwoFactorChallenge& challenge) = 0;
  virtual std::optional<domain::TwoFactorChallenge> two_factor_challenge(
      const std::string& token_hash) = 0;
  // Counts a wrong code against the challenge; returns its failures so far.
  virtual int fail_two_factor_challenge(const std::string& token_hash) = 0;
  // Deletes the challenge; false when it was gone already (spent by a racing request).
  virtual bool delete_two_factor_challenge(const std::string& token_hash) = 0;

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
  // Marks every unused token of this user and purpose used (e.g. older reset links after a new
  // one).
  virtual void expire_auth_tokens(std::int64_t user_id, const std::string& purpose,
                                  domain::Millis at) = 0;

  // --- API refresh tokens ---
  virtual void insert_refresh_token(const domain::RefreshToken& token) = 0;
  virtual std::optional<domain::RefreshToken> refresh_token_by_hash(
      const std::string& token_hash) = 0;
  // Marks the token used; false when it was used or revoked already.
  virtual bool use_refresh_token(const std::string& token_hash, domain::Millis at) = 0;
  virtual void revoke_refresh_family(const std::string& family_id, domain::Millis at) = 0;
  virtual void revoke_user_refresh_tokens(std::int64_t user_id, domain::Millis at) = 0;

  // --- credits ---
  // Appends an entry and moves the cached balance in the same transaction. Returns false (and
  // changes no balance or entry) when the balance would go below zero or above
  // domain::balance_ceiling(entry); the conditional update holds both bounds against concurrent
  // writers. A repeated non-empty (kind, reference) throws StoreError unique_violation. The id is
  // assigned by the database and not set back. Callers check domain::ledger_entry_problem first;
  // the schema refuses what slips through. Amounts and balances are 64-bit (migration 0008).
  virtual bool append_ledger_entry(const domain::LedgerEntry& entry) = 0;
  // The cached balance; 0 for users without entries.
  virtual domain::Credits credit_balance(std::int64_t user_id) = 0;
  // Newest first.
  virtual std::vector<domain::LedgerEntry> ledger_entries(std::int64_t user_id, int limit,
                                                          int offset) = 0;
  // SUM(amount) over the user's entries: always equals credit_balance.
  virtual domain::Credits ledger_sum(std::int64_t user_id) = 0;

  // --- payments (Stripe) ---
  // Records a Stripe event id; false (and no change) when it was recorded already. On PostgreSQL a
  // concurrent insert of the same id waits for the first transaction and then returns false.
  virtual bool record_stripe_event(const std::string& id, const std::string& type,
                                   std::int64_t created, const std::string& outcome,
                                   domain::Millis at) = 0;
  virtual std::int64_t count_stripe_events() = 0;
  // Ordered by id; inactive ones included.
  // Plans cheapest first, packs smallest first (ties by id): the order every list shows.
  virtual std::vector<domain::PaymentPlan> list_plans() = 0;
  virtual std::vector<domain::CreditPack> list_packs() = 0;
  virtual std::optional<domain::PaymentPlan> plan_by_price(const std::string& stripe_price_id) = 0;
  virtual std::optional<domain::PaymentPlan> plan_by_id(const std::string& id) = 0;
  virtual std::optional<domain::CreditPack> pack_by_id(const std::string& id) = 0;
  // The plumber's user id with this Stripe customer, if any.
  virtual std::optional<std::int64_t> plumber_by_stripe_customer(
      const std::string& customer_id) = 0;
  virtual std::optional<domain::PlumberBilling> plumber_billing(std::int64_t user_id) = 0;
  // Writes every field of `billing` (empty strings become NULL); plan_changed_at = at only when the
  // plan status changes (the past_due grace period counts from it). Guarded in SQL so that a
  // concurrent writer's newer state wins: changes nothing and returns false when the stored
  // stripe_state_at is newer than billing.stripe_state_at, or when the stored subscription is this
  // one, canceled, and billing would make it something else (canceled is final).
  virtual bool save_plumber_billing(const domain::PlumberBilling& billing, domain::Millis at) = 0;
  // True when a ledger entry with this (kind, reference) exists.
  virtual bool ledger_reference_exists(const std::string& kind, const std::string& reference) = 0;

  // --- billing (issue 6, migration 0007) ---
  // Sets the plumber's Stripe customer only when none is set; true when it was set by this call.
  virtual bool set_stripe_customer(std::int64_t user_id, const std::string& customer_id) = 0;
  // Inserts or replaces every field of a plan / pack (admin editing).
  virtual void save_plan(const domain::PaymentPlan& plan) = 0;
  virtual void save_pack(const domain::CreditPack& pack) = 0;
  virtual void insert_checkout_session(const domain::CheckoutRecord& record) = 0;
  virtual std::optional<domain::CheckoutRecord> checkout_session(const std::string& id) = 0;
  // Sets completed_at (and subscription_id when given) once; false when unknown or done already.
  virtual bool complete_checkout_session(const std::string& id, const std::string& subscription_id,
                                         domain::Millis at) = 0;
  // Inserts a payment (payment.id is ignored; read the row back with payment_by_stripe_id); false
  // (no change) when its stripe_id exists.
  virtual bool insert_payment(const domain::Payment& payment) = 0;
  virtual std::optional<domain::Payment> payment_by_stripe_id(const std::string& stripe_id) = 0;
  virtual std::optional<domain::Payment> payment_by_intent(const std::string& payment_intent) = 0;
  virtual std::optional<domain::Payment> payment_by_charge(const std::string& charge_id) = 0;
  // Writes payment_intent, charge_id, receipt_url, amount_refunded_cents, dispute_status,
  // dispute_reason and updated_at of the payment with this id.
  virtual void update_payment(const domain::Payment& payment) = 0;
  // Newest first (created_at, then id).
  virtual std::vector<domain::Payment> list_payments(const domain::PaymentListQuery& q) = 0;

  // --- plumber profiles (marketplace) ---
  // The full record, or nullopt when the user is not a plumber.
  virtual std::optional<domain::PlumberProfile> plumber_profile(std::int64_t user_id) = 0;
  // Replaces the plumber-editable fields, the services and the extra ZIPs, and keeps the area
  // index (R*Tree on SQLite, the generated geography on PostgreSQL) in step. Input is validated.
  virtual void save_plumber_profile(std::int64_t user_id,
                                    const domain::PlumberProfileInput& profile,
                                    domain::Millis at) = 0;
  virtual void save_plumber_settings(std::int64_t user_id, const domain::PlumberSettings& settings,
                                     domain::Millis at) = 0;
  // Records an admin's decision (status, reason, verification dates, reviewer, time).
  virtual void set_plumber_review(std::int64_t user_id, const domain::PlumberReview& review) = 0;
  virtual void set_plumber_plan(std::int64_t user_id, const std::string& plan_status,
                                domain::Millis at) = 0;
  // Ordered by user id; empty status = every status.
  virtual std::vector<domain::PlumberProfile> list_plumbers(const domain::PlumberListQuery& q) = 0;
  virtual std::int64_t count_plumbers(const std::string& status) = 0;

  // --- profile changes (verified facts changed after a check; migration 0008) ---
  // Inserts a pending change (id, reviewed_at and reviewed_by are ignored) and returns its id.
  virtual std::int64_t insert_profile_change(const domain::ProfileChange& change) = 0;
  // The plumber's changes, pending first, then newest first (created_at, then id); at most `limit`.
  virtual std::vector<domain::ProfileChange> profile_changes(std::int64_t plumber_id,
                                                             int limit) = 0;
  // Pending changes over all plumbers (the admin dashboard's count).
  virtual std::int64_t count_pending_profile_changes() = 0;
  // The plumbers with at least one pending change, the longest-waiting first (oldest pending
  // created_at, then user id), and how many there are.
  virtual std::vector<std::int64_t> plumbers_with_pending_changes(int limit, int offset) = 0;
  virtual std::int64_t count_plumbers_with_pending_changes() = 0;
  // Closes every pending change of the plumber (reviewed_by, reviewed_at); returns how many.
  virtual int close_profile_changes(std::int64_t plumber_id,
                                    std::optional<std::int64_t> reviewed_by, domain::Millis at) = 0;

  // --- matching ---
  // Plumbers eligible for a new lead: approved, plan active or trialing (past_due counts as
  // active here; the claim re-checks the grace period; canceled while current_period_end, in
  // Unix seconds, is after q.now), not paused, daily_cap > 0 and fewer
  // claims than daily_cap at or after q.cap_since, offering q.service_type, and with the lead
  // inside the radius (great-circle distance from the base ZIP <= radius_miles, on the sphere of
  // geo::earth_radius_m) or q.zip among the extra ZIPs. Distance is always from the base point.
  // Ordered by plumber id. Both backends must return identical sets.
  virtual std::vector<domain::MatchCandidate> match_plumbers(const domain::MatchQuery& q) = 0;
  virtual void insert_lead_matches(const std::vector<domain::LeadMatch>& matches) = 0;
  // Late matching: of the q.limit newest leads q.plumber_id would be matched to now (the plumber
  // eligible as in match_plumbers, the lead open, not a duplicate, created at or after
  // q.created_since, of a service they offer, inside their radius or at one of their extra ZIPs),
  // those not matched to them yet, newest first (created_at, then id), as match rows to insert
  // (distance from the base point, 0 without one; matched_at = q.now). Looking only at the newest
  // q.limit, sent or not, makes a second call return nothing new. Both backends return the same.
  virtual std::vector<domain::LeadMatch> late_matches(const domain::LateMatchQuery& q) = 0;
  virtual std::optional<domain::LeadMatch> lead_match(std::int64_t lead_id,
                                                      std::int64_t plumber_id) = 0;
  // Ordered by plumber id.
  virtual std::vector<domain::LeadMatch> lead_matches(std::int64_t lead_id) = 0;

  // --- lead cards (no contact details) ---
  virtual domain::AvailablePage available_leads(const domain::AvailableQuery& q) = 0;
  // The card as this plumber sees it (distance from the match, 0 when not matched).
  virtual std::optional<domain::LeadCard> lead_card(std::int64_t lead_id,
                                                    std::int64_t plumber_id) = 0;
  // Leads created at or after `since` in one of the plumber's services and inside their area
  // (the radius round the base ZIP, or an extra ZIP), duplicates and flagged ones left out: what
  // they would have been sent with a plan, whether or not they were.
  virtual std::int64_t count_area_leads_since(std::int64_t plumber_id, domain::Millis since) = 0;

  // --- claims ---
  // Takes one slot: claims_count + 1 when the lead is open and below max_claims, and status
  // "full" when that was the last slot. Returns the new claims_count, or nullopt (no change) when
  // the lead is not open or has no slot left. Concurrent callers never exceed max_claims.
  virtual std::optional<int> take_claim_slot(std::int64_t lead_id, domain::Millis at) = 0;
  // Inserts a claim and returns its id; a second claim by the same plumber on the same lead throws
  // StoreError unique_violation.
  virtual std::int64_t insert_claim(const domain::Claim& claim) = 0;
  virtual std::optional<domain::Claim> claim_by_id(std::int64_t id) = 0;
  virtual std::optional<domain::Claim> claim_for(std::int64_t lead_id, std::int64_t plumber_id) = 0;
  // Newest first, with each lead and dispute status.
  virtual std::vector<domain::ClaimWithLead> claims_for_plumber(std::int64_t plumber_id, int limit,
                                                                int offset) = 0;
  virtual std::int64_t count_claims_for_plumber(std::int64_t plumber_id) = 0;
  // Oldest first (unrefunded and refunded alike).
  virtual std::vector<domain::Claim> claims_for_lead(std::int64_t lead_id) = 0;
  // Oldest first; only unrefunded claims.
  virtual std::vector<domain::Claimant> claimants(std::int64_t lead_id) = 0;
  // False when the claim does not belong to the plumber.
  virtual bool update_claim_outcome(std::int64_t claim_id, std::int64_t plumber_id,
                                    const domain::ClaimOutcomeUpdate& update,
                                    domain::Millis at) = 0;
  // Sets refunded_at once; false when it was refunded already.
  virtual bool mark_claim_refunded(std::int64_t claim_id, domain::Millis at) = 0;
  virtual int count_claims_since(std::int64_t plumber_id, domain::Millis since) = 0;
  virtual domain::PlumberStats plumber_stats(std::int64_t plumber_id,
                                             domain::Millis month_start) = 0;

  // --- lead changes for the marketplace ---
  virtual void set_lead_flag(std::int64_t lead_id, const std::string& flag, domain::Millis at) = 0;
  // Appends a paragraph to extra_details (separated by a blank line).
  virtual void append_lead_details(std::int64_t lead_id, const std::string& text,
                                   domain::Millis at) = 0;
  // Moves every open lead created before `created_before` to expired (closed_reason "expired")
  // and returns their ids, at most `limit`, oldest first.
  virtual std::vector<std::int64_t> expire_open_leads(domain::Millis created_before,
                                                      domain::Millis at, int limit) = 0;

  // --- disputes ---
  // Inserts a dispute and returns its id; a second dispute on the same claim throws
  // unique_violation.
  virtual std::int64_t insert_dispute(const domain::Dispute& dispute) = 0;
  virtual std::optional<domain::Dispute> dispute_by_id(std::int64_t id) = 0;
  virtual std::optional<domain::Dispute> dispute_for_claim(std::int64_t claim_id) = 0;
  // Oldest first; empty status = every status.
  virtual std::vector<domain::Dispute> list_disputes(const std::string& status, int limit,
                                                     int offset) = 0;
  // Moves a pending dispute to approved or denied; false when it was not pending (no change).
  virtual bool resolve_dispute(std::int64_t id, const std::string& status,
                               const std::string& resolution,
                               std::optional<std::int64_t> resolved_by, domain::Millis at) = 0;

  // --- live events (dashboard feed) ---
  virtual std::int64_t insert_live_event(const std::string& kind, std::int64_t lead_id,
                                         domain::Millis at) = 0;
  // Events with id > after_id, oldest first.
  virtual std::vector<domain::LiveEvent> live_events_after(std::int64_t after_id, int limit) = 0;
  // 0 when there are none.
  virtual std::int64_t last_live_event_id() = 0;
  virtual int delete_live_events_before(domain::Millis before) = 0;

  // --- privacy (issue 12, migration 0012; store/*/privacy.cpp) ---
  // Copies the lead's contact details to each of its unrefunded claims without a copy (claimants
  // keep what they bought), then overwrites name, phone, e-mail, address, best time and the
  // consent's IP and user agent with domain::anonymise_contact's placeholders, scrubs the
  // recipient and data of the lead's messages to the homeowner, and sets anonymised_at. False (no
  // change) when the lead is unknown or anonymised already.
  virtual bool anonymise_lead(std::int64_t lead_id, domain::Millis at) = 0;
  // Closed or expired leads not yet anonymised whose last change (updated_at) is before `before`,
  // oldest first, at most `limit`.
  virtual std::vector<std::int64_t> leads_due_for_anonymisation(domain::Millis before,
                                                                int limit) = 0;
  virtual std::optional<domain::Millis> lead_anonymised_at(std::int64_t lead_id) = 0;
  // The contact details this claim bought, copied when its lead was anonymised.
  virtual std::optional<domain::ContactCopy> claim_contact_copy(std::int64_t claim_id) = 0;
  // Marks the account closed; false (no change) when it is closed already.
  virtual bool close_user(std::int64_t user_id, const std::string& reason,
                          std::optional<std::int64_t> closed_by, domain::Millis at) = 0;
  virtual std::optional<domain::AccountClosure> user_closure(std::int64_t user_id) = 0;
  // Closed accounts not yet anonymised, closed before `before`, oldest first, at most `limit`.
  virtual std::vector<std::int64_t> closed_users_due(domain::Millis before, int limit) = 0;
  // Overwrites a closed account's personal data: e-mail (domain::anonymised_email), password,
  // contact name, phone, licence, insurance, description, service area and settings' channels;
  // deletes its services, extra ZIPs, area, sessions, tokens, log-in attempts and devices, and
  // scrubs messages sent to it. Keeps the business name (invoices), ledger, claims, payments.
  // False (no change) when the account is not closed or anonymised already.
  virtual bool anonymise_user(std::int64_t user_id, domain::Millis at) = 0;
  // For the data export: the user's sessions (newest first) and the messages sent to any of
  // `recipients` (e-mail addresses or phone numbers), oldest first, at most `limit`.
  virtual std::vector<domain::Session> sessions_of_user(std::int64_t user_id) = 0;
  virtual std::vector<domain::OutboxMessage> messages_to(const std::vector<std::string>& recipients,
                                                         int limit) = 0;
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

  // Runs fn in a write transaction; an error result rolls it back. Store failures are mapped here,
  // once: a busy, lost or broken database becomes `unavailable` (log_detail = what()). Unique and
  // check violations still throw StoreError: what they mean depends on the use case (a second
  // claim, an e-mail taken, a price id in use), so the service that wrote the row names them.
  template <typename T>
  domain::Result<T> write(const std::function<domain::Result<T>(Tx&)>& fn) {
    std::optional<domain::Result<T>> out;
    try {
      write_tx([&](Tx& tx) {
        out.emplace(fn(tx));
        return out->ok();
      });
    } catch (const StoreError& e) {
      if (e.kind() == StoreErrorKind::unique_violation ||
          e.kind() == StoreErrorKind::check_violation)
        throw;
      return store_unavailable(e);
    }
    return std::move(*out);
  }
  // Runs fn in a read-only transaction; a store failure throws domain::Failure (unavailable),
  // which the HTTP server answers with 503 and Retry-After.
  template <typename T>
  T read(const std::function<T(Tx&)>& fn) {
    std::optional<T> out;
    try {
      read_tx([&](Tx& tx) { out.emplace(fn(tx)); });
    } catch (const StoreError& e) {
      throw domain::Failure{store_unavailable(e)};
    }
    return std::move(*out);
  }
  // The error a store failure becomes, logged here once; the driver's text reaches no client.
  static domain::Error store_unavailable(const StoreError& e) {
    log::error("store_failure", {{"error", std::string(e.what())}});
    return domain::Error::make(
        domain::ErrorCode::unavailable,
        "We could not save or load that just now. Please try again in a moment.", e.what());
  }
};

// Opens "sqlite:PATH" or "postgres://…" / "postgresql://…"; throws std::invalid_argument for other
// schemes.
std::unique_ptr<Store> open_store(const std::string& url, const StoreOptions& options);

}  // namespace plumbline::store
