// The README's "Try it in five minutes", in Chromium on a server started as `make run` starts it:
// a homeowner asks for a plumber in 94110, reads the confirmation at /dev/mail, a demo plumber claims
// the lead (and disputes it), and the demo admin approves the pending plumber, decides the dispute
// and grants credits. Desktop and phone; screenshots and axe-core on every page.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeOnce, startServer } from '../support/server.mjs';
import {
  VIEWPORTS, assertNoAxeViolations, launchBrowser, openPage, screenshotter, skipWithoutChromium,
} from '../support/browser.mjs';
import { currentStep, totp } from '../support/two_factor.mjs';
import { waitForMails } from '../support/accounts.mjs';
import { approveOnPlumberPage, grantCreditsOnPlumberPage, logInPage } from '../support/e2e_steps.mjs';

// `make run` sets these two; the admin's password is the documented override of the generated one
// (the banner itself is checked in tests/integration/first-minutes.test.mjs).
const MAKE_RUN_ENV = { PLUMBLINE_DEMO_DATA: 'on', PLUMBLINE_TEST_PAYMENTS: 'on' };
const ADMIN = { email: 'demo-admin@example.com', password: 'Walkthrough-Admin-7731' };
const PLUMBER = { email: 'demo-plumber1@example.com', password: 'plumbline-demo-only', business: 'Mission Pipe & Drain' };

// The claim, in one place: the card's claim button, then (when the claim has a confirmation step)
// its confirmation. Ends on the claimed lead's page.
async function claimLead(page, card) {
  await Promise.all([page.waitForURL(/\/leads\/\d+\/claim$/), card.locator('a.lead-claim').click()]);
  await axe(page, 'the claim confirmation');
  await Promise.all([page.waitForURL(/\/my-leads\/\d+/), page.locator('#claim-confirm').click()]);
}

async function axe(page, label) {
  await assertNoAxeViolations(page, label);
}

