// Marketplace use cases: plumber profiles and reviews, matching at intake, the dashboard, claims,
// outcomes, disputes, credits, homeowner actions and lead expiry. Each public call is one
// transaction.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "domain/catalog.hpp"
#include "domain/error.hpp"
#include "domain/lead_decision.hpp"
#include "domain/ledger.hpp"
#include "domain/marketplace.hpp"
#include "domain/plan_standing.hpp"
#include "geo/time_zone.hpp"
#include "geo/zip_table.hpp"
#include "services/clock.hpp"
#include "services/leads.hpp"
#include "services/notifications.hpp"
#include "store/store.hpp"

namespace plumbline::services {

struct MarketplaceSettings {
  int max_claims_per_lead = 3;
  domain::Millis lead_expiry_ms = 72LL * 3600 * 1000;
  domain::Millis dispute_window_ms = 14LL * 24 * 3600 * 1000;
  domain::Millis past_due_grace_ms = 7LL * 24 * 3600 * 1000;
  // Homeowner contact details of requests closed or expired longer ago are anonymised; 0 = kept.
  int homeowner_retention_days = 365;
  // Late matching sends a newly eligible plumber at most this many of the newest open leads per
  // event, so that approving a plumber in a dense city does not bury them in alerts.
  int late_match_burst = 20;
  // The zone of a plumber whose base ZIP has none (config time_zone): their quiet hours follow it.
  std::string platform_time_zone = "UTC";
};

// A profile with what approval still needs.
struct ProfileView {
  domain::PlumberProfile plumber;
  bool email_verified = false;
  std::vector<std::string> missing;  // empty = ready for review
  // Verified facts changed since the last check and waiting for an admin, newest first.
  std::vector<domain::ProfileChange> changes;
  domain::PlanStanding plan;  // services/plan_standing.hpp: what every page says about the plan
};

struct PlumberPage {
  std::vector<ProfileView> plumbers;
  std::int64_t total = 0;
};

struct DashboardFigures {
  domain::Credits balance = 0;
  int claims_this_month = 0;
  std::optional<double> win_rate;           // won / (won + lost); none before any outcome
  std::optional<double> cost_per_job_won;   // credits spent / jobs won; none before a win
  std::optional<std::string> not_eligible;  // why new leads cannot be claimed right now
};

// A lead as the caller may see it: the card always; contact details only for claimants and
// admins (`contact` set).
struct LeadView {
  domain::LeadCard card;
  std::optional<domain::Lead> contact;  // the full lead, contact details included
  std::optional<domain::Claim> my_claim;
};

// A lead as a plumber weighs it before claiming (the lead page, the claim confirmation): the card
// and the homeowner's answers, never their name, phone, e-mail or street address.
struct LeadPage {
  domain::LeadCard card;
  std::string extra_details, contact_method, best_time;
  bool has_area = false;  // the ZIP's centre point is known
  double area_lat = 0, area_lng = 0;
  int plumbers_told = 0;
  std::optional<domain::MatchReason> why;  // for the matched plumber; none for admins
  std::optional<domain::CreditPrice> credit_price;
  domain::Credits balance = 0;
  std::optional<domain::Claim> my_claim;
  std::optional<domain::Error> refusal;  // why a claim would be refused right now
  domain::Millis expires_at = 0;
};

struct ClaimResult {
  domain::Claim claim;
  domain::Lead lead;            // with contact details
  domain::Credits balance = 0;  // after the debit
};

// One of the plumber's claims with its lead (contact details included) and any dispute.
struct ClaimDetail {
  domain::Claim claim;
  domain::Lead lead;
  std::optional<domain::Dispute> dispute;
};

struct ClaimsPage {
  std::vector<domain::ClaimWithLead> claims;
  std::int64_t total = 0;
};

struct CreditsView {
  domain::Credits balance = 0;
  std::vector<domain::LedgerEntry> entries;  // newest first
};

// A dispute with what the admin queue shows beside it.
struct DisputeView {
  domain::Dispute dispute;
  std::string business_name;
  domain::LeadCard lead;
  domain::Credits price_credits = 0;
};

class MarketplaceService {
 public:
  MarketplaceService(store::Store& store, const geo::ZipTable& zips, const geo::TimeZones& zones,
                     const Clock& clock, LeadService& leads, NotificationSettings notifications,
                     MarketplaceSettings settings);

