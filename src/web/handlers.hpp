// Every HTTP handler of the application, one line each; routes.cpp maps URLs to them.
#pragma once
#include "config/config.hpp"
#include "http/request.hpp"
#include "http/response.hpp"
#include "http/router.hpp"
#include "web/services.hpp"

namespace plumbline::web {

using http::Request;
using http::Response;

// pages/home.cpp
Response show_home(const Services& a, Request& req);
Response show_about(const Services& a, Request& req);
// pages/pricing.cpp
Response show_pricing(const Services& a, Request& req);

// pages/app_shell.cpp (installable app: manifest, service worker, offline page)
Response show_web_manifest(const Services& a, Request& req);
Response show_service_worker(const Services& a, Request& req);
Response show_offline(const Services& a, Request& req);

// pages/leads.cpp
Response show_lead_form(const Services& a, Request& req);
Response submit_lead_form(const Services& a, Request& req);
// The request form embedded on a partner's site (issue 20; pages/leads.cpp).
Response show_embedded_lead_form(const Services& a, Request& req);
Response submit_embedded_lead_form(const Services& a, Request& req);
Response show_zip_coverage(const Services& a, Request& req);
Response show_service_questions(const Services& a, Request& req);  // issue 17: questions
Response show_lead_confirmation(const Services& a, Request& req);
Response show_lead_tracking(const Services& a, Request& req);
Response cancel_lead(const Services& a, Request& req);
// (marketplace, homeowner actions by tracking token)
Response submit_lead_details(const Services& a, Request& req);
Response submit_lead_hired(const Services& a, Request& req);
Response submit_lead_never_requested(const Services& a, Request& req);
Response submit_lead_delete_details(const Services& a, Request& req);
// pages/lead_verification.cpp (issue 17 item 1): the homeowner's phone or e-mail confirmation.
Response show_lead_verify(const Services& a, Request& req);
Response submit_lead_verify(const Services& a, Request& req);
Response submit_lead_verify_resend(const Services& a, Request& req);
Response show_lead_email_confirm(const Services& a, Request& req);
Response submit_lead_email_confirm(const Services& a, Request& req);

// api/leads.cpp
Response api_create_lead(const Services& a, Request& req);

// webhooks/twilio.cpp
Response twilio_status_callback(const Services& a, Request& req);
Response twilio_inbound_message(const Services& a, Request& req);

// webhooks/stripe.cpp
Response stripe_webhook(const Services& a, Request& req);

// testpay/handlers.cpp (test-payments mode only: the Stripe stand-in's API and pages)
Response test_stripe_api(const Services& a, Request& req);
Response show_test_checkout(const Services& a, Request& req);
Response submit_test_checkout(const Services& a, Request& req);
Response show_test_portal(const Services& a, Request& req);
Response submit_test_portal(const Services& a, Request& req);
Response show_test_receipt(const Services& a, Request& req);

// pages/dev_mail.cpp
Response show_dev_mailbox(const Services& a, Request& req);
Response show_dev_mail_message(const Services& a, Request& req);
Response show_dev_mail_html(const Services& a, Request& req);

// pages/account.cpp
Response show_signup(const Services& a, Request& req);
Response submit_signup(const Services& a, Request& req);
Response show_login(const Services& a, Request& req);
Response submit_login(const Services& a, Request& req);
Response submit_logout(const Services& a, Request& req);
Response submit_logout_everywhere(const Services& a, Request& req);
Response show_check_email(const Services& a, Request& req);
Response resend_verification(const Services& a, Request& req);

// pages/two_factor.cpp (two-factor sign-in: the code step of log-in, set-up, turning off)
Response show_login_two_factor(const Services& a, Request& req);
Response submit_login_two_factor(const Services& a, Request& req);
Response show_two_factor(const Services& a, Request& req);
Response submit_two_factor_setup(const Services& a, Request& req);
Response submit_two_factor_confirm(const Services& a, Request& req);
Response submit_two_factor_disable(const Services& a, Request& req);
Response verify_email(const Services& a, Request& req);
Response show_password_forgot(const Services& a, Request& req);
Response submit_password_forgot(const Services& a, Request& req);
Response show_password_reset(const Services& a, Request& req);
Response submit_password_reset(const Services& a, Request& req);
Response unlock_account(const Services& a, Request& req);
Response show_account(const Services& a, Request& req);
Response submit_email_change(const Services& a, Request& req);
Response submit_password_change(const Services& a, Request& req);
Response confirm_email_change(const Services& a, Request& req);
// (privacy: closure and export, issue 12)
Response submit_account_close(const Services& a, Request& req);
Response export_account_data(const Services& a, Request& req);

// pages/admin.cpp (the admin's start page; marketplace admin: plumbers and disputes)
Response show_admin_home(const Services& a, Request& req);
Response show_admin_plumber(const Services& a, Request& req);
Response submit_admin_approve_plumber(const Services& a, Request& req);
Response submit_admin_reject_plumber(const Services& a, Request& req);
Response submit_admin_suspend_plumber(const Services& a, Request& req);
Response submit_admin_close_plumber(const Services& a, Request& req);
Response submit_admin_plumber_credits(const Services& a, Request& req);
Response submit_admin_plumber_plan(const Services& a, Request& req);
Response show_admin_disputes(const Services& a, Request& req);
Response submit_admin_approve_dispute(const Services& a, Request& req);
Response submit_admin_deny_dispute(const Services& a, Request& req);
// Not routes: the profile-change queue (GET /admin/plumbers?changes=pending), and the detail page
// re-shown with a refused form's error and typed values (for pages/admin_plumbers.cpp).
Response show_admin_profile_changes(const Services& a, Request& req);
Response admin_plumber_form_error(const Services& a, const Request& req, domain::UserId id,
                                  const std::string& form, const domain::Error& error,
                                  boost::json::object values);

// pages/admin_plumbers.cpp (staff console: the plumber search, its CSV and the console actions)
Response show_admin_plumbers(const Services& a, Request& req);
Response export_admin_plumbers_csv(const Services& a, Request& req);
Response submit_admin_reactivate_plumber(const Services& a, Request& req);
Response submit_admin_edit_plumber(const Services& a, Request& req);
Response submit_admin_plumber_password_reset(const Services& a, Request& req);
Response submit_admin_end_plumber_sessions(const Services& a, Request& req);
// api/admin_plumbers.cpp (their JSON twins)
Response api_admin_search_plumbers(const Services& a, Request& req);
Response api_admin_plumber_dossier(const Services& a, Request& req);
Response api_admin_reactivate_plumber(const Services& a, Request& req);
Response api_admin_edit_plumber(const Services& a, Request& req);
Response api_admin_plumber_password_reset(const Services& a, Request& req);
Response api_admin_end_plumber_sessions(const Services& a, Request& req);

// pages/admin_lead.cpp (staff: one request, its notes, resend, close as fraud/spam, reopen)
Response show_admin_lead(const Services& a, Request& req);
Response submit_admin_lead_note(const Services& a, Request& req);
Response submit_admin_lead_resend(const Services& a, Request& req);
Response submit_admin_lead_close(const Services& a, Request& req);
Response submit_admin_lead_reopen(const Services& a, Request& req);
// api/admin_lead.cpp (the same as JSON)
Response api_admin_lead(const Services& a, Request& req);
Response api_admin_lead_note(const Services& a, Request& req);
Response api_admin_lead_resend(const Services& a, Request& req);
Response api_admin_lead_close(const Services& a, Request& req);
Response api_admin_lead_reopen(const Services& a, Request& req);

// pages/staff.cpp (staff accounts: the admin's Staff page; the invitee's password page)
Response show_admin_staff(const Services& a, Request& req);
// Partner lead sources (issue 20; pages/admin_sources.cpp).
Response show_admin_sources(const Services& a, Request& req);
Response submit_admin_source_new(const Services& a, Request& req);
Response show_admin_source(const Services& a, Request& req);
Response submit_admin_source_key(const Services& a, Request& req);
Response submit_admin_source_key_revoke(const Services& a, Request& req);
Response submit_admin_staff_invite(const Services& a, Request& req);
Response submit_admin_staff_role(const Services& a, Request& req);
Response submit_admin_staff_remove(const Services& a, Request& req);
Response show_staff_invite(const Services& a, Request& req);
Response submit_staff_invite(const Services& a, Request& req);
// pages/audit.cpp (the audit trail: page, CSV export) and its JSON twin in api/audit.cpp
Response show_admin_audit(const Services& a, Request& req);
Response export_admin_audit_csv(const Services& a, Request& req);
Response api_admin_audit(const Services& a, Request& req);

// api/admin.cpp
Response api_admin_plumbers(const Services& a, Request& req);
Response api_admin_plumber(const Services& a, Request& req);
Response api_admin_approve_plumber(const Services& a, Request& req);
Response api_admin_reject_plumber(const Services& a, Request& req);
Response api_admin_suspend_plumber(const Services& a, Request& req);
Response api_admin_close_plumber(const Services& a, Request& req);
Response api_admin_plumber_credits(const Services& a, Request& req);
Response api_admin_plumber_plan(const Services& a, Request& req);
Response api_admin_disputes(const Services& a, Request& req);
Response api_admin_approve_dispute(const Services& a, Request& req);
Response api_admin_deny_dispute(const Services& a, Request& req);

// pages/admin_leads.cpp and api/admin_leads.cpp (the console's request list and its CSV export)
Response show_admin_leads(const Services& a, Request& req);
Response export_admin_leads_csv(const Services& a, Request& req);
Response api_admin_leads(const Services& a, Request& req);

// pages/admin_reports.cpp and api/admin_reports.cpp (issue 16: every admin report, its CSV, JSON)
Response show_admin_reports(const Services& a, Request& req);
Response show_admin_report(const Services& a, Request& req);
Response export_admin_report_csv(const Services& a, Request& req);
Response api_admin_reports(const Services& a, Request& req);
Response api_admin_report(const Services& a, Request& req);

// pages/profile.cpp (marketplace: the plumber's profile and settings)
Response show_profile(const Services& a, Request& req);
Response submit_profile(const Services& a, Request& req);
Response show_settings(const Services& a, Request& req);
Response submit_settings(const Services& a, Request& req);

// pages/plumber_leads.cpp (marketplace: dashboard, claims, my leads, credits)
Response show_dashboard(const Services& a, Request& req);
Response submit_claim(const Services& a, Request& req);
Response show_my_leads(const Services& a, Request& req);
Response export_my_leads_csv(const Services& a, Request& req);
Response show_my_lead(const Services& a, Request& req);
Response submit_claim_outcome(const Services& a, Request& req);
Response submit_claim_dispute(const Services& a, Request& req);
Response show_credits(const Services& a, Request& req);
// pages/lead_page.cpp (marketplace: the lead page before claiming, the claim confirmation)
Response show_lead(const Services& a, Request& req);
Response show_claim_confirmation(const Services& a, Request& req);

// live.cpp (marketplace: the live dashboard feed as server-sent events)
Response stream_dashboard_events(const Services& a, Request& req);
Response api_events(const Services& a, Request& req);

// api/plumber.cpp (marketplace: the plumber API)
Response api_get_profile(const Services& a, Request& req);
Response api_put_profile(const Services& a, Request& req);
Response api_get_settings(const Services& a, Request& req);
Response api_put_settings(const Services& a, Request& req);
Response api_available_leads(const Services& a, Request& req);
Response api_lead(const Services& a, Request& req);
Response api_claim_lead(const Services& a, Request& req);
Response api_claims(const Services& a, Request& req);
Response api_update_claim(const Services& a, Request& req);
Response api_dispute_claim(const Services& a, Request& req);
Response api_credits(const Services& a, Request& req);

// pages/billing.cpp (payments: the plumber's billing page, Checkout, Portal, success page)
Response show_billing(const Services& a, Request& req);
Response submit_billing_checkout(const Services& a, Request& req);
Response submit_billing_portal(const Services& a, Request& req);
Response show_billing_done(const Services& a, Request& req);

// pages/admin_billing.cpp (payments: plans, packs and payments for admins)
Response show_admin_billing(const Services& a, Request& req);
Response submit_admin_plan(const Services& a, Request& req);
Response submit_admin_pack(const Services& a, Request& req);

// api/billing.cpp (payments: the plumber's billing API and the admin's plans, packs, payments)
Response api_billing(const Services& a, Request& req);
Response api_billing_checkout(const Services& a, Request& req);
Response api_billing_portal(const Services& a, Request& req);
Response api_billing_checkout_state(const Services& a, Request& req);
Response api_admin_plans(const Services& a, Request& req);
Response api_admin_put_plans(const Services& a, Request& req);
Response api_admin_packs(const Services& a, Request& req);
Response api_admin_put_packs(const Services& a, Request& req);
Response api_admin_payments(const Services& a, Request& req);

// pages/admin_settings.cpp, pages/admin_catalog.cpp, api/admin_settings.cpp (issue 15: business
// settings and the service catalog; the legal pages that show the settings' texts)
Response show_admin_settings(const Services& a, Request& req);
Response submit_admin_settings(const Services& a, Request& req);
Response show_admin_catalog(const Services& a, Request& req);
Response submit_admin_catalog(const Services& a, Request& req);
Response show_terms(const Services& a, Request& req);
Response show_privacy(const Services& a, Request& req);
Response api_admin_settings(const Services& a, Request& req);
Response api_admin_put_settings(const Services& a, Request& req);
Response api_admin_catalog(const Services& a, Request& req);
Response api_admin_put_catalog(const Services& a, Request& req);

// pages/webhooks.cpp (issue 20 item 3: a plumber's account pages, and the console's)
Response show_account_webhooks(const Services& a, Request& req);
Response submit_account_webhook(const Services& a, Request& req);
Response show_account_webhook(const Services& a, Request& req);
Response submit_account_webhook_rotate(const Services& a, Request& req);
Response submit_account_webhook_delete(const Services& a, Request& req);
Response submit_account_webhook_redeliver(const Services& a, Request& req);
Response show_admin_webhooks(const Services& a, Request& req);
Response submit_admin_webhook(const Services& a, Request& req);
Response show_admin_webhook(const Services& a, Request& req);
Response submit_admin_webhook_rotate(const Services& a, Request& req);
Response submit_admin_webhook_delete(const Services& a, Request& req);
Response submit_admin_webhook_redeliver(const Services& a, Request& req);

// api/webhooks.cpp (issue 20 item 3: a plumber's own endpoints, and the platform's for staff)
Response api_webhooks(const Services& a, Request& req);
Response api_create_webhook(const Services& a, Request& req);
Response api_webhook(const Services& a, Request& req);
Response api_delete_webhook(const Services& a, Request& req);
Response api_rotate_webhook_secret(const Services& a, Request& req);
Response api_redeliver_webhook(const Services& a, Request& req);
Response api_admin_webhooks(const Services& a, Request& req);
Response api_admin_create_webhook(const Services& a, Request& req);
Response api_admin_webhook(const Services& a, Request& req);
Response api_admin_delete_webhook(const Services& a, Request& req);
Response api_admin_rotate_webhook_secret(const Services& a, Request& req);
Response api_admin_redeliver_webhook(const Services& a, Request& req);

// api/auth.cpp
Response api_signup(const Services& a, Request& req);
Response api_token(const Services& a, Request& req);
Response api_refresh(const Services& a, Request& req);
Response api_me(const Services& a, Request& req);
Response api_me_export(const Services& a, Request& req);

// api/openapi.cpp: the API's contract and its reader
Response api_openapi(const Services& a, Request& req);
Response show_api_docs(const Services& a, Request& req);

// ops.cpp
Response show_health(const Services& a, Request& req);
Response show_readiness(const Services& a, Request& req);
Response show_metrics(const Services& a, Request& req);

// pages/admin_templates.cpp (message templates staff override: admins)
Response show_admin_templates(const Services& a, Request& req);
Response show_admin_template(const Services& a, Request& req);
Response show_admin_template_html(const Services& a, Request& req);
Response submit_admin_template_preview(const Services& a, Request& req);
Response submit_admin_template_save(const Services& a, Request& req);
Response submit_admin_template_revert(const Services& a, Request& req);
Response submit_admin_template_test(const Services& a, Request& req);
// api/admin_templates.cpp
Response api_admin_templates(const Services& a, Request& req);
Response api_admin_template(const Services& a, Request& req);
Response api_admin_put_template(const Services& a, Request& req);
Response api_admin_delete_template(const Services& a, Request& req);

// pages/admin_lead_edit.cpp (staff: a request by phone; admins: correct it, re-run matching)
Response show_admin_lead_new(const Services& a, Request& req);
Response submit_admin_lead_new(const Services& a, Request& req);
Response show_admin_lead_edit(const Services& a, Request& req);
Response submit_admin_lead_edit(const Services& a, Request& req);
Response submit_admin_lead_rematch(const Services& a, Request& req);
// api/admin_lead_edit.cpp (their JSON twins)
Response api_admin_create_lead(const Services& a, Request& req);
Response api_admin_edit_lead(const Services& a, Request& req);
Response api_admin_rematch_lead(const Services& a, Request& req);

// Console: messages and system status (issue 15, points 7 and 8): pages/admin_messages.cpp,
// pages/admin_status.cpp (with /readyz?verbose=1), api/admin_messages.cpp.
Response show_admin_messages(const Services& a, Request& req);
Response show_admin_message(const Services& a, Request& req);
Response show_admin_message_html(const Services& a, Request& req);
Response submit_admin_retry_message(const Services& a, Request& req);
Response submit_admin_cancel_message(const Services& a, Request& req);
Response show_admin_status(const Services& a, Request& req);
Response show_readiness_verbose(const Services& a, Request& req);
Response api_admin_messages(const Services& a, Request& req);
Response api_admin_message(const Services& a, Request& req);
Response api_admin_retry_message(const Services& a, Request& req);
Response api_admin_cancel_message(const Services& a, Request& req);

// pages/my_area.cpp, api/my_area.cpp (issue 16: the plumber's "Demand in my area" report)
Response show_my_area_report(const Services& a, Request& req);
Response api_my_area_report(const Services& a, Request& req);

// Issue 17, request photos. pages/leads.cpp: the tracking page's "add photos" form.
Response submit_lead_photos(const Services& a, Request& req);
// pages/photos.cpp: a photo's bytes for signed-in viewers (matched plumbers: thumbnails only;
// claimants and staff: full) and for the homeowner by tracking token.
Response show_photo(const Services& a, Request& req);
Response show_photo_thumbnail(const Services& a, Request& req);
Response show_lead_photo(const Services& a, Request& req);
Response show_lead_photo_thumbnail(const Services& a, Request& req);

// pages/reviews.cpp, pages/public_profiles.cpp (issue 17: verified reviews, public profiles)
Response show_review_form(const Services& a, Request& req);
Response submit_review(const Services& a, Request& req);
Response show_my_reviews(const Services& a, Request& req);
Response submit_review_reply(const Services& a, Request& req);
Response show_admin_reviews(const Services& a, Request& req);
Response submit_admin_review_hide(const Services& a, Request& req);
Response show_public_profile(const Services& a, Request& req);

// routes.cpp: builds the whole route table: the handlers get `a`, the middleware the limiters and
// the config (origins, cookies, secrets, tokens).
void add_routes(http::Router& router, const Services& a, const Limiters& limits,
                const config::Config& c);
// routes.cpp: the table of the separate PLUMBLINE_METRICS_LISTEN listener (/metrics only).
void add_metrics_routes(http::Router& router, const Services& a, const config::Config& c);

// present/page.cpp: renders a page inside the site layout, adding what every page needs (signed-in
// user, CSRF token).
Response render(const Services& a, const Request& req, int status, const std::string& page,
                const std::string& title, boost::json::object ctx);
// present/page.cpp: the business's name as the settings say now (for page titles).
std::string platform_name(const Services& a);

}  // namespace plumbline::web
