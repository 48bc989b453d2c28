// Browser journey for the console's settings (issue 15), at desktop and 390 px: an admin opens the
// service catalog from the admin home, changes a service's base price with a reason, and the next
// request submitted on /request is priced with it, without a restart; the settings page shows the
// rules with their previous values. Screenshots in test-artifacts/screenshots/console-settings/;
// axe-core on every page.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  VIEWPORTS, assertNoAxeViolations, launchBrowser, openPage, screenshotter, skipWithoutChromium,
} from '../support/browser.mjs';
import { query } from '../support/db.mjs';
import { startMarketplace, validLeadFor } from '../support/marketplace.mjs';
import { logInPage } from '../support/e2e_steps.mjs';
import { requestOnForm, setBasePriceOnCatalog } from '../support/console_steps.mjs';

describe('console settings journey', { skip: skipWithoutChromium }, () => {
  let m;
  let browser;
  before(async () => {
    m = await startMarketplace({ maildev: false });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await m?.close();
  });

  VIEWPORTS.forEach((vp, i) => {
    it(`an admin changes a service's price and the next request costs it (${vp.name})`, async () => {
      const price = 8 + i; // a different price per viewport: each run really changes it
      const admin = await openPage(browser, vp);
      const shoot = screenshotter(admin.page, 'console-settings', vp);
      const home = await openPage(browser, vp);
      try {
        const page = admin.page;
        await logInPage(page, m.srv.baseUrl, m.admin.email, m.admin.password, { lands: '/admin' });
        await Promise.all([page.waitForURL(/\/admin\/catalog$/), page.locator('a[href="/admin/catalog"]').click()]);
        await assertNoAxeViolations(page, `catalog (${vp.name})`);
        assert.equal(await page.inputValue('#price-water_heater'), String(i === 0 ? 3 : 8));
        await setBasePriceOnCatalog(page, m.srv.baseUrl, 'water_heater', price, `Price check at ${vp.name}`);
        await shoot('catalog-saved');
        await assertNoAxeViolations(page, `catalog saved (${vp.name})`);

        // A homeowner's request on /request, in another browser, right after the change.
        const fields = validLeadFor({ service_type: 'water_heater', urgency: 'flexible' });
        await requestOnForm(home.page, m.srv.baseUrl, fields);
        const [[stored, service]] = query(m.srv, 'SELECT price_credits, service_type FROM leads ORDER BY id DESC LIMIT 1');
        assert.equal(service, 'water_heater');
        assert.equal(Number(stored), price, 'the new request is priced with the new base price');

        // The audit trail has the change, with the reason and the old and new price.
        const [[reason, was, now]] = query(m.srv, "SELECT reason, before_json, after_json FROM audit_log WHERE action = 'catalog.update' ORDER BY id DESC LIMIT 1");
        assert.equal(reason, `Price check at ${vp.name}`);
        assert.equal(JSON.parse(was)['service:water_heater'].base_price_credits, i === 0 ? 3 : 8);
        assert.equal(JSON.parse(now)['service:water_heater'].base_price_credits, price);

        // The settings page: the rules with their current values, reachable from the admin home.
        await page.goto(`${m.srv.baseUrl}/admin`);
        await Promise.all([page.waitForURL(/\/admin\/settings$/), page.locator('a[href="/admin/settings"]').click()]);
        assert.equal(await page.inputValue('#field-max_claims_per_lead'), '3');
        await shoot('settings');
        await assertNoAxeViolations(page, `settings (${vp.name})`);
        assert.deepEqual(admin.problems, []);
      } finally {
        await admin.context.close();
        await home.context.close();
      }
    });
  });
});