  // --- plumber: profile and settings ---
  domain::Result<ProfileView> profile(std::int64_t plumber_id);
  // Validates and saves; a rejected plumber who edits goes back to pending review. Once a plumber
  // has been checked (approved, or suspended with verification dates), a change to a verified
  // fact (business name, licence, insurance) is recorded for the admin's queue and clears that
  // fact's check in the same transaction; the status stays (domain/profile_change_rules.hpp).
  domain::Result<ProfileView> save_profile(std::int64_t plumber_id,
                                           const domain::PlumberProfileInput& input);
  domain::Result<ProfileView> save_settings(std::int64_t plumber_id,
                                            const domain::PlumberSettings& input);

  // --- plumber: leads, claims, credits ---
  domain::Result<domain::AvailablePage> available(const domain::AvailableQuery& query);
  domain::Result<DashboardFigures> figures(std::int64_t plumber_id);
  // not_found when a plumber asks for a lead that did not match them and they did not claim.
  domain::Result<LeadView> lead_view(std::int64_t user_id, bool is_admin, std::int64_t lead_id);
  // The lead page: for a plumber it matched (or who claimed it: my_claim set) and for admins;
  // not_found for anyone else (services/marketplace_lead_page.cpp).
  domain::Result<LeadPage> lead_page(std::int64_t user_id, bool is_admin, std::int64_t lead_id);
  // What one credit costs this plumber (domain::effective_credit_price); nullopt when they bought
  // neither a plan nor a pack.
  domain::Result<std::optional<domain::CreditPrice>> credit_price(std::int64_t plumber_id);
  // Errors: not_found, already_claimed, not_eligible (message says why), lead_full,
  // insufficient_credits (message says how to get more).
  domain::Result<ClaimResult> claim(std::int64_t plumber_id, std::int64_t lead_id);
  domain::Result<ClaimsPage> claims(std::int64_t plumber_id, int limit, int offset);
  // not_found for a claim that is not this plumber's (never forbidden: ids are not confirmed).
  domain::Result<ClaimDetail> claim_detail(std::int64_t plumber_id, std::int64_t claim_id);
  domain::Result<domain::Claim> update_outcome(std::int64_t plumber_id, std::int64_t claim_id,
                                               const domain::ClaimOutcomeUpdate& update);
  // Auto-refunds when the lead carries the matching flag; otherwise queues for an admin.
  domain::Result<domain::Dispute> dispute(std::int64_t plumber_id, std::int64_t claim_id,
                                          const std::string& reason, const std::string& details);
  domain::Result<CreditsView> credits(std::int64_t user_id, int limit, int offset);

  // --- admin ---
  domain::Result<PlumberPage> list_plumbers(const domain::PlumberListQuery& query);
  // Approve, reject or suspend (validate_review); approval refuses while approval_missing is not
  // empty. Notifies the plumber. An approval records a new check, so it closes the plumber's
  // pending profile changes.
  domain::Result<ProfileView> review(std::int64_t admin_id, std::int64_t plumber_id,
                                     domain::PlumberReview review);
  // amount > 0 → grant, < 0 → adjustment. Refused (invalid_input on "amount", nothing changed)
  // beyond domain::credits_entry_max either way, below zero, or past domain::credits_balance_max.
  // Returns the new balance.
  domain::Result<domain::Credits> adjust_credits(std::int64_t admin_id, std::int64_t plumber_id,
                                                 domain::Credits amount, const std::string& reason);
  domain::Result<ProfileView> set_plan(std::int64_t admin_id, std::int64_t plumber_id,
                                       const std::string& plan_status);
  domain::Result<std::vector<DisputeView>> disputes(const std::string& status, int limit,
                                                    int offset);
  // Approve refunds the claim through the ledger; deny needs a reason. Notifies the plumber.
  domain::Result<domain::Dispute> resolve_dispute(std::int64_t admin_id, std::int64_t dispute_id,
                                                  bool approve, const std::string& reason);

