// Admin pages and API for the marketplace: review with what is missing, approve/reject/suspend/reactivate with e-mails, credits, plan, disputes, and no admin route for plumbers.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BACKENDS, decodeHtml, http } from '../support/server.mjs';
import { routeTable } from '../support/accounts.mjs';
import { execute } from '../support/db.mjs';
import {
  INSURANCE_VALID_UNTIL, LICENCE_CHECKED_ON, api, approvePlumber, balanceOf, pendingDispute,
  profiledPlumber, readyPlumber, signUpPlumber, startMarketplace,
} from '../support/marketplace.mjs';

// Mails to `address` whose subject or text matches `re` (waits for at least `count`).
async function mailsMatching(m, address, re, count = 1) {
  const all = await m.waitForMailsTo(address, (ms) => ms.filter((x) => re.test(`${x.subject}\n${x.text}`)).length >= count,
    { what: `a mail matching ${re}` });
  return all.filter((x) => re.test(`${x.subject}\n${x.text}`));
}

const text = (res) => decodeHtml(res.body);

for (const [db, skip] of BACKENDS) {
  describe(`marketplace admin (${db})`, { skip }, () => {
    let m;
    let admin; // FormClient signed in as the admin

    before(async () => {
      m = await startMarketplace({ db });
      admin = await m.adminClient();
    });
    after(async () => { await m?.close(); });

    it('refuses approval while the profile is incomplete and says what is missing', async () => {
      const p = await signUpPlumber(m, 'bare');
      const view = await api(m.srv, 'GET', `/api/v1/admin/plumbers/${p.id}`, { token: m.admin.token });
      assert.equal(view.status, 200, view.body);
      const missing = view.json().missing;
      assert.ok(missing.length > 0, 'a bare profile is missing things');
      assert.equal(view.json().status, 'pending');

      const byApi = await api(m.srv, 'POST', `/api/v1/admin/plumbers/${p.id}/approve`, {
        token: m.admin.token, body: { licence_verified_on: LICENCE_CHECKED_ON, insurance_valid_until: INSURANCE_VALID_UNTIL },
      });
      assert.ok([409, 422].includes(byApi.status), `approve of an incomplete profile: ${byApi.status} ${byApi.body}`);
      const err = byApi.json().error;
      const said = `${err.message} ${err.details.map((d) => d.message).join(' ')}`;
      assert.ok(missing.some((x) => said.includes(x)), `the refusal names what is missing: ${said} (missing: ${missing})`);

      const page = await admin.get(`/admin/plumbers/${p.id}`);
      assert.equal(page.status, 200);
      for (const x of missing) assert.ok(text(page).includes(x), `the page lists "${x}"`);
      const byForm = await admin.post(`/admin/plumbers/${p.id}/approve`, { licence_verified_on: LICENCE_CHECKED_ON, insurance_valid_until: INSURANCE_VALID_UNTIL });
      assert.ok([409, 422].includes(byForm.status), `form approve: ${byForm.status}`);
      assert.match(byForm.body, /id="approve-error"/);
      assert.ok(missing.some((x) => text(byForm).includes(x)));
      assert.equal((await api(m.srv, 'GET', `/api/v1/admin/plumbers/${p.id}`, { token: m.admin.token })).json().status, 'pending');
    });

    it('approves with the verification dates by the page, and the plumber is told', async () => {
      const p = await profiledPlumber(m, 'approved');
      const noDates = await admin.post(`/admin/plumbers/${p.id}/approve`, {});
      assert.equal(noDates.status, 422, 'approval needs both dates');
      assert.match(noDates.body, /id="approve-error"/);

      const res = await admin.post(`/admin/plumbers/${p.id}/approve`, { licence_verified_on: '2026-11-02', insurance_valid_until: '2031-01-15' });
      assert.equal(res.status, 303, res.body.slice(0, 300));
      assert.equal(res.location, `/admin/plumbers/${p.id}?done=approved`);
      const page = await admin.get(res.location);
      assert.match(text(page), /Plumber approved/);
      assert.match(text(page), /licence checked on 2026-11-02, insurance valid until 2031-01-15/);
      const v = (await api(m.srv, 'GET', `/api/v1/admin/plumbers/${p.id}`, { token: m.admin.token })).json();
      assert.equal(v.status, 'approved');
      assert.equal(v.licence_verified_on, '2026-11-02');
      assert.equal(v.insurance_valid_until, '2031-01-15');
      assert.equal(v.reviewed_by, m.admin.id);
      await mailsMatching(m, p.email, /approved/i);
    });

    it('rejects with a reason (required), and the plumber is told why', async () => {
      const p = await signUpPlumber(m, 'rejected');
      const noReason = await admin.post(`/admin/plumbers/${p.id}/reject`, { reason: '' });
      assert.equal(noReason.status, 422);
      assert.match(noReason.body, /id="reject-error"/);
      const reason = 'Licence C36-000 is not on the state board <check>.';
      const res = await admin.post(`/admin/plumbers/${p.id}/reject`, { reason });
      assert.equal(res.status, 303, res.body.slice(0, 300));
      const page = await admin.get(res.location);
      assert.match(text(page), /Plumber rejected/);
      assert.ok(page.body.includes('&lt;check&gt;') && !page.body.includes('<check>'), 'the reason is escaped');
      const v = (await api(m.srv, 'GET', `/api/v1/admin/plumbers/${p.id}`, { token: m.admin.token })).json();
      assert.equal(v.status, 'rejected');
      assert.equal(v.status_reason, reason);
      await mailsMatching(m, p.email, /not on the state board/);
    });

    it('suspends with a reason and reactivates; the plumber is told each time', async () => {
      const p = await profiledPlumber(m, 'suspended');
      await approvePlumber(m, p);
      const noReason = await api(m.srv, 'POST', `/api/v1/admin/plumbers/${p.id}/suspend`, { token: m.admin.token, body: {} });
      assert.equal(noReason.status, 422, noReason.body);
      assert.equal(noReason.json().error.code, 'invalid_input');
      const s = await api(m.srv, 'POST', `/api/v1/admin/plumbers/${p.id}/suspend`, {
        token: m.admin.token, body: { reason: 'Three homeowners report no-shows.' },
      });
      assert.equal(s.status, 200, s.body);
      assert.equal(s.json().status, 'suspended');
      await mailsMatching(m, p.email, /no-shows/);

      const page = await admin.get(`/admin/plumbers/${p.id}`);
      assert.match(text(page), /Reactivate plumber/);
      assert.match(page.body, /name="licence_verified_on" value="2026-11-20"/, 'the recorded dates are filled in');
      const res = await admin.post(`/admin/plumbers/${p.id}/approve`, { licence_verified_on: LICENCE_CHECKED_ON, insurance_valid_until: INSURANCE_VALID_UNTIL });
      assert.equal(res.status, 303);
      assert.equal(res.location, `/admin/plumbers/${p.id}?done=reactivated`);
      assert.match(text(await admin.get(res.location)), /Plumber reactivated/);
      assert.equal((await api(m.srv, 'GET', `/api/v1/admin/plumbers/${p.id}`, { token: m.admin.token })).json().status, 'approved');
      await mailsMatching(m, p.email, /approved|reactivated/i, 2);
    });

    it('grants and adjusts credits with a reason, never below zero, and shows the ledger', async () => {
      const p = await signUpPlumber(m, 'credits');
      const res = await admin.post(`/admin/plumbers/${p.id}/credits`, { amount: '10', reason: 'Welcome <gift>' });
      assert.equal(res.status, 303, res.body.slice(0, 300));
      const page = await admin.get(res.location);
      assert.match(text(page), /Credits updated/);
      assert.match(page.body, /id="plumber-balance">10</);
      assert.ok(page.body.includes('Welcome &lt;gift&gt;'), 'the reason is in the ledger, escaped');

      const minus = await api(m.srv, 'POST', `/api/v1/admin/plumbers/${p.id}/credits`, { token: m.admin.token, body: { amount: -4, reason: 'Correction' } });
      assert.equal(minus.status, 200, minus.body);
      assert.equal(minus.json().balance, 6);

      const tooMuch = await api(m.srv, 'POST', `/api/v1/admin/plumbers/${p.id}/credits`, { token: m.admin.token, body: { amount: -7, reason: 'Too much' } });
      assert.ok([402, 409, 422].includes(tooMuch.status), `below zero: ${tooMuch.status} ${tooMuch.body}`);
      const byForm = await admin.post(`/admin/plumbers/${p.id}/credits`, { amount: '-7', reason: 'Too much' });
      assert.ok([402, 409, 422].includes(byForm.status), `below zero by form: ${byForm.status}`);
      assert.match(byForm.body, /id="credits-error"/);
      for (const bad of [{ amount: 0, reason: 'x' }, { amount: '5', reason: 'x' }, { amount: 1.5, reason: 'x' }, { amount: 3 }]) {
        const r = await api(m.srv, 'POST', `/api/v1/admin/plumbers/${p.id}/credits`, { token: m.admin.token, body: bad });
        assert.equal(r.status, 422, `${JSON.stringify(bad)}: ${r.status} ${r.body}`);
      }
      const v = (await api(m.srv, 'GET', `/api/v1/admin/plumbers/${p.id}`, { token: m.admin.token })).json();
      assert.equal(v.balance, 6);
      assert.equal(v.ledger.reduce((s, e) => s + e.amount, 0), v.balance, 'ledger sum = balance');
      assert.deepEqual(v.ledger.map((e) => [e.kind, e.amount]), [['adjustment', -4], ['grant', 10]]);
      assert.ok(v.ledger.every((e) => e.actor_user_id === m.admin.id));
      assert.equal(await balanceOf(m, p), 6, 'the plumber sees the same balance');
    });

    it('shows a balance above 2^31 exactly; an over-cap or overflowing amount is a 422 on "amount" that changes nothing (issue 12.7)', async () => {
      const p = await signUpPlumber(m, 'bigbalance');
      const view = async () => (await api(m.srv, 'GET', `/api/v1/admin/plumbers/${p.id}`, { token: m.admin.token })).json();
      const grant = (amount) => api(m.srv, 'POST', `/api/v1/admin/plumbers/${p.id}/credits`, { token: m.admin.token, body: { amount, reason: 'Cap test' } });
      // Moves the balance by `amount` behind the API (one grant moves at most 100,000 credits), the
      // way a migrated account would arrive, keeping balance = ledger sum.
      const seed = (amount) => execute(m.srv, 'BEGIN; '
        + `INSERT INTO credit_ledger (user_id, kind, amount, reason, created_at) VALUES (${p.id}, 'adjustment', ${amount}, 'Migrated balance', 0); `
        + `INSERT INTO credit_balances (user_id, balance, updated_at) VALUES (${p.id}, ${amount}, 0) `
        + `ON CONFLICT (user_id) DO UPDATE SET balance = credit_balances.balance + ${amount}; COMMIT;`);

      const big = 3_000_000_000; // above 2^31 - 1: a 32-bit int shows -1294967296
      seed(big);
      let v = await view();
      assert.equal(v.balance, big);
      assert.deepEqual(v.ledger.map((e) => e.amount), [big]);
      assert.equal(await balanceOf(m, p), big, 'the plumber sees the same balance');
      assert.match((await admin.get(`/admin/plumbers/${p.id}`)).body, /id="plumber-balance">3000000000</);

      // One grant or adjustment moves at most 100,000 credits; 2^32 + 10 must not wrap to 10.
      for (const amount of [100_001, -100_001, 4_294_967_306]) {
        const r = await grant(amount);
        assert.equal(r.status, 422, `${amount}: ${r.status} ${r.body}`);
        const { details } = r.json().error;
        assert.deepEqual(details.map((d) => d.field), ['amount']);
        assert.match(details[0].message, /100,000 credits/);
      }
      // Beyond 64 bits: refused as a number, never wrapped (raw JSON: 2^63 and 2^64 + 10).
      for (const raw of ['9223372036854775808', '18446744073709551626']) {
        const r = await http(`${m.srv.baseUrl}/api/v1/admin/plumbers/${p.id}/credits`, {
          method: 'POST',
          headers: { authorization: `Bearer ${m.admin.token}`, 'content-type': 'application/json' },
          body: `{"amount": ${raw}, "reason": "Overflow"}`,
        });
        assert.equal(r.status, 422, `${raw}: ${r.status} ${r.body}`);
        assert.deepEqual(r.json().error.details.map((d) => d.field), ['amount']);
      }
      for (const amount of ['100001', '99999999999999999999', '-99999999999999999999']) {
        const r = await admin.post(`/admin/plumbers/${p.id}/credits`, { amount, reason: 'Too much' });
        assert.equal(r.status, 422, `form ${amount}: ${r.status}`);
        assert.match(r.body, /id="credits-error"/);
        assert.match(text(r), /100,000 credits/);
      }
      assert.equal((await view()).balance, big, 'nothing changed');

      // The balance cap: 50,000 below 10,000,000,000 takes 50,000 and no more.
      seed(9_999_950_000 - big);
      const over = await grant(100_000);
      assert.equal(over.status, 422, over.body);
      assert.deepEqual(over.json().error.details.map((d) => d.field), ['amount']);
      assert.match(over.json().error.message, /maximum of 10,000,000,000 credits.*at most 50,000 credits/);
      assert.equal((await view()).balance, 9_999_950_000, 'nothing changed');
      const full = await grant(50_000);
      assert.equal(full.status, 200, full.body);
      assert.equal(full.json().balance, 10_000_000_000);
      assert.equal((await grant(1)).status, 422, 'a full balance takes nothing more');
      const back = await grant(-100_000);
      assert.equal(back.status, 200, back.body);
      assert.equal(back.json().balance, 9_999_900_000);
      v = await view();
      assert.equal(v.balance, 9_999_900_000);
      assert.equal(v.ledger.reduce((s, e) => s + e.amount, 0), v.balance, 'ledger sum = balance');
      assert.equal(await balanceOf(m, p), 9_999_900_000);
    });

    it('sets the plan flag by page and API ("comp account")', async () => {
      const p = await signUpPlumber(m, 'plan');
      const res = await admin.post(`/admin/plumbers/${p.id}/plan`, { status: 'active' });
      assert.equal(res.status, 303, res.body.slice(0, 300));
      assert.match(text(await admin.get(res.location)), /Plan updated/);
      for (const status of ['past_due', 'canceled', 'none', 'active']) {
        const r = await api(m.srv, 'PUT', `/api/v1/admin/plumbers/${p.id}/plan`, { token: m.admin.token, body: { status } });
        assert.equal(r.status, 200, r.body);
        assert.equal(r.json().plan_status, status);
      }
      const bad = await api(m.srv, 'PUT', `/api/v1/admin/plumbers/${p.id}/plan`, { token: m.admin.token, body: { status: 'gold' } });
      assert.equal(bad.status, 422, bad.body);
      const badForm = await admin.post(`/admin/plumbers/${p.id}/plan`, { status: 'gold' });
      assert.equal(badForm.status, 422);
      assert.match(badForm.body, /id="plan-error"/);
    });

    it('lists plumbers by status with paging (page and API)', async () => {
      const a = await signUpPlumber(m, 'lista');
      await signUpPlumber(m, 'listb');
      const all = await api(m.srv, 'GET', '/api/v1/admin/plumbers?status=pending&per_page=1&page=1', { token: m.admin.token });
      assert.equal(all.status, 200, all.body);
      assert.equal(all.json().plumbers.length, 1);
      assert.ok(all.json().total >= 2);
      assert.ok(all.json().plumbers.every((x) => x.status === 'pending'));
      for (const q of ['status=gold', 'page=0', 'per_page=1000', 'page=x'])
        assert.equal((await api(m.srv, 'GET', `/api/v1/admin/plumbers?${q}`, { token: m.admin.token })).status, 422, q);
      const page = await admin.get('/admin/plumbers?status=pending');
      assert.equal(page.status, 200);
      assert.ok(text(page).includes(a.business_name));
      assert.ok(page.body.includes(`href="/admin/plumbers/${a.id}"`));
      const approved = await admin.get('/admin/plumbers?status=approved');
      assert.ok(!text(approved).includes(a.business_name), 'the filter hides pending plumbers');
      assert.equal((await admin.get('/admin/plumbers/999999')).status, 404);
      assert.equal((await admin.get('/admin/plumbers/abc')).status, 404);
      assert.equal((await api(m.srv, 'GET', '/api/v1/admin/plumbers/999999', { token: m.admin.token })).status, 404);
    });

    it('approves a dispute (credits back through the ledger) and denies another with a reason', async () => {
      const d1 = await pendingDispute(m, { tag: 'refund' });
      const before1 = await balanceOf(m, d1.plumber);
      assert.equal(before1, 20 - d1.price, 'the claim was paid');
      const queue = await admin.get('/admin/disputes');
      assert.equal(queue.status, 200);
      const q = text(queue);
      assert.ok(q.includes(d1.plumber.business_name), 'the queue names the plumber');
      assert.match(q, new RegExp(`Dispute #${d1.disputeId}`));
      assert.match(q, /Lead #\d+/);
      assert.ok(q.includes(d1.lead.name) && q.includes(d1.lead.email), 'the admin sees the homeowner\'s contact details to judge the dispute');
      const listed = await api(m.srv, 'GET', '/api/v1/admin/disputes?status=pending', { token: m.admin.token });
      assert.equal(listed.status, 200, listed.body);
      const row = listed.json().disputes.find((x) => x.id === d1.disputeId);
      assert.ok(row, 'the API lists the dispute');
      assert.equal(row.business_name, d1.plumber.business_name);
      assert.equal(row.lead.id, d1.leadId);
      assert.equal(row.lead.name, undefined, 'the card carries no contact details');

      assert.match(text(await d1.plumber.client.get('/my-leads')), /Dispute: Waiting for a decision/, 'the plumber reads the status, not its stored name');
      const ok = await admin.post(`/admin/disputes/${d1.disputeId}/approve`, {});
      assert.equal(ok.status, 303, ok.body.slice(0, 300));
      assert.match(text(await admin.get(ok.location)), /Dispute approved/);
      assert.equal(await balanceOf(m, d1.plumber), 20, 'the price came back');
      const again = await admin.post(`/admin/disputes/${d1.disputeId}/approve`, {});
      assert.ok([404, 409, 422].includes(again.status), `a resolved dispute cannot be resolved again: ${again.status}`);
      assert.equal(await balanceOf(m, d1.plumber), 20, 'refunded once');
      // Each e-mail to the plumber links to the page it talks about, not to the dashboard.
      const [resolved] = await mailsMatching(m, d1.plumber.email, /Dispute approved/i);
      assert.ok(resolved.text.includes(`${m.srv.baseUrl}/my-leads/${d1.claimId}`), `the dispute mail links to the claim: ${resolved.text}`);
      const [claimed] = await mailsMatching(m, d1.plumber.email, /Lead claimed/);
      assert.ok(claimed.text.includes(`${m.srv.baseUrl}/my-leads/${d1.claimId}`), `the claim mail links to the claim: ${claimed.text}`);

      const d2 = await pendingDispute(m, { tag: 'denied' });
      const paid = await balanceOf(m, d2.plumber);
      const noReason = await admin.post(`/admin/disputes/${d2.disputeId}/deny`, { reason: '' });
      assert.equal(noReason.status, 422);
      assert.match(noReason.body, new RegExp(`id="dispute-${d2.disputeId}-error"`));
      const apiNoReason = await api(m.srv, 'POST', `/api/v1/admin/disputes/${d2.disputeId}/deny`, { token: m.admin.token, body: {} });
      assert.equal(apiNoReason.status, 422, apiNoReason.body);
      const denied = await api(m.srv, 'POST', `/api/v1/admin/disputes/${d2.disputeId}/deny`, {
        token: m.admin.token, body: { reason: 'We called the number and the homeowner answered.' },
      });
      assert.equal(denied.status, 200, denied.body);
      assert.equal(denied.json().status, 'denied');
      assert.equal(await balanceOf(m, d2.plumber), paid, 'no refund on a denial');
      await mailsMatching(m, d2.plumber.email, /homeowner answered/);
      const deniedList = await admin.get('/admin/disputes?status=denied');
      assert.ok(text(deniedList).includes('homeowner answered'));
      assert.match(text(deniedList), /Decision: Denied/);
      assert.equal((await api(m.srv, 'POST', '/api/v1/admin/disputes/999999/approve', { token: m.admin.token, body: {} })).status, 404);
    });

    it('escapes what plumbers typed on every admin page', async () => {
      const evil = '<script>alert(1)</script>';
      const p = await profiledPlumber(m, 'xss', { description: `Best pipes ${evil} in town.` });
      for (const path of [`/admin/plumbers/${p.id}`, '/admin/plumbers?status=pending']) {
        const page = await admin.get(path);
        assert.equal(page.status, 200);
        assert.ok(!page.body.includes(evil), `${path} shows the script as text`);
      }
      assert.ok((await admin.get(`/admin/plumbers/${p.id}`)).body.includes('&lt;script&gt;'));
    });

    it('refuses every admin route to a plumber (403) and to no token (401)', async () => {
      const p = await readyPlumber(m, 'intruder', { credits: 0, plan: null });
      const routes = (await routeTable(m.srv.env)).filter((r) => r.pattern.startsWith('/api/v1/admin') || r.pattern.startsWith('/admin'));
      assert.ok(routes.length >= 20, `admin routes: ${routes.length}`);
      for (const r of routes) {
        const path = r.pattern.replace('{id}', String(p.id));
        if (r.pattern.startsWith('/api/')) {
          const as = await api(m.srv, r.method, path, { token: p.token, body: r.method === 'GET' ? undefined : { reason: 'x', amount: 5, status: 'active' } });
          assert.equal(as.status, 403, `${r.key} with a plumber token: ${as.status}`);
          assert.equal(as.json().error.code, 'forbidden');
          const none = await api(m.srv, r.method, path, { body: r.method === 'GET' ? undefined : {} });
          assert.equal(none.status, 401, `${r.key} without a token`);
        } else {
          const res = r.method === 'GET' ? await p.client.get(path) : await p.client.post(path, { reason: 'x', amount: '5', status: 'active' });
          assert.equal(res.status, 403, `${r.key} as a plumber: ${res.status}`);
        }
      }
      const v = (await api(m.srv, 'GET', `/api/v1/admin/plumbers/${p.id}`, { token: m.admin.token })).json();
      assert.equal(v.balance, 0, 'nothing was granted');
      assert.equal(v.plan_status, 'none');
      const stillAdmin = await http(`${m.srv.baseUrl}/api/v1/admin/plumbers`, { headers: { authorization: `Bearer ${m.admin.token}` } });
      assert.equal(stillAdmin.status, 200);
    });
  });
}
