// Browser test: a plumber's "Demand in my area" page at 1280 and 390 px draws its four charts with
// Chart.js from the embedded data (no console errors, no CSP violations), keeps the tables that
// carry the same numbers, switches the period, and axe-core finds no violation.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  VIEWPORTS, assertNoAxeViolations, launchBrowser, openPage, screenshotter, skipWithoutChromium,
} from '../support/browser.mjs';
import { claimLead, newestAvailableLead, readyPlumber, startMarketplace, submitLead, validLeadFor } from '../support/marketplace.mjs';

describe('demand in my area in Chromium', { skip: skipWithoutChromium }, () => {
  let m;
  let browser;
  let p;

  before(async () => {
    m = await startMarketplace({ db: 'sqlite', maildev: false });
    browser = await launchBrowser();
    p = await readyPlumber(m, 'area');
    await submitLead(m, validLeadFor());
    const card = await newestAvailableLead(m, p);
    assert.equal((await claimLead(m, p, card.id ?? card.lead_id)).status, 201);
    await submitLead(m, validLeadFor({ service_type: 'drain_cleaning' }));
  });
  after(async () => {
    await browser?.close();
    await m?.close();
  });

  for (const vp of VIEWPORTS) {
    it(`draws the charts and keeps the tables at ${vp.viewport.width} px`, async () => {
      const { context, page, problems } = await openPage(browser, vp);
      const host = new URL(m.srv.baseUrl).hostname;
      await context.addCookies([...p.client.cookies].map(([name, value]) => ({ name, value, domain: host, path: '/' })));
      const shoot = screenshotter(page, 'my-area', vp);
      await page.goto(`${m.srv.baseUrl}/reports/my-area`);
      await page.waitForFunction(() => document.querySelectorAll('canvas[data-drawn="true"]').length === 4);
      // Chart.js sized every canvas to its box: something was drawn, not a zero-size canvas.
      const sizes = await page.$$eval('canvas[data-chart]', (cs) => cs.map((c) => c.width * c.height));
      assert.ok(sizes.every((s) => s > 0), `canvas sizes ${sizes}`);
      assert.equal(await page.locator('#kpi-claimed .h3').innerText(), '1');
      assert.match(await page.locator('#table-outcomes').innerText(), /You claimed it\s+1/);
      await shoot('report');
      await assertNoAxeViolations(page, `my-area ${vp.name}`);

      await page.selectOption('#my-area-preset', '4w');
      await Promise.all([page.waitForURL(/preset=4w/), page.locator('#my-area-period button[type=submit]').click()]);
      await page.waitForFunction(() => document.querySelectorAll('canvas[data-drawn="true"]').length === 4);
      assert.equal(await page.locator('#my-area-preset').inputValue(), '4w');
      assert.deepEqual(problems, []);
      await context.close();
    });
  }
});
