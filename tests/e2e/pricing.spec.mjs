// Browser journey for plans and pricing (issue 13.2/13.3 and the pricing page), at desktop and
// 390 px: a signed-out visitor finds /pricing from the home page footer and reads the lead price
// table, plans and packs (by size); a newly approved plumber without a plan sees on the dashboard
// how many leads they missed and the plans, then follows the refusal's link to /billing, which
// names the plan. Screenshots in test-artifacts/screenshots/pricing/; axe-core on every page.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  VIEWPORTS, assertNoAxeViolations, assertTouchTargets, launchBrowser, openPage, screenshotter,
  skipWithoutChromium,
} from '../support/browser.mjs';
import { PASSWORD, readyPlumber, startMarketplace, submitLead, validLeadFor } from '../support/marketplace.mjs';
import { logInPage } from '../support/e2e_steps.mjs';

describe('pricing and plans journey', { skip: skipWithoutChromium }, () => {
  let m;
  let browser;
  before(async () => {
    m = await startMarketplace({ maildev: false, env: { PLUMBLINE_TEST_PAYMENTS: 'on' } });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await m?.close();
  });

  for (const vp of VIEWPORTS) {
    it(`a visitor reads /pricing; a plumber without a plan sees missed leads and plans, then the plan on /billing (${vp.name})`, async () => {
      const { context, page, problems } = await openPage(browser, vp);
      const shoot = screenshotter(page, 'pricing', vp);
      try {
        // Signed out: the footer of the home page leads to the pricing page.
        await page.goto(`${m.srv.baseUrl}/`);
        await assertNoAxeViolations(page, `home (${vp.name})`);
        await page.locator('footer a[href="/pricing"]').click();
        await page.waitForURL(/\/pricing$/);
        await assert.doesNotReject(page.locator('#lead-prices').waitFor());
        assert.match(await page.locator('#price-formula').innerText(), /base price \+ the urgency surcharge/);
        const leak = await page.locator('#lead-prices tr', { hasText: 'Leak repair' }).innerText();
        assert.match(leak, /Leak repair\s+2\s+3\s+2\s+2\s+2/, 'base 2; emergency +1');
        const packs = await page.locator('#pricing-packs tbody th').allInnerTexts();
        assert.deepEqual(packs, ['5 credits', '20 credits', '50 credits']);
        assert.match(await page.locator('#refund-rules').innerText(), /within 14 days/);
        assert.match(await page.locator('#claims-cap').innerText(), /at most 3/);
        await shoot('pricing');
        await assertNoAxeViolations(page, `pricing (${vp.name})`);
        await assertTouchTargets(page, `pricing (${vp.name})`, 'main');

        // A newly approved plumber without a plan, in an area where two requests came in.
        const zip = vp.name === 'phone' ? '60601' : '98101';
        const p = await readyPlumber(m, `price${vp.name}`, {
          credits: 0, plan: null, profile: { base_zip: zip, radius_miles: 5, services: ['water_heater'] },
        });
        for (let i = 0; i < 2; i += 1)
          await submitLead(m, validLeadFor({ zip, address: `${10 + i} Pine St`, service_type: 'water_heater' }));
        await logInPage(page, m.srv.baseUrl, p.email, PASSWORD, { lands: '/dashboard' });
        assert.match(await page.locator('#missed-leads').innerText(), /^2 requests for the services you offer came from your area in the last 30 days/);
        const offer = page.locator('#plan-offer');
        assert.match(await offer.innerText(), /Starter[\s\S]*\$49 a month · 5 credits a month/);
        assert.match(await offer.innerText(), /Pro[\s\S]*\$129 a month · 15 credits a month/);
        assert.equal(await offer.locator('button', { hasText: 'Choose Starter' }).count(), 1);
        await shoot('dashboard-without-plan');
        await assertNoAxeViolations(page, `dashboard without a plan (${vp.name})`);

        // The refusal's link names the plan and opens it on /billing.
        const link = page.locator('#plan-offer-link');
        assert.equal(await link.innerText(), 'Choose Starter on the Billing page');
        await link.click();
        await page.waitForURL(/\/billing#plan-starter$/);
        const card = page.locator('#plan-starter');
        assert.match(await card.innerText(), /Starter[\s\S]*\$49\.00 a month · 5 credits a month/);
        assert.ok(await card.locator('button', { hasText: 'Choose Starter' }).isVisible());
        assert.match(await page.locator('#plan-summary').innerText(), /No plan yet/);
        assert.deepEqual(await page.locator('[id^="pack-"]').evaluateAll((els) => els.map((e) => e.id)),
          ['pack-pack_5', 'pack-pack_20', 'pack-pack_50'], 'packs by size');
        await shoot('billing-plan');
        await assertNoAxeViolations(page, `billing (${vp.name})`);
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    });
  }
});
