// The console's acceptance journey (issue 15), in Chromium at desktop and 390 px, axe-checked on
// each console page: (a) an admin takes a request by phone with "notify matching plumbers now" and
// the matching plumbers' alerts arrive; (b) the admin changes a service's base price and the next
// request on /request is priced with it; (c) a support agent finds that homeowner's request by
// phone number and resends the confirmation, which arrives; (d) the admin closes the phone-in as
// fraud after two plumbers claimed it, and their balances are restored; (e) the admin reads the
// audit rows of all four on /admin/audit through its filters: who, what, target and reason.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BACKENDS } from '../support/server.mjs';
import { query } from '../support/db.mjs';
import { supportAgent } from '../support/staff.mjs';
import {
  VIEWPORTS, assertNoAxeViolations, launchBrowser, openPage, screenshotter, skipWithoutChromium,
} from '../support/browser.mjs';
import { logInPage } from '../support/e2e_steps.mjs';
import {
  closeAsFraudOnPage, fillPhoneInForm, filterAuditPage, findRequestByPhone, openRequestFromList,
  requestOnForm, resendConfirmationOnPage, setBasePriceOnCatalog, submitPhoneIn,
} from '../support/console_steps.mjs';
import { balanceOf, claimLead, readyPlumber, startMarketplace, validLeadFor } from '../support/marketplace.mjs';

const escaped = (s) => new RegExp(s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));

