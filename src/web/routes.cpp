// EVERY route of Plumbline, grouped by who may call it and how errors are shown.
#include <memory>

#include "domain/photos.hpp"
#include "http/auth.hpp"
#include "http/middleware.hpp"
#include "web/address_limit.hpp"
#include "web/handlers.hpp"
#include "web/input.hpp"
#include "web/row_principal.hpp"

namespace plumbline::web {

void add_routes(http::Router& r, const Services& a, const Limiters& limits,
                const config::Config& c) {
  using http::ErrorFormat;
  using http::Group;
  auto bind = [&a](Response (*h)(const Services&, Request&)) {
    return [&a, h](Request& req) { return h(a, req); };
  };
  auto group = [](std::string name, ErrorFormat f, std::vector<http::Middleware> chain) {
    return std::make_shared<Group>(Group{std::move(name), f, std::move(chain)});
  };

  // With a Stripe key, the billing forms' 303 leads to Stripe's hosted Checkout and portal (or to
  // the pages of a configured API base): form-action must allow those origins or the browser
  // blocks the redirect. Test-payments mode serves its pages from this origin.
  std::string stripe_forms;
  if (!c.stripe_secret_key.empty()) {
    stripe_forms = "https://checkout.stripe.com https://billing.stripe.com";
    auto scheme_end = c.stripe_api_base.find("://");
    auto origin = scheme_end == std::string::npos
                      ? std::string()
                      : c.stripe_api_base.substr(0, c.stripe_api_base.find('/', scheme_end + 3));
    if (!origin.empty() && origin != "https://api.stripe.com") stripe_forms += " " + origin;
  }
  r.set_outer_chain({http::request_log(a.metrics, {c.access_log, c.trusted_proxies}),
                     http::security_headers(c.https(), stripe_forms)});
  // A request for a host name other than the base URL's (or PLUMBLINE_ALLOWED_HOSTS) is refused
  // before any route runs: this stops DNS rebinding. Load balancers probe the health checks by IP.
  r.set_guards({http::host_check(http::HostAllowList(c.base_url, c.allowed_hosts),
                                 {"/healthz", "/readyz"})});
  auto session = http::load_session(
      [&a](const std::string& cookie) -> std::optional<http::Principal> {
        auto s = a.accounts->session_user(cookie);
        if (!s) return std::nullopt;
        return http::Principal{domain::UserId{s->user.id}, s->user.email,      s->user.role,
                               s->user.verified(),         s->session.id_hash, false,
                               s->must_enrol_two_factor};
      },
      c.https());
  auto csrf = http::csrf({c.secret_key, c.base_url, c.https()});
  auto intake_limit = http::rate_limit_by_ip(limits.intake, c.rate_limit);
  auto auth_limit = http::rate_limit_by_ip(limits.auth, c.rate_limit);
  auto per_address = [&](AddressIn where, http::Handler h) {
    return limit_by_address(limits.address, c.rate_limit, where, std::move(h));
  };
  // After `require`: the handler's transactions run as this plumber, or as staff (row-level
  // security on PostgreSQL, migration 0042); every other group runs as the system.
  auto rows = row_principal();

  // Public pages: anyone; CSRF on every form.
  auto pages = group("public", ErrorFormat::html, {session, csrf});
  r.add(pages, "GET", "/", bind(show_home));
  r.add(pages, "GET", "/about", bind(show_about));
  r.add(pages, "GET", "/offline", bind(show_offline));  // kept by the service worker
  r.add(pages, "GET", "/pricing", bind(show_pricing));
  r.add(pages, "GET", "/terms", bind(show_terms));      // the settings' legal texts
  r.add(pages, "GET", "/privacy", bind(show_privacy));  // (issue 15)
  r.add(pages, "GET", "/request", bind(show_lead_form));
  r.add(pages, "GET", "/request/questions", bind(show_service_questions));  // issue 17, htmx
  r.add(pages, "GET", "/t/{token}", bind(show_lead_tracking));
  r.add(pages, "GET", "/t/{token}/sent", bind(show_lead_confirmation));
  r.add(pages, "POST", "/t/{token}/cancel", bind(cancel_lead));
  r.add(pages, "GET", "/signup", bind(show_signup));
  r.add(pages, "GET", "/login", bind(show_login));
  r.add(pages, "GET", "/login/two-factor", bind(show_login_two_factor));
  r.add(pages, "GET", "/verify/{token}", bind(verify_email));
  r.add(pages, "GET", "/password/forgot", bind(show_password_forgot));
  r.add(pages, "GET", "/password/reset/{token}", bind(show_password_reset));
  r.add(pages, "GET", "/unlock/{token}", bind(unlock_account));
  r.add(pages, "GET", "/account/email/confirm/{token}", bind(confirm_email_change));

  // Lead intake by form: also limited per client IP.
  auto intake = group("public-intake", ErrorFormat::html, {intake_limit, session, csrf});
  // Issue 17: with up to six photos, as multipart; any other body keeps the 64 KiB limit.
  r.add(intake, "POST", "/request", bind(submit_lead_form), 0,
        domain::max_photo_request_bytes + 64 * 1024);

  // The request form embedded on a partner's site (issue 20): no session (browsers keep our
  // cookies out of a third-party frame), so its CSRF token is signed and timed, not cookie-bound;
  // the page allows framing by the source's origins only (pages/leads.cpp).
  auto framed_csrf = http::framed_form_csrf({c.secret_key, c.base_url, c.https()});
  r.add(group("embedded-form", ErrorFormat::html, {framed_csrf}), "GET", "/embed/{id}/request",
        bind(show_embedded_lead_form));
  r.add(group("embedded-intake", ErrorFormat::html, {intake_limit, framed_csrf}), "POST",
        "/embed/{id}/request", bind(submit_embedded_lead_form), 32 * 1024);

  // The request form's ZIP check (yes or no, never who): read-only, but limited per IP so that
  // nobody maps the plumbers' coverage ZIP by ZIP.
  auto coverage = group("public-lookup", ErrorFormat::html,
                        {http::rate_limit_by_ip(limits.coverage, c.rate_limit)});
  r.add(coverage, "GET", "/request/coverage", bind(show_zip_coverage));

  // Marketplace: homeowner actions on the tracking page (anonymous forms, limited per IP).
  constexpr std::size_t small_form = 8 * 1024, details_form = 32 * 1024;
  auto homeowner = group("homeowner-forms", ErrorFormat::html, {intake_limit, session, csrf});
  r.add(homeowner, "POST", "/t/{token}/details", bind(submit_lead_details), details_form);
  r.add(homeowner, "POST", "/t/{token}/hired", bind(submit_lead_hired), small_form);
  r.add(homeowner, "POST", "/t/{token}/never-requested", bind(submit_lead_never_requested),
        small_form);
  r.add(homeowner, "POST", "/t/{token}/delete", bind(submit_lead_delete_details), small_form);
  // Issue 17 item 1: confirming the homeowner's phone (or e-mail). Entering and resending codes are
  // limited per IP (each code also takes 5 entries, and each number 5 codes an hour).
  auto verify = group("homeowner-verify", ErrorFormat::html,
                      {http::rate_limit_by_ip(limits.verification, c.rate_limit), session, csrf});
  r.add(pages, "GET", "/t/{token}/verify", bind(show_lead_verify));
  r.add(verify, "POST", "/t/{token}/verify", bind(submit_lead_verify), small_form);
  r.add(verify, "POST", "/t/{token}/verify/resend", bind(submit_lead_verify_resend), small_form);
  r.add(pages, "GET", "/t/{token}/confirm/{secret}", bind(show_lead_email_confirm));
  r.add(verify, "POST", "/t/{token}/confirm/{secret}", bind(submit_lead_email_confirm), small_form);

  // Issue 17, request photos: the homeowner adds up to six (multipart; the caps are in
  // domain/photos.hpp, the body limit is the per-request cap plus room for the fields); the bytes
  // are served to the viewer the service allows, checked on each request.
  constexpr std::size_t photos_form = domain::max_photo_request_bytes + 64 * 1024;
  r.add(homeowner, "POST", "/t/{token}/photos", bind(submit_lead_photos), 0, photos_form);
  r.add(pages, "GET", "/t/{token}/photos/{id}", bind(show_lead_photo));
  r.add(pages, "GET", "/t/{token}/photos/{id}/thumb", bind(show_lead_photo_thumbnail));
  r.add(pages, "GET", "/photos/{id}", bind(show_photo));
  r.add(pages, "GET", "/photos/{id}/thumb", bind(show_photo_thumbnail));

  // Account forms that guess-resistant secrets protect: limited per IP (sign-up and reset also per
  // address).
  auto auth_forms = group("auth-forms", ErrorFormat::html, {auth_limit, session, csrf});
  r.add(auth_forms, "POST", "/signup", per_address(AddressIn::form, bind(submit_signup)));
  r.add(auth_forms, "POST", "/login", bind(submit_login));
  r.add(auth_forms, "POST", "/login/two-factor", bind(submit_login_two_factor));
  r.add(auth_forms, "POST", "/password/forgot",
        per_address(AddressIn::form, bind(submit_password_forgot)));
  r.add(auth_forms, "POST", "/password/reset/{token}", bind(submit_password_reset));

  // Signed in, verified or not (the "check your e-mail" page and log-out).
  auto signed_in = group("signed-in", ErrorFormat::html,
                         {session, csrf, http::require({{}, false, true}), rows});
  r.add(signed_in, "GET", "/account/verify-email", bind(show_check_email));
  r.add(signed_in, "POST", "/logout", bind(submit_logout));
  auto resend = group("signed-in-limited", ErrorFormat::html,
                      {auth_limit, session, csrf, http::require({{}, false, true}), rows});
  r.add(resend, "POST", "/account/verify-email/resend",
        per_address(AddressIn::account, bind(resend_verification)));

  // Any verified account.
  auto account =
      group("account", ErrorFormat::html, {session, csrf, http::require({{}, true}), rows});
  r.add(account, "GET", "/account", bind(show_account));
  r.add(account, "POST", "/account/email", bind(submit_email_change));
  r.add(account, "POST", "/account/password", bind(submit_password_change));
  r.add(account, "POST", "/logout/everywhere", bind(submit_logout_everywhere));

  // Two-factor sign-in: open to an admin who must set it up (PLUMBLINE_ADMIN_2FA) before anything
  // else; the forms that check a code or the password are also limited per IP.
  auto two_factor = group("two-factor", ErrorFormat::html,
                          {session, csrf, http::require({{}, true, true}), rows});
  r.add(two_factor, "GET", "/account/two-factor", bind(show_two_factor));
  auto two_factor_forms = group("two-factor-limited", ErrorFormat::html,
                                {auth_limit, session, csrf, http::require({{}, true, true}), rows});
  r.add(two_factor_forms, "POST", "/account/two-factor/setup", bind(submit_two_factor_setup));
  r.add(two_factor_forms, "POST", "/account/two-factor/confirm", bind(submit_two_factor_confirm));
  r.add(two_factor_forms, "POST", "/account/two-factor/disable", bind(submit_two_factor_disable));

  // Plumbers and admins.
  auto plumber = group("plumber", ErrorFormat::html,
                       {session, csrf, http::require({{domain::Role::plumber}, true}), rows});
  r.add(plumber, "GET", "/dashboard", bind(show_dashboard));
  // Privacy (issue 12): the plumber's data export and account closure (password-checked).
  r.add(plumber, "GET", "/account/export", bind(export_account_data));
  r.add(plumber, "POST", "/account/close", bind(submit_account_close), 8 * 1024);

  // Marketplace: plumber pages (profile, settings, leads, claims, credits, live feed).
  constexpr std::size_t plumber_form = 8 * 1024, profile_form = 32 * 1024;
  r.add(plumber, "GET", "/dashboard/events", bind(stream_dashboard_events));
  r.add(plumber, "GET", "/profile", bind(show_profile));
  r.add(plumber, "POST", "/profile", bind(submit_profile), profile_form);
  r.add(plumber, "GET", "/settings", bind(show_settings));
  r.add(plumber, "POST", "/settings", bind(submit_settings), plumber_form);
  // The lead page before claiming: matched plumbers, and admins (any verified account; the
  // handler answers 404 to anyone else). Only the confirmation's form claims.
  r.add(account, "GET", "/leads/{id}", bind(show_lead));
  r.add(plumber, "GET", "/leads/{id}/claim", bind(show_claim_confirmation));
  r.add(plumber, "POST", "/leads/{id}/claim", bind(submit_claim), plumber_form);
  r.add(plumber, "GET", "/my-leads", bind(show_my_leads));
  r.add(plumber, "GET", "/my-leads.csv", bind(export_my_leads_csv));
  r.add(plumber, "GET", "/my-leads/{claim_id}", bind(show_my_lead));
  r.add(plumber, "POST", "/my-leads/{claim_id}/outcome", bind(submit_claim_outcome), profile_form);
  r.add(plumber, "POST", "/my-leads/{claim_id}/dispute", bind(submit_claim_dispute), profile_form);
  r.add(plumber, "GET", "/credits", bind(show_credits));
  r.add(plumber, "GET", "/reports/my-area", bind(show_my_area_report));  // issue 16
  // Outbound webhooks (issue 20 item 3): the plumber's own endpoints; /deliveries/… before /{id}.
  r.add(plumber, "GET", "/account/webhooks", bind(show_account_webhooks));
  r.add(plumber, "POST", "/account/webhooks", bind(submit_account_webhook), plumber_form);
  r.add(plumber, "POST", "/account/webhooks/deliveries/{id}/redeliver",
        bind(submit_account_webhook_redeliver), plumber_form);
  r.add(plumber, "GET", "/account/webhooks/{id}", bind(show_account_webhook));
  r.add(plumber, "POST", "/account/webhooks/{id}/rotate", bind(submit_account_webhook_rotate),
        plumber_form);
  r.add(plumber, "POST", "/account/webhooks/{id}/delete", bind(submit_account_webhook_delete),
        plumber_form);

  // Payments: plumber billing pages (Checkout and Portal answer 303 to Stripe).
  r.add(plumber, "GET", "/billing", bind(show_billing));
  // Each post calls Stripe, so these forms are also limited per IP.
  auto billing_forms = group("plumber-limited", ErrorFormat::html,
                             {http::rate_limit_by_ip(limits.api, c.rate_limit), session, csrf,
                              http::require({{domain::Role::plumber}, true}), rows});
  r.add(billing_forms, "POST", "/billing/checkout", bind(submit_billing_checkout), plumber_form);
  r.add(billing_forms, "POST", "/billing/portal", bind(submit_billing_portal), plumber_form);
  r.add(plumber, "GET", "/billing/done", bind(show_billing_done));
  // Staff pages: admins and support agents. Support reads everything, decides disputes, resends
  // messages and adds notes; money, settings, roles and closure are in the admin-only group.
  const std::vector<domain::Role> staff_roles{domain::Role::admin, domain::Role::support};
  auto staff =
      group("staff", ErrorFormat::html, {session, csrf, http::require({staff_roles, true}), rows});
  auto admin = group("admin", ErrorFormat::html,
                     {session, csrf, http::require({{domain::Role::admin}, true}), rows});
  r.add(staff, "GET", "/admin", bind(show_admin_home));

  // Marketplace: staff pages (plumbers, disputes).
  r.add(staff, "GET", "/admin/plumbers", bind(show_admin_plumbers));
  r.add(staff, "GET", "/admin/plumbers/{id}", bind(show_admin_plumber));
  r.add(admin, "POST", "/admin/plumbers/{id}/approve", bind(submit_admin_approve_plumber),
        small_form);
  r.add(admin, "POST", "/admin/plumbers/{id}/reject", bind(submit_admin_reject_plumber),
        small_form);
  r.add(admin, "POST", "/admin/plumbers/{id}/suspend", bind(submit_admin_suspend_plumber),
        small_form);
  r.add(admin, "POST", "/admin/plumbers/{id}/credits", bind(submit_admin_plumber_credits),
        small_form);
  r.add(admin, "POST", "/admin/plumbers/{id}/plan", bind(submit_admin_plumber_plan), small_form);
  r.add(admin, "POST", "/admin/plumbers/{id}/close", bind(submit_admin_close_plumber), small_form);
  // Requests by hand (pages/admin_lead_edit.cpp): support take phone calls too, so a phone-in is
  // staff; correcting a request and re-running matching are admins' (support read, decide
  // disputes, resend and add notes). /admin/leads/new must come before any /admin/leads/{id}.
  r.add(staff, "GET", "/admin/leads/new", bind(show_admin_lead_new));
  r.add(staff, "POST", "/admin/leads/new", bind(submit_admin_lead_new), details_form);
  r.add(admin, "GET", "/admin/leads/{id}/edit", bind(show_admin_lead_edit));
  r.add(admin, "POST", "/admin/leads/{id}/edit", bind(submit_admin_lead_edit), details_form);
  r.add(admin, "POST", "/admin/leads/{id}/rematch", bind(submit_admin_lead_rematch), small_form);
  // Staff console, plumbers (issue 15): the CSV holds contact data (admins); actions are admins'.
  r.add(admin, "GET", "/admin/plumbers.csv", bind(export_admin_plumbers_csv));
  r.add(admin, "POST", "/admin/plumbers/{id}/reactivate", bind(submit_admin_reactivate_plumber),
        small_form);
  r.add(admin, "POST", "/admin/plumbers/{id}/edit", bind(submit_admin_edit_plumber), small_form);
  r.add(admin, "POST", "/admin/plumbers/{id}/password-reset",
        bind(submit_admin_plumber_password_reset), small_form);
  r.add(admin, "POST", "/admin/plumbers/{id}/end-sessions", bind(submit_admin_end_plumber_sessions),
        small_form);
  r.add(staff, "GET", "/admin/disputes", bind(show_admin_disputes));
  r.add(staff, "POST", "/admin/disputes/{id}/approve", bind(submit_admin_approve_dispute),
        small_form);
  r.add(staff, "POST", "/admin/disputes/{id}/deny", bind(submit_admin_deny_dispute), small_form);
  // Console: the outbox (support may resend and cancel) and the system status.
  r.add(staff, "GET", "/admin/messages", bind(show_admin_messages));
  r.add(staff, "GET", "/admin/messages/{id}", bind(show_admin_message));
  r.add(staff, "GET", "/admin/messages/{id}/html", bind(show_admin_message_html));
  r.add(staff, "POST", "/admin/messages/{id}/retry", bind(submit_admin_retry_message), small_form);
  r.add(staff, "POST", "/admin/messages/{id}/cancel", bind(submit_admin_cancel_message),
        small_form);
  r.add(staff, "GET", "/admin/status", bind(show_admin_status));

  // Requests (leads): one request for staff; notes and resends by staff, close and reopen admins.
  r.add(staff, "GET", "/admin/leads/{id}", bind(show_admin_lead));
  r.add(staff, "POST", "/admin/leads/{id}/notes", bind(submit_admin_lead_note), small_form);
  r.add(staff, "POST", "/admin/leads/{id}/resend-confirmation", bind(submit_admin_lead_resend),
        small_form);
  r.add(admin, "POST", "/admin/leads/{id}/close", bind(submit_admin_lead_close), small_form);
  r.add(admin, "POST", "/admin/leads/{id}/reopen", bind(submit_admin_lead_reopen), small_form);
  // The console's request list (read-only; contacts masked for support staff).
  r.add(staff, "GET", "/admin/leads", bind(show_admin_leads));
  r.add(staff, "GET", "/admin/leads.csv", bind(export_admin_leads_csv));
  // Reports (issue 16): read-only, for admins and support.
  r.add(staff, "GET", "/admin/reports", bind(show_admin_reports));
  r.add(staff, "GET", "/admin/reports/{name}", bind(show_admin_report));
  r.add(staff, "GET", "/admin/reports/{name}/csv", bind(export_admin_report_csv));

  // Issue 17 (hired, reviews, public profiles): the review e-mail's single-use link (anonymous;
  // its form limited per IP like the tracking page's), the plumber's one reply, staff hiding a
  // review for a listed reason (audited), and the public profiles.
  r.add(pages, "GET", "/reviews/{token}", bind(show_review_form));
  r.add(homeowner, "POST", "/reviews/{token}", bind(submit_review), details_form);
  r.add(plumber, "GET", "/my-reviews", bind(show_my_reviews));
  r.add(plumber, "POST", "/my-reviews/{id}/reply", bind(submit_review_reply), details_form);
  r.add(staff, "GET", "/admin/reviews", bind(show_admin_reviews));
  r.add(staff, "POST", "/admin/reviews/{id}/hide", bind(submit_admin_review_hide), small_form);
  r.add(pages, "GET", "/pros/{slug}", bind(show_public_profile));

  // Payments: admin billing pages.
  r.add(admin, "GET", "/admin/billing", bind(show_admin_billing));
  r.add(admin, "POST", "/admin/plans/{id}", bind(submit_admin_plan), small_form);
  r.add(admin, "POST", "/admin/packs/{id}", bind(submit_admin_pack), small_form);

  // Message templates staff override (admins: settings territory). Forms carry three parts.
  constexpr std::size_t template_form = 96 * 1024;
  r.add(admin, "GET", "/admin/templates", bind(show_admin_templates));
  r.add(admin, "GET", "/admin/templates/{name}", bind(show_admin_template));
  r.add(admin, "GET", "/admin/templates/{name}/html", bind(show_admin_template_html));  // framed
  r.add(admin, "POST", "/admin/templates/{name}", bind(submit_admin_template_save), template_form);
  r.add(admin, "POST", "/admin/templates/{name}/preview", bind(submit_admin_template_preview),
        template_form);
  r.add(admin, "POST", "/admin/templates/{name}/revert", bind(submit_admin_template_revert),
        small_form);
  r.add(admin, "POST", "/admin/templates/{name}/test", bind(submit_admin_template_test),
        small_form);

  // Staff accounts and the audit trail (admins only). The invitation link's password page is
  // public (the link is the credential), its form throttled like the other account forms.
  r.add(admin, "GET", "/admin/staff", bind(show_admin_staff));
  r.add(admin, "POST", "/admin/staff/invite", bind(submit_admin_staff_invite), small_form);
  r.add(admin, "POST", "/admin/staff/{id}/role", bind(submit_admin_staff_role), small_form);
  r.add(admin, "POST", "/admin/staff/{id}/remove", bind(submit_admin_staff_remove), small_form);
  r.add(pages, "GET", "/staff/invite/{token}", bind(show_staff_invite));
  r.add(auth_forms, "POST", "/staff/invite/{token}", bind(submit_staff_invite), small_form);
  // Partner lead sources (issue 20): staff read them; creating one, issuing and revoking its keys
  // are admins' (its terms are money). Each action is audited (partner_source.create,
  // partner_key.issue|revoke).
  r.add(staff, "GET", "/admin/sources", bind(show_admin_sources));
  r.add(admin, "POST", "/admin/sources", bind(submit_admin_source_new), small_form);
  r.add(staff, "GET", "/admin/sources/{id}", bind(show_admin_source));
  r.add(admin, "POST", "/admin/sources/{id}/keys", bind(submit_admin_source_key), small_form);
  r.add(admin, "POST", "/admin/sources/{id}/keys/{key_id}/revoke",
        bind(submit_admin_source_key_revoke), small_form);
  // Outbound webhooks (issue 20 item 3): the platform's endpoints; staff read and redeliver,
  // admins register, rotate and remove. /deliveries/… before /{id}.
  r.add(staff, "GET", "/admin/webhooks", bind(show_admin_webhooks));
  r.add(admin, "POST", "/admin/webhooks", bind(submit_admin_webhook), small_form);
  r.add(staff, "POST", "/admin/webhooks/deliveries/{id}/redeliver",
        bind(submit_admin_webhook_redeliver), small_form);
  r.add(staff, "GET", "/admin/webhooks/{id}", bind(show_admin_webhook));
  r.add(admin, "POST", "/admin/webhooks/{id}/rotate", bind(submit_admin_webhook_rotate),
        small_form);
  r.add(admin, "POST", "/admin/webhooks/{id}/delete", bind(submit_admin_webhook_delete),
        small_form);
  r.add(admin, "GET", "/admin/audit", bind(show_admin_audit));
  r.add(admin, "GET", "/admin/audit.csv", bind(export_admin_audit_csv));

  // Settings and the service catalog (issue 15): admins only; legal texts make the form large.
  constexpr std::size_t settings_form = 512 * 1024, catalog_form = 128 * 1024;
  r.add(admin, "GET", "/admin/settings", bind(show_admin_settings));
  r.add(admin, "POST", "/admin/settings", bind(submit_admin_settings), settings_form);
  r.add(admin, "GET", "/admin/catalog", bind(show_admin_catalog));
  r.add(admin, "POST", "/admin/catalog", bind(submit_admin_catalog), catalog_form);

  // Test payments: the built-in Stripe stand-in, mounted only with PLUMBLINE_TEST_PAYMENTS=on
  // and no Stripe key (the config refuses it on https or a non-loopback address).
  if (a.test_stripe) {
    // Its API: the Bearer key is the authentication, as at Stripe; no session, no CSRF.
    auto test_api = group("api-test-payments", ErrorFormat::json, {});
    r.add(test_api, "GET", "/test-payments/stripe/{path...}", bind(test_stripe_api));
    r.add(test_api, "POST", "/test-payments/stripe/{path...}", bind(test_stripe_api));
    // Its "Stripe-hosted" pages: anonymous, like Stripe's; CSRF on their forms.
    r.add(pages, "GET", "/test-payments/checkout/{id}", bind(show_test_checkout));
    r.add(pages, "POST", "/test-payments/checkout/{id}", bind(submit_test_checkout), small_form);
    r.add(pages, "GET", "/test-payments/portal/{id}", bind(show_test_portal));
    r.add(pages, "POST", "/test-payments/portal/{id}", bind(submit_test_portal), small_form);
    r.add(pages, "GET", "/test-payments/receipts/{id}", bind(show_test_receipt));
  }

  // JSON API v1: no cookies, so no CSRF. A partner's post (issue 20: Authorization: Bearer plk_…)
  // is limited per key by its source's rate in services/partners.cpp; per IP it takes the API's
  // limit instead of the form's, since one partner server sends many homeowners' requests.
  auto api_partner_limit = http::rate_limit_by_ip(limits.api, c.rate_limit);
  auto intake_or_partner = [intake_limit, api_partner_limit](Request& req,
                                                             const http::Handler& next) {
    return req.header("authorization") ? api_partner_limit(req, next) : intake_limit(req, next);
  };
  auto api = group("api", ErrorFormat::json, {intake_or_partner});
  r.add(api, "POST", "/api/v1/leads", bind(api_create_lead));
  auto api_auth = group("api-auth", ErrorFormat::json, {auth_limit});
  r.add(api_auth, "POST", "/api/v1/auth/signup", per_address(AddressIn::json, bind(api_signup)));
  r.add(api_auth, "POST", "/api/v1/auth/token", bind(api_token));
  r.add(api_auth, "POST", "/api/v1/auth/refresh", bind(api_refresh));
  auto bearer =
      http::bearer_auth([&a](const std::string& token) -> domain::Result<http::Principal> {
        auto claims = a.accounts->verify_access_token(token);
        if (!claims) return claims.error();
        auto role = domain::parse<domain::Role>(claims->role);  // signed by us: only a stale role
        if (!role) return domain::Error{domain::ErrorCode::unauthorized, "Sign in again."};
        return http::Principal{domain::UserId{claims->user_id}, "", *role, true, "", true};
      });
  auto api_user = group("api-user", ErrorFormat::json,
                        {http::rate_limit_by_ip(limits.api, c.rate_limit), bearer});
  r.add(api_user, "GET", "/api/v1/me", bind(api_me));

  // Marketplace: plumber API (bearer token of a plumber; lead summaries for admins too).
  constexpr std::size_t api_plumber_body = 8 * 1024, api_profile_body = 32 * 1024;
  auto api_plumber = group("api-plumber", ErrorFormat::json,
                           {http::rate_limit_by_ip(limits.api, c.rate_limit), bearer,
                            http::require({{domain::Role::plumber}, true}), rows});
  r.add(api_plumber, "GET", "/api/v1/profile", bind(api_get_profile));
  r.add(api_plumber, "GET", "/api/v1/reports/my-area", bind(api_my_area_report));  // issue 16
  r.add(api_plumber, "PUT", "/api/v1/profile", bind(api_put_profile), api_profile_body);
  r.add(api_plumber, "GET", "/api/v1/settings", bind(api_get_settings));
  r.add(api_plumber, "PUT", "/api/v1/settings", bind(api_put_settings), api_plumber_body);
  r.add(api_plumber, "GET", "/api/v1/leads/available", bind(api_available_leads));
  r.add(api_user, "GET", "/api/v1/leads/{id}", bind(api_lead));  // after /available
  r.add(api_plumber, "POST", "/api/v1/leads/{id}/claim", bind(api_claim_lead), api_plumber_body);
  r.add(api_plumber, "GET", "/api/v1/claims", bind(api_claims));
  r.add(api_plumber, "PATCH", "/api/v1/claims/{id}", bind(api_update_claim), api_profile_body);
  r.add(api_plumber, "POST", "/api/v1/claims/{id}/dispute", bind(api_dispute_claim),
        api_profile_body);
  r.add(api_plumber, "GET", "/api/v1/credits", bind(api_credits));
  r.add(api_plumber, "GET", "/api/v1/me/export", bind(api_me_export));
  r.add(api_plumber, "GET", "/api/v1/events", bind(api_events));

  // Payments: plumber billing API.
  r.add(api_plumber, "GET", "/api/v1/billing", bind(api_billing));
  r.add(api_plumber, "POST", "/api/v1/billing/checkout", bind(api_billing_checkout),
        api_plumber_body);
  r.add(api_plumber, "POST", "/api/v1/billing/portal", bind(api_billing_portal), api_plumber_body);
  // The success page polls this with its session cookie; a bearer token works too. Read-only, so
  // the cookie needs no CSRF token.
  auto bearer_or_session = [bearer, session](Request& req, const http::Handler& next) {
    if (req.header("authorization")) return bearer(req, next);
    return session(req, next);
  };
  auto api_plumber_poll =
      group("api-plumber-poll", ErrorFormat::json,
            {http::rate_limit_by_ip(limits.api, c.rate_limit), bearer_or_session,
             http::require({{domain::Role::plumber}, true}), rows});
  r.add(api_plumber_poll, "GET", "/api/v1/billing/checkout/{id}", bind(api_billing_checkout_state));

  // Marketplace: staff API (bearer token of an admin or a support agent) and admin-only API.
  auto api_staff = group("api-staff", ErrorFormat::json,
                         {http::rate_limit_by_ip(limits.api, c.rate_limit), bearer,
                          http::require({staff_roles, true}), rows});
  auto api_admin = group("api-admin", ErrorFormat::json,
                         {http::rate_limit_by_ip(limits.api, c.rate_limit), bearer,
                          http::require({{domain::Role::admin}, true}), rows});
  r.add(api_staff, "GET", "/api/v1/admin/plumbers", bind(api_admin_plumbers));
  // Staff console, plumbers (issue 15): before /{id}, which would take "search" as an id.
  r.add(api_staff, "GET", "/api/v1/admin/plumbers/search", bind(api_admin_search_plumbers));
  r.add(api_staff, "GET", "/api/v1/admin/plumbers/{id}", bind(api_admin_plumber));
  r.add(api_staff, "GET", "/api/v1/admin/plumbers/{id}/dossier", bind(api_admin_plumber_dossier));
  r.add(api_admin, "POST", "/api/v1/admin/plumbers/{id}/reactivate",
        bind(api_admin_reactivate_plumber), small_form);
  r.add(api_admin, "PUT", "/api/v1/admin/plumbers/{id}/profile", bind(api_admin_edit_plumber),
        small_form);
  r.add(api_admin, "POST", "/api/v1/admin/plumbers/{id}/password-reset",
        bind(api_admin_plumber_password_reset), small_form);
  r.add(api_admin, "POST", "/api/v1/admin/plumbers/{id}/end-sessions",
        bind(api_admin_end_plumber_sessions), small_form);
  r.add(api_admin, "POST", "/api/v1/admin/plumbers/{id}/approve", bind(api_admin_approve_plumber),
        small_form);
  r.add(api_admin, "POST", "/api/v1/admin/plumbers/{id}/reject", bind(api_admin_reject_plumber),
        small_form);
  r.add(api_admin, "POST", "/api/v1/admin/plumbers/{id}/suspend", bind(api_admin_suspend_plumber),
        small_form);
  r.add(api_admin, "POST", "/api/v1/admin/plumbers/{id}/credits", bind(api_admin_plumber_credits),
        small_form);
  r.add(api_admin, "PUT", "/api/v1/admin/plumbers/{id}/plan", bind(api_admin_plumber_plan),
        small_form);
  r.add(api_admin, "POST", "/api/v1/admin/plumbers/{id}/close", bind(api_admin_close_plumber),
        small_form);
  r.add(api_staff, "POST", "/api/v1/admin/leads", bind(api_admin_create_lead), details_form);
  r.add(api_admin, "PATCH", "/api/v1/admin/leads/{id}", bind(api_admin_edit_lead), details_form);
  r.add(api_admin, "POST", "/api/v1/admin/leads/{id}/rematch", bind(api_admin_rematch_lead),
        small_form);
  r.add(api_staff, "GET", "/api/v1/admin/disputes", bind(api_admin_disputes));
  r.add(api_staff, "POST", "/api/v1/admin/disputes/{id}/approve", bind(api_admin_approve_dispute),
        small_form);
  r.add(api_staff, "POST", "/api/v1/admin/disputes/{id}/deny", bind(api_admin_deny_dispute),
        small_form);
  r.add(api_staff, "GET", "/api/v1/admin/leads/{id}", bind(api_admin_lead));
  r.add(api_staff, "POST", "/api/v1/admin/leads/{id}/notes", bind(api_admin_lead_note), small_form);
  r.add(api_staff, "POST", "/api/v1/admin/leads/{id}/resend-confirmation",
        bind(api_admin_lead_resend), small_form);
  r.add(api_admin, "POST", "/api/v1/admin/leads/{id}/close", bind(api_admin_lead_close),
        small_form);
  r.add(api_admin, "POST", "/api/v1/admin/leads/{id}/reopen", bind(api_admin_lead_reopen),
        small_form);

  r.add(api_admin, "GET", "/api/v1/admin/audit", bind(api_admin_audit));
  // Console: the outbox as JSON (support may resend and cancel, like on the pages).
  r.add(api_staff, "GET", "/api/v1/admin/messages", bind(api_admin_messages));
  r.add(api_staff, "GET", "/api/v1/admin/messages/{id}", bind(api_admin_message));
  r.add(api_staff, "POST", "/api/v1/admin/messages/{id}/retry", bind(api_admin_retry_message),
        small_form);
  r.add(api_staff, "POST", "/api/v1/admin/messages/{id}/cancel", bind(api_admin_cancel_message),
        small_form);
  r.add(api_staff, "GET", "/api/v1/admin/leads", bind(api_admin_leads));
  // Reports (issue 16): the list and one report as JSON.
  r.add(api_staff, "GET", "/api/v1/admin/reports", bind(api_admin_reports));
  r.add(api_staff, "GET", "/api/v1/admin/reports/{name}", bind(api_admin_report));

  // Payments: admin billing API (a PUT replaces the listed items in one transaction).
  constexpr std::size_t api_catalog_body = 64 * 1024;
  r.add(api_admin, "GET", "/api/v1/admin/plans", bind(api_admin_plans));
  r.add(api_admin, "PUT", "/api/v1/admin/plans", bind(api_admin_put_plans), api_catalog_body);
  r.add(api_admin, "GET", "/api/v1/admin/packs", bind(api_admin_packs));
  r.add(api_admin, "PUT", "/api/v1/admin/packs", bind(api_admin_put_packs), api_catalog_body);
  r.add(api_admin, "GET", "/api/v1/admin/payments", bind(api_admin_payments));

  // Message templates: admin API (PUT saves parts, DELETE reverts to the shipped text).
  r.add(api_admin, "GET", "/api/v1/admin/templates", bind(api_admin_templates));
  r.add(api_admin, "GET", "/api/v1/admin/templates/{name}", bind(api_admin_template));
  r.add(api_admin, "PUT", "/api/v1/admin/templates/{name}", bind(api_admin_put_template),
        96 * 1024);
  r.add(api_admin, "DELETE", "/api/v1/admin/templates/{name}", bind(api_admin_delete_template));

  // Settings and the service catalog (issue 15).
  constexpr std::size_t api_settings_body = 512 * 1024;
  r.add(api_admin, "GET", "/api/v1/admin/settings", bind(api_admin_settings));
  r.add(api_admin, "PUT", "/api/v1/admin/settings", bind(api_admin_put_settings),
        api_settings_body);
  r.add(api_admin, "GET", "/api/v1/admin/catalog", bind(api_admin_catalog));
  r.add(api_admin, "PUT", "/api/v1/admin/catalog", bind(api_admin_put_catalog), api_catalog_body);

  // Outbound webhooks (issue 20 item 3): a plumber's own endpoints, and the platform's (staff read
  // and redeliver; registering, rotating and removing are admins'). /deliveries/… comes before
  // /{id} so that "deliveries" is never read as an id.
  r.add(api_plumber, "GET", "/api/v1/webhooks", bind(api_webhooks));
  r.add(api_plumber, "POST", "/api/v1/webhooks", bind(api_create_webhook), api_plumber_body);
  r.add(api_plumber, "POST", "/api/v1/webhooks/deliveries/{id}/redeliver",
        bind(api_redeliver_webhook), api_plumber_body);
  r.add(api_plumber, "GET", "/api/v1/webhooks/{id}", bind(api_webhook));
  r.add(api_plumber, "DELETE", "/api/v1/webhooks/{id}", bind(api_delete_webhook));
  r.add(api_plumber, "POST", "/api/v1/webhooks/{id}/rotate-secret", bind(api_rotate_webhook_secret),
        api_plumber_body);
  r.add(api_staff, "GET", "/api/v1/admin/webhooks", bind(api_admin_webhooks));
  r.add(api_admin, "POST", "/api/v1/admin/webhooks", bind(api_admin_create_webhook), small_form);
  r.add(api_staff, "POST", "/api/v1/admin/webhooks/deliveries/{id}/redeliver",
        bind(api_admin_redeliver_webhook), small_form);
  r.add(api_staff, "GET", "/api/v1/admin/webhooks/{id}", bind(api_admin_webhook));
  r.add(api_admin, "DELETE", "/api/v1/admin/webhooks/{id}", bind(api_admin_delete_webhook));
  r.add(api_admin, "POST", "/api/v1/admin/webhooks/{id}/rotate-secret",
        bind(api_admin_rotate_webhook_secret), small_form);

  // The API's contract (docs/openapi.json; tests/integration/openapi.test.mjs checks it against
  // this table) and its reader (Swagger UI from static/vendor): open to anyone.
  r.add(group("api-docs", ErrorFormat::json, {}), "GET", "/api/v1/openapi.json", bind(api_openapi));
  r.add(group("api-docs-page", ErrorFormat::html, {}), "GET", "/api/docs", bind(show_api_docs));

  // Provider webhooks: no session, no CSRF; the provider's signature is the authentication.
  auto webhooks =
      group("webhooks", ErrorFormat::json, {http::rate_limit_by_ip(limits.webhook, c.rate_limit)});
  r.add(webhooks, "POST", "/webhooks/twilio/status", bind(twilio_status_callback));
  r.add(webhooks, "POST", "/webhooks/twilio/inbound", bind(twilio_inbound_message));
  // Raw JSON body (the signature covers its exact bytes); Stripe events stay well under 256 KiB.
  r.add(webhooks, "POST", "/webhooks/stripe", bind(stripe_webhook), 256 * 1024);

  // The demo's local mailbox (only without SMTP and on loopback; see pages/dev_mail.cpp).
  r.add(pages, "GET", "/dev/mail", bind(show_dev_mailbox));
  r.add(pages, "GET", "/dev/mail/{name}", bind(show_dev_mail_message));
  r.add(pages, "GET", "/dev/mail/{name}/html", bind(show_dev_mail_html));  // framed, sandboxed

  // Static assets and operations.
  auto assets = group("static", ErrorFormat::html, {});
  r.add(assets, "GET", "/favicon.ico", [&a](Request&) {
    auto res = Response::redirect(a.statics->url_for("img/favicon.svg"), 301);
    res.set_header("Cache-Control", "public, max-age=86400");
    return res;
  });
  r.add(assets, "GET", "/static/{hash}/{path...}",
        [&a](Request& req) { return a.statics->serve(req); });
  // The installable app: its manifest and its service worker, at the root for the root scope.
  r.add(assets, "GET", "/manifest.webmanifest", bind(show_web_manifest));
  r.add(assets, "GET", "/sw.js", bind(show_service_worker));
  auto ops = group("ops", ErrorFormat::json, {});
  r.add(ops, "GET", "/healthz", bind(show_health));
  // /readyz?verbose=1 answers the system status to a staff member's bearer token (401/403 and no
  // details without one); plain /readyz stays open for load balancers.
  r.add(ops, "GET", "/readyz",
        [&a, bearer, staff_token = http::require({staff_roles, true})](Request& req) {
          if (!query_of(req).has("verbose")) return show_readiness(a, req);
          return bearer(req, [&](Request& signed_in) {
            return staff_token(signed_in, [&](Request& staff_req) {
              return show_readiness_verbose(a, staff_req);
            });
          });
        });
  // Prometheus metrics on this port only with PLUMBLINE_METRICS_TOKEN (else 404); the
  // PLUMBLINE_METRICS_LISTEN listener serves them from add_metrics_routes below.
  if (!c.metrics_token.empty()) {
    auto metrics =
        group("ops-metrics", ErrorFormat::json, {http::shared_secret_bearer(c.metrics_token)});
    r.add(metrics, "GET", "/metrics", bind(show_metrics));
  }
}

void add_metrics_routes(http::Router& r, const Services& a, const config::Config& c) {
  r.set_outer_chain({http::request_log(a.metrics, {c.access_log, c.trusted_proxies}),
                     http::security_headers(false)});
  // Scrapers address this listener by IP; a DNS name must be the base URL's or an allowed one.
  r.set_guards({http::host_check(http::HostAllowList(c.base_url, c.allowed_hosts, true))});
  std::vector<http::Middleware> chain;
  if (!c.metrics_token.empty()) chain.push_back(http::shared_secret_bearer(c.metrics_token));
  auto metrics = std::make_shared<http::Group>(
      http::Group{"metrics-listener", http::ErrorFormat::json, std::move(chain)});
  r.add(metrics, "GET", "/metrics", [&a](Request& req) { return show_metrics(a, req); });
}

}  // namespace plumbline::web
