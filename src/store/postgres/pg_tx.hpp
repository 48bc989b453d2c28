// PgTx: the Tx interface over one pooled PostgreSQL connection inside an open transaction.
#pragma once
#include "store/postgres/pg_conn.hpp"
#include "store/store.hpp"

namespace plumbline::store::pg {

// Every lead column, qualified with the alias `l`, in the order read_lead expects (a macro so
// that queries can splice it into their SQL literals).
#define PG_LEAD_COLUMNS                                                                        \
  "l.id, l.status, l.closed_reason, l.service_type, l.description, l.urgency, l.zip, l.city, " \
  "l.state, l.lat, l.lng, l.address, l.name, l.phone_e164, l.email, l.contact_method, "        \
  "l.best_time, l.consent_text, l.consent_at, l.consent_ip, l.consent_user_agent, "            \
  "l.utm_source, l.utm_medium, l.utm_campaign, l.referrer, l.source, l.tracking_hash, "        \
  "l.duplicate_of, l.price_credits, l.max_claims, l.claims_count, l.flag, l.extra_details, "   \
  "l.created_at, l.updated_at"
inline constexpr int pg_lead_column_count = 35;

// Reads the PG_LEAD_COLUMNS that start at column `col` of row `row`.
domain::Lead read_lead(const Result& r, int row, int col);

class PgTx final : public Tx {
 public:
  explicit PgTx(Conn& c) : c_(c) {}

  domain::Catalog catalog() override;

  std::int64_t insert_lead(const domain::NewLead& lead) override;
  std::optional<domain::Lead> lead_by_id(std::int64_t id) override;
  std::optional<domain::Lead> lead_by_tracking_hash(const std::string& tracking_hash) override;
  std::optional<std::int64_t> recent_lead_for_phone(const std::string& phone_e164,
                                                    const std::string& service_type,
                                                    domain::Millis since) override;
  bool update_lead_status(std::int64_t id, const std::string& from, const std::string& to,
                          const std::string& closed_reason, domain::Millis at) override;
  std::int64_t count_leads() override;

  void insert_lead_history(const domain::LeadHistoryEntry& entry) override;
  std::vector<domain::LeadHistoryEntry> lead_history(std::int64_t lead_id) override;

  std::int64_t enqueue_message(const domain::OutboundMessage& message) override;
  std::vector<domain::OutboxMessage> lease_messages(const std::string& owner, domain::Millis now,
                                                    domain::Millis lease_until, int limit) override;
  void mark_message_sent(std::int64_t id, domain::Millis now,
                         const std::string& provider_id) override;
  void mark_message_retry(std::int64_t id, domain::Millis next_due, const std::string& error,
                          domain::Millis now) override;
  void mark_message_dead(std::int64_t id, const std::string& reason, domain::Millis now) override;
  std::optional<domain::OutboxMessage> message_by_id(std::int64_t id) override;
  std::vector<domain::OutboxMessage> messages_by_status(const std::string& status,
                                                        int limit) override;
  std::vector<domain::OutboxMessage> messages_for_lead(std::int64_t lead_id) override;
  bool retry_dead_message(std::int64_t id, domain::Millis now) override;
  domain::OutboxCounts outbox_counts() override;
  std::int64_t count_recent_messages(const std::string& kind, const std::string& recipient_key,
                                     domain::Millis since) override;
  bool update_delivery_status(const std::string& provider_id, const std::string& status,
                              domain::Millis now) override;

  void set_sms_opt_out(const std::string& phone_e164, bool opted_out, const std::string& keyword,
                       domain::Millis now) override;
  bool sms_opted_out(const std::string& phone_e164) override;

  std::int64_t insert_user(const domain::User& user) override;
  void insert_plumber(const domain::Plumber& plumber) override;
  std::optional<domain::User> user_by_id(std::int64_t id) override;
  std::optional<domain::User> user_by_email(const std::string& email) override;
  std::optional<domain::User> oldest_user_with_role(const std::string& role) override;
  std::optional<domain::Plumber> plumber_by_user(std::int64_t user_id) override;
  void set_user_email_verified(std::int64_t user_id, domain::Millis at) override;
  void set_user_email(std::int64_t user_id, const std::string& email, domain::Millis at) override;
  void set_user_password(std::int64_t user_id, const std::string& password_hash,
                         domain::Millis at) override;
  void set_user_role(std::int64_t user_id, const std::string& role, domain::Millis at) override;
  void set_user_locked_until(std::int64_t user_id, domain::Millis until,
                             domain::Millis at) override;

  std::int64_t insert_login_attempt(const domain::LoginAttempt& attempt) override;
  void set_login_attempt_succeeded(std::int64_t attempt_id) override;
  int count_login_failures(std::int64_t user_id, domain::Millis since) override;
  int count_device_login_failures(std::int64_t user_id, const std::string& device_hash,
                                  domain::Millis since) override;
  int count_address_login_failures(const std::string& ip, domain::Millis since) override;
  void lock_user_row(std::int64_t user_id) override;
  bool known_device(std::int64_t user_id, const std::string& device_hash) override;
  void remember_device(std::int64_t user_id, const std::string& device_hash,
                       domain::Millis at) override;
  int count_known_devices(std::int64_t user_id) override;