for (const [db, dbSkip] of BACKENDS) describe(`console: the operator's day in Chromium (${db})`, { skip: skipWithoutChromium || dbSkip }, () => {
  let m;
  let browser;
  let ann;
  let bob;
  let agent;

  before(async () => {
    m = await startMarketplace({ db });
    ann = await readyPlumber(m, 'journey-ann', { credits: 40 });
    bob = await readyPlumber(m, 'journey-bob', { credits: 40 });
    agent = await supportAgent(m.srv, await m.adminClient(), { mailsTo: m.mailsTo });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await m?.close();
  });

  VIEWPORTS.forEach((vp, i) => {
    it(`phone-in, price change, resend and fraud close, then their audit rows (${vp.name})`, async () => {
      const base = m.srv.baseUrl;
      const admin = await openPage(browser, vp, { label: 'admin' });
      const home = await openPage(browser, vp, { label: 'homeowner' });
      const support = await openPage(browser, vp, { label: 'support' });
      const shoot = screenshotter(admin.page, `console-journey-${db}`, vp);
      const checked = async (page, label) => {
        await shoot(label);
        await assertNoAxeViolations(page, `${label} (${vp.name}, ${db})`);
      };
      try {
        const page = admin.page;
        await logInPage(page, base, m.admin.email, m.admin.password, { lands: '/admin' });

        // (a) A caller on the phone: the admin takes the request, matching plumbers are alerted now.
        const caller = validLeadFor({ name: 'Carla Caller', email: `carla-${vp.name}-${db}@homeowners.example.com` });
        const alertsBefore = (await m.mailsTo(ann.email)).filter((x) => x.kind === 'lead_alert').length;
        await Promise.all([page.waitForURL(/\/admin\/leads\/new$/), page.getByRole('link', { name: 'New request by phone' }).click()]);
        assert.ok(await page.locator('#field-notify_now').isChecked(), 'notify now is the default');
        await fillPhoneInForm(page, caller, 'The caller has no internet at home');
        await checked(page, 'phone-in-form');
        const phoneIn = await submitPhoneIn(page);
        await checked(page, 'phone-in-created');
        await m.waitForMailsTo(ann.email, (ms) => ms.filter((x) => x.kind === 'lead_alert').length > alertsBefore,
          { what: "ann's alert for the phone-in" });

        // (b) A new base price, and the next request on /request costs it.
        const price = 11 + i;
        await page.goto(`${base}/admin/catalog`);
        await setBasePriceOnCatalog(page, base, 'water_heater', price, `Journey price at ${vp.name}`);
        await checked(page, 'catalog-saved');
        const homeowner = validLeadFor({ service_type: 'water_heater', urgency: 'flexible' });
        await requestOnForm(home.page, base, homeowner);
        const [[webLead, stored]] = query(m.srv, `SELECT id, price_credits FROM leads WHERE email = '${homeowner.email}'`);
        assert.equal(Number(stored), price, 'the next request is priced with the new base price');
        await m.waitForMailsTo(homeowner.email, (ms) => ms.length >= 1, { what: 'the intake confirmation' });

        // (c) The homeowner calls support: the agent finds the request by phone and resends.
        await logInPage(support.page, base, agent.email, agent.password);
        await support.page.goto(`${base}/admin/leads`);
        await findRequestByPhone(support.page, homeowner.phone, webLead);
        await checked(support.page, 'support-found-by-phone');
        await openRequestFromList(support.page, webLead);
        await checked(support.page, 'support-request');
        await resendConfirmationOnPage(support.page, 'Homeowner on the phone lost the e-mail');
        await checked(support.page, 'support-resent');
        await m.waitForMailsTo(homeowner.email, (ms) => ms.length >= 2, { what: 'the resent confirmation' });

        // (d) The phone-in was fake: two plumbers claimed it; closing it as fraud refunds them.
        const balances = [await balanceOf(m, ann), await balanceOf(m, bob)];
        for (const p of [ann, bob]) assert.equal((await claimLead(m, p, phoneIn)).status, 201);
        assert.ok(await balanceOf(m, ann) < balances[0], 'the claim cost ann credits');
        await page.goto(`${base}/admin/leads/${phoneIn}`);
        await closeAsFraudOnPage(page, 'Fake caller; the number belongs to a pizzeria');
        assert.equal(await page.locator('td.claim-refund', { hasText: 'Refunded' }).count(), 2);
        await checked(page, 'closed-as-fraud');
        assert.deepEqual([await balanceOf(m, ann), await balanceOf(m, bob)], balances);

        // (e) The audit page, from the console's start page, through its filters.
        await page.goto(`${base}/admin`);
        await Promise.all([page.waitForURL(`${base}/admin/audit`), page.locator('a[href="/admin/audit"]').click()]);
        const leadRows = await filterAuditPage(page, { action: 'lead.', target_type: 'lead', target_id: phoneIn });
        await checked(page, 'audit-phone-in');
        assert.deepEqual(leadRows.map((r) => r.action), ['lead.close', 'lead.create'], 'the phone-in and its close, newest first');
        const [close, create] = leadRows;
        for (const r of leadRows) {
          assert.match(r.who, escaped(m.admin.email), `who: ${r.text}`);
          assert.equal(r.target, `lead ${phoneIn}`);
        }
        assert.match(close.reason, /the number belongs to a pizzeria/);
        assert.equal(create.reason, 'The caller has no internet at home');
        assert.match(create.change, /"source":"phone"/);
        assert.match(create.change, /"notify_now":true/);

        const resend = await filterAuditPage(page, {
          actor: agent.email, action: 'lead.resend_confirmation', target_type: 'lead', target_id: webLead,
        });
        await checked(page, 'audit-resend');
        assert.equal(resend.length, 1, "the agent resent this homeowner's confirmation once");
        assert.match(resend[0].who, escaped(agent.email));
        assert.match(resend[0].who, /support/);
        assert.equal(resend[0].target, `lead ${webLead}`);
        assert.equal(resend[0].reason, 'Homeowner on the phone lost the e-mail');

        const catalog = await filterAuditPage(page, { action: 'catalog.update' });
        await checked(page, 'audit-catalog');
        const change = catalog.find((r) => r.reason === `Journey price at ${vp.name}`);
        assert.ok(change, `the price change is listed: ${catalog.map((r) => r.reason).join(' | ')}`);
        assert.match(change.who, escaped(m.admin.email));
        assert.equal(change.target, 'catalog');
        assert.match(change.change, new RegExp(`"base_price_credits":${price}`));

        for (const p of [admin, home, support]) assert.deepEqual(p.problems, []);
      } finally {
        for (const p of [admin, home, support]) await p.context.close();
      }
    });
  });
});
