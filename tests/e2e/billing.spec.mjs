// Browser journeys for payments: an approved plumber with no plan and no credits subscribes to
// Starter, sees "processing" turn into "active" with 5 credits without a reload, buys a pack and
// claims a lead, all in Chromium; a declined test card changes nothing. Once in test-payments mode
// (PLUMBLINE_TEST_PAYMENTS=on, no Stripe key: the app's own TEST MODE checkout) and once against the
// tests' Stripe stand-in.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { BACKENDS } from '../support/server.mjs';
import { launchBrowser, openPage, screenshotter, sized, skipWithoutChromium } from '../support/browser.mjs';
import {
  PASSWORD, api, apiToken, completeProfile, readyPlumber, startMarketplace, submitLead, userIdOf, validLeadFor,
  verificationLink,
} from '../support/marketplace.mjs';
import { newPlumber } from '../support/accounts.mjs';
import { approveOnPlumberPage, fillProfilePage, logInPage, signUpPage } from '../support/e2e_steps.mjs';
import { startStripeStandin } from '../support/stripe-standin.mjs';
import { assertLedgerInvariant, paymentState, query } from '../support/db.mjs';

const DECLINED = '4000 0000 0000 0002';
const GOOD = '4242 4242 4242 4242';
const WAIT_MS = 20000; // a generous wait for the webhook to be applied; nothing is timed

// A page named `name` of journey `prefix` that records console errors (bar the designed re-renders
// and the stand-in's missing favicon), page errors, dialogs, CSP violations and failed loads.
async function openNamedPage(browser, prefix, name, vp, { storageState, appOrigin } = {}) {
  // designed re-renders; 402 is the checkout page answering a declined test card; the stand-in's
  // pages (another origin) have no favicon, the app's must not 404
  const designed = (msg, at) => /status of (401|402|409|422)/.test(msg)
    || Boolean(appOrigin && /\/favicon\.ico$/.test(at) && !at.startsWith(appOrigin));
  const opened = await openPage(browser, vp, {
    designed, failOnDialog: true, label: name, contextOptions: storageState ? { storageState } : {},
  });
  return { ...opened, shoot: screenshotter(opened.page, `${prefix}-${name}`, vp) };
}

