// Staff console, plumbers, in Chromium (desktop and 390 px, axe-core on each page): an admin finds a
// plumber by area and status, suspends them with a reason, then reactivates them with a reason.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BACKENDS } from '../support/server.mjs';
import { assertNoAxeViolations, launchBrowser, openPage, screenshotter, sized, skipWithoutChromium } from '../support/browser.mjs';
import { logInPage } from '../support/e2e_steps.mjs';
import { profiledPlumber, readyPlumber, startMarketplace } from '../support/marketplace.mjs';

const VIEWPORTS = [sized(1280, 800), sized(390, 844)];

for (const [db, dbSkip] of BACKENDS) describe(`console: plumbers in Chromium (${db})`, { skip: skipWithoutChromium || dbSkip }, () => {
  let m;
  let browser;

  before(async () => {
    m = await startMarketplace({ db });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await m?.close();
  });

  for (const vp of VIEWPORTS) {
    it(`finds a plumber by area and status, suspends and reactivates them (${vp.name})`, async () => {
      const target = await readyPlumber(m, `find${vp.viewport.width}`); // approved, 94110 ± 25 miles
      const elsewhere = await profiledPlumber(m, `far${vp.viewport.width}`, { base_zip: '10001' }); // pending, New York
      const { page, problems, context } = await openPage(browser, vp, { designed: (msg) => /status of (409|422)/.test(msg), label: vp.name });
      const shoot = screenshotter(page, `console-plumbers-${db}`, vp);
      try {
        await logInPage(page, m.srv.baseUrl, m.admin.email, m.admin.password, { lands: '/admin' });
        await Promise.all([page.waitForURL(/\/admin\/plumbers$/), page.locator('a', { hasText: 'Find plumbers' }).click()]);
        await assertNoAxeViolations(page, `plumber list (${vp.name})`);

        await page.fill('#search-zip', '94103');
        await page.selectOption('#search-status', 'approved');
        await Promise.all([page.waitForURL(/zip=94103/), page.locator('#plumber-search button[type=submit]').click()]);
        const results = page.locator('#plumber-results');
        await results.waitFor();
        assert.ok(await results.getByText(target.business_name).isVisible(), 'the plumber covering 94103 is listed');
        assert.equal(await results.getByText(elsewhere.business_name).count(), 0, 'a pending plumber in New York is not');
        await shoot('found');
        await assertNoAxeViolations(page, `plumber search results (${vp.name})`);

        await Promise.all([page.waitForURL(`${m.srv.baseUrl}/admin/plumbers/${target.id}`), results.getByRole('link', { name: target.business_name }).click()]);
        await assertNoAxeViolations(page, `plumber detail (${vp.name})`);
        await page.fill('#field-suspend_reason', 'Three no-shows reported this week.');
        await Promise.all([page.waitForURL(/done=suspended$/), page.locator('#suspend-form button[type=submit]').click()]);
        assert.equal((await page.locator('#plumber-status').textContent()).trim(), 'Suspended');
        await shoot('suspended');

        await page.locator('#reactivate-form button[type=submit]').click();
        await page.locator('#reactivate-error').waitFor();
        assert.match(await page.locator('#reactivate-error').textContent(), /Say why/);
        await page.fill('#field-reactivate_reason', 'The homeowners confirmed the visits took place.');
        await Promise.all([page.waitForURL(/done=reactivated$/), page.locator('#reactivate-form button[type=submit]').click()]);
        assert.equal((await page.locator('#plumber-status').textContent()).trim(), 'Approved');
        assert.match(await page.locator('#flash').textContent(), /reactivated/i);
        const history = page.locator('#verification-history');
        assert.ok(await history.getByText('plumber.reactivate').isVisible(), 'the reactivation is in the history');
        assert.ok(await history.getByText('The homeowners confirmed the visits took place.').isVisible());
        await shoot('reactivated');
        await assertNoAxeViolations(page, `plumber detail after reactivation (${vp.name})`);
        await m.waitForMailsTo(target.email, (ms) => ms.some((x) => /active again/i.test(x.subject)), { what: 'the reactivation e-mail' });
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    });
  }
});
