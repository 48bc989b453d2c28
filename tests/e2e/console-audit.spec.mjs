// Browser journey (desktop and 390 px, axe-checked): an admin approves a plumber, grants credits
// and decides a dispute in the console, then reads the audit trail filtered to that plumber and to
// the dispute, and finds each action with its reason and before → after values.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  VIEWPORTS, assertNoAxeViolations, launchBrowser, openPage, screenshotter, skipWithoutChromium,
} from '../support/browser.mjs';
import { pendingDispute, profiledPlumber, startMarketplace } from '../support/marketplace.mjs';
import { approveOnPlumberPage, grantCreditsOnPlumberPage, logInPage } from '../support/e2e_steps.mjs';

describe('the audit trail in the console (Chromium)', { skip: skipWithoutChromium }, () => {
  let m;
  let browser;

  before(async () => {
    m = await startMarketplace({ db: 'sqlite', maildev: false });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await m?.close();
  });

  for (const vp of VIEWPORTS) {
    it(`shows an admin the rows of their earlier actions, filtered to one plumber and one dispute (${vp.name})`, async () => {
      const base = m.srv.baseUrl;
      const p = await profiledPlumber(m, `audit-${vp.name}`);
      const d = await pendingDispute(m, { tag: `audit-dispute-${vp.name}` });
      const { page, context, problems } = await openPage(browser, vp, { designed: (msg) => /status of 422/.test(msg) });
      const shoot = screenshotter(page, 'console-audit', vp);
      await logInPage(page, base, m.admin.email, m.admin.password, { lands: '/admin' });

      // The actions, done in the console.
      await page.goto(`${base}/admin/plumbers/${p.id}`);
      await approveOnPlumberPage(page, { licenceVerifiedOn: '2026-11-20', insuranceValidUntil: '2030-12-31' });
      await grantCreditsOnPlumberPage(page, 12, 'Welcome credits for the audit journey');
      await page.goto(`${base}/admin/disputes`);
      await Promise.all([
        page.waitForURL(/done=dispute_approved$/),
        page.locator(`#dispute-${d.disputeId} form[action$="/approve"] button[type=submit]`).click(),
      ]);

      // The audit page, reached from the console's start page and filtered to the plumber.
      await page.goto(`${base}/admin`);
      await Promise.all([page.waitForURL(`${base}/admin/audit`), page.locator('a[href="/admin/audit"]').click()]);
      await page.fill('#field-target_type', 'plumber');
      await page.fill('#field-target_id', String(p.id));
      await Promise.all([page.waitForURL(/\/admin\/audit\?/), page.locator('#audit-filters button[type=submit]').click()]);
      await shoot('filtered-to-plumber');
      const actions = await page.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.action));
      assert.deepEqual(actions, ['plumber.credits', 'plumber.approve'], 'newest first');
      const credits = page.locator('tbody tr[data-action="plumber.credits"]');
      assert.match(await credits.innerText(), /Welcome credits for the audit journey/);
      assert.match(await credits.innerText(), /\{"balance":0\} → \{"balance":12,"amount":12\}/);
      assert.match(await credits.innerText(), new RegExp(m.admin.email.replace(/[.+]/g, '\\$&')));
      assert.match(await page.locator('tbody tr[data-action="plumber.approve"]').innerText(), /"status":"pending"\} → \{"status":"approved"\}/);
      assert.equal(await credits.locator(`a[href="/admin/plumbers/${p.id}"]`).count(), 1, 'the target links to the plumber');
      await assertNoAxeViolations(page, `audit page filtered to a plumber (${vp.name})`);

      // Filtered to the dispute by its action prefix: the decision, by the admin.
      await page.goto(`${base}/admin/audit?action=dispute.&target_id=${d.disputeId}`);
      await shoot('filtered-to-dispute');
      const rows = page.locator('tbody tr');
      assert.equal(await rows.count(), 1);
      assert.equal(await rows.first().getAttribute('data-action'), 'dispute.approve');
      assert.equal(await page.locator('#audit-csv').count(), 1, 'the filtered set can be downloaded');
      await assertNoAxeViolations(page, `audit page filtered to a dispute (${vp.name})`);
      assert.deepEqual(problems, []);
      await context.close();
    });
  }
});