  // --- homeowner, by tracking token ---
  domain::Result<TrackedLead> add_details(const std::string& token, const std::string& text);
  domain::Result<TrackedLead> mark_hired(const std::string& token);
  // Closes the lead, flags it and refunds every claimant.
  domain::Result<TrackedLead> never_requested(const std::string& token);

  // --- homeowner privacy (services/marketplace_privacy.cpp) ---
  // "Delete my details": overwrites the homeowner's name, phone, e-mail and address of a closed or
  // expired request (conflict while it still runs); claimants keep the copy they bought. A second
  // call changes nothing.
  domain::Result<TrackedLead> delete_homeowner_details(const std::string& token);
  // The retention job: anonymises requests closed or expired more than homeowner_retention_days
  // ago (by their last change); returns how many.
  domain::Result<int> anonymise_old_leads();

  // --- jobs ---
  // Expires open leads older than the expiry setting; returns how many.
  domain::Result<int> expire_leads();

  // Runs inside LeadService::submit's transaction for a new, non-duplicate lead: records the
  // matches, enqueues one alert per matched plumber per channel (all due at the same instant,
  // SMS after quiet hours unless an emergency) and a live event. Returns the match count.
  int match_new_lead(store::Tx& tx, std::int64_t lead_id, const domain::NewLead& lead,
                     const domain::Catalog& catalog, domain::Millis now);

  // Late matching (services/marketplace_late_matching.cpp), inside the transaction of any change
  // that may let the plumber receive leads (approval or reactivation, plan, unpausing, a wider area
  // or more services; docs/decisions/0009-late-matching.md): matches them to the newest
  // settings.late_match_burst open leads they would have been sent at intake and were not, with
  // the same alerts, live events and a line in each lead's history; the homeowner of a request
  // nobody had been sent is told once. Returns how many leads were matched; a second call with
  // nothing changed matches none.
  int match_open_leads(store::Tx& tx, std::int64_t plumber_id, domain::Millis now);

  // Whether a request in this ZIP would be sent to any plumber now, with the same rules as
  // match_new_lead: for service_type, or for any active service when it is empty or unknown.
  // `incomplete` for anything but a 5-digit ZIP (or ZIP+4), `unknown_zip` when our table lacks it.
  domain::Result<ZipCoverage> zip_coverage(const std::string& zip, const std::string& service_type);
  // The same for a validated lead (the intake's "ask first" check).
  bool covers(const domain::NewLead& lead);

  const MarketplaceSettings& settings() const { return settings_; }
  // The zone a plumber's quiet hours follow: their base ZIP's, else the platform's.
  const geo::TimeZone& quiet_hours_zone(const std::string& base_zip) const;

  // Called after a committed change that queued e-mail or SMS (the app nudges the outbox worker).
  std::function<void()> on_messages;

 private:
  void messages_queued() const {
    if (on_messages) on_messages();
  }
  // When a plumber's SMS alert about a lead of this urgency may go out (their quiet hours).
  domain::Millis sms_due(const std::string& base_zip, const domain::PlumberSettings& settings,
                         const std::string& urgency, domain::Millis now) const;

  store::Store& store_;
  const geo::ZipTable& zips_;
  const geo::TimeZones& zones_;
  const Clock& clock_;
  LeadService& leads_;
  NotificationSettings notifications_;
  MarketplaceSettings settings_;
};

}  // namespace plumbline::services
