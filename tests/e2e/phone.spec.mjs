// Phone-first journey in Chromium at 390 px (and on a desktop where it differs): the menu button
// opens the navigation (and without scripts the links stay reachable), the first lead card is above
// the fold, the web app manifest is valid and the service worker registers; My leads and a claimed
// lead stay readable offline, other pages show the offline page, and log-out clears the copies;
// My leads stacks each claim as a card at 390 px (no sideways scroll, a 44 px phone link).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { http } from '../support/server.mjs';
import {
  PASSWORD, claimIdOf, claimLead, newestAvailableLead, readyPlumber, startMarketplace, submitLead,
  validLeadFor,
} from '../support/marketplace.mjs';
import {
  VIEWPORTS, assertNoAxeViolations, assertTouchTargets, launchBrowser, openMenuIfFolded, openPage, screenshotter,
  skipWithoutChromium,
} from '../support/browser.mjs';
import { logInPage } from '../support/e2e_steps.mjs';

const [DESKTOP, PHONE] = VIEWPORTS;
const PRIVATE_CACHE = 'plumbline-private-v1';

describe('phone first: menu, dashboard, installable app, offline My leads (Chromium)', { skip: skipWithoutChromium }, () => {
  let m;
  let browser;
  let plumber;
  let claimId;
  let homeowner;
  let tracked;

  before(async () => {
    m = await startMarketplace({ db: 'sqlite', maildev: false });
    browser = await launchBrowser();
    plumber = await readyPlumber(m, 'phone');
    homeowner = validLeadFor({ name: 'Offline Olga Homeowner', service_type: 'leak_repair' });
    tracked = await submitLead(m, homeowner);
    const card = await newestAvailableLead(m, plumber);
    const claim = await claimLead(m, plumber, card.id ?? card.lead_id);
    assert.equal(claim.status, 201, claim.body);
    claimId = claimIdOf(claim.json());
    for (const service_type of ['water_heater', 'drain_cleaning', 'leak_repair', 'repiping'])
      await submitLead(m, validLeadFor({ service_type }));
  });

  after(async () => {
    await browser?.close();
    await m?.close();
  });

  const logInPlumber = (page) => logInPage(page, m.srv.baseUrl, plumber.email, PASSWORD, { lands: '/dashboard' });

  it('folds the navigation behind a menu button at 390 px, and shows it open on a desktop', async () => {
    const p = await openPage(browser, PHONE);
    const shoot = screenshotter(p.page, 'phone', PHONE);
    await logInPlumber(p.page);
    const menu = p.page.getByRole('button', { name: 'Menu' });
    const myLeads = p.page.locator('header').getByRole('link', { name: 'My leads' });
    assert.ok(await menu.isVisible(), 'the menu button is shown');
    assert.equal(await menu.getAttribute('aria-expanded'), 'false');
    assert.equal(await myLeads.isVisible(), false, 'the links are folded away');
    const box = await menu.boundingBox();
    assert.ok(box.height >= 44 && box.width >= 44, `the menu button is a 44 px target (${box.width}×${box.height})`);
    await shoot('menu-closed');
    await menu.click();
    await myLeads.waitFor({ state: 'visible' });
    assert.equal(await menu.getAttribute('aria-expanded'), 'true');
    await assertNoAxeViolations(p.page, 'dashboard with the menu open (phone)');
    await shoot('menu-open');
    await Promise.all([p.page.waitForURL(/\/my-leads$/), myLeads.click()]);
    assert.deepEqual(p.problems, []);
    await p.context.close();

    const d = await openPage(browser, DESKTOP);
    await logInPlumber(d.page);
    assert.equal(await d.page.getByRole('button', { name: 'Menu' }).isVisible(), false, 'no menu button on a desktop');
    assert.ok(await d.page.locator('header').getByRole('link', { name: 'My leads' }).isVisible(), 'the links are shown');
    await screenshotter(d.page, 'phone', DESKTOP)('desktop-nav');
    assert.deepEqual(d.problems, []);
    await d.context.close();
  });

  it('keeps the links reachable without JavaScript', async () => {
    const p = await openPage(browser, PHONE, { contextOptions: { javaScriptEnabled: false } });
    await p.page.goto(`${m.srv.baseUrl}/`);
    assert.equal(await p.page.getByRole('button', { name: 'Menu' }).isVisible(), false, 'no button that would do nothing');
    for (const name of ['Request a plumber', 'For plumbers: Log in', 'Join'])
      assert.ok(await p.page.locator('header').getByRole('link', { name }).isVisible(), `${name} is shown`);
    await screenshotter(p.page, 'phone', PHONE)('no-script-nav');
    assert.deepEqual(p.problems, []);
    await p.context.close();
  });

  it('shows the first lead card above the fold on the dashboard at 390×844', async () => {
    const p = await openPage(browser, PHONE);
    await logInPlumber(p.page);
    const first = p.page.locator('#lead-list .lead-card').first();
    await first.waitFor({ state: 'visible' });
    await screenshotter(p.page, 'phone', PHONE)('dashboard-first-card');
    const box = await first.boundingBox();
    assert.ok(box.y + box.height <= PHONE.viewport.height,
      `the whole first card is within the first screen (bottom at ${Math.round(box.y + box.height)} px)`);
    // The filters are one tap away, and open by themselves when some are in use.
    const toggle = p.page.getByRole('button', { name: 'Filter and sort' });
    assert.equal(await p.page.locator('#filter-service').isVisible(), false);
    await toggle.click();
    await p.page.locator('#filter-service').waitFor({ state: 'visible' });
    await p.page.selectOption('#filter-service', 'water_heater');
    await Promise.all([p.page.waitForURL(/service_type=water_heater/), p.page.getByRole('button', { name: 'Show' }).click()]);
    assert.ok(await p.page.locator('#filter-service').isVisible(), 'filters in use stay open');
    const badge = p.page.locator('#lead-list .lead-card .lead-service').first();
    assert.match(await badge.getAttribute('class'), /\bsvc-badge svc-water_heater\b/, 'the service badge has its colour');
    await screenshotter(p.page, 'phone', PHONE)('dashboard-filtered');
    assert.deepEqual(p.problems, []);
    await p.context.close();
  });

  it('gives each service type one badge colour on every page that shows it', async () => {
    const p = await openPage(browser, PHONE);
    await logInPlumber(p.page);
    const colours = async (selector) => p.page.locator(selector).first().evaluate((el) => {
      const s = getComputedStyle(el);
      return `${s.color} on ${s.backgroundColor}`;
    });
    const leak = '.svc-badge.svc-leak_repair';
    const seen = {};
    seen.dashboard = await colours(`#lead-list ${leak}`);
    await p.page.goto(`${m.srv.baseUrl}/my-leads`);
    seen.myLeads = await colours(`#claim-${claimId} ${leak}`);
    await p.page.goto(`${m.srv.baseUrl}/my-leads/${claimId}`);
    seen.claimedLead = await colours(`h1 ${leak}`);
    await p.page.goto(`${m.srv.baseUrl}${tracked.path}`);
    seen.tracking = await colours(leak);
    assert.deepEqual(new Set(Object.values(seen)).size, 1, `one colour pair: ${JSON.stringify(seen)}`);
    assert.notEqual(seen.dashboard, await colours('#lead-list .svc-badge:not(.svc-leak_repair)').catch(() => 'none'),
      'another service has another colour');
    assert.deepEqual(p.problems, []);
    await p.context.close();
  });

  it('stacks each claim on My leads as a card at 390×844: nothing scrolls sideways, the phone is a 44 px target, still a table', async () => {
    const p = await openPage(browser, PHONE);
    const shoot = screenshotter(p.page, 'phone', PHONE);
    await logInPlumber(p.page);
    await p.page.goto(`${m.srv.baseUrl}/my-leads`);
    const row = p.page.locator(`#claim-${claimId}`);
    await row.waitFor({ state: 'visible' });
    await shoot('my-leads-cards');
    const widths = await p.page.evaluate(() => {
      const region = document.querySelector('main table').parentElement;
      return { region: [region.scrollWidth, region.clientWidth], page: [document.documentElement.scrollWidth, window.innerWidth] };
    });
    assert.ok(widths.region[0] <= widths.region[1], `the table region does not scroll sideways (${widths.region})`);
    assert.ok(widths.page[0] <= widths.page[1], `the page does not scroll sideways (${widths.page})`);
    // A card: the cells stack one above the other, each labelled, with every detail shown.
    const cells = await row.locator('td').evaluateAll((tds) => tds.map((td) => {
      const r = td.getBoundingClientRect();
      return { x: Math.round(r.x), top: r.top, bottom: r.bottom, label: td.querySelector('.claim-label')?.innerText ?? '' };
    }));
    assert.deepEqual(cells.map((c) => c.label), ['Claimed', 'Service', 'Homeowner', 'Where', 'Outcome']);
    assert.equal(new Set(cells.map((c) => c.x)).size, 1, 'the cells start at one left edge');
    assert.ok(cells.every((c, i) => i === 0 || c.top >= cells[i - 1].bottom - 1), 'each cell below the one before');
    const text = await row.innerText();
    for (const part of [homeowner.name, homeowner.email, 'Leak', 'CA 94110'])
      assert.ok(text.includes(part), `the card shows ${part}: ${text}`);
    assert.match(await row.locator('time').getAttribute('datetime'), /^\d{4}-\d{2}-\d{2}T/);
    const phone = row.locator('a[href^="tel:"]');
    const box = await phone.boundingBox();
    assert.ok(box.height >= 44 && box.width >= 44, `the phone link is a 44 px target (${box.width}×${box.height})`);
    assert.ok(box.x + box.width <= PHONE.viewport.width, 'the phone link is on screen');
    // Screen readers still meet a table whose header cells name each cell.
    assert.equal(await p.page.getByRole('table', { name: 'Leads you claimed, newest first' }).count(), 1);
    assert.equal(await p.page.getByRole('columnheader', { name: 'Homeowner' }).count(), 1);
    await assertNoAxeViolations(p.page, 'My leads (phone)');
    await assertTouchTargets(p.page, 'My leads (phone)', 'main');
    assert.deepEqual(p.problems, []);
    await p.context.close();

    // On a desktop it is a table with visible column headers and no per-cell labels.
    const d = await openPage(browser, DESKTOP);
    await logInPlumber(d.page);
    await d.page.goto(`${m.srv.baseUrl}/my-leads`);
    assert.ok(await d.page.getByRole('columnheader', { name: 'Homeowner' }).isVisible(), 'the header row is shown');
    assert.equal(await d.page.locator(`#claim-${claimId} .claim-label`).first().isVisible(), false);
    const tops = await d.page.locator(`#claim-${claimId} td`).evaluateAll((tds) => new Set(tds.map((td) => Math.round(td.getBoundingClientRect().top))).size);
    assert.equal(tops, 1, 'the cells sit in one row');
    await screenshotter(d.page, 'phone', DESKTOP)('my-leads-table');
    await assertNoAxeViolations(d.page, 'My leads (desktop)');
    assert.deepEqual(d.problems, []);
    await d.context.close();
  });

  it('is installable: a valid manifest, icons and a service worker at the root scope', async () => {
    const res = await http(`${m.srv.baseUrl}/manifest.webmanifest`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /^application\/manifest\+json/);
    const manifest = JSON.parse(res.body);
    assert.equal(manifest.short_name, 'Plumbline');
    assert.ok(manifest.name);
    assert.equal(manifest.start_url, '/dashboard');
    assert.equal(manifest.display, 'standalone');
    assert.match(manifest.theme_color, /^#[0-9a-f]{6}$/);
    for (const size of ['192x192', '512x512']) {
      const icon = manifest.icons.find((i) => i.sizes === size && i.type === 'image/png');
      assert.ok(icon, `a ${size} PNG icon`);
      const img = await fetch(`${m.srv.baseUrl}${icon.src}`);
      assert.equal(img.status, 200, icon.src);
      assert.equal(img.headers.get('content-type'), 'image/png');
      const [w, h] = size.split('x').map(Number);
      const bytes = Buffer.from(await img.arrayBuffer());
      assert.equal(bytes.toString('latin1', 1, 4), 'PNG');
      assert.deepEqual([bytes.readUInt32BE(16), bytes.readUInt32BE(20)], [w, h], `${icon.src} is ${size}`);
    }
    assert.ok(manifest.icons.some((i) => i.type === 'image/svg+xml'), 'an SVG icon');
    const sw = await http(`${m.srv.baseUrl}/sw.js`);
    assert.equal(sw.status, 200);
    assert.match(sw.headers.get('content-type'), /^application\/javascript/);
    assert.equal(sw.headers.get('cache-control'), 'no-cache', 'browsers look for a new worker');
    // Log-out tells the browser to drop what the worker kept (checked in the browser below too).
    const out = await plumber.client.post('/logout', {});
    assert.equal(out.status, 303);
    assert.equal(out.headers.get('clear-site-data'), '"cache", "storage"');

    const p = await openPage(browser, PHONE);
    await logInPlumber(p.page);
    assert.equal(await p.page.locator('link[rel=manifest]').getAttribute('href'), '/manifest.webmanifest');
    assert.equal(await p.page.locator('meta[name=theme-color]').getAttribute('content'), manifest.theme_color);
    const script = await p.page.evaluate(() => navigator.serviceWorker.ready.then((r) => [r.scope, r.active.scriptURL]));
    assert.deepEqual(script, [`${m.srv.baseUrl}/`, `${m.srv.baseUrl}/sw.js`]);
    assert.deepEqual(p.problems, []);
    await p.context.close();
  });

  it('keeps My leads and a claimed lead readable offline, only those, and forgets them at log-out', async () => {
    const p = await openPage(browser, PHONE);
    const shoot = screenshotter(p.page, 'phone', PHONE);
    const { page, context } = p;
    const base = m.srv.baseUrl;
    await logInPlumber(page);
    await page.evaluate(() => navigator.serviceWorker.ready);
    // The worker controls the pages loaded after it is active.
    await page.goto(`${base}/my-leads`);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await page.goto(`${base}/my-leads`);
    await page.goto(`${base}/my-leads/${claimId}`);
    assert.equal(await page.locator('#contact-name').innerText(), homeowner.name);
    const kept = async () => page.evaluate(async (name) => {
      if (!(await caches.has(name))) return [];
      const cache = await caches.open(name);
      return (await cache.keys()).map((r) => new URL(r.url).pathname).sort();
    }, PRIVATE_CACHE);
    await page.waitForFunction(async ([name, n]) => (await caches.has(name))
      && (await (await caches.open(name)).keys()).length >= n, [PRIVATE_CACHE, 2]);
    assert.deepEqual(await kept(), ['/my-leads', `/my-leads/${claimId}`], 'only the My leads pages are kept');

    await context.setOffline(true);
    await page.goto(`${base}/my-leads`);
    assert.ok(await page.locator(`#claim-${claimId}`).isVisible(), 'the claimed lead is listed offline');
    assert.match(await page.locator(`#claim-${claimId}`).innerText(), new RegExp(homeowner.name));
    assert.ok(await page.locator('#offline-copy').isVisible(), 'the page says it is a saved copy');
    await shoot('offline-my-leads');
    await assertNoAxeViolations(page, 'My leads offline (phone)');
    await page.goto(`${base}/my-leads/${claimId}`);
    assert.equal(await page.locator('#contact-name').innerText(), homeowner.name);
    assert.match(await page.locator('#contact-phone').getAttribute('href'), /^tel:/);
    await shoot('offline-claimed-lead');
    await page.goto(`${base}/dashboard`);
    assert.ok(await page.locator('#offline-page').isVisible(), 'any other page: the offline page');
    assert.equal(await page.locator('#lead-list').count(), 0, 'the dashboard was not kept');
    await shoot('offline-dashboard');
    await assertNoAxeViolations(page, 'offline page (phone)');

    await context.setOffline(false);
    await page.goto(`${base}/my-leads`);
    await openMenuIfFolded(page);
    await Promise.all([page.waitForURL(/\/login\?bye=1$/), page.getByRole('button', { name: 'Log out' }).click()]);
    await page.waitForFunction(async (name) => !(await caches.has(name))
      || (await (await caches.open(name)).keys()).length === 0, PRIVATE_CACHE);
    assert.deepEqual(await kept(), [], 'log-out dropped the kept pages');
    await shoot('logged-out');
    await context.setOffline(true);
    const shown = await page.goto(`${base}/my-leads`).then(() => page.content(), () => '');
    assert.ok(!shown.includes(homeowner.name), 'after log-out nothing of the homeowner is shown offline');
    await context.setOffline(false);
    assert.deepEqual(p.problems.filter((x) => !/ERR_INTERNET_DISCONNECTED/.test(x)), []);
    await context.close();
  });
});