  // two_factor.cpp
  std::optional<domain::TwoFactor> two_factor(std::int64_t user_id) override;
  void put_two_factor_secret(std::int64_t user_id, const std::string& secret_sealed,
                             domain::Millis at) override;
  bool enable_two_factor(std::int64_t user_id, std::int64_t step, domain::Millis at) override;
  bool use_totp_step(std::int64_t user_id, std::int64_t step) override;
  void record_two_factor_failure(std::int64_t user_id, domain::Millis at) override;
  void delete_two_factor(std::int64_t user_id) override;
  void replace_recovery_codes(std::int64_t user_id,
                              const std::vector<std::string>& code_hashes) override;
  bool use_recovery_code(std::int64_t user_id, const std::string& code_hash,
                         domain::Millis at) override;
  int count_unused_recovery_codes(std::int64_t user_id) override;
  void insert_two_factor_challenge(const domain::TwoFactorChallenge& challenge) override;
  std::optional<domain::TwoFactorChallenge> two_factor_challenge(
      const std::string& token_hash) override;
  int fail_two_factor_challenge(const std::string& token_hash) override;
  bool delete_two_factor_challenge(const std::string& token_hash) override;

  void insert_session(const domain::Session& session) override;
  std::optional<domain::Session> session_by_hash(const std::string& id_hash) override;
  void touch_session(const std::string& id_hash, domain::Millis at) override;
  void delete_session(const std::string& id_hash) override;
  int delete_user_sessions(std::int64_t user_id, const std::string& keep_hash) override;

  void insert_auth_token(const domain::AuthToken& token) override;
  std::optional<domain::AuthToken> auth_token_by_hash(const std::string& token_hash) override;
  bool use_auth_token(const std::string& token_hash, domain::Millis at) override;
  void expire_auth_tokens(std::int64_t user_id, const std::string& purpose,
                          domain::Millis at) override;

  void insert_refresh_token(const domain::RefreshToken& token) override;
  std::optional<domain::RefreshToken> refresh_token_by_hash(const std::string& token_hash) override;
  bool use_refresh_token(const std::string& token_hash, domain::Millis at) override;
  void revoke_refresh_family(const std::string& family_id, domain::Millis at) override;
  void revoke_user_refresh_tokens(std::int64_t user_id, domain::Millis at) override;

  bool append_ledger_entry(const domain::LedgerEntry& entry) override;
  domain::Credits credit_balance(std::int64_t user_id) override;
  std::vector<domain::LedgerEntry> ledger_entries(std::int64_t user_id, int limit,
                                                  int offset) override;
  domain::Credits ledger_sum(std::int64_t user_id) override;

  bool record_stripe_event(const std::string& id, const std::string& type, std::int64_t created,
                           const std::string& outcome, domain::Millis at) override;
  std::int64_t count_stripe_events() override;
  std::vector<domain::PaymentPlan> list_plans() override;
  std::vector<domain::CreditPack> list_packs() override;
  std::optional<domain::PaymentPlan> plan_by_price(const std::string& stripe_price_id) override;
  std::optional<domain::PaymentPlan> plan_by_id(const std::string& id) override;
  std::optional<domain::CreditPack> pack_by_id(const std::string& id) override;
  std::optional<std::int64_t> plumber_by_stripe_customer(const std::string& customer_id) override;
  std::optional<domain::PlumberBilling> plumber_billing(std::int64_t user_id) override;
  bool save_plumber_billing(const domain::PlumberBilling& billing, domain::Millis at) override;
  bool ledger_reference_exists(const std::string& kind, const std::string& reference) override;

  bool set_stripe_customer(std::int64_t user_id, const std::string& customer_id) override;
  void save_plan(const domain::PaymentPlan& plan) override;
  void save_pack(const domain::CreditPack& pack) override;
  void insert_checkout_session(const domain::CheckoutRecord& record) override;
  std::optional<domain::CheckoutRecord> checkout_session(const std::string& id) override;
  bool complete_checkout_session(const std::string& id, const std::string& subscription_id,
                                 domain::Millis at) override;
  bool insert_payment(const domain::Payment& payment) override;
  std::optional<domain::Payment> payment_by_stripe_id(const std::string& stripe_id) override;
  std::optional<domain::Payment> payment_by_intent(const std::string& payment_intent) override;
  std::optional<domain::Payment> payment_by_charge(const std::string& charge_id) override;
  void update_payment(const domain::Payment& payment) override;
  std::vector<domain::Payment> list_payments(const domain::PaymentListQuery& q) override;

  std::optional<domain::PlumberProfile> plumber_profile(std::int64_t user_id) override;
  void save_plumber_profile(std::int64_t user_id, const domain::PlumberProfileInput& profile,
                            domain::Millis at) override;
  void save_plumber_settings(std::int64_t user_id, const domain::PlumberSettings& settings,
                             domain::Millis at) override;
  void set_plumber_review(std::int64_t user_id, const domain::PlumberReview& review) override;
  void set_plumber_plan(std::int64_t user_id, const std::string& plan_status,
                        domain::Millis at) override;
  std::vector<domain::PlumberProfile> list_plumbers(const domain::PlumberListQuery& q) override;
  std::int64_t count_plumbers(const std::string& status) override;

