// Tx: one transaction handle with every aggregate's methods (services call tx.insert_lead(...)).
#pragma once
#include "store/tx/accounts.hpp"
#include "store/tx/audit.hpp"
#include "store/tx/billing.hpp"
#include "store/tx/catalog.hpp"
#include "store/tx/claims.hpp"
#include "store/tx/credits.hpp"
#include "store/tx/disputes.hpp"
#include "store/tx/integration_status.hpp"
#include "store/tx/lead_admin.hpp"
#include "store/tx/lead_cards.hpp"
#include "store/tx/lead_console.hpp"
#include "store/tx/lead_verification.hpp"  // issue 17: verified phone
#include "store/tx/leads.hpp"
#include "store/tx/live_events.hpp"
#include "store/tx/matching.hpp"
#include "store/tx/message_templates.hpp"
#include "store/tx/outbox.hpp"
#include "store/tx/partners.hpp"  // issue 20: partner lead sources
#include "store/tx/payments.hpp"
#include "store/tx/photos.hpp"  // issue 17: request photos
#include "store/tx/plumber_console.hpp"
#include "store/tx/privacy.hpp"
#include "store/tx/profile_changes.hpp"
#include "store/tx/profiles.hpp"
#include "store/tx/report_activity.hpp"
#include "store/tx/report_demand.hpp"
#include "store/tx/report_health.hpp"
#include "store/tx/report_my_area.hpp"
#include "store/tx/report_overview.hpp"
#include "store/tx/report_revenue.hpp"
#include "store/tx/report_rollup.hpp"
#include "store/tx/reviews.hpp"  // issue 17: hired, reviews, profiles
#include "store/tx/sessions.hpp"
#include "store/tx/settings.hpp"
#include "store/tx/two_factor.hpp"
#include "store/tx/webhooks.hpp"  // issue 20: outbound webhooks

// Every method of every aggregate, for a backend's Tx class:
// PLUMBLINE_ALL_TX(PLUMBLINE_TX_OVERRIDE).
// clang-format off
#define PLUMBLINE_ALL_TX(M) \
  PLUMBLINE_CATALOG_TX(M) \
  PLUMBLINE_LEADS_TX(M) \
  PLUMBLINE_OUTBOX_TX(M) \
  PLUMBLINE_ACCOUNTS_TX(M) \
  PLUMBLINE_TWO_FACTOR_TX(M) \
  PLUMBLINE_SESSIONS_TX(M) \
  PLUMBLINE_CREDITS_TX(M) \
  PLUMBLINE_PAYMENTS_TX(M) \
  PLUMBLINE_BILLING_TX(M) \
  PLUMBLINE_PROFILES_TX(M) \
  PLUMBLINE_PROFILE_CHANGES_TX(M) \
  PLUMBLINE_MATCHING_TX(M) \
  PLUMBLINE_LEAD_CARDS_TX(M) \
  PLUMBLINE_CLAIMS_TX(M) \
  PLUMBLINE_DISPUTES_TX(M) \
  PLUMBLINE_LIVE_EVENTS_TX(M) \
  PLUMBLINE_PRIVACY_TX(M) \
  PLUMBLINE_AUDIT_TX(M) \
  PLUMBLINE_MESSAGE_TEMPLATES_TX(M) \
  PLUMBLINE_LEAD_ADMIN_TX(M) \
  PLUMBLINE_PLUMBER_CONSOLE_TX(M) \
  PLUMBLINE_INTEGRATION_STATUS_TX(M) \
  PLUMBLINE_SETTINGS_TX(M) \
  PLUMBLINE_LEAD_CONSOLE_TX(M) \
  PLUMBLINE_REPORT_OVERVIEW_TX(M) \
  PLUMBLINE_REPORT_HEALTH_TX(M) \
  PLUMBLINE_REPORT_DEMAND_TX(M) \
  PLUMBLINE_REPORT_REVENUE_TX(M) \
  PLUMBLINE_REPORT_MY_AREA_TX(M) \
  PLUMBLINE_REPORT_ACTIVITY_TX(M) \
  PLUMBLINE_REPORT_ROLLUP_TX(M) \
  PLUMBLINE_LEAD_VERIFICATION_TX(M) \
  PLUMBLINE_PHOTOS_TX(M) \
  PLUMBLINE_REVIEWS_TX(M) \
  PLUMBLINE_PARTNERS_TX(M) \
  PLUMBLINE_WEBHOOKS_TX(M)
// clang-format on

namespace plumbline::store {

// A transaction handle. Every method may throw StoreError; the enclosing write rolls back then.
class Tx : public CatalogTx,
           public LeadsTx,
           public OutboxTx,
           public AccountsTx,
           public TwoFactorTx,
           public SessionsTx,
           public CreditsTx,
           public PaymentsTx,
           public BillingTx,
           public ProfilesTx,
           public ProfileChangesTx,
           public MatchingTx,
           public LeadCardsTx,
           public ClaimsTx,
           public DisputesTx,
           public LiveEventsTx,
           public PrivacyTx,
           public AuditTx,
           public MessageTemplatesTx,
           public LeadAdminTx,
           public PlumberConsoleTx,
           public IntegrationStatusTx,
           public SettingsTx,
           public LeadConsoleTx,
           public ReportOverviewTx,
           public ReportHealthTx,
           public ReportDemandTx,
           public ReportRevenueTx,
           public ReportMyAreaTx,
           public ReportActivityTx,
           public ReportRollupTx,
           public LeadVerificationTx,
           public PhotosTx,
           public ReviewsTx,
           public PartnersTx,
           public WebhooksTx {
 public:
  virtual ~Tx() = default;
};

}  // namespace plumbline::store
