// Browser journey (desktop and 390 px, axe-checked): an admin takes a homeowner's request by phone with "notify matching plumbers now"; a matching plumber's dashboard lists it and their alert e-mail arrives; the admin corrects it on its edit page.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { VIEWPORTS, assertNoAxeViolations, launchBrowser, openPage, screenshotter, skipWithoutChromium } from '../support/browser.mjs';
import { logInPage } from '../support/e2e_steps.mjs';
import { fillPhoneInForm, submitPhoneIn } from '../support/console_steps.mjs';
import { PASSWORD, readyPlumber, startMarketplace } from '../support/marketplace.mjs';

describe('console in Chromium: a request taken by phone reaches the matching plumber', { skip: skipWithoutChromium }, () => {
  let m;
  let browser;
  let plumber;

  before(async () => {
    m = await startMarketplace({ db: 'sqlite' });
    plumber = await readyPlumber(m, 'phonein');
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await m?.close();
  });

  for (const vp of VIEWPORTS) {
    it(`creates a phone-in that notifies now, and the plumber sees it (${vp.name})`, async () => {
      // The 422 re-render is designed; the request's own page (/admin/leads/{id}) is another part of the console.
      const designed = (msg, at) => /status of 422/.test(msg) || (/status of 404/.test(msg) && /\/admin\/leads\/\d+\?done=created/.test(at));
      const { page, problems, context } = await openPage(browser, vp, { designed, label: 'admin' });
      const shoot = screenshotter(page, 'console-phone-lead', vp);
      await logInPage(page, m.srv.baseUrl, m.admin.email, m.admin.password, { lands: '/admin' });
      await Promise.all([page.waitForURL(/\/admin\/leads\/new$/), page.getByRole('link', { name: 'New request by phone' }).click()]);
      await assertNoAxeViolations(page, `/admin/leads/new (${vp.name})`);
      const script = await page.locator('#consent-script').textContent();
      assert.match(script, /licensed plumbers who serve my area/);
      assert.ok(await page.locator('#field-notify_now').isChecked(), 'notify now is the default');
      await shoot('form');

      const description = `Phone-in ${vp.name}: the water heater in the garage leaks from the valve.`;
      await fillPhoneInForm(page, {
        service_type: 'leak_repair', urgency: 'within_24h', description, zip: '94110', address: '12 Folsom St',
        name: 'Carla Caller', phone: vp.name === 'phone' ? '(628) 555-7101' : '(628) 555-7102',
        email: `carla-${vp.name}@homeowners.example.com`, contact_method: 'phone',
      });
      // Without the box ticked the caller's agreement is missing: the form comes back saying so.
      await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Create the request' }).click()]);
      await page.locator('#field-consent-error').waitFor();
      assert.match(await page.locator('#error-summary').textContent(), /Read the consent wording to the caller/);
      assert.equal(await page.locator('#field-description').inputValue(), description, 'what was typed stays');
      await assertNoAxeViolations(page, `/admin/leads/new with errors (${vp.name})`);
      await shoot('consent-missing');

      const id = await submitPhoneIn(page);

      // The edit page of the new request shows it as the caller gave it.
      await page.goto(`${m.srv.baseUrl}/admin/leads/${id}/edit`);
      assert.equal(await page.locator('#field-description').inputValue(), description);
      assert.match(await page.locator('main').textContent(), /source phone/);
      await assertNoAxeViolations(page, `/admin/leads/${id}/edit (${vp.name})`);
      await shoot('edit-page');
      assert.deepEqual(problems, []);
      await context.close();

      // The matching plumber: the request on the dashboard, and the alert e-mail.
      const p = await openPage(browser, vp, { label: 'plumber' });
      await logInPage(p.page, m.srv.baseUrl, plumber.email, PASSWORD, { lands: '/dashboard' });
      const card = p.page.locator(`#lead-${id}`);
      await card.waitFor();
      assert.match(await card.textContent(), /Leak/i);
      await screenshotter(p.page, 'console-phone-lead', vp)('plumber-dashboard');
      const mails = await m.waitForMailsTo(plumber.email,
        (ms) => ms.filter((x) => x.kind === 'lead_alert').length >= (vp.name === 'phone' ? 2 : 1), { what: 'the lead alert' });
      assert.ok(mails.some((x) => x.kind === 'lead_alert' && /94110/.test(`${x.subject} ${x.text}`)));
      assert.deepEqual(p.problems, []);
      await p.context.close();
    });
  }
});
