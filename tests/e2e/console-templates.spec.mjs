// Console message templates in Chromium, desktop and 390 px: an admin opens the list from the
// admin page, edits the lead alert, sees broken Mustache refused next to the field with its line
// and column, saves a subject (the preview shows it), previews the typed HTML part in its sandboxed
// frame, and reverts in one click; axe-core finds nothing on each page.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeOnce } from '../support/server.mjs';
import {
  VIEWPORTS, assertNoAxeViolations, launchBrowser, openPage, screenshotter, skipWithoutChromium,
} from '../support/browser.mjs';
import { startMarketplace } from '../support/marketplace.mjs';
import { logInPage } from '../support/e2e_steps.mjs';

describeOnce('console message templates in Chromium', { skip: skipWithoutChromium }, () => {
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

  for (const vp of VIEWPORTS) {
    it(`edits, previews and reverts the lead alert (${vp.name})`, async () => {
      // 422 is the designed answer to the broken template.
      const { context, page, problems } = await openPage(browser, vp, { designed: (msg) => /status of 422/.test(msg) });
      const shoot = screenshotter(page, 'console-templates', vp);
      const base = m.srv.baseUrl;
      await logInPage(page, base, m.admin.email, m.admin.password);
      await page.goto(`${base}/admin`);
      await Promise.all([page.waitForURL(`${base}/admin/templates`), page.locator('a', { hasText: 'Message templates' }).click()]);
      await assertNoAxeViolations(page, '/admin/templates');
      await shoot('list');
      const row = page.locator('tr', { hasText: 'Lead alert' }).filter({ hasText: 'E-mail' });
      await Promise.all([page.waitForURL(`${base}/admin/templates/email.lead_alert`), row.locator('a').click()]);
      await page.frameLocator('#preview-html').locator('text=Water is dripping').first().waitFor();
      await assertNoAxeViolations(page, 'the editor');
      await shoot('editor');

      await page.fill('#part-subject', 'New {{#zip}} lead');
      await page.fill('#template-reason', 'Shorter subject');
      await Promise.all([page.waitForLoadState('load'), page.locator('#template-save').click()]);
      assert.match(await page.locator('#part-subject-errors').innerText(), /Line 1, column 5: Unclosed section "zip"/);
      assert.equal(await page.locator('#part-subject').getAttribute('aria-describedby'), 'part-subject-errors');
      assert.equal(await page.locator('#part-subject').inputValue(), 'New {{#zip}} lead', 'the typed text stays');
      await assertNoAxeViolations(page, 'the editor with a problem');
      await shoot('refused');

      await page.fill('#part-subject', 'New lead in {{{city}}} for {{{business_name}}}');
      await Promise.all([page.waitForURL(/\?done=saved$/), page.locator('#template-save').click()]);
      assert.match(await page.locator('#flash').innerText(), /Template saved/);
      assert.equal(await page.locator('#preview-subject').innerText(), "New lead in San Jose for Pat's Plumbing");
      await shoot('saved');

      await page.fill('#part-html', '<!DOCTYPE html><html lang="en"><title>Draft</title><p style="color:#0b5">Draft for {{{city}}}</p></html>');
      await page.locator('#template-preview-html').click();
      await page.frameLocator('#preview-html').locator('text=Draft for San Jose').waitFor();
      assert.equal(new URL(page.url()).pathname, '/admin/templates/email.lead_alert', 'the page itself stays');
      await shoot('html-preview');

      await Promise.all([page.waitForURL(/\?done=reverted$/), page.locator('#template-revert').click()]);
      assert.match(await page.locator('#flash').innerText(), /reverted/);
      assert.equal(await page.locator('#template-revert').count(), 0, 'nothing left to revert');
      assert.doesNotMatch(await page.locator('#preview-subject').innerText(), /^New lead in/);
      await assertNoAxeViolations(page, 'the editor after revert');
      assert.deepEqual(problems, []);
      await context.close();
    });
  }
});
