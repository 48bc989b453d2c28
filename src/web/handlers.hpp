// Every HTTP handler of the application, one line each; routes.cpp maps URLs to them.
#pragma once
#include <optional>

#include "app/app.hpp"
#include "http/request.hpp"
#include "http/response.hpp"
#include "http/router.hpp"

namespace plumbline::web {

using http::Request;
using http::Response;

// pages/home.cpp
Response show_home(app::App& a, Request& req);
Response show_about(app::App& a, Request& req);
// pages/pricing.cpp
Response show_pricing(app::App& a, Request& req);

// pages/app_shell.cpp (installable app: manifest, service worker, offline page)
Response show_web_manifest(app::App& a, Request& req);
Response show_service_worker(app::App& a, Request& req);
Response show_offline(app::App& a, Request& req);

// pages/leads.cpp
Response show_lead_form(app::App& a, Request& req);
Response submit_lead_form(app::App& a, Request& req);
Response show_zip_coverage(app::App& a, Request& req);
Response show_lead_confirmation(app::App& a, Request& req);
Response show_lead_tracking(app::App& a, Request& req);
Response cancel_lead(app::App& a, Request& req);
// (marketplace, homeowner actions by tracking token)
Response submit_lead_details(app::App& a, Request& req);
Response submit_lead_hired(app::App& a, Request& req);
Response submit_lead_never_requested(app::App& a, Request& req);
Response submit_lead_delete_details(app::App& a, Request& req);

// api/leads.cpp
Response api_create_lead(app::App& a, Request& req);

// webhooks/twilio.cpp
Response twilio_status_callback(app::App& a, Request& req);
Response twilio_inbound_message(app::App& a, Request& req);

// webhooks/stripe.cpp
Response stripe_webhook(app::App& a, Request& req);

// testpay/handlers.cpp (test-payments mode only: the Stripe stand-in's API and pages)
Response test_stripe_api(app::App& a, Request& req);
Response show_test_checkout(app::App& a, Request& req);
Response submit_test_checkout(app::App& a, Request& req);
Response show_test_portal(app::App& a, Request& req);
Response submit_test_portal(app::App& a, Request& req);
Response show_test_receipt(app::App& a, Request& req);

// pages/dev_mail.cpp
Response show_dev_mailbox(app::App& a, Request& req);
Response show_dev_mail_message(app::App& a, Request& req);
Response show_dev_mail_html(app::App& a, Request& req);

// pages/account.cpp
Response show_signup(app::App& a, Request& req);
Response submit_signup(app::App& a, Request& req);
Response show_login(app::App& a, Request& req);
Response submit_login(app::App& a, Request& req);
Response submit_logout(app::App& a, Request& req);
Response submit_logout_everywhere(app::App& a, Request& req);
Response show_check_email(app::App& a, Request& req);
Response resend_verification(app::App& a, Request& req);

// pages/two_factor.cpp (two-factor sign-in: the code step of log-in, set-up, turning off)
Response show_login_two_factor(app::App& a, Request& req);
Response submit_login_two_factor(app::App& a, Request& req);
Response show_two_factor(app::App& a, Request& req);
Response submit_two_factor_setup(app::App& a, Request& req);
Response submit_two_factor_confirm(app::App& a, Request& req);
Response submit_two_factor_disable(app::App& a, Request& req);
Response verify_email(app::App& a, Request& req);
Response show_password_forgot(app::App& a, Request& req);
Response submit_password_forgot(app::App& a, Request& req);
Response show_password_reset(app::App& a, Request& req);
Response submit_password_reset(app::App& a, Request& req);
Response unlock_account(app::App& a, Request& req);
Response show_account(app::App& a, Request& req);
Response submit_email_change(app::App& a, Request& req);
Response submit_password_change(app::App& a, Request& req);
Response confirm_email_change(app::App& a, Request& req);
// (privacy: closure and export, issue 12)
Response submit_account_close(app::App& a, Request& req);
Response export_account_data(app::App& a, Request& req);
Response show_admin_home(app::App& a, Request& req);

// pages/admin.cpp (marketplace admin: plumbers and disputes)
Response show_admin_plumbers(app::App& a, Request& req);
Response show_admin_plumber(app::App& a, Request& req);
Response submit_admin_approve_plumber(app::App& a, Request& req);
Response submit_admin_reject_plumber(app::App& a, Request& req);
Response submit_admin_suspend_plumber(app::App& a, Request& req);
Response submit_admin_close_plumber(app::App& a, Request& req);
Response submit_admin_plumber_credits(app::App& a, Request& req);
Response submit_admin_plumber_plan(app::App& a, Request& req);
Response show_admin_disputes(app::App& a, Request& req);
Response submit_admin_approve_dispute(app::App& a, Request& req);
Response submit_admin_deny_dispute(app::App& a, Request& req);

// api/admin.cpp
Response api_admin_plumbers(app::App& a, Request& req);
Response api_admin_plumber(app::App& a, Request& req);
Response api_admin_approve_plumber(app::App& a, Request& req);
Response api_admin_reject_plumber(app::App& a, Request& req);
Response api_admin_suspend_plumber(app::App& a, Request& req);
Response api_admin_close_plumber(app::App& a, Request& req);
Response api_admin_plumber_credits(app::App& a, Request& req);
Response api_admin_plumber_plan(app::App& a, Request& req);
Response api_admin_disputes(app::App& a, Request& req);
Response api_admin_approve_dispute(app::App& a, Request& req);
Response api_admin_deny_dispute(app::App& a, Request& req);

// pages/profile.cpp (marketplace: the plumber's profile and settings)
Response show_profile(app::App& a, Request& req);
Response submit_profile(app::App& a, Request& req);
Response show_settings(app::App& a, Request& req);
Response submit_settings(app::App& a, Request& req);

// pages/plumber_leads.cpp (marketplace: dashboard, claims, my leads, credits)
Response show_dashboard(app::App& a, Request& req);
Response submit_claim(app::App& a, Request& req);
Response show_my_leads(app::App& a, Request& req);
Response export_my_leads_csv(app::App& a, Request& req);
Response show_my_lead(app::App& a, Request& req);
Response submit_claim_outcome(app::App& a, Request& req);
Response submit_claim_dispute(app::App& a, Request& req);
Response show_credits(app::App& a, Request& req);
// pages/lead_page.cpp (marketplace: the lead page before claiming, the claim confirmation)
Response show_lead(app::App& a, Request& req);
Response show_claim_confirmation(app::App& a, Request& req);

// live.cpp (marketplace: the live dashboard feed as server-sent events)
Response stream_dashboard_events(app::App& a, Request& req);
Response api_events(app::App& a, Request& req);

// api/plumber.cpp (marketplace: the plumber API)
Response api_get_profile(app::App& a, Request& req);
Response api_put_profile(app::App& a, Request& req);
Response api_get_settings(app::App& a, Request& req);
Response api_put_settings(app::App& a, Request& req);
Response api_available_leads(app::App& a, Request& req);
Response api_lead(app::App& a, Request& req);
Response api_claim_lead(app::App& a, Request& req);
Response api_claims(app::App& a, Request& req);
Response api_update_claim(app::App& a, Request& req);
Response api_dispute_claim(app::App& a, Request& req);
Response api_credits(app::App& a, Request& req);

// pages/billing.cpp (payments: the plumber's billing page, Checkout, Portal, success page)
Response show_billing(app::App& a, Request& req);
Response submit_billing_checkout(app::App& a, Request& req);
Response submit_billing_portal(app::App& a, Request& req);
Response show_billing_done(app::App& a, Request& req);

// pages/admin_billing.cpp (payments: plans, packs and payments for admins)
Response show_admin_billing(app::App& a, Request& req);
Response submit_admin_plan(app::App& a, Request& req);
Response submit_admin_pack(app::App& a, Request& req);

// api/billing.cpp (payments: the plumber's billing API and the admin's plans, packs, payments)
Response api_billing(app::App& a, Request& req);
Response api_billing_checkout(app::App& a, Request& req);
Response api_billing_portal(app::App& a, Request& req);
Response api_billing_checkout_state(app::App& a, Request& req);
Response api_admin_plans(app::App& a, Request& req);
Response api_admin_put_plans(app::App& a, Request& req);
Response api_admin_packs(app::App& a, Request& req);
Response api_admin_put_packs(app::App& a, Request& req);
Response api_admin_payments(app::App& a, Request& req);

// api/auth.cpp
Response api_signup(app::App& a, Request& req);
Response api_token(app::App& a, Request& req);
Response api_refresh(app::App& a, Request& req);
Response api_me(app::App& a, Request& req);
Response api_me_export(app::App& a, Request& req);

// ops.cpp
Response show_health(app::App& a, Request& req);
Response show_readiness(app::App& a, Request& req);
Response show_metrics(app::App& a, Request& req);

// routes.cpp: builds the whole route table.
void add_routes(http::Router& router, app::App& a);
// routes.cpp: the table of the separate PLUMBLINE_METRICS_LISTEN listener (/metrics only).
void add_metrics_routes(http::Router& router, app::App& a);

// Limits sign-up, resend and reset per e-mail address (on top of the per-IP group limit): a 429 to
// return, or nothing when the request may go on.
std::optional<Response> limit_by_address(app::App& a, const Request& req, const std::string& email);

// present/page.cpp: renders a page inside the site layout, adding what every page needs (signed-in
// user, CSRF token).
Response render(app::App& a, const Request& req, int status, const std::string& page,
                const std::string& title, boost::json::object ctx);

}  // namespace plumbline::web
