// Browser journey (issue 13, "plumbers decide with their eyes open"), desktop and 390 px: a live dashboard card with
// its dollar price and checks → the lead page (whole request, why it came, a map circle drawn with the tiles blocked, no
// contact details) → the confirmation step (price, what you get, refund rule) → the claimed contact details.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pathOf, sleep } from '../support/server.mjs';
import { api, readyPlumber, startMarketplace, submitLead, validLeadFor } from '../support/marketplace.mjs';
import {
  VIEWPORTS, assertNoAxeViolations, launchBrowser, openPage, screenshotter, skipWithoutChromium,
} from '../support/browser.mjs';

const TILES = /^https:\/\/tile\.openstreetmap\.org\//;

describe('the lead decision in Chromium', { skip: skipWithoutChromium }, () => {
  let m;
  let browser;
  before(async () => {
    m = await startMarketplace({ db: 'sqlite', maildev: false, env: { PLUMBLINE_TEST_PAYMENTS: 'on' } });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await m?.close();
  });

  // A plumber who bought the 20-credit pack ($180.00: $9.00 a credit) in TEST MODE, so prices show in dollars too.
  async function packPlumber(tag, zip) {
    const p = await readyPlumber(m, tag, { credits: 0, profile: { base_zip: zip, radius_miles: 15 } });
    const start = await p.client.post('/billing/checkout', { pack: 'pack_20' });
    assert.equal(start.status, 303, start.body.slice(0, 300));
    await p.client.get(pathOf(start.location));
    assert.equal((await p.client.post(pathOf(start.location), { card_number: '4242 4242 4242 4242' })).status, 303);
    for (let i = 0; i < 800; i += 1) { // the signed webhook grants the credits asynchronously
      if ((await api(m.srv, 'GET', '/api/v1/billing', { token: p.token })).json().credits === 20) return p;
      await sleep(25);
    }
    assert.fail('the pack was never applied');
  }

  for (const vp of VIEWPORTS) {
    it(`dashboard card → lead page → confirmation → contact details (${vp.name})`, async () => {
      const p = await packPlumber(`decide${vp.name}`, vp.name === 'phone' ? '97204' : '78701');
      const fields = validLeadFor({
        zip: vp.name === 'phone' ? '97209' : '78704', service_type: 'water_heater', urgency: 'within_24h',
        description: `The ${vp.name} water heater pilot light goes out every night; the tank is ten years old and rusty at the base.`,
      });

      // Tiles are blocked (no network in tests, as behind a strict firewall): the map still draws its circle.
      const { context, page, problems } = await openPage(browser, vp, {
        designed: (msg, at) => TILES.test(at) || /tile\.openstreetmap/.test(msg),
      });
      const host = new URL(m.srv.baseUrl).hostname;
      await context.addCookies([...p.client.cookies].map(([name, value]) => ({ name, value, domain: host, path: '/' })));
      await context.route(TILES, (route) => route.abort('aborted'));
      const shoot = screenshotter(page, 'lead-decision', vp);

      // The request arrives while the dashboard is open: its card is the live one static/js/dashboard-live.js builds.
      await page.goto(`${m.srv.baseUrl}/dashboard`);
      await page.locator('#lead-list[data-live="open"]').waitFor({ state: 'attached' });
      await submitLead(m, fields);
      const card = page.locator('#lead-list .lead-card.lead-card-new', { hasText: `${vp.name} water heater pilot light` });
      await card.waitFor();
      const cardText = await card.innerText();
      assert.match(cardText, /3 credits \(about \$27\.00\)/, 'credits and dollars at the pack\'s $9.00 a credit');
      assert.match(cardText, /Duplicate check passed/);
      assert.match(cardText, /Consent recorded/);
      assert.ok(!cardText.includes(fields.name), 'no contact details on the card');
      await shoot('dashboard-card');
      await assertNoAxeViolations(page, `dashboard (${vp.name})`);

      const leadId = await card.getAttribute('data-lead-id');
      await Promise.all([page.waitForURL(new RegExp(`/leads/${leadId}$`)), card.locator('a', { hasText: 'View lead' }).click()]);
      assert.match(await page.locator('#lead-description').innerText(), /ten years old and rusty at the base/);
      assert.match(await page.locator('#lead-why').innerText(), /You offer Water heater\.\s+It is \d+\.\d mi from your base ZIP \d{5}, inside your 15-mile radius\./);
      assert.match(await page.locator('#lead-quality').innerText(), /Duplicate check passed[\s\S]*Consent recorded/);
      assert.match(await page.locator('#lead-area-text').innerText(), /not the homeowner's address/);
      await page.waitForSelector('#lead-map[data-drawn="circle"] svg path');
      assert.equal(await page.locator('#lead-map .leaflet-marker-icon').count(), 0, 'a circle, never a pin');
      const leadText = await page.locator('main').innerText();
      for (const secret of [fields.name, fields.email, fields.address])
        assert.ok(!leadText.includes(secret), `no "${secret}" before the claim`);
      await shoot('lead-page');
      await assertNoAxeViolations(page, `lead page (${vp.name})`);

      await Promise.all([page.waitForURL(new RegExp(`/leads/${leadId}/claim$`)), page.locator('#lead-claim-link').click()]);
      assert.match(await page.locator('#claim-terms').innerText(), /3 credits \(about \$27\.00 at \$9\.00 a credit \(your 20-credit pack\)\)/);
      assert.match(await page.locator('#claim-what').innerText(), /plumber 1 of at most 3/);
      assert.match(await page.locator('#claim-refund-rule').innerText(), /within 14 days/);
      await shoot('confirmation');
      await assertNoAxeViolations(page, `claim confirmation (${vp.name})`);

      await Promise.all([page.waitForURL(/\/my-leads\/\d+\?claimed=1$/), page.locator('#claim-confirm').click()]);
      assert.equal(await page.locator('#contact-name').innerText(), fields.name);
      assert.match(await page.locator('#contact-phone').innerText(), /555/);
      await shoot('claimed');
      await assertNoAxeViolations(page, `claimed lead (${vp.name})`);
      assert.deepEqual(problems, []);
      await context.close();
    });
  }
});
