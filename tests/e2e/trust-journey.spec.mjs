// The trust journey of issue 17 across its four parts, in Chromium: a homeowner asks for a water
// heater repair with the questions answered and two photos, confirms the phone with the texted
// code; the matched plumber sees "Phone verified", the thumbnails and the answers before claiming
// and the full photos after; the homeowner marks that plumber hired; a week later (the server
// restarted with its clock 7 days ahead, PLUMBLINE_TEST_CLOCK_DAYS) the review e-mail comes, the
// review is published and shows on the plumber's public profile. With JavaScript off
// the same form still works end to end: questions as a second step, photos, the code.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { REPO_ROOT } from '../support/server.mjs';
import { startTwilioStandin } from '../support/twilio-standin.mjs';
import { uniqueSmsPhone, waitFor } from '../support/outbox.mjs';
import { query } from '../support/db.mjs';
import { readyPlumber, startMarketplace } from '../support/marketplace.mjs';
import {
  VIEWPORTS, assertNoAxeViolations, assertTouchTargets, imagesLoaded, launchBrowser, openPage, screenshotter, skipWithoutChromium,
} from '../support/browser.mjs';

const fixture = (name) => path.join(REPO_ROOT, 'tests/fixtures/images', name);
const TRACKING_SENT = /\/t\/([A-Za-z0-9_-]{22,})\/sent$/;

