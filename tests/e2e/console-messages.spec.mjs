// The console's messages in Chromium, desktop and 390 px: a support agent (invited, two-factor
// enrolled) finds a failed message by its status, reads it, and sends it again
// with a reason; it is delivered. axe-core on the list and the message.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeOnce } from '../support/server.mjs';
import {
  VIEWPORTS, assertNoAxeViolations, assertTouchTargets, launchBrowser, openPage, screenshotter,
  skipWithoutChromium,
} from '../support/browser.mjs';
import { consoleSupportAgent, deadConfirmation, startConsole, waitForMessageTo } from '../support/console.mjs';

describeOnce('console messages in Chromium', { skip: skipWithoutChromium }, () => {
  let c;
  let browser;
  let staff; // {email, client}
  before(async () => {
    c = await startConsole({ db: 'sqlite' });
    staff = await consoleSupportAgent(c);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await c?.close();
  });

  for (const vp of VIEWPORTS) {
    it(`finds a failed message by status and sends it again (${vp.name})`, async () => {
      const { email, message } = await deadConfirmation(c, 'rcpt');
      const { context, page, problems } = await openPage(browser, vp);
      await context.addCookies([...staff.client.cookies].map(([name, value]) => ({ name, value, url: c.srv.baseUrl })));
      const shoot = screenshotter(page, 'console-messages', vp);
      await page.goto(`${c.srv.baseUrl}/admin/messages`);
      await page.selectOption('#filter-status', 'dead');
      await Promise.all([page.waitForURL(/status=dead/), page.locator('#message-filters button[type=submit]').click()]);
      const row = page.locator(`#message-${message.id}`);
      await row.waitFor();
      assert.match(await row.innerText(), /Failed[^]*1 of \d+[^]*550/);
      await assertNoAxeViolations(page, '/admin/messages?status=dead');
      await assertTouchTargets(page, `/admin/messages at ${vp.name}`);
      await shoot('failed-messages');

      await Promise.all([page.waitForURL(`**/admin/messages/${message.id}`), row.locator('a').first().click()]);
      assert.match(await page.locator('#message-error').innerText(), /550/);
      await page.frameLocator('#message-html').locator('a', { hasText: 'Open my tracking page' }).waitFor();
      await assertNoAxeViolations(page, `/admin/messages/${message.id}`);
      await shoot('failed-message');

      c.accept.add(email); // the homeowner's mailbox works again
      await page.fill('#retry-reason', 'The homeowner fixed the mailbox and called us.');
      await Promise.all([page.waitForURL(/done=retried/), page.locator('#retry-button').click()]);
      assert.match(await page.locator('#flash').innerText(), /queued to be sent again/);
      await shoot('sent-again');
      await waitForMessageTo(c, email, (x) => x.status === 'sent', 'the message sent again');
      await page.reload();
      assert.equal(await page.locator('#message-status').innerText(), 'Sent');
      assert.equal(await page.locator('#retry-button').count(), 0, 'a sent message offers no retry');
      assert.deepEqual(problems, []);
      await context.close();
    });
  }
});
