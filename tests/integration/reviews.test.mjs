// Issue 17 (D) over HTTP: "I've hired someone" names the claimant (won) or someone else; the review
// e-mail's single-use link (form, misuse, once); the plumber's one reply; staff hiding for a listed
// reason only (audited, roles, CSRF); /pros/{slug} with title, description and schema.org JSON-LD
// (AggregateRating from visible reviews only) and 410 for a suspended plumber.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BACKENDS, FormClient, decodeHtml } from '../support/server.mjs';
import {
  api, claimLead, newestAvailableLead, readyPlumber, startMarketplace, submitLead, validLeadFor,
} from '../support/marketplace.mjs';
import { query } from '../support/db.mjs';

const text = (res) => decodeHtml(res.body);
const jsonLd = (html) => {
  const m = /<script type="application\/ld\+json">([^<]*)<\/script>/.exec(html);
  return m ? JSON.parse(m[1]) : null;
};

for (const [db, skip] of BACKENDS) {
  describe(`hired plumber, verified reviews and public profiles (${db})`, { skip }, () => {
    let m;
    let a; // hired
    let b; // claims too, not hired
    let admin;
    let lead;
    let email;
    let reviewPath;
    let reviewId;
    let profileA;

    before(async () => {
      // The review job runs with the expiry job's interval; 0 days: due at once after a hire.
      m = await startMarketplace({ db, env: { PLUMBLINE_EXPIRY_INTERVAL_SECONDS: '1' } });
      a = await readyPlumber(m, 'hired');
      b = await readyPlumber(m, 'other');
      admin = await m.adminClient();
      const set = await api(m.srv, 'PUT', '/api/v1/admin/settings', {
        token: m.admin.token, body: { settings: { review_request_days: 0 }, reason: 'Reviews test' },
      });
      assert.equal(set.status, 200, set.body);
      email = `reviewer-${Date.now()}@homeowners.example.com`;
      lead = await submitLead(m, validLeadFor({ email }));
      const card = await newestAvailableLead(m, a);
      for (const p of [a, b]) assert.equal((await claimLead(m, p, card.id ?? card.lead_id)).status, 201);
    });
    after(async () => { await m?.close(); });

    it('asks which claimant was hired and links each claimant to its profile', async () => {
      const page = await lead.client.get(lead.path);
      assert.equal(page.status, 200);
      for (const p of [a, b]) {
        assert.match(page.body, new RegExp(`name="hired" id="hired-plumber:${p.id}" value="plumber:${p.id}"`));
      }
      assert.match(page.body, /value="someone_else"/);
      const links = [...page.body.matchAll(/href="(\/pros\/[^"]+)" class="claimant-profile"/g)].map((x) => x[1]);
      assert.equal(links.length, 2);
      profileA = links.find((l) => l.endsWith(`-${a.id}`));
      assert.ok(profileA, `a profile link for A: ${links}`);
    });

    it('refuses a plumber who did not claim it and a garbled choice, changing nothing', async () => {
      for (const hired of ['plumber:999999', 'plumber:x', 'everyone']) {
        const res = await lead.client.post(`${lead.path}/hired`, { hired });
        assert.equal(res.status, 422, `${hired}: ${res.status}`);
        assert.match(text(res), /Choose/);
      }
      assert.doesNotMatch((await lead.client.get(lead.path)).body, /status-closed/);
      const forged = await new FormClient(m.srv.baseUrl).post(`${lead.path}/hired`, { hired: `plumber:${a.id}`, csrf_token: 'forged' });
      assert.equal(forged.status, 403);
    });

    it('closes the request as hired with that plumber: won for A, unchanged for B', async () => {
      const res = await lead.client.post(`${lead.path}/hired`, { hired: `plumber:${a.id}` });
      assert.equal(res.status, 303, res.body.slice(0, 300));
      const page = await lead.client.get(res.location);
      assert.match(page.body, /status-closed/);
      assert.match(text(page), new RegExp(`The homeowner hired ${a.business_name}`));
      const outcome = async (p) => (await api(m.srv, 'GET', '/api/v1/claims', { token: p.token })).json();
      assert.match(JSON.stringify(await outcome(a)), /"outcome":"won"/);
      assert.doesNotMatch(JSON.stringify(await outcome(b)), /"outcome":"won"/);
    });

    it('e-mails one single-use review link; the form refuses bad stars and forged posts, then takes one review', async () => {
      const mails = await m.waitForMailsTo(email, (ms) => ms.some((x) => /\/reviews\//.test(x.text)), { what: 'the review e-mail' });
      const mail = mails.find((x) => /\/reviews\//.test(x.text));
      assert.match(mail.subject, new RegExp(`How did ${a.business_name} do`));
      reviewPath = new URL(/(https?:\/\/\S+\/reviews\/[A-Za-z0-9_-]+)/.exec(mail.text)[1]).pathname;
      const home = new FormClient(m.srv.baseUrl);
      const form = await home.get(reviewPath);
      assert.equal(form.status, 200);
      assert.equal(form.headers.get('referrer-policy'), 'no-referrer');
      assert.match(text(form), new RegExp(`Review ${a.business_name}`));
      assert.equal((await home.get('/reviews/not-a-real-token')).status, 404);

      const forged = await new FormClient(m.srv.baseUrl).post(reviewPath, { punctuality: '5', quality: '5', price: '5', csrf_token: 'x' });
      assert.equal(forged.status, 403);
      const bad = await home.post(reviewPath, { punctuality: '9', quality: '5', price: '', body: 'Great' });
      assert.equal(bad.status, 422);
      assert.match(text(bad), /Give 1 to 5 stars for punctuality/);
      const good = await home.post(reviewPath, { punctuality: '5', quality: '4', price: '3', body: 'Fixed the <b>leak</b> the same day.' });
      assert.equal(good.status, 200, good.body.slice(0, 300));
      assert.match(text(good), /Thank you for your review/);
      const again = await home.post(reviewPath, { punctuality: '1', quality: '1', price: '1', body: 'Second go' });
      assert.equal(again.status, 409);
      assert.equal((await home.get(reviewPath)).status, 409, 'the link is used up');
      assert.equal(Number(query(m.srv, 'SELECT count(*) FROM reviews')[0][0]), 1);
    });

    it('lets the hired plumber reply once, publicly; not another plumber', async () => {
      const mine = await a.client.get('/my-reviews');
      assert.equal(mine.status, 200);
      reviewId = /id="review-(\d+)"/.exec(mine.body)?.[1];
      assert.ok(reviewId, 'the review is listed');
      assert.equal((await b.client.get('/my-reviews')).body.includes(`review-${reviewId}`), false);
      await b.client.get('/my-reviews');
      assert.equal((await b.client.post(`/my-reviews/${reviewId}/reply`, { reply: 'Not mine' })).status, 404);
      await a.client.get('/my-reviews');
      assert.equal((await a.client.post(`/my-reviews/${reviewId}/reply`, { reply: '' })).status, 422);
      const ok = await a.client.post(`/my-reviews/${reviewId}/reply`, { reply: 'Thank you, Grace!' });
      assert.equal(ok.status, 303, ok.body.slice(0, 300));
      await a.client.get('/my-reviews');
      assert.equal((await a.client.post(`/my-reviews/${reviewId}/reply`, { reply: 'Again' })).status, 409);
    });

    it('shows the public profile with checks, reviews, reply and Plumber JSON-LD', async () => {
      const res = await new FormClient(m.srv.baseUrl).get(profileA);
      assert.equal(res.status, 200);
      assert.match(res.body, new RegExp(`<title>${a.business_name}, plumber in San Francisco, CA`));
      assert.match(res.body, /<meta name="description" content="[^"]*rated 4\.0 of 5 by 1 verified homeowner/);
      const ld = jsonLd(res.body);
      assert.ok(ld, 'JSON-LD present');
      assert.equal(ld['@type'], 'Plumber');
      assert.equal(ld.name, a.business_name);
      assert.equal(ld.aggregateRating.reviewCount, 1);
      assert.equal(ld.aggregateRating.ratingValue, '4.0');
      const t = text(res);
      assert.match(t, /Licence .* checked on 2026-11-20/);
      assert.match(t, /Thank you, Grace!/);
      assert.ok(res.body.includes('Fixed the &lt;b&gt;leak&lt;/b&gt; the same day.'), 'escaped');
      assert.match(t, /Median time from a request alert to taking it on/);
      const old = await new FormClient(m.srv.baseUrl).get(`/pros/old-name-${a.id}`);
      assert.equal(old.status, 301);
      assert.equal(old.location, profileA);
    });

    it('lets staff hide a review only for a listed reason, audited; plumbers cannot', async () => {
      await b.client.get('/my-reviews');
      assert.equal((await b.client.post(`/admin/reviews/${reviewId}/hide`, { reason: 'abuse' })).status, 403);
      const list = await admin.get('/admin/reviews');
      assert.equal(list.status, 200);
      const negative = await admin.post(`/admin/reviews/${reviewId}/hide`, { reason: 'negative' });
      assert.equal(negative.status, 422);
      assert.match(text(negative), /never hidden for being negative/);
      assert.equal(query(m.srv, `SELECT count(*) FROM reviews WHERE hidden_at IS NOT NULL`)[0][0], '0');
      await admin.get('/admin/reviews');
      const res = await admin.post(`/admin/reviews/${reviewId}/hide`, { reason: 'personal_data', note: 'Named a neighbour' });
      assert.equal(res.status, 303, res.body.slice(0, 300));
      const rows = query(m.srv, "SELECT action, target_id, reason, actor_user_id FROM audit_log WHERE action = 'review.hide'");
      assert.deepEqual(rows, [['review.hide', reviewId, 'Personal data: Named a neighbour', String(m.admin.id)]]);
      await admin.get('/admin/reviews');
      assert.equal((await admin.post(`/admin/reviews/${reviewId}/hide`, { reason: 'abuse' })).status, 409);

      const profile = await new FormClient(m.srv.baseUrl).get(profileA);
      assert.match(text(profile), /1 review was hidden/);
      assert.doesNotMatch(text(profile), /Fixed the/);
      assert.equal(jsonLd(profile.body).aggregateRating, undefined, 'no rating from hidden reviews');
    });

    it('answers 410 for a suspended plumber and 404 for an unknown one', async () => {
      const s = await api(m.srv, 'POST', `/api/v1/admin/plumbers/${b.id}/suspend`, {
        token: m.admin.token, body: { reason: 'No-shows.' },
      });
      assert.equal(s.status, 200, s.body);
      const slugB = `${b.business_name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${b.id}`;
      const gone = await new FormClient(m.srv.baseUrl).get(`/pros/${slugB}`);
      assert.equal(gone.status, 410, gone.body.slice(0, 200));
      assert.equal((await new FormClient(m.srv.baseUrl).get('/pros/nobody-99999999')).status, 404);
    });
  });
}