describe('trust on both sides, one journey (Chromium)', { skip: skipWithoutChromium }, () => {
  let tw;
  let m;
  let browser;
  let plumber;

  before(async () => {
    tw = await startTwilioStandin();
    // The worker's periodic jobs (expiry, review e-mails) every second, so the week's end is seen soon.
    m = await startMarketplace({ db: 'sqlite', env: { ...tw.env, PLUMBLINE_EXPIRY_INTERVAL_SECONDS: '1' } });
    browser = await launchBrowser();
    plumber = await readyPlumber(m, 'trusty');
  });
  after(async () => {
    await browser?.close();
    try { await m?.close(); } finally { await tw?.close(); }
  });

  const cookiesOf = (client) => [...client.cookies].map(([name, value]) => ({ name, value, url: m.srv.baseUrl }));
  const thumbnailsLoaded = (page) => imagesLoaded(page, '#lead-photos img');
  // The newest 6-digit code texted to `e164` (after `count` texts).
  const codeTexted = (e164, count = 1) => waitFor(() => {
    const codes = tw.messages(e164).map((x) => /your code is (\d{6})/.exec(x.params.Body)?.[1]).filter(Boolean);
    return codes.length >= count ? codes[codes.length - 1] : null;
  }, { what: `code #${count} texted to ${e164}` });
  // The lead behind a tracking token (the database keeps only the token's SHA-256).
  const leadIdOf = (token) => Number(query(m.srv,
    `SELECT id FROM leads WHERE tracking_hash = '${createHash('sha256').update(token).digest('hex')}'`)[0][0]);

  async function fillTheJob(page, { name, phone, email }) {
    await page.fill('#field-description', 'No hot water since Sunday; the tank ticks and the pilot will not stay lit.');
    await page.check('#field-urgency-within_24h');
    await page.fill('#field-zip', '94110');
    await page.fill('#field-address', '500 Guerrero St');
    await page.fill('#field-name', name);
    await page.fill('#field-phone', phone.display);
    await page.fill('#field-email', email);
    await page.check('#field-contact_method-text');
    await page.check('#field-consent');
  }

  async function enterCode(page, phone) {
    const code = await codeTexted(phone.e164);
    await page.fill('#field-code', code);
    await Promise.all([page.waitForURL(/\?done=1$/), page.getByRole('button', { name: 'Confirm my phone' }).click()]);
  }

  it('verified phone, photos and answers before the claim; hired; a review a week later on the profile', async () => {
    const vp = VIEWPORTS[0];
    const phone = uniqueSmsPhone();
    const email = `trust-${Date.now()}@homeowners.example.com`;

    // The homeowner, with scripts: the water heater's questions appear in place.
    const ho = await openPage(browser, vp);
    const shoot = screenshotter(ho.page, 'trust-journey', vp);
    await ho.page.goto(`${m.srv.baseUrl}/request`);
    await Promise.all([
      ho.page.waitForResponse((r) => r.url().includes('/request/questions')),
      ho.page.selectOption('#field-service_type', 'water_heater'),
    ]);
    await ho.page.getByRole('group', { name: /Gas or electric\?/ }).waitFor();
    await ho.page.getByLabel('Gas', { exact: true }).check();
    await ho.page.getByLabel('Tank', { exact: true }).check();
    await ho.page.fill('#field-answer_age', '12');
    await fillTheJob(ho.page, { name: 'Tess Trust', phone, email });
    await ho.page.setInputFiles('#field-photos', [fixture('gps.jpg'), fixture('small.png')]);
    if (await ho.page.locator('#field-send_anyway').count()) await ho.page.check('#field-send_anyway');
    await Promise.all([ho.page.waitForURL(TRACKING_SENT), ho.page.getByRole('button', { name: 'Send my request' }).click()]);
    const token = TRACKING_SENT.exec(ho.page.url())[1];
    const leadId = leadIdOf(token);

    // The confirmation page asks for the texted code; the badge follows.
    assert.match(await ho.page.locator('#verify-contact').innerText(), new RegExp(`texted a 6-digit code to .*${phone.last4}`));
    await enterCode(ho.page, phone);
    await ho.page.goto(`${m.srv.baseUrl}/t/${token}`);
    assert.equal(await ho.page.locator('#verified-badge').innerText(), 'Phone verified');
    assert.deepEqual(await thumbnailsLoaded(ho.page), [true, true]);
    assert.equal(await ho.page.locator('dd[data-question="fuel"]').innerText(), 'Gas');
    await shoot('tracking-verified');

    // The matched plumber, before claiming: the badge, two thumbnails, the answers; no full image.
    const pl = await openPage(browser, vp);
    await pl.context.addCookies(cookiesOf(plumber.client));
    await pl.context.route(/^https:\/\/tile\.openstreetmap\.org\//, (route) => route.abort('aborted'));
    const plShoot = screenshotter(pl.page, 'trust-journey', vp);
    await pl.page.goto(`${m.srv.baseUrl}/leads/${leadId}`);
    const signals = await pl.page.locator('#lead-quality li').evaluateAll((lis) => lis.map((li) => li.dataset.signal));
    assert.equal(signals[0], 'phone_verified', `the dated check first: ${signals}`);
    assert.deepEqual(await thumbnailsLoaded(pl.page), [true, true]);
    assert.equal(await pl.page.locator('#lead-photos a').count(), 0, 'no links to full images before claiming');
    assert.equal(await pl.page.locator('#service-answers dd[data-question="fuel"]').innerText(), 'Gas');
    assert.equal(await pl.page.locator('#service-answers dd[data-question="tank"]').innerText(), 'Tank');
    assert.equal(await pl.page.locator('#service-answers dd[data-question="age"]').innerText(), '12');
    const thumb = await pl.page.locator('#lead-photos img').first().getAttribute('src');
    const fullBefore = await pl.page.request.get(`${m.srv.baseUrl}${thumb.replace(/\/thumb$/, '')}`);
    assert.equal(fullBefore.status(), 403, 'the full photo only after a claim');
    await assertNoAxeViolations(pl.page, 'lead page with every trust signal');
    await assertTouchTargets(pl.page, 'lead page with every trust signal');
    await plShoot('lead-before-claim');

    // The claim, in the browser; then the full photos.
    await Promise.all([pl.page.waitForURL(new RegExp(`/leads/${leadId}/claim$`)), pl.page.locator('#lead-claim-link').click()]);
    await Promise.all([pl.page.waitForURL(/\/my-leads\/\d+\?claimed=1$/), pl.page.locator('#claim-confirm').click()]);
    assert.equal(await pl.page.locator('#lead-photos a').count(), 2, 'each photo opens in full');
    const full = await pl.page.request.get(`${m.srv.baseUrl}${await pl.page.locator('#lead-photos a').first().getAttribute('href')}`);
    assert.equal(full.status(), 200);
    assert.equal(full.headers()['content-type'], 'image/jpeg');

    // The homeowner marks the plumber hired.
    await ho.page.goto(`${m.srv.baseUrl}/t/${token}`);
    await ho.page.locator('#hired-choice input[value^="plumber:"]').check();
    await Promise.all([ho.page.waitForURL(/\/t\/[^/]+\?done=/), ho.page.getByRole('button', { name: "I've hired someone" }).click()]);
    const [hiredClaim, hiredAt] = query(m.srv, `SELECT hired_claim_id, hired_at FROM leads WHERE id = ${leadId}`)[0];
    assert.ok(Number(hiredClaim) > 0 && Number(hiredAt) > 0, 'the hire is recorded with the claim');

    // The review e-mail waits the setting's 7 days: none while the review job runs (every second).
    const reviewMails = async () => (await m.mailsTo(email)).filter((x) => /\/reviews\//.test(x.text));
    await new Promise((r) => setTimeout(r, 3000));
    assert.equal((await reviewMails()).length, 0, 'no review e-mail before the week is out');
    // A week later: the same server and database, restarted with its clock 7 days ahead.
    m.srv.env.PLUMBLINE_TEST_CLOCK_DAYS = '7';
    await m.srv.restart();
    await waitFor(async () => (await reviewMails()).length > 0, { what: 'the review e-mail a week after the hire' });
    const link = /(https?:\/\/\S+\/reviews\/[A-Za-z0-9_-]+)/.exec((await reviewMails())[0].text)[1];

    await ho.page.goto(new URL(new URL(link).pathname, m.srv.baseUrl).href);
    await ho.page.locator('#field-punctuality-5').check();
    await ho.page.locator('#field-quality-5').check();
    await ho.page.locator('#field-price-4').check();
    await ho.page.fill('#field-body', 'Found the bad thermocouple from the photos and brought the part.');
    await Promise.all([ho.page.waitForLoadState('load'), ho.page.getByRole('button', { name: 'Publish my review' }).click()]);
    assert.match(await ho.page.locator('h1').innerText(), /Thank you for your review/);

    // The review on the public profile, linked from the tracking page.
    await ho.page.goto(`${m.srv.baseUrl}/t/${token}`);
    const profile = await ho.page.locator('a.claimant-profile').first().getAttribute('href');
    await ho.page.goto(`${m.srv.baseUrl}${profile}`);
    assert.match(await ho.page.locator('main').innerText(), /Found the bad thermocouple from the photos/);
    const ld = JSON.parse(await ho.page.locator('script[type="application/ld+json"]').textContent());
    assert.equal(ld.aggregateRating.reviewCount, 1);
    await assertNoAxeViolations(ho.page, 'public profile after the journey');
    await shoot('profile');
    assert.deepEqual(ho.problems, []);
    assert.deepEqual(pl.problems.filter((x) => !/tile\.openstreetmap/.test(x)), []);
    await ho.context.close();
    await pl.context.close();
  });

  it('works with JavaScript off: questions as a second step, photos, the texted code', async () => {
    const vp = VIEWPORTS.find((v) => v.name === 'phone');
    const phone = uniqueSmsPhone();
    const { context, page, problems } = await openPage(browser, vp, { contextOptions: { javaScriptEnabled: false } });
    await page.goto(`${m.srv.baseUrl}/request`);
    await page.selectOption('#field-service_type', 'water_heater');
    await fillTheJob(page, { name: 'Nora NoScript', phone, email: `noscript-${Date.now()}@homeowners.example.com` });
    await page.setInputFiles('#field-photos', [fixture('gps.jpg'), fixture('small.png')]);
    if (await page.locator('#field-send_anyway').count()) await page.check('#field-send_anyway');
    await Promise.all([
      page.waitForURL(`${m.srv.baseUrl}/request`, { waitUntil: 'load' }),
      page.getByRole('button', { name: 'Send my request' }).click(),
    ]);
    const step = await page.locator('#questions-step').innerText();
    assert.match(step, /One more step/);
    assert.match(step, /choose your photos again/, 'the page says the chosen files are gone');
    assert.equal(await page.inputValue('#field-name'), 'Nora NoScript');
    await page.getByLabel('Electric', { exact: true }).check();
    await page.fill('#field-answer_age', '3');
    await page.setInputFiles('#field-photos', [fixture('gps.jpg'), fixture('small.png')]);
    if (await page.locator('#field-send_anyway').count()) await page.check('#field-send_anyway');
    await Promise.all([page.waitForURL(TRACKING_SENT), page.getByRole('button', { name: 'Send my request' }).click()]);
    const token = TRACKING_SENT.exec(page.url())[1];
    await enterCode(page, phone);
    await page.goto(`${m.srv.baseUrl}/t/${token}`);
    assert.equal(await page.locator('#verified-badge').innerText(), 'Phone verified');
    assert.equal(await page.locator('#lead-photos img').count(), 2);
    assert.equal(await page.locator('dd[data-question="fuel"]').innerText(), 'Electric');
    assert.deepEqual(problems, []);
    await context.close();
  });
});