// Sign-up to approval in the browser: the plumber signs up, follows the e-mailed link, fills the
// profile; an admin approves it on the admin page. Returns the plumber with an API token.
async function signUpInBrowser(m, browser, prefix, viewport) {
  const base = m.srv.baseUrl;
  const p = newPlumber(`${prefix}-new`);
  const me = await openNamedPage(browser, prefix, 'signup', viewport, { appOrigin: base });
  // No network in tests: the profile map's tiles fail, as behind a strict firewall.
  await me.context.route(/^https:\/\/tile\.openstreetmap\.org\//, (route) => route.abort('aborted'));
  await signUpPage(me.page, base, p);
  await me.page.goto(base + await verificationLink(m, p.email));
  assert.equal(await me.page.locator('h1').innerText(), 'E-mail verified');

  await fillProfilePage(me.page, base, completeProfile(p));
  await me.shoot('profile-saved');
  const token = await apiToken(m.srv, p.email, p.password);
  const saved = await api(m.srv, 'GET', '/api/v1/profile', { token });
  assert.equal(saved.status, 200, saved.body);
  assert.equal(saved.json().base_zip ?? saved.json().profile?.base_zip, '94110', `the profile form was saved: ${saved.body}`);
  const id = await userIdOf(m.srv, token);

  const admin = await openNamedPage(browser, prefix, 'admin', viewport, { appOrigin: base });
  await logInPage(admin.page, base, m.admin.email, m.admin.password, { lands: '/admin' }); // with the code step
  await admin.page.goto(`${base}/admin/plumbers/${id}`);
  assert.match(await admin.page.locator('#missing-none').innerText(), /complete/);
  await approveOnPlumberPage(admin.page, { licenceVerifiedOn: '2026-11-24', insuranceValidUntil: '2030-06-30' });
  assert.equal(await admin.page.locator('#plumber-status').innerText(), 'Approved');
  assert.deepEqual([...me.problems.filter((x) => !/tile\.openstreetmap/.test(x)), ...admin.problems], []);
  await admin.context.close();
  await me.context.close();
  return { ...p, id, token };
}

// The journey both modes share. `checkoutPage` describes the hosted checkout page in use:
// {urlPattern, card (selector), pay (selector), error (selector), banner: async (page) => void}.
// testMode: PLUMBLINE_TEST_PAYMENTS=on, so the app's own pages carry the TEST MODE band.
async function journey(t, { m, browser, prefix, viewport, otherViewport, checkoutPage, leadTag, testMode, fromSignUp = false }) {
  const srv = m.srv;
  const base = srv.baseUrl;
  const plumber = fromSignUp ? await signUpInBrowser(m, browser, prefix, viewport)
    : await readyPlumber(m, `${prefix}-pay`, { credits: 0, plan: null });
  const billingApi = async () => {
    const r = await api(srv, 'GET', '/api/v1/billing', { token: plumber.token });
    assert.equal(r.status, 200, r.body);
    return r.json();
  };
  const start = await billingApi();
  assert.equal(start.status, 'none', 'no plan to begin with');
  assert.equal(start.credits, 0, 'no credits to begin with');

  const p = await openNamedPage(browser, prefix, 'plumber', viewport, { appOrigin: base });
  const { page } = p;
  await logInPage(page, base, plumber.email, PASSWORD, { lands: '/dashboard' });

  await page.goto(`${base}/billing`);
  assert.match(await page.locator('#plan-summary').innerText(), /No plan yet/);
  assert.equal(await page.locator('#credit-balance').innerText(), '0');
  const band = page.getByRole('region', { name: 'Test mode' });
  if (testMode) {
    assert.ok(await band.isVisible(), 'the TEST MODE band is visible');
    assert.match(await band.innerText(), /TEST MODE/);
  } else {
    assert.equal(await band.count(), 0, 'no TEST MODE band with a Stripe key');
  }
  await p.shoot('billing-no-plan');

  // Starter → the hosted checkout page.
  await Promise.all([
    page.waitForURL(checkoutPage.urlPattern),
    page.locator('button[type=submit]', { hasText: 'Choose Starter' }).click(),
  ]).catch(async (e) => {
    await page.waitForTimeout(1000); // let a CSP report arrive, it names the cause
    throw new Error(`${e.message}\nat ${page.url()}; problems: ${p.problems.join('\n')}`);
  });
  await checkoutPage.banner(page);
  await p.shoot('checkout');

  // A declined card: an error, and nothing changed anywhere.
  const before = paymentState(srv);
  assert.equal(Number(query(srv, 'SELECT count(*) FROM stripe_events')[0][0]), 0, 'no events before paying');
  await page.fill(checkoutPage.card, DECLINED);
  await Promise.all([page.waitForLoadState('load'), page.locator(checkoutPage.pay).click()]);
  await page.locator(checkoutPage.error).waitFor({ state: 'visible' });
  assert.match(await page.locator(checkoutPage.error).innerText(), /declined/);
  assert.match(page.url(), checkoutPage.urlPattern, 'still on the checkout page');
  await p.shoot('declined');
  assert.equal(paymentState(srv), before, 'a declined card changes nothing');
  assert.equal(Number(query(srv, 'SELECT count(*) FROM stripe_events')[0][0]), 0, 'no stripe_events rows');
  const afterDecline = await billingApi();
  assert.equal(afterDecline.status, 'none');
  assert.equal(afterDecline.credits, 0);
  assert.equal(afterDecline.payments.length, 0);

  // The good card: back on /billing/done, "processing" until the webhook, then active, 5 credits.
  // With holdEvents the webhook deliveries wait until the page has shown "processing".
  const held = checkoutPage.holdEvents?.();
  await page.fill(checkoutPage.card, GOOD);
  await Promise.all([
    page.waitForURL(/\/billing\/done\?session_id=cs_[A-Za-z0-9_]+$/, { waitUntil: 'domcontentloaded' }),
    page.locator(checkoutPage.pay).click(),
  ]);
  await page.evaluate(() => { window.__samePage = 'still here'; });
  const processingFirst = await page.locator('#checkout-processing').isVisible();
  if (processingFirst) assert.match(await page.locator('#checkout-processing').innerText(), /processing/i);
  t.diagnostic(`${prefix}: the success page ${processingFirst ? 'showed "processing" first' : 'was already complete'}`);
  if (held) {
    assert.ok(processingFirst, 'no webhook yet: the page says the payment is processing');
    assert.equal(await page.locator('#checkout-complete').isVisible(), false);
    await p.shoot('processing');
    assert.equal((await billingApi()).credits, 0, 'the success page alone grants nothing');
    await held.release();
  }
  await page.locator('#checkout-complete').waitFor({ state: 'visible', timeout: WAIT_MS });
  assert.equal(await page.evaluate(() => window.__samePage), 'still here', 'the page did not reload');
  assert.equal(await page.locator('#checkout-plan-status').innerText(), 'Active');
  assert.equal(await page.locator('#checkout-credits').innerText(), '5');
  await p.shoot('subscribed');

  // The billing page shows the plan and the payment.
  await page.goto(`${base}/billing`);
  assert.match(await page.locator('#plan-summary').innerText(), /Starter/);
  assert.equal(await page.locator('#plan-status').innerText(), 'Active');
  assert.equal(await page.locator('#credit-balance').innerText(), '5');
  assert.equal(await page.locator('button', { hasText: 'Choose Starter' }).count(), 0, 'Starter is the current plan');
  assert.ok(await page.locator('#payments tbody tr').count() >= 1, 'the subscription payment is listed');
  assert.match(await page.locator('#payments').innerText(), /49\.00/);

  // A pack of 5, the same way.
  await Promise.all([
    page.waitForURL(checkoutPage.urlPattern),
    page.locator('form:has(input[name=pack][value=pack_5]) button[type=submit]').click(),
  ]);
  await checkoutPage.banner(page);
  await page.fill(checkoutPage.card, GOOD);
  await Promise.all([
    page.waitForURL(/\/billing\/done\?session_id=cs_[A-Za-z0-9_]+$/, { waitUntil: 'domcontentloaded' }),
    page.locator(checkoutPage.pay).click(),
  ]);
  await page.locator('#checkout-complete').waitFor({ state: 'visible', timeout: WAIT_MS });
  assert.equal(await page.locator('#checkout-credits').innerText(), '10');
  await page.goto(`${base}/billing`);
  assert.equal(await page.locator('#credit-balance').innerText(), '10');
  const history = await page.locator('#payments').innerText();
  assert.ok(await page.locator('#payments tbody tr').count() >= 2, `both payments are listed:\n${history}`);
  assert.match(history, /50\.00/, 'the pack payment');
  assert.match(history, /49\.00/, 'the subscription payment');
  assert.ok(await page.locator('#movements tbody tr').count() >= 2, 'the credit movements are listed');
  await p.shoot('billing-paid');

  // The same page at the other width, in the same session.
  const other = await openNamedPage(browser, prefix, 'plumber-other-width', otherViewport,
    { storageState: await p.context.storageState(), appOrigin: base });
  await other.page.goto(`${base}/billing`);
  assert.equal(await other.page.locator('#credit-balance').innerText(), '10');
  await other.shoot('billing-paid');

  // A homeowner's request for the plumber's area appears on the dashboard; the plumber claims it.
  const description = `The ${leadTag} kitchen pipe under the sink drips into the cabinet all day.`;
  const fields = validLeadFor({ description });
  await submitLead(m, fields);
  await page.goto(`${base}/dashboard`);
  const card = page.locator('#lead-list .lead-card', { hasText: `${leadTag} kitchen pipe` });
  await card.first().waitFor({ state: 'visible', timeout: WAIT_MS });
  const price = Number(/(\d+) credits?/.exec(await card.first().innerText())[1]);
  assert.ok(price > 0 && price <= 10, `a price within the balance: ${price}`);
  await p.shoot('dashboard-lead');
  await Promise.all([page.waitForURL(/\/leads\/\d+\/claim$/), card.first().locator('a.lead-claim').click()]);
  await Promise.all([page.waitForURL(/\/my-leads\/\d+/), page.locator('#claim-confirm').click()]);
  assert.equal(await page.locator('#contact-name').innerText(), fields.name);
  assert.match(await page.locator('#contact-phone').innerText(), /555/);
  await p.shoot('claimed');
  await page.goto(`${base}/billing`);
  assert.equal(Number(await page.locator('#credit-balance').innerText()), 10 - price, 'the claim cost its price');
  const end = await billingApi();
  assert.equal(end.status, 'active');
  assert.equal(end.plan, 'starter');
  assert.equal(end.credits, 10 - price);

  assertLedgerInvariant(srv);
  assert.deepEqual([...p.problems, ...other.problems], []);
  await other.context.close();
  await p.context.close();
}

for (const [db, dbSkip] of BACKENDS) describe(`billing in Chromium, test-payments mode (${db})`, { skip: skipWithoutChromium || dbSkip }, () => {
  let m;
  let browser;

  before(async () => {
    // No PLUMBLINE_STRIPE_SECRET_KEY, PLUMBLINE_TEST_PAYMENTS=on: the app serves its own TEST MODE Stripe.
    m = await startMarketplace({ db, env: { PLUMBLINE_TEST_PAYMENTS: 'on' } });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await m?.close();
  });

  it('signs up, is approved, subscribes, buys a pack and claims a lead, all in the browser; a declined card changes nothing', async (t) => {
    await journey(t, {
      m,
      browser,
      prefix: `billing-testpay-${db}`,
      testMode: true,
      fromSignUp: true,
      viewport: sized(360, 740),
      otherViewport: sized(1280, 800),
      leadTag: 'testpay',
      checkoutPage: {
        urlPattern: /\/test-payments\/checkout\/cs_[A-Za-z0-9_]+$/,
        card: '#card_number',
        pay: 'form[action^="/test-payments/checkout/"] button[type=submit]',
        error: '#test-error',
        banner: async (page) => {
          const banner = await page.locator('.test-mode-banner').innerText();
          assert.match(banner, /TEST MODE/);
          assert.match(banner, /no real money moves/);
        },
      },
    });
  });
});

for (const [db, dbSkip] of BACKENDS) describe(`billing in Chromium, against the Stripe stand-in (${db})`, { skip: skipWithoutChromium || dbSkip }, () => {
  let m;
  let browser;
  let standin;
  const apiKey = `sk_test_${randomBytes(12).toString('hex')}`;
  const webhookSecret = `whsec_${randomBytes(16).toString('hex')}`;

  before(async () => {
    standin = await startStripeStandin({ webhookSecret, apiKey });
    m = await startMarketplace({
      db,
      env: {
        PLUMBLINE_STRIPE_SECRET_KEY: apiKey,
        PLUMBLINE_STRIPE_API_BASE: standin.baseUrl,
        PLUMBLINE_STRIPE_WEBHOOK_SECRET: webhookSecret,
        PLUMBLINE_STRIPE_RECONCILE_SECONDS: '0',
      },
    });
    standin.webhookUrl = `${m.srv.baseUrl}/webhooks/stripe`;
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await m?.close();
    await standin?.close();
  });

  it('subscribes, buys a pack and claims a lead; a declined card changes nothing', async (t) => {
    await journey(t, {
      m,
      browser,
      prefix: `billing-standin-${db}`,
      testMode: false,
      viewport: sized(1280, 800),
      otherViewport: sized(360, 740),
      leadTag: 'standin',
      checkoutPage: {
        urlPattern: /\/pay\/cs_[A-Za-z0-9_]+$/,
        card: 'input[name=card]',
        pay: 'form[action^="/pay/"] button[type=submit]',
        error: 'p[role=alert]',
        // The stand-in delivers a payment's events before redirecting; this keeps them back
        // until release(), so the success page is seen waiting for the webhook.
        holdEvents: () => {
          const deliver = standin.deliver;
          const ids = [];
          standin.deliver = async (eventIds) => { ids.push(...eventIds); return []; };
          return {
            release: async () => {
              standin.deliver = deliver;
              const results = await deliver(ids);
              assert.deepEqual(results.filter((r) => r.status !== 200), [], 'the held events are accepted');
            },
          };
        },
        banner: async (page) => {
          assert.ok(page.url().startsWith(`${standin.baseUrl}/pay/`), page.url());
          assert.match(await page.locator('h1').innerText(), /Stripe stand-in checkout/);
        },
      },
    });
    // Every webhook delivery the stand-in made was accepted.
    assert.ok(standin.deliveries.length > 0);
    assert.deepEqual(standin.deliveries.filter((d) => d.status !== 200), []);
  });
});