for (const vp of VIEWPORTS) describeOnce(`README walkthrough in Chromium (${vp.name})`, { skip: skipWithoutChromium }, () => {
  let srv;
  let browser;
  before(async () => {
    srv = await startServer({ env: { ...MAKE_RUN_ENV, PLUMBLINE_DEMO_ADMIN_PASSWORD: ADMIN.password } });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await srv?.close();
  });

  it('homeowner requests, reads the e-mail; plumber claims and disputes; admin approves, decides and grants', async () => {
    const base = srv.baseUrl;
    const homeowner = {
      name: `Hedy Walkthrough ${vp.name}`,
      phone: vp.name === 'phone' ? '(415) 555-0198' : '(415) 555-0199',
      email: `hedy-${vp.name}@homeowners.example.com`,
      description: `Walkthrough (${vp.name}): the kitchen sink leaks under the cabinet and the floor is wet.`,
    };

    // 1. The homeowner asks for a plumber in 94110.
    const h = await openPage(browser, vp);
    const hShoot = screenshotter(h.page, 'walkthrough/1-homeowner', vp);
    await h.page.goto(`${base}/request`);
    await axe(h.page, 'the request form');
    await h.page.selectOption('#field-service_type', 'leak_repair');
    await h.page.fill('#field-description', homeowner.description);
    await h.page.check('#field-urgency-within_24h');
    await h.page.fill('#field-zip', '94110');
    await h.page.fill('#field-name', homeowner.name);
    await h.page.fill('#field-phone', homeowner.phone);
    await h.page.fill('#field-email', homeowner.email);
    await h.page.check('#field-contact_method-phone');
    await h.page.check('#field-consent');
    await hShoot('request-form');
    await Promise.all([
      h.page.waitForURL(/\/t\/[A-Za-z0-9_-]+\/sent$/),
      h.page.locator('form button[type=submit]', { hasText: 'Send my request' }).click(),
    ]);
    const trackingUrl = await h.page.locator('#tracking-url').inputValue();
    assert.match(trackingUrl, /\/t\/[A-Za-z0-9_-]+$/);
    await axe(h.page, 'the confirmation page');
    await hShoot('request-sent');

    // 2. The confirmation e-mail at /dev/mail; its button opens the tracking page.
    await waitForMails(srv, { to: homeowner.email, kind: 'lead_confirmation' }); // the outbox worker writes it
    await waitForMails(srv, { to: homeowner.email, kind: 'lead_email_verification' }); // issue 17
    await h.page.goto(`${base}/dev/mail`);
    const toHomeowner = h.page.locator('table.dev-mail-list tbody tr', { hasText: homeowner.email });
    // Issue 17: without Twilio the homeowner also gets the link that confirms the address.
    const row = toHomeowner.filter({ hasText: 'Lead confirmation' });
    assert.equal(await row.count(), 1, 'one confirmation to the homeowner');
    assert.equal(await toHomeowner.count(), 2, 'the confirmation and the e-mail check');
    await axe(h.page, '/dev/mail');
    await hShoot('mailbox');
    await Promise.all([h.page.waitForURL(/\/dev\/mail\/[^/]+\.eml$/), row.locator('a').click()]);
    assert.equal(await h.page.locator('#mail-to').innerText(), homeowner.email);
    assert.ok((await h.page.locator('#mail-links a').allInnerTexts()).includes(trackingUrl), 'the tracking link is listed');
    const frame = h.page.frameLocator('#mail-html');
    await frame.locator('a', { hasText: 'Open my tracking page' }).waitFor();
    await axe(h.page, 'the confirmation e-mail at /dev/mail');
    await hShoot('mail-message');
    await Promise.all([
      h.page.waitForURL(trackingUrl),
      frame.locator('a', { hasText: 'Open my tracking page' }).click(),
    ]);
    await axe(h.page, 'the tracking page');
    await hShoot('tracking');

    // 3. A demo plumber claims it, then disputes it.
    const p = await openPage(browser, vp);
    const pShoot = screenshotter(p.page, 'walkthrough/2-plumber', vp);
    await logInPage(p.page, base, PLUMBER.email, PLUMBER.password);
    assert.match(p.page.url(), /\/dashboard$/);
    const card = p.page.locator('.lead-card', { hasText: homeowner.description.slice(0, 40) });
    await card.waitFor();
    await axe(p.page, 'the plumber dashboard');
    await pShoot('dashboard');
    await claimLead(p.page, card);
    assert.equal(await p.page.locator('#contact-name').innerText(), homeowner.name);
    assert.equal(await p.page.locator('#contact-email').innerText(), homeowner.email);
    await axe(p.page, 'the claimed lead');
    await pShoot('claimed');
    await h.page.reload();
    assert.match(await h.page.locator('#claimants').innerText(), new RegExp(PLUMBER.business));
    await hShoot('tracking-claimed');
    await p.page.check('#reason-wrong_contact');
    await p.page.fill('#field-dispute-details', 'The number rings out and the e-mail bounces.');
    p.page.once('dialog', (d) => d.accept()); // "Send this dispute?"
    await Promise.all([
      p.page.waitForLoadState('load'),
      p.page.locator('button', { hasText: 'Dispute this lead' }).click(),
    ]);
    await p.page.locator('#dispute-status').waitFor();
    await pShoot('disputed');

    // 4. The demo admin signs in (setting up two-factor the first time), approves the pending
    // plumber, decides the dispute and grants credits.
    const a = await openPage(browser, vp);
    const aShoot = screenshotter(a.page, 'walkthrough/3-admin', vp);
    await logInPage(a.page, base, ADMIN.email, ADMIN.password);
    assert.match(a.page.url(), /\/account\/two-factor$/);
    await a.page.locator('form[action="/account/two-factor/setup"] button').click();
    const secret = (await a.page.locator('#two-factor-secret').innerText()).replace(/\s/g, '');
    await axe(a.page, 'two-factor set-up');
    await aShoot('two-factor-setup');
    await a.page.fill('#field-code', totp(secret, currentStep()));
    await a.page.locator('form[action="/account/two-factor/confirm"] button').click();
    await a.page.locator('#recovery-codes').waitFor();
    await aShoot('recovery-codes');
    await Promise.all([a.page.waitForURL(`${base}/admin`), a.page.locator('a', { hasText: 'I have saved them' }).click()]);
    await axe(a.page, 'the admin home');
    await aShoot('admin');

    await a.page.locator('a', { hasText: 'Plumbers waiting for review' }).click();
    await axe(a.page, 'plumbers waiting for review');
    await Promise.all([a.page.waitForURL(/\/admin\/plumbers\/\d+$/), a.page.locator('a', { hasText: 'New Pipe Co' }).click()]);
    await aShoot('pending-plumber');
    await approveOnPlumberPage(a.page, { licenceVerifiedOn: '2026-11-20', insuranceValidUntil: '2030-12-31' });
    await a.page.locator('#flash').waitFor();
    assert.match(await a.page.locator('#plumber-status').innerText(), /approved/i);
    await axe(a.page, 'an approved plumber');
    await aShoot('approved');

    await a.page.goto(`${base}/admin/disputes`);
    const dispute = a.page.locator('li, article, section, div.card', { hasText: homeowner.name }).filter({ has: a.page.locator('button', { hasText: /^Approve/ }) }).last();
    await axe(a.page, 'the disputes queue');
    await aShoot('disputes');
    await dispute.locator('button', { hasText: /^Approve/ }).click();
    await a.page.waitForLoadState('load');
    await p.page.reload();
    assert.match(await p.page.locator('#dispute-status').innerText(), /approved|refund/i, 'the plumber sees the decision');
    await aShoot('dispute-decided');

    await a.page.goto(`${base}/admin/plumbers`);
    await Promise.all([a.page.waitForURL(/\/admin\/plumbers\/\d+$/), a.page.locator('a', { hasText: PLUMBER.business }).click()]);
    await grantCreditsOnPlumberPage(a.page, 10, 'Welcome credits');
    await a.page.locator('#flash').waitFor();
    assert.match(await a.page.locator('main').innerText(), /Welcome credits/);
    await axe(a.page, 'a plumber after a credit grant');
    await aShoot('credits-granted');

    assert.deepEqual([...h.problems, ...p.problems, ...a.problems], []);
    for (const x of [h, p, a]) await x.context.close();
  });
});