  std::vector<domain::MatchCandidate> match_plumbers(const domain::MatchQuery& q) override;
  void insert_lead_matches(const std::vector<domain::LeadMatch>& matches) override;
  std::vector<domain::LeadMatch> late_matches(const domain::LateMatchQuery& q) override;
  std::optional<domain::LeadMatch> lead_match(std::int64_t lead_id,
                                              std::int64_t plumber_id) override;
  std::vector<domain::LeadMatch> lead_matches(std::int64_t lead_id) override;

  domain::AvailablePage available_leads(const domain::AvailableQuery& q) override;
  std::optional<domain::LeadCard> lead_card(std::int64_t lead_id, std::int64_t plumber_id) override;
  std::int64_t count_area_leads_since(std::int64_t plumber_id, domain::Millis since) override;

  std::optional<int> take_claim_slot(std::int64_t lead_id, domain::Millis at) override;
  std::int64_t insert_claim(const domain::Claim& claim) override;
  std::optional<domain::Claim> claim_by_id(std::int64_t id) override;
  std::optional<domain::Claim> claim_for(std::int64_t lead_id, std::int64_t plumber_id) override;
  std::vector<domain::ClaimWithLead> claims_for_plumber(std::int64_t plumber_id, int limit,
                                                        int offset) override;
  std::int64_t count_claims_for_plumber(std::int64_t plumber_id) override;
  std::vector<domain::Claim> claims_for_lead(std::int64_t lead_id) override;
  std::vector<domain::Claimant> claimants(std::int64_t lead_id) override;
  bool update_claim_outcome(std::int64_t claim_id, std::int64_t plumber_id,
                            const domain::ClaimOutcomeUpdate& update, domain::Millis at) override;
  bool mark_claim_refunded(std::int64_t claim_id, domain::Millis at) override;
  int count_claims_since(std::int64_t plumber_id, domain::Millis since) override;
  domain::PlumberStats plumber_stats(std::int64_t plumber_id, domain::Millis month_start) override;

  void set_lead_flag(std::int64_t lead_id, const std::string& flag, domain::Millis at) override;
  void append_lead_details(std::int64_t lead_id, const std::string& text,
                           domain::Millis at) override;
  std::vector<std::int64_t> expire_open_leads(domain::Millis created_before, domain::Millis at,
                                              int limit) override;

  std::int64_t insert_profile_change(const domain::ProfileChange& change) override;
  std::vector<domain::ProfileChange> profile_changes(std::int64_t plumber_id, int limit) override;
  std::int64_t count_pending_profile_changes() override;
  std::vector<std::int64_t> plumbers_with_pending_changes(int limit, int offset) override;
  std::int64_t count_plumbers_with_pending_changes() override;
  int close_profile_changes(std::int64_t plumber_id, std::optional<std::int64_t> reviewed_by,
                            domain::Millis at) override;

  std::int64_t insert_dispute(const domain::Dispute& dispute) override;
  std::optional<domain::Dispute> dispute_by_id(std::int64_t id) override;
  std::optional<domain::Dispute> dispute_for_claim(std::int64_t claim_id) override;
  std::vector<domain::Dispute> list_disputes(const std::string& status, int limit,
                                             int offset) override;
  bool resolve_dispute(std::int64_t id, const std::string& status, const std::string& resolution,
                       std::optional<std::int64_t> resolved_by, domain::Millis at) override;

  std::int64_t insert_live_event(const std::string& kind, std::int64_t lead_id,
                                 domain::Millis at) override;
  std::vector<domain::LiveEvent> live_events_after(std::int64_t after_id, int limit) override;
  std::int64_t last_live_event_id() override;
  int delete_live_events_before(domain::Millis before) override;

  bool anonymise_lead(std::int64_t lead_id, domain::Millis at) override;
  std::vector<std::int64_t> leads_due_for_anonymisation(domain::Millis before, int limit) override;
  std::optional<domain::Millis> lead_anonymised_at(std::int64_t lead_id) override;
  std::optional<domain::ContactCopy> claim_contact_copy(std::int64_t claim_id) override;
  bool close_user(std::int64_t user_id, const std::string& reason,
                  std::optional<std::int64_t> closed_by, domain::Millis at) override;
  std::optional<domain::AccountClosure> user_closure(std::int64_t user_id) override;
  std::vector<std::int64_t> closed_users_due(domain::Millis before, int limit) override;
  bool anonymise_user(std::int64_t user_id, domain::Millis at) override;
  std::vector<domain::Session> sessions_of_user(std::int64_t user_id) override;
  std::vector<domain::OutboxMessage> messages_to(const std::vector<std::string>& recipients,
                                                 int limit) override;

 private:
  Conn& c_;
};

}  // namespace plumbline::store::pg
