// Console journeys on a request's page (desktop and 390 px, axe-checked): a support agent finds a
// homeowner's request by their phone number in the request list and resends their confirmation,
// which reaches the mail sink; an admin closes a fraudulent request, the claimants' balances are
// restored, and the audit page shows both staff actions.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BACKENDS } from '../support/server.mjs';
import { supportAgent } from '../support/staff.mjs';
import {
  VIEWPORTS, assertNoAxeViolations, assertTouchTargets, launchBrowser, openPage, screenshotter, skipWithoutChromium,
} from '../support/browser.mjs';
import { logInPage } from '../support/e2e_steps.mjs';
import { nextSecondFactor } from '../support/two_factor.mjs';
import {
  closeAsFraudOnPage, findRequestByPhone, openRequestFromList, resendConfirmationOnPage,
} from '../support/console_steps.mjs';
import {
  balanceOf, claimLead, newestAvailableLead, readyPlumber, startMarketplace, submitLead,
  validLeadFor,
} from '../support/marketplace.mjs';

for (const [db, dbSkip] of BACKENDS) describe(`console: a request's page in Chromium (${db})`, { skip: skipWithoutChromium || dbSkip }, () => {
  let m;
  let browser;
  let ann;
  let bob;

  before(async () => {
    m = await startMarketplace({ db });
    ann = await readyPlumber(m, 'e2e-ann', { credits: 40 });
    bob = await readyPlumber(m, 'e2e-bob', { credits: 40 });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await m?.close();
  });

  async function newLead() {
    const fields = validLeadFor();
    await submitLead(m, fields);
    const card = await newestAvailableLead(m, ann);
    return { id: card.id ?? card.lead_id, fields };
  }

  async function checked(page, shoot, label) {
    await shoot(label);
    await assertNoAxeViolations(page, label);
    await assertTouchTargets(page, label);
  }

  for (const vp of VIEWPORTS) {
    it(`a support agent finds a request by phone and resends the confirmation (${vp.name})`, async () => {
      const agent = await supportAgent(m.srv, await m.adminClient(), { mailsTo: m.mailsTo });
      const lead = await newLead();
      await m.waitForMailsTo(lead.fields.email, (ms) => ms.length >= 1, { what: 'the intake confirmation' });
      const { context, page, problems } = await openPage(browser, vp, { label: 'support' });
      const shoot = screenshotter(page, `console-lead-support-${db}`, vp);
      try {
        // The request list, signed out: the log-in form brings the agent back to it.
        await page.goto(`${m.srv.baseUrl}/admin/leads`);
        await page.waitForURL(/\/login\?next=/);
        await page.fill('#field-email', agent.email);
        await page.fill('#field-password', agent.password);
        await Promise.all([
          page.waitForURL((u) => u.pathname === '/login/two-factor'),
          page.locator('form[action="/login"] button[type=submit]').click(),
        ]);
        await page.fill('#field-code', await nextSecondFactor(agent.email));
        await Promise.all([
          page.waitForURL((u) => u.pathname === '/admin/leads'),
          page.locator('form[action="/login/two-factor"] button[type=submit]').click(),
        ]);
        // The caller gives their phone number as they typed it on the form.
        await findRequestByPhone(page, lead.fields.phone, lead.id);
        await checked(page, shoot, 'found-by-phone');
        await openRequestFromList(page, lead.id);
        assert.ok(!(await page.content()).includes(lead.fields.email), 'the e-mail address is masked for support');
        assert.equal(await page.locator('#close-form').count(), 0, 'no close form for support');
        await checked(page, shoot, 'request');
        await resendConfirmationOnPage(page, 'Homeowner on the phone lost the e-mail');
        await checked(page, shoot, 'resent');
        await m.waitForMailsTo(lead.fields.email, (ms) => ms.length >= 2, { what: 'the resent confirmation' });
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    });

    it(`an admin closes a fraudulent request and the claimants get their credits back (${vp.name})`, async () => {
      const lead = await newLead();
      const before = [await balanceOf(m, ann), await balanceOf(m, bob)];
      for (const p of [ann, bob]) assert.equal((await claimLead(m, p, lead.id)).status, 201);
      assert.ok(await balanceOf(m, ann) < before[0], 'the claim cost ann credits');
      const designed = (msg) => /status of 422/.test(msg);
      const { context, page, problems } = await openPage(browser, vp, { label: 'admin', designed });
      const shoot = screenshotter(page, `console-lead-close-${db}`, vp);
      try {
        await logInPage(page, m.srv.baseUrl, m.admin.email, m.admin.password);
        await page.goto(`${m.srv.baseUrl}/admin/leads/${lead.id}`);
        await page.locator(`tr.claim`).nth(1).waitFor();
        assert.ok((await page.content()).includes(lead.fields.email), 'admins see the full contact');
        await checked(page, shoot, 'claimed');
        // Without a reason the form comes back with the message and nothing changes.
        await Promise.all([page.waitForLoadState('load'), page.locator('#close-form button[type=submit]').click()]);
        await page.locator('#close-error').waitFor();
        await checked(page, shoot, 'no-reason');
        await closeAsFraudOnPage(page, 'Fake name; the number belongs to a pizzeria');
        assert.equal(await page.locator('td.claim-refund', { hasText: 'Refunded' }).count(), 2);
        await checked(page, shoot, 'closed');
        assert.deepEqual([await balanceOf(m, ann), await balanceOf(m, bob)], before);
        // The audit page, filtered to this request: the close, with its reason and who did it.
        await page.goto(`${m.srv.baseUrl}/admin/audit?target_type=lead&target_id=${lead.id}`);
        const row = await page.locator('tr', { hasText: 'lead.close' }).first().innerText();
        assert.ok(row.includes('the number belongs to a pizzeria'), `the reason is in the audit row: ${row}`);
        assert.ok(row.includes(m.admin.email), `and who closed it: ${row}`);
        await checked(page, shoot, 'audit');
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    });
  }
});
