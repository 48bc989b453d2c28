// PLUMBLINE_TEST_PAYMENTS (issue 12.3): off by default, so a server without a Stripe key has no
// test Stripe, says online payment is not set up and refuses checkout while admins still grant
// credits; on, it is refused on https or non-loopback addresses (exit 2, variable named), and
// every page carries the TEST MODE band.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  BACKENDS, FormClient, describeOnce, freshDatabase, http, runCli, serverEnv,
} from '../support/server.mjs';
import {
  api, balanceOf, newestAvailableLead, readyPlumber, startMarketplace, submitLead, validLeadFor,
} from '../support/marketplace.mjs';
import { routeTable } from '../support/accounts.mjs';
import { assertLedgerInvariant, query } from '../support/db.mjs';

const NOT_SET_UP = 'Online payment is not set up on this server; an administrator can add credits.';
const decode = (html) => html.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');

for (const [db, skip] of BACKENDS) {
  describe(`without a Stripe key or test payments, the default (${db})`, { skip }, () => {
    let m;
    let p;
    before(async () => {
      m = await startMarketplace({ db, maildev: false });
      p = await readyPlumber(m, 'nopay', { credits: 0, plan: null });
    });
    after(async () => { await m?.close(); });

    it('mounts no test-payment route: the table has none and their paths answer 404', async () => {
      const routes = await routeTable(m.srv.env);
      assert.deepEqual(routes.filter((r) => r.pattern.startsWith('/test-payments')), []);
      for (const path of ['/test-payments/checkout/cs_test_1', '/test-payments/portal/bps_test_1', '/test-payments/receipts/in_1']) {
        assert.equal((await http(m.srv.url(path))).status, 404, path);
      }
      const stripeApi = await http(m.srv.url('/test-payments/stripe/v1/customers'), {
        method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'email=a%40b.c',
      });
      assert.equal(stripeApi.status, 404);
      assert.equal(m.srv.logs.filter((l) => l?.msg === 'test_payments_mode').length, 0, 'no test-mode warning');
    });

    it('says on the billing page and in the API that online payment is not set up, with nothing to buy', async () => {
      const page = await p.client.get('/billing');
      assert.equal(page.status, 200, page.body.slice(0, 300));
      const html = decode(page.body);
      assert.match(html, /id="payments-not-set-up"/);
      assert.ok(html.includes(NOT_SET_UP), 'the page says so');
      assert.doesNotMatch(html, /action="\/billing\/checkout"/, 'no plan or pack to choose');
      assert.doesNotMatch(html, /action="\/billing\/portal"/, 'no portal button');
      const r = await api(m.srv, 'GET', '/api/v1/billing', { token: p.token });
      assert.equal(r.status, 200, r.body);
      assert.equal(r.json().online_payment, false);
      assert.equal(r.json().online_payment_message, NOT_SET_UP);
    });

    it('refuses checkout and the portal with 409 payments_not_set_up, changing nothing', async () => {
      const before = JSON.stringify([
        query(m.srv, 'SELECT count(*) FROM checkout_sessions'),
        query(m.srv, `SELECT coalesce(stripe_customer_id, '') FROM plumbers WHERE user_id = ${Number(p.id)}`),
      ]);
      for (const [path, body] of [['/api/v1/billing/checkout', { pack: 'pack_5' }], ['/api/v1/billing/checkout', { plan: 'starter' }],
        ['/api/v1/billing/portal', {}]]) {
        const r = await api(m.srv, 'POST', path, { token: p.token, body });
        assert.equal(r.status, 409, `${path}: ${r.body}`);
        assert.equal(r.json().error.code, 'payments_not_set_up');
        assert.equal(r.json().error.message, NOT_SET_UP);
      }
      await p.client.get('/billing');
      for (const [path, fields] of [['/billing/checkout', { pack: 'pack_5' }], ['/billing/portal', {}]]) {
        const r = await p.client.post(path, fields);
        assert.equal(r.status, 409, `${path}: ${r.status} ${r.location || ''}`);
        assert.ok(decode(r.body).includes(NOT_SET_UP), `${path} shows the reason`);
        assert.match(r.body, /id="billing-error"/);
      }
      assert.equal(JSON.stringify([
        query(m.srv, 'SELECT count(*) FROM checkout_sessions'),
        query(m.srv, `SELECT coalesce(stripe_customer_id, '') FROM plumbers WHERE user_id = ${Number(p.id)}`),
      ]), before);
    });

    it('still lets an admin grant credits, by the API and by the admin page', async () => {
      const granted = await api(m.srv, 'POST', `/api/v1/admin/plumbers/${p.id}/credits`, {
        token: m.admin.token, body: { amount: 7, reason: 'Paid by cheque' },
      });
      assert.equal(granted.status, 200, granted.body);
      assert.equal(await balanceOf(m, p), 7);
      const admin = await m.adminClient();
      const billing = await admin.get('/admin/billing');
      assert.equal(billing.status, 200);
      assert.match(billing.body, /id="payments-not-set-up"/);
      await admin.get(`/admin/plumbers/${p.id}`);
      const form = await admin.post(`/admin/plumbers/${p.id}/credits`, { amount: '3', reason: 'Bank transfer' });
      assert.equal(form.status, 303, `${form.status} ${form.body.slice(0, 300)}`);
      assert.equal(await balanceOf(m, p), 10);
      const page = await p.client.get('/billing');
      assert.match(page.body, /id="credit-balance">10</);
      assertLedgerInvariant(m.srv);
    });
  });
}

