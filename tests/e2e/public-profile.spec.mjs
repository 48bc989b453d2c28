// Browser test (issue 17, part D): at 1280 and 390 px a homeowner who hired a plumber opens the
// e-mailed review link, gives stars and a text with the keyboard-accessible radios, and the review
// appears on the plumber's public profile, which carries its schema.org JSON-LD; axe-core finds no
// violation on the review form or the profile, and touch targets hold.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  VIEWPORTS, assertNoAxeViolations, assertTouchTargets, launchBrowser, openPage, screenshotter, skipWithoutChromium,
} from '../support/browser.mjs';
import {
  api, claimLead, newestAvailableLead, readyPlumber, startMarketplace, submitLead, validLeadFor,
} from '../support/marketplace.mjs';

describe('public profile and review form in Chromium', { skip: skipWithoutChromium }, () => {
  let m;
  let browser;
  let p;
  const homeowners = [];

  before(async () => {
    m = await startMarketplace({ db: 'sqlite', maildev: false, env: { PLUMBLINE_EXPIRY_INTERVAL_SECONDS: '1' } });
    browser = await launchBrowser();
    p = await readyPlumber(m, 'profiled');
    const set = await api(m.srv, 'PUT', '/api/v1/admin/settings', {
      token: m.admin.token, body: { settings: { review_request_days: 0 }, reason: 'Browser test' },
    });
    assert.equal(set.status, 200, set.body);
    for (let i = 0; i < VIEWPORTS.length; i++) {
      const email = `profile-${i}-${Date.now()}@homeowners.example.com`;
      const lead = await submitLead(m, validLeadFor({ email }));
      const card = await newestAvailableLead(m, p);
      assert.equal((await claimLead(m, p, card.id ?? card.lead_id)).status, 201);
      await lead.client.get(lead.path);
      const hired = await lead.client.post(`${lead.path}/hired`, { hired: `plumber:${p.id}` });
      assert.equal(hired.status, 303, hired.body.slice(0, 300));
      homeowners.push({ email, lead });
    }
  });
  after(async () => {
    await browser?.close();
    await m?.close();
  });

  VIEWPORTS.forEach((vp, i) => {
    it(`reviews the hired plumber and shows it on the profile at ${vp.viewport.width} px`, async () => {
      const { email, lead } = homeowners[i];
      const mails = await m.waitForMailsTo(email, (ms) => ms.some((x) => /\/reviews\//.test(x.text)), { what: 'the review e-mail' });
      const link = /(https?:\/\/\S+\/reviews\/[A-Za-z0-9_-]+)/.exec(mails.find((x) => /\/reviews\//.test(x.text)).text)[1];
      const { context, page, problems } = await openPage(browser, vp);
      const shoot = screenshotter(page, 'public-profile', vp);

      // The tracking page links the claimant to its profile.
      await page.goto(`${m.srv.baseUrl}${lead.path}`);
      const profileHref = await page.locator('a.claimant-profile').first().getAttribute('href');
      assert.match(profileHref, new RegExp(`^/pros/.+-${p.id}$`));

      await page.goto(new URL(new URL(link).pathname, m.srv.baseUrl).href);
      await assertNoAxeViolations(page, `review form ${vp.name}`);
      await assertTouchTargets(page, `review form ${vp.name}`);
      await shoot('review-form');
      await page.locator('#field-punctuality-5').check();
      await page.locator('#field-quality-4').check();
      await page.locator('#field-price-4').check();
      await page.locator('#field-body').fill(`Came on time and fixed it (${vp.name}).`);
      await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Publish my review' }).click()]);
      assert.match(await page.locator('h1').innerText(), /Thank you for your review/);

      await page.goto(`${m.srv.baseUrl}${profileHref}`);
      assert.match(await page.title(), new RegExp(`^${p.business_name}, plumber in San Francisco, CA`));
      assert.match(await page.locator('main').innerText(), new RegExp(`Came on time and fixed it \\(${vp.name}\\)`));
      const ld = JSON.parse(await page.locator('script[type="application/ld+json"]').textContent());
      assert.equal(ld['@type'], 'Plumber');
      assert.equal(ld.aggregateRating.reviewCount, i + 1);
      assert.ok(await page.locator('meta[name="description"]').getAttribute('content'));
      await assertNoAxeViolations(page, `public profile ${vp.name}`);
      await assertTouchTargets(page, `public profile ${vp.name}`);
      await shoot('profile');
      assert.deepEqual(problems, []);
      await context.close();
    });
  });
});
