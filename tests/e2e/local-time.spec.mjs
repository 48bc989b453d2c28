// Browser journey (issue 13, "in local time"), on a desktop and a 390 px phone: a Los Angeles
// plumber reads My leads, a claimed lead and Credits in Pacific time with the homeowner's phone as
// "(415) 555-0134" behind a tel:+1 link and no Stripe or pack ids; a New York homeowner reads the
// tracking page in Eastern time; the admin reads payments in the platform's zone (Central here),
// each payment naming the business. Screenshots, axe-core and the problem collector on every page.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { FormClient, describeOnce, pathOf, sleep } from '../support/server.mjs';
import {
  PASSWORD, api, claimLead, newestAvailableLead, readyPlumber, startMarketplace, submitLead, validLeadFor,
} from '../support/marketplace.mjs';
import { logInPage } from '../support/e2e_steps.mjs';
import {
  VIEWPORTS, assertNoAxeViolations, launchBrowser, openPage, screenshotter, skipWithoutChromium,
} from '../support/browser.mjs';
import { localTimeText, timePairs } from '../support/local-time.mjs';

const PACIFIC = 'America/Los_Angeles', EASTERN = 'America/New_York', STAFF = 'America/Chicago';
const national = (e164) => `(${e164.slice(2, 5)}) ${e164.slice(5, 8)}-${e164.slice(8)}`;

// Every <time> of the page reads as its instant in `zone`.
async function assertTimesIn(page, zone, label) {
  const pairs = timePairs(await page.content());
  assert.ok(pairs.length > 0, `${label} shows a time`);
  for (const [iso, shown] of pairs) assert.equal(shown, localTimeText(iso, zone), `${label}: ${iso}`);
}

describeOnce('local times in the browser (sqlite)', { skip: skipWithoutChromium }, () => {
  let m, browser, la, ny, laClaim, nyLead;

  before(async () => {
    m = await startMarketplace({
      db: 'sqlite', maildev: false, env: { PLUMBLINE_TEST_PAYMENTS: 'on', PLUMBLINE_TIME_ZONE: STAFF },
    });
    la = await readyPlumber(m, 'browserla', { profile: { base_zip: '90012', radius_miles: 15 } });
    ny = await readyPlumber(m, 'browserny', { profile: { base_zip: '10001', radius_miles: 15, licence_state: 'NY' } });
    await submitLead(m, validLeadFor({ zip: '90012', address: '200 N Spring St' }));
    const claimed = await claimLead(m, la, (await newestAvailableLead(m, la)).id);
    assert.equal(claimed.status, 201, claimed.body);
    laClaim = claimed.json();
    nyLead = await submitLead(m, validLeadFor({ zip: '10001', address: '350 5th Ave' }));
    assert.equal((await claimLead(m, ny, (await newestAvailableLead(m, ny)).id)).status, 201);
    // A 20-credit pack bought in test-payments mode: a payment with a receipt.
    const started = await api(m.srv, 'POST', '/api/v1/billing/checkout', { token: la.token, body: { pack: 'pack_20' } });
    assert.equal(started.status, 200, started.body);
    const pay = new FormClient(m.srv.baseUrl);
    await pay.get(pathOf(started.json().url));
    assert.equal((await pay.post(pathOf(started.json().url), { card_number: '4242 4242 4242 4242' })).status, 303);
    for (let i = 0; i < 300; i += 1) {
      const { entries } = (await api(m.srv, 'GET', '/api/v1/credits', { token: la.token })).json();
      if (entries.some((e) => e.kind === 'purchase')) break;
      await sleep(100);
    }
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await m?.close();
  });

  for (const vp of VIEWPORTS) {
    it(`the plumber reads times in Pacific time and phones national (${vp.name})`, async () => {
      const { context, page, problems } = await openPage(browser, vp);
      const shoot = screenshotter(page, 'local-time-plumber', vp);
      try {
        await logInPage(page, m.srv.baseUrl, la.email, PASSWORD, { lands: '/dashboard' });

        await page.goto(`${m.srv.baseUrl}/my-leads`);
        await shoot('my-leads');
        await assertTimesIn(page, PACIFIC, 'my leads');
        await assertNoAxeViolations(page, `my leads (${vp.name})`);

        await page.goto(`${m.srv.baseUrl}/my-leads/${laClaim.claim.id}`);
        await shoot('claimed-lead');
        await assertTimesIn(page, PACIFIC, 'the claimed lead');
        const phone = page.locator('#contact-phone');
        assert.equal(await phone.textContent(), national(laClaim.contact.phone));
        assert.equal(await phone.getAttribute('href'), `tel:${laClaim.contact.phone}`);
        assert.doesNotMatch(await page.title(), /#\d/);
        await assertNoAxeViolations(page, `claimed lead (${vp.name})`);

        await page.goto(`${m.srv.baseUrl}/credits`);
        await shoot('credits');
        await assertTimesIn(page, PACIFIC, 'credits');
        const history = await page.locator('main table').innerText();
        assert.doesNotMatch(history, /cs_|pi_|pack_|Lead #/);
        assert.match(history, /20-credit pack, receipt/);
        assert.equal(await page.getByRole('link', { name: 'receipt' }).count(), 1);
        await assertNoAxeViolations(page, `credits (${vp.name})`);
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    });

    it(`the homeowner reads the tracking page in Eastern time (${vp.name})`, async () => {
      const { context, page, problems } = await openPage(browser, vp);
      const shoot = screenshotter(page, 'local-time-homeowner', vp);
      try {
        await page.goto(`${m.srv.baseUrl}${nyLead.path}`);
        await shoot('tracking');
        await assertTimesIn(page, EASTERN, 'the tracking page');
        assert.equal(await page.locator(`a[href="tel:${ny.phone_e164}"]`).first().textContent(), national(ny.phone_e164));
        await assertNoAxeViolations(page, `tracking page (${vp.name})`);
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    });

    it(`the admin reads payments in the platform's zone, by business name (${vp.name})`, async () => {
      const { context, page, problems } = await openPage(browser, vp);
      const shoot = screenshotter(page, 'local-time-admin', vp);
      try {
        await logInPage(page, m.srv.baseUrl, m.admin.email, m.admin.password, { lands: '/admin' });

        await page.goto(`${m.srv.baseUrl}/admin/billing`);
        await shoot('payments');
        await assertTimesIn(page, STAFF, 'admin payments');
        const payments = page.locator('#admin-payments');
        assert.equal(await payments.getByRole('link', { name: la.business_name }).count(), 1);
        assert.doesNotMatch(await payments.innerText(), new RegExp(`#${la.id}\\b`));
        await assertNoAxeViolations(page, `admin billing (${vp.name})`);
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    });
  }
});