describeOnce('PLUMBLINE_TEST_PAYMENTS=on is refused where others could reach it (exit 2, variables named)', () => {
  const cases = [
    [{ PLUMBLINE_BASE_URL: 'https://127.0.0.1:8443' }, 'PLUMBLINE_BASE_URL'],
    [{ PLUMBLINE_BASE_URL: 'https://plumbline.example.com' }, 'PLUMBLINE_BASE_URL'],
    [{ PLUMBLINE_BASE_URL: 'http://plumbline.example.com' }, 'PLUMBLINE_BASE_URL'],
    [{ PLUMBLINE_BASE_URL: 'http://192.168.1.20:8080' }, 'PLUMBLINE_BASE_URL'],
    [{ PLUMBLINE_LISTEN: '0.0.0.0:0' }, 'PLUMBLINE_LISTEN'],
  ];
  for (const [extra, named] of cases) {
    it(`${Object.entries(extra).map(([k, v]) => `${k}=${v}`).join(' ')}`, async () => {
      const database = freshDatabase('sqlite');
      try {
        const r = await runCli(['serve'], serverEnv(database, { PLUMBLINE_TEST_PAYMENTS: 'on', ...extra }), 20000);
        assert.equal(r.code, 2, `exit code (stderr: ${r.stderr})`);
        assert.ok(r.stderr.includes('PLUMBLINE_TEST_PAYMENTS'), `stderr names PLUMBLINE_TEST_PAYMENTS: ${r.stderr}`);
        assert.ok(r.stderr.includes(named), `stderr names ${named}: ${r.stderr}`);
        assert.ok(!r.stdout.includes('"listening"'), 'never listened');
      } finally {
        database.drop();
      }
    });
  }

  it('off, the same public addresses are accepted', async () => {
    const database = freshDatabase('sqlite');
    try {
      const r = await runCli(['routes'], serverEnv(database, { PLUMBLINE_BASE_URL: 'https://plumbline.example.com', PLUMBLINE_LISTEN: '0.0.0.0:0' }), 20000);
      assert.equal(r.code, 0, r.stderr);
    } finally {
      database.drop();
    }
  });
});

