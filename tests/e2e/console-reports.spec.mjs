// Browser journey (Chromium, 1280 and 390 px, axe-checked): an admin opens /admin, sees the
// overview's KPI cards, follows the reports link, and for EVERY report listed on /admin/reports
// the page renders with every chart canvas drawn (pixels painted), every map drawn, no console
// error and no axe violation; then a support agent reads every report too.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  VIEWPORTS, assertNoAxeViolations, launchBrowser, openPage, screenshotter, skipWithoutChromium,
} from '../support/browser.mjs';
import {
  claimIdOf, claimLead, newestAvailableLead, readyPlumber, startMarketplace, submitLead, validLeadFor,
} from '../support/marketplace.mjs';
import { logInPage } from '../support/e2e_steps.mjs';
import { supportAgent } from '../support/staff.mjs';

// Checks every report page listed on /admin/reports in `page`; returns the names visited.
async function everyReport(page, base, vp, shoot, who) {
  await page.goto(`${base}/admin/reports`);
  await assertNoAxeViolations(page, `reports list (${who}, ${vp.name})`);
  const links = await page.locator('.report-list a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.ok(links.includes('/admin/reports/overview'), 'the overview is listed');
  for (const href of links) {
    await page.goto(`${base}${href}`);
    await page.waitForLoadState('load');
    const name = href.split('/').pop();
    const canvases = page.locator('canvas.report-canvas');
    const count = await canvases.count();
    assert.ok(count >= 1, `${name}: at least one chart`);
    for (let i = 0; i < count; i += 1) {
      const canvas = canvases.nth(i);
      await canvas.waitFor({ state: 'visible' });
      await page.waitForFunction((el) => el.getAttribute('data-drawn') === 'yes', await canvas.elementHandle());
      const painted = await canvas.evaluate((el) => {
        const { width, height } = el;
        if (!width || !height) return 0;
        const data = el.getContext('2d').getImageData(0, 0, width, height).data;
        let n = 0;
        for (let p = 3; p < data.length; p += 4) if (data[p] > 0) n += 1;
        return n;
      });
      assert.ok(painted > 100, `${name}: chart ${i} is drawn (${painted} painted pixels)`);
      assert.ok((await canvas.getAttribute('aria-label')).length > 10, `${name}: chart ${i} is named`);
    }
    const maps = page.locator('.report-map');
    for (let i = 0; i < await maps.count(); i += 1)
      await page.waitForFunction((el) => el.getAttribute('data-drawn') === 'yes', await maps.nth(i).elementHandle());
    // Every table sits in its own scrolling container: the page itself never scrolls sideways.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `${name}: no sideways scroll (${overflow}px)`);
    await shoot(`${who}-${name}`);
    await assertNoAxeViolations(page, `report ${name} (${who}, ${vp.name})`);
  }
  return links;
}

describe('reports in the console (Chromium)', { skip: skipWithoutChromium }, () => {
  let m;
  let browser;
  let support;

  before(async () => {
    m = await startMarketplace({ db: 'sqlite', maildev: false });
    browser = await launchBrowser();
    // Some activity so that the charts have something to show: requests and a claim.
    const plumber = await readyPlumber(m, 'reports');
    await submitLead(m, validLeadFor());
    await submitLead(m, validLeadFor({ service_type: 'water_heater' }));
    const card = await newestAvailableLead(m, plumber);
    const claim = await claimLead(m, plumber, card.id ?? card.lead_id);
    assert.equal(claim.status, 201, claim.body);
    assert.ok(claimIdOf(claim.json()));
    support = await supportAgent(m.srv, await m.adminClient());
  });
  after(async () => {
    await browser?.close();
    await m?.close();
  });

  for (const vp of VIEWPORTS) {
    it(`an admin goes from the admin home to every report, each drawn and accessible (${vp.name})`, async () => {
      const base = m.srv.baseUrl;
      const { page, context, problems } = await openPage(browser, vp);
      const shoot = screenshotter(page, 'console-reports', vp);
      await logInPage(page, base, m.admin.email, m.admin.password, { lands: '/admin' });
      assert.equal(await page.locator('#admin-overview [data-kpi]').count(), 6, 'the overview KPI cards');
      assert.match(await page.locator('#admin-overview [data-kpi="requests"]').innerText(), /\b2\b/);
      await shoot('admin-home');
      await assertNoAxeViolations(page, `admin home (${vp.name})`);
      await Promise.all([page.waitForURL(`${base}/admin/reports`), page.locator('#admin-reports-link').click()]);
      await everyReport(page, base, vp, shoot, 'admin');

      // The period form: last 7 days, then custom dates with an error that names the field.
      await page.goto(`${base}/admin/reports/overview`);
      await page.selectOption('#report-preset', '7d');
      await Promise.all([page.waitForURL(/preset=7d/), page.locator('form.report-period button[type=submit]').click()]);
      assert.equal(await page.locator('#table-by_period tbody tr').count(), 7);
      await page.selectOption('#report-preset', 'custom');
      await page.fill('#report-from', '2026-11-10');
      await page.fill('#report-to', '2026-11-01');
      await Promise.all([page.waitForURL(/preset=custom/), page.locator('form.report-period button[type=submit]').click()]);
      assert.equal(await page.locator('#error-summary li[data-field="to"]').count(), 1);
      await assertNoAxeViolations(page, `period error (${vp.name})`);
      assert.deepEqual(problems.filter((p) => !/status of 400/.test(p)), []);
      await context.close();
    });

    it(`a support agent reads every report (${vp.name})`, async () => {
      const base = m.srv.baseUrl;
      const { page, context, problems } = await openPage(browser, vp);
      const shoot = screenshotter(page, 'console-reports', vp);
      await context.addCookies([...support.client.cookies].map(([name, value]) => ({ name, value, url: base })));
      await everyReport(page, base, vp, shoot, 'support');
      assert.deepEqual(problems, []);
      await context.close();
    });
  }
});
