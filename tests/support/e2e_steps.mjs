// Page-level steps the browser journeys share (Playwright pages): log-in with or without the code
// step, the sign-up form, the profile form, and the admin's review and credit forms.
import assert from 'node:assert/strict';
import { PASSWORD } from './accounts.mjs';
import { nextSecondFactor } from './two_factor.mjs';

const SIGN_UP_FIELDS = ['business_name', 'contact_name', 'email', 'phone', 'password'];
const PROFILE_FIELDS = ['business_name', 'contact_name', 'phone', 'licence_number', 'licence_state', 'insurance_carrier',
  'insurance_expires_on', 'years_in_business', 'description', 'base_zip', 'radius_miles'];

// Logs in on /login; an account with two-factor on answers the code page (support/two_factor.mjs),
// after atCodeStep() when given. Ends on the page the log-in leads to; `lands` (a path) asserts it.
export async function logInPage(page, baseUrl, email, password = PASSWORD, { lands, atCodeStep } = {}) {
  await page.goto(`${baseUrl}/login`);
  await page.fill('#field-email', email);
  await page.fill('#field-password', password);
  await Promise.all([
    page.waitForURL((u) => u.pathname !== '/login'),
    page.locator('form[action="/login"] button[type=submit]').click(),
  ]);
  if (new URL(page.url()).pathname === '/login/two-factor') {
    await atCodeStep?.();
    await page.fill('#field-code', await nextSecondFactor(email));
    await Promise.all([
      page.waitForURL((u) => !u.pathname.startsWith('/login')),
      page.locator('form[action="/login/two-factor"] button[type=submit]').click(),
    ]);
  }
  if (lands) assert.equal(page.url(), `${baseUrl}${lands}`, `log-in of ${email}`);
}

// Fills the sign-up form on the page with a plumber's answers (support/accounts.mjs newPlumber).
export async function fillSignUpForm(page, plumber) {
  for (const f of SIGN_UP_FIELDS) await page.fill(`#field-${f}`, plumber[f]);
}

// Signs a plumber up on /signup; ends on the "Check your e-mail" page.
export async function signUpPage(page, baseUrl, plumber) {
  await page.goto(`${baseUrl}/signup`);
  await fillSignUpForm(page, plumber);
  await Promise.all([
    page.waitForURL(`${baseUrl}/account/verify-email`),
    page.locator('form[action="/signup"] button[type=submit]').click(),
  ]);
}

// Saves a profile (support/marketplace.mjs completeProfile) through the /profile form.
export async function fillProfilePage(page, baseUrl, profile) {
  await page.goto(`${baseUrl}/profile`);
  for (const f of PROFILE_FIELDS) await page.fill(`#field-${f}`, String(profile[f]));
  for (const service of profile.services) await page.check(`#service-${service}`);
  await Promise.all([page.waitForLoadState('load'), page.locator('form[action="/profile"] button[type=submit]').click()]);
}

// On an admin's plumber page: approves with the verification dates; ends on ?done=approved.
export async function approveOnPlumberPage(page, { licenceVerifiedOn, insuranceValidUntil }) {
  await page.fill('#field-licence_verified_on', licenceVerifiedOn);
  await page.fill('#field-insurance_valid_until', insuranceValidUntil);
  await Promise.all([page.waitForURL(/done=approved$/), page.locator('#approve-form button[type=submit]').click()]);
}

// On an admin's plumber page: grants credits with a reason; ends on ?done=credits.
export async function grantCreditsOnPlumberPage(page, amount, reason) {
  await page.fill('#field-amount', String(amount));
  await page.fill('#field-credits_reason', reason);
  await Promise.all([page.waitForURL(/done=credits$/), page.locator('#credits-form button[type=submit]').click()]);
}