// Pages as each kind of visitor sees them: [label, client, path].
async function everyPage(m) {
  const lead = await submitLead(m, validLeadFor({ description: 'The water heater in the garage is leaking from the bottom.' }));
  const p = await readyPlumber(m, 'banner', { credits: 0, plan: null });
  const admin = await m.adminClient();
  const anonymous = new FormClient(m.srv.baseUrl);
  return [
    ['home', anonymous, '/'],
    ['lead form', anonymous, '/request'],
    ['homeowner tracking', lead.client, lead.path],
    ['log-in', anonymous, '/login'],
    ['sign-up', anonymous, '/signup'],
    ['not found', anonymous, '/no-such-page'],
    ['plumber dashboard', p.client, '/dashboard'],
    ['plumber billing', p.client, '/billing'],
    ['plumber credits', p.client, '/credits'],
    ['admin home', admin, '/admin'],
    ['admin plumbers', admin, '/admin/plumbers'],
    ['admin billing', admin, '/admin/billing'],
  ];
}

describeOnce('the TEST MODE band', () => {
  it('is on every page (homeowner, log-in, plumber, admin, errors) while test payments are on', async () => {
    const m = await startMarketplace({ maildev: false, env: { PLUMBLINE_TEST_PAYMENTS: 'on' } });
    try {
      for (const [label, client, path] of await everyPage(m)) {
        const r = await client.get(path);
        assert.ok(r.status === 200 || (label === 'not found' && r.status === 404), `${label} ${path}: ${r.status}`);
        const band = /<div class="site-test-mode" id="test-mode-banner" role="region" aria-label="Test mode">([\s\S]*?)<\/div>/.exec(r.body);
        assert.ok(band, `${label} ${path} has the band`);
        assert.match(band[1], /<strong>TEST MODE<\/strong>/, label);
        assert.match(band[1], /no real money moves/, label);
        assert.ok(r.body.indexOf('id="test-mode-banner"') < r.body.indexOf('<main'), `${label}: above the content`);
      }
    } finally {
      await m.close();
    }
  });

  it('is on no page without test payments', async () => {
    const m = await startMarketplace({ maildev: false });
    try {
      for (const [label, client, path] of await everyPage(m)) {
        const r = await client.get(path);
        assert.ok(r.status === 200 || (label === 'not found' && r.status === 404), `${label} ${path}: ${r.status}`);
        assert.doesNotMatch(r.body, /test-mode-banner|TEST MODE/, `${label} ${path}`);
      }
    } finally {
      await m.close();
    }
  });
});

// What a plumber short of credits or of a plan is told (issue 13.3/13.4): the way to fix it, and
// only ways that exist on this server.
describeOnce('where a plumber is sent to get credits or a plan', () => {
  for (const [label, env, online] of [['with test payments', { PLUMBLINE_TEST_PAYMENTS: 'on' }, true], ['without online payment', {}, false]]) {
    it(`${label}: /credits and a refused claim point to ${online ? 'the Billing page' : 'an administrator'}, never to "online payments arrive"`, async () => {
      const m = await startMarketplace({ db: 'sqlite', maildev: false, env });
      try {
        const poor = await readyPlumber(m, `poor${online ? 'on' : 'off'}`, { credits: 0 });
        const credits = decode((await poor.client.get('/credits')).body);
        assert.doesNotMatch(credits, /Until online payments arrive/);
        if (online) assert.match(credits, /<a href="\/billing">Buy a credit pack or choose a plan on the Billing page<\/a>/);
        else assert.match(credits, /online payment is not set up on this server/);
        await submitLead(m, validLeadFor());
        const id = (await newestAvailableLead(m, poor)).id;
        await poor.client.get(`/leads/${id}/claim`); // the confirmation step: its form claims
        const refused = await poor.client.post(`/leads/${id}/claim`, { confirm: 'yes' });
        assert.equal(refused.status, 402, refused.body.slice(0, 300));
        const body = decode(refused.body);
        assert.match(body, /Buy a credit pack on the Billing page/);
        assert.doesNotMatch(body, /comes with billing/);
        // Online, the link goes to the pack that covers the shortfall (plans-and-pricing.test.mjs).
        assert.match(body, online ? /href="\/billing#pack-pack_5"/ : /href="\/credits"/);
      } finally {
        await m.close();
      }
    });
  }
});
