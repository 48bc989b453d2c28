// Plumber pages and API: profile, settings, available leads (filters, sorts, paging), claims and every refusal, double clicks, outcomes, disputes, CSV, credits, and the live feed over SSE.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BACKENDS, decodeHtml, sleep } from '../support/server.mjs';
import {
  api, balanceOf, claimLead, fillProfile, readyPlumber, signUpPlumber, startMarketplace, submitLead,
  validLeadFor,
} from '../support/marketplace.mjs';
import { openEvents } from '../support/sse.mjs';

const text = (res) => decodeHtml(res.body);

// Each test serves its own city, so leads of one test never reach another test's plumbers.
const CITIES = {
  seattle: { zip: '98101', near: '98109', far: '99201' },
  chicago: { zip: '60601', near: '60614', far: '60540' },
  denver: { zip: '80202', near: '80205', far: '81501' },
  boston: { zip: '02108', near: '02115', far: '01002' },
  atlanta: { zip: '30303', near: '30308', far: '31401' },
  miami: { zip: '33130', near: '33139', far: '32801' },
  phoenix: { zip: '85004', near: '85008', far: '85701' },
  dallas: { zip: '75201', near: '75204', far: '77002' },
  portland: { zip: '97204', near: '97209', far: '97401' },
  austin: { zip: '78701', near: '78704', far: '78201' },
};

async function availableIds(m, p, query = '') {
  const r = await api(m.srv, 'GET', `/api/v1/leads/available${query}`, { token: p.token });
  assert.equal(r.status, 200, r.body);
  return r.json();
}

// Submits a lead and returns its id as plumber p sees it (the newest available lead).
async function leadFor(m, p, fields) {
  const before = new Set((await availableIds(m, p, '?per_page=100')).leads.map((l) => l.id));
  await submitLead(m, validLeadFor(fields));
  const now = (await availableIds(m, p, '?per_page=100')).leads.find((l) => !before.has(l.id));
  assert.ok(now, `the new lead (${JSON.stringify(fields)}) is available to ${p.email}`);
  return now.id;
}

for (const [db, skip] of BACKENDS) {
  describe(`marketplace plumber pages and API (${db})`, { skip }, () => {
    let m;

    before(async () => {
      m = await startMarketplace({
        db,
        maildev: false,
        env: { PLUMBLINE_SSE_HEARTBEAT_SECONDS: '1', PLUMBLINE_LIVE_POLL_MS: '50', PLUMBLINE_SSE_MAX_STREAMS_PER_USER: '2' },
      });
    });
    after(async () => { await m?.close(); });

    it('tells a plumber who cannot receive leads what happens next, not that leads will appear (issue 13.6)', async () => {
      const waiting = await signUpPlumber(m, 'waiting');
      await fillProfile(m, waiting);
      const page = text(await waiting.client.get('/dashboard'));
      assert.doesNotMatch(page, /New requests in your area appear here/);
      assert.match(page, /usually within 1–2 business days, and e-mails you the decision/);
      assert.match(page, /Leads appear here once your profile is approved; until then no requests are sent to you\./);
      const planless = await readyPlumber(m, 'planless13', { plan: null });
      const p2 = text(await planless.client.get('/dashboard'));
      assert.doesNotMatch(p2, /New requests in your area appear here/);
      assert.match(p2, /No requests are sent to you until the problem above is fixed\./);
      const ready = await readyPlumber(m, 'ready13', { profile: { base_zip: '59001' } });
      assert.match(text(await ready.client.get('/dashboard')), /New requests in your area appear here as they come in\./);
    });

    it('saves the profile through the API and the page, and refuses bad input with every field named', async () => {
      const p = await signUpPlumber(m, 'profile');
      const empty = await api(m.srv, 'GET', '/api/v1/profile', { token: p.token });
      assert.equal(empty.status, 200, empty.body);
      assert.equal(empty.json().status, 'pending');
      assert.ok(empty.json().missing.length > 0, 'a new profile says what is missing');

      const saved = await fillProfile(m, p, { base_zip: CITIES.seattle.zip, radius_miles: 30, extra_zips: [CITIES.seattle.far] });
      assert.equal(saved.base_zip, CITIES.seattle.zip);
      assert.equal(saved.radius_miles, 30);
      assert.deepEqual(saved.extra_zips, [CITIES.seattle.far]);
      assert.deepEqual(saved.missing, []);
      const again = (await api(m.srv, 'GET', '/api/v1/profile', { token: p.token })).json();
      assert.equal(again.licence_state, 'CA');
      assert.deepEqual(again.services.sort(), ['drain_cleaning', 'leak_repair', 'repiping', 'water_heater']);

      const bad = await api(m.srv, 'PUT', '/api/v1/profile', { token: p.token, body: { base_zip: '1234', radius_miles: 0, services: ['teleportation'] } });
      assert.equal(bad.status, 422, bad.body);
      const fields = bad.json().error.details.map((d) => d.field);
      for (const f of ['base_zip', 'radius_miles', 'services']) assert.ok(fields.includes(f), `${f} named in ${fields}`);
      const typed = await api(m.srv, 'PUT', '/api/v1/profile', { token: p.token, body: { radius_miles: 'far' } });
      assert.equal(typed.status, 422);
      assert.equal(typed.json().error.details[0].field, 'radius_miles');

      // The page: shows the saved values and the area in words; a bad radius comes back with the field marked.
      const page = await p.client.get('/profile');
      assert.equal(page.status, 200);
      assert.match(text(page), /Within 30 miles of 98101/);
      assert.match(page.body, /id="area-map"/);
      assert.match(page.body, /leaflet\.js/);
      assert.doesNotMatch(page.body, /<script>(?!<\/script>)/, 'no inline script');
      const form = {
        business_name: 'Rainier Rooter', contact_name: 'Ray', phone: '(206) 555-0142', licence_number: 'WA-778',
        licence_state: 'wa', insurance_carrier: 'Cascade Mutual', insurance_expires_on: '2031-01-31', years_in_business: '7',
        description: 'Drains and leaks.', base_zip: CITIES.seattle.zip, radius_miles: '150', extra_zips: '',
      };
      const refused = await p.client.post('/profile', new URLSearchParams([...Object.entries(form), ['services', 'leak_repair']]));
      assert.equal(refused.status, 422);
      assert.match(refused.body, /id="error-summary"/);
      assert.match(refused.body, /id="field-radius_miles"[^>]*aria-invalid="true"/);
      assert.match(text(refused), /Rainier Rooter/, 'what was typed is kept');
      const ok = await p.client.post('/profile', new URLSearchParams([...Object.entries({ ...form, radius_miles: '20' }), ['services', 'leak_repair'], ['services', 'drain_cleaning']]));
      assert.equal(ok.status, 303, ok.body.slice(0, 300));
      const stored = (await api(m.srv, 'GET', '/api/v1/profile', { token: p.token })).json();
      assert.equal(stored.business_name, 'Rainier Rooter');
      assert.equal(stored.licence_state, 'WA');
      assert.equal(stored.radius_miles, 20);
      assert.deepEqual(stored.services.sort(), ['drain_cleaning', 'leak_repair']);
    });

    it('saves settings through the API and the page', async () => {
      const p = await signUpPlumber(m, 'settings');
      const s = await api(m.srv, 'PUT', '/api/v1/settings', { token: p.token, body: { daily_cap: 4, paused: true, quiet_start_minute: 1320, quiet_end_minute: 420, utc_offset_minutes: -480, time_zone: 'Asia/Tokyo' } });
      assert.equal(s.status, 200, s.body);
      assert.equal(s.json().daily_cap, 4);
      assert.equal(s.json().paused, true);
      const got = (await api(m.srv, 'GET', '/api/v1/settings', { token: p.token })).json();
      assert.equal(got.quiet_start_minute, 1320);
      assert.ok(!('utc_offset_minutes' in got), 'the old fixed offset is no longer returned');
      assert.equal(got.time_zone, 'America/New_York', 'no base ZIP yet: the platform zone, not what was sent');
      const bad = await api(m.srv, 'PUT', '/api/v1/settings', { token: p.token, body: { daily_cap: -3 } });
      assert.equal(bad.status, 422, bad.body);

      const page = await p.client.get('/settings');
      assert.equal(page.status, 200);
      assert.match(page.body, /name="quiet_start" value="22:00"/);
      assert.doesNotMatch(page.body, /utc_offset_minutes|fixed offset/i, 'no offset select');
      assert.match(text(page), /You have no base ZIP yet, so quiet hours follow the platform's Eastern time \(America\/New_York\)/);
      // The form has no offset field any more; posting without it saves.
      const posted = await p.client.post('/settings', { notify_email: 'yes', quiet_start: '21:30', quiet_end: '06:00', daily_cap: '6' });
      assert.equal(posted.status, 303, posted.body.slice(0, 300));
      const after = (await api(m.srv, 'GET', '/api/v1/settings', { token: p.token })).json();
      assert.equal(after.daily_cap, 6);
      assert.equal(after.paused, false);
      assert.equal(after.quiet_start_minute, 21 * 60 + 30);
      const wrong = await p.client.post('/settings', { quiet_start: 'late', quiet_end: '06:00', daily_cap: '6' });
      assert.equal(wrong.status, 422);
      assert.match(wrong.body, /id="field-quiet_start"[^>]*aria-invalid="true"/);
      assert.match(text(wrong), /quiet hours follow the platform's Eastern time/, 'the zone is said on a refused form too');
    });

    it('says which zone quiet hours follow: the base ZIP\'s, with a link to change it', async () => {
      const p = await signUpPlumber(m, 'zoned');
      await fillProfile(m, p, { base_zip: '90012', radius_miles: 20 });
      const page = await p.client.get('/settings');
      assert.equal(page.status, 200);
      assert.match(text(page), /Your base ZIP 90012 is in Pacific time \(America\/Los_Angeles\); quiet hours follow it, daylight saving time included\./);
      assert.match(page.body, /<a href="\/profile">Change your base ZIP on your profile<\/a>/);
      assert.equal((await api(m.srv, 'GET', '/api/v1/settings', { token: p.token })).json().time_zone, 'America/Los_Angeles');
    });

    it('lists available leads with filters, sorts and pages, on the page and the API', async () => {
      const c = CITIES.chicago;
      const p = await readyPlumber(m, 'lister', { profile: { base_zip: c.zip, radius_miles: 100 } });
      const leak = await leadFor(m, p, { zip: c.zip, service_type: 'leak_repair', urgency: 'flexible' });
      await sleep(5);
      const drain = await leadFor(m, p, { zip: c.far, service_type: 'drain_cleaning', urgency: 'within_24h' });
      await sleep(5);
      const heater = await leadFor(m, p, { zip: c.near, service_type: 'water_heater', urgency: 'emergency' });
      const all = await availableIds(m, p);
      assert.equal(all.total, 3);
      assert.deepEqual(all.leads.map((l) => l.id), [heater, drain, leak], 'newest first');
      for (const l of all.leads) {
        for (const k of ['service_type', 'urgency', 'city', 'zip', 'distance_miles', 'excerpt', 'price_credits', 'slots_left', 'age_seconds'])
          assert.ok(k in l, `card has ${k}`);
        for (const k of ['name', 'phone', 'email', 'address', 'contact']) assert.ok(!(k in l), `card has no ${k}`);
      }
      const nearest = (await availableIds(m, p, '?sort=nearest')).leads.map((l) => l.id);
      assert.equal(nearest[2], drain, 'the far lead is last when nearest first');
      const cheapest = (await availableIds(m, p, '?sort=cheapest')).leads;
      for (let i = 1; i < cheapest.length; i++) assert.ok(cheapest[i - 1].price_credits <= cheapest[i].price_credits);
      assert.deepEqual((await availableIds(m, p, '?service_type=drain_cleaning')).leads.map((l) => l.id), [drain]);
      assert.deepEqual((await availableIds(m, p, '?urgency=emergency')).leads.map((l) => l.id), [heater]);
      const close = (await availableIds(m, p, '?max_distance=20')).leads.map((l) => l.id);
      assert.ok(!close.includes(drain) && close.includes(leak));
      const page2 = await availableIds(m, p, '?per_page=2&page=2');
      assert.equal(page2.total, 3);
      assert.deepEqual(page2.leads.map((l) => l.id), [leak]);
      for (const q of ['?per_page=101', '?sort=random', '?page=0', '?service_type=nope', '?max_distance=x']) {
        const r = await api(m.srv, 'GET', `/api/v1/leads/available${q}`, { token: p.token });
        assert.equal(r.status, 422, `${q}: ${r.status}`);
      }

      const dash = await p.client.get('/dashboard?service_type=water_heater');
      assert.equal(dash.status, 200);
      assert.match(dash.body, new RegExp(`id="lead-${heater}"`));
      assert.doesNotMatch(dash.body, new RegExp(`id="lead-${leak}"`));
      assert.match(dash.body, /Claim for \d+ credits?/);
      assert.match(dash.body, /data-live-url="\/dashboard\/events"/);
      const figures = await p.client.get('/dashboard');
      assert.match(text(figures), /Credit balance<\/dt><dd><a href="\/credits" id="figure-balance">20</);
    });

    it('claims a lead: 201 with the contact, then each refusal with its code; the page redirects and explains', async () => {
      const c = CITIES.denver;
      const area = { profile: { base_zip: c.zip } };
      // Matching happens at intake: every plumber exists before the lead.
      const a = await readyPlumber(m, 'claimer', area);
      const poor = await readyPlumber(m, 'poor', { ...area, credits: 0 });
      const planless = await readyPlumber(m, 'planless', { ...area, plan: null });
      const b = await readyPlumber(m, 'second', area);
      const cc = await readyPlumber(m, 'third', area);
      const late = await readyPlumber(m, 'late', area);
      const id = await leadFor(m, a, { zip: c.near, name: 'Dora Denver', phone: '(303) 555-0188' });
      const price = (await availableIds(m, a)).leads.find((l) => l.id === id).price_credits;
      const r = await claimLead(m, a, id);
      assert.equal(r.status, 201, r.body);
      assert.equal(r.json().contact.name, 'Dora Denver');
      assert.equal(r.json().contact.phone, '+13035550188');
      assert.equal(r.json().balance, 20 - price);
      assert.equal(await balanceOf(m, a), 20 - price);
      const again = await claimLead(m, a, id);
      assert.equal(again.status, 409);
      assert.equal(again.json().error.code, 'already_claimed');
      assert.ok(!(await availableIds(m, a)).leads.some((l) => l.id === id), 'a claimed lead leaves my available list');
      const summary = await api(m.srv, 'GET', `/api/v1/leads/${id}`, { token: a.token });
      assert.equal(summary.json().contact.name, 'Dora Denver');

      const r402 = await claimLead(m, poor, id);
      assert.equal(r402.status, 402, r402.body);
      assert.equal(r402.json().error.code, 'insufficient_credits');
      // A lead never sent to me (no plan when it arrived) reads exactly like one that does not
      // exist, so lead ids cannot be probed.
      const unsent = await claimLead(m, planless, id);
      const unknown = await claimLead(m, planless, id + 100000);
      assert.equal(unsent.status, 404, unsent.body);
      assert.equal(unsent.json().error.code, 'not_found');
      assert.equal(unknown.status, 404, unknown.body);
      assert.deepEqual(unsent.json(), unknown.json());

      // Fill the lead (cap 3): two more claim, the next is refused as full.
      assert.equal((await claimLead(m, b, id)).status, 201);
      assert.equal((await claimLead(m, cc, id)).status, 201);
      const full = await claimLead(m, late, id);
      assert.equal(full.status, 409, full.body);
      assert.equal(full.json().error.code, 'lead_full');

      // Pages (the confirmation step's form, confirm=yes): success and already_claimed → 303 to my lead; refusals explained.
      const id2 = await leadFor(m, late, { zip: c.zip });
      const page = await late.client.post(`/leads/${id2}/claim`, { confirm: 'yes' });
      assert.equal(page.status, 303);
      assert.match(page.location, /^\/my-leads\/\d+/);
      const dup = await late.client.post(`/leads/${id2}/claim`, { confirm: 'yes' });
      assert.equal(dup.status, 303);
      assert.equal(dup.location.split('?')[0], page.location.split('?')[0]);
      const mine = await late.client.get(page.location);
      assert.equal(mine.status, 200);
      assert.match(mine.body, /id="contact-phone"/);
      const noMoney = await poor.client.post(`/leads/${id2}/claim`, { confirm: 'yes' });
      assert.equal(noMoney.status, 402);
      assert.match(text(noMoney), /Not enough credits/);
      assert.match(noMoney.body, /href="\/credits"/);
      const refused = await planless.client.post(`/leads/${id2}/claim`, { confirm: 'yes' });
      assert.equal(refused.status, 404, 'a lead never sent to me reads as unknown');
      assert.match(text(refused), /We could not find that lead/);
      const taken = await late.client.post(`/leads/${id}/claim`, { confirm: 'yes' });
      assert.equal(taken.status, 409);
      assert.match(text(taken), /Just taken/);
    });

    it('turns a double click into one claim and one debit', async () => {
      const c = CITIES.boston;
      const p = await readyPlumber(m, 'clicky', { profile: { base_zip: c.zip } });
      const id = await leadFor(m, p, { zip: c.zip });
      const price = (await availableIds(m, p)).leads.find((l) => l.id === id).price_credits;
      const token = p.client.csrfToken;
      const posts = await Promise.all(Array.from({ length: 6 }, () => p.client.post(`/leads/${id}/claim`, { csrf_token: token, confirm: 'yes' })));
      for (const r of posts) assert.equal(r.status, 303, `${r.status} ${r.body.slice(0, 200)}`);
      assert.equal(new Set(posts.map((r) => r.location.split('?')[0])).size, 1, 'every click lands on the same claim');
      const apis = await Promise.all(Array.from({ length: 4 }, () => claimLead(m, p, id)));
      assert.deepEqual(apis.map((r) => r.status), [409, 409, 409, 409]);
      const claims = (await api(m.srv, 'GET', '/api/v1/claims', { token: p.token })).json();
      assert.equal(claims.total, 1);
      assert.equal(await balanceOf(m, p), 20 - price);
      const credits = (await api(m.srv, 'GET', '/api/v1/credits', { token: p.token })).json();
      assert.equal(credits.entries.filter((e) => e.kind === 'claim').length, 1);
    });

    it('records outcome, job value and notes; disputes once; exports CSV safely; shows credits', async () => {
      const c = CITIES.atlanta;
      const p = await readyPlumber(m, 'outcome', { profile: { base_zip: c.zip } });
      const id = await leadFor(m, p, { zip: c.zip, name: '=HYPERLINK("http://evil.example","x")', description: 'Said "hello", then left; call back\nafter 5' });
      const claim = await claimLead(m, p, id);
      assert.equal(claim.status, 201, claim.body);
      const claimId = claim.json().claim.id;

      const patched = await api(m.srv, 'PATCH', `/api/v1/claims/${claimId}`, { token: p.token, body: { outcome: 'won', job_value_cents: 125050, notes: 'Replaced the trap.' } });
      assert.equal(patched.status, 200, patched.body);
      assert.equal(patched.json().outcome, 'won');
      assert.equal(patched.json().job_value_cents, 125050);
      const badOutcome = await api(m.srv, 'PATCH', `/api/v1/claims/${claimId}`, { token: p.token, body: { outcome: 'maybe' } });
      assert.equal(badOutcome.status, 422, badOutcome.body);
      const form = await p.client.post(`/my-leads/${claimId}/outcome`, { outcome: 'quoted', job_value: '980.50', notes: 'Quote sent.' });
      assert.equal(form.status, 303, form.body.slice(0, 300));
      const listed = (await api(m.srv, 'GET', '/api/v1/claims', { token: p.token })).json().claims[0];
      assert.equal(listed.outcome, 'quoted');
      assert.equal(listed.job_value_cents, 98050);
      assert.equal(listed.notes, 'Quote sent.');
      const badMoney = await p.client.post(`/my-leads/${claimId}/outcome`, { outcome: 'won', job_value: 'lots', notes: '' });
      assert.equal(badMoney.status, 422);

      const page = await p.client.get('/my-leads');
      assert.equal(page.status, 200);
      assert.match(page.body, new RegExp(`href="/my-leads/${claimId}"`));
      const csv = await p.client.get('/my-leads.csv');
      assert.equal(csv.status, 200);
      assert.match(csv.headers.get('content-type'), /^text\/csv/);
      assert.match(csv.headers.get('content-disposition'), /attachment/);
      assert.match(csv.body, /"'=HYPERLINK\(""http:\/\/evil\.example"",""x""\)"/, 'formula neutralised and quotes doubled');
      assert.match(csv.body, /"Said ""hello"", then left; call back\nafter 5"/);
      assert.match(csv.body, /"'\+1\d{10}"/, 'a leading + is neutralised too');

      const noReason = await api(m.srv, 'POST', `/api/v1/claims/${claimId}/dispute`, { token: p.token, body: { reason: 'bored' } });
      assert.equal(noReason.status, 422, noReason.body);
      const pageDispute = await p.client.post(`/my-leads/${claimId}/dispute`, { reason: 'outside_area', details: 'The address is 90 miles away.' });
      assert.equal(pageDispute.status, 303, pageDispute.body.slice(0, 300));
      const second = await api(m.srv, 'POST', `/api/v1/claims/${claimId}/dispute`, { token: p.token, body: { reason: 'duplicate' } });
      assert.equal(second.status, 409, second.body);
      const detail = await p.client.get(`/my-leads/${claimId}`);
      assert.match(detail.body, /id="dispute-status"/);

      const credits = await p.client.get('/credits');
      assert.equal(credits.status, 200);
      assert.match(credits.body, /id="credit-balance">\d+</);
      const apiCredits = (await api(m.srv, 'GET', '/api/v1/credits', { token: p.token })).json();
      assert.equal(apiCredits.balance, await balanceOf(m, p));
      assert.ok(apiCredits.entries.some((e) => e.kind === 'grant'));
    });

    it('streams a new matched lead, updates slots, resumes after Last-Event-ID, caps streams, beats', async () => {
      const c = CITIES.miami;
      const p = await readyPlumber(m, 'live', { profile: { base_zip: c.zip } });
      const other = await readyPlumber(m, 'rival', { profile: { base_zip: c.zip } });
      const auth = { authorization: `Bearer ${p.token}` };
      const s = await openEvents(m.srv.url('/api/v1/events'), auth);
      assert.equal(s.status, 200, s.body);
      assert.match(s.headers.get('content-type'), /^text\/event-stream/);
      assert.equal(s.headers.get('cache-control'), 'no-store');
      assert.equal(s.headers.get('x-accel-buffering'), 'no');
      await submitLead(m, validLeadFor({ zip: c.near, name: 'Secret Sam', phone: '(305) 555-0101', email: 'sam@homeowners.example.com' }));
      const created = await s.waitFor((e) => e.event === 'lead_new', 15000, 'lead_new');
      const card = created.json().lead;
      assert.equal(card.zip, c.near);
      assert.ok(Number(created.id) > 0, 'the event id is the live event id');
      for (const secret of ['Secret Sam', '3055550101', 'sam@homeowners']) assert.ok(!created.data.includes(secret), `no ${secret} in the event`);

      assert.equal((await claimLead(m, other, card.id)).status, 201);
      const slots = await s.waitFor((e) => e.event === 'lead_slots' && e.json().lead_id === card.id, 15000, 'lead_slots');
      assert.equal(slots.json().slots_left, card.slots_left - 1);
      assert.ok(!slots.data.includes('Secret'), 'no contact in slot updates');

      // Heartbeat: a comment every second when quiet.
      const beats = s.comments.filter((x) => x === 'heartbeat').length;
      await sleep(2300);
      assert.ok(s.comments.filter((x) => x === 'heartbeat').length >= beats + 1, 'heartbeat comments arrive');

      // Cap: two streams per user in this suite (the second is allowed, the third refused).
      const second = await openEvents(m.srv.url('/api/v1/events'), auth);
      assert.equal(second.status, 200);
      const third = await openEvents(m.srv.url('/api/v1/events'), auth);
      assert.equal(third.status, 429, third.body);
      assert.equal(JSON.parse(third.body).error.code, 'rate_limited');
      assert.ok(third.headers.get('retry-after'));
      second.close();
      s.close();
      await sleep(300);

      // Resume: events missed while disconnected are replayed after Last-Event-ID.
      const lastId = slots.id;
      const missed = await (async () => {
        await submitLead(m, validLeadFor({ zip: c.zip, service_type: 'drain_cleaning' }));
        await sleep(300);
        return null;
      })();
      void missed;
      let resumed;
      for (let i = 0; i < 20; i++) { // the closed streams are released as soon as the server sees the disconnect
        resumed = await openEvents(m.srv.url('/api/v1/events'), { ...auth, 'last-event-id': lastId });
        if (resumed.status === 200) break;
        await sleep(100);
      }
      assert.equal(resumed.status, 200, resumed.body);
      const replayed = await resumed.waitFor((e) => e.event === 'lead_new' && e.json().lead.service_type === 'drain_cleaning', 15000, 'the replayed lead');
      assert.ok(Number(replayed.id) > Number(lastId));
      assert.ok(!resumed.events.some((e) => Number(e.id) <= Number(lastId)), 'nothing at or before Last-Event-ID is repeated');
      resumed.close();

      // The dashboard's own stream (session cookie) works the same way.
      const page = await openEvents(m.srv.url('/dashboard/events?after=0'), { cookie: p.client.cookieHeader() });
      assert.equal(page.status, 200);
      await page.waitFor((e) => e.event === 'lead_new', 15000, 'a replayed lead on the page stream');
      page.close();
      const anonymous = await openEvents(m.srv.url('/api/v1/events'));
      assert.equal(anonymous.status, 401);
    });

    it('ends open streams on shutdown without waiting for the grace period', async () => {
      const own = await startMarketplace({ db, maildev: false, env: { PLUMBLINE_SHUTDOWN_GRACE_SECONDS: '20' } });
      try {
        const p = await signUpPlumber(own, 'drain');
        const s = await openEvents(own.srv.url('/api/v1/events'), { authorization: `Bearer ${p.token}` });
        assert.equal(s.status, 200);
        const t0 = Date.now();
        const exit = await own.srv.stop('SIGTERM', 15000);
        assert.equal(exit.code, 0);
        assert.ok(Date.now() - t0 < 5000, `stopped in ${Date.now() - t0} ms with a stream open`);
        await s.done;
        assert.ok(s.closed);
      } finally {
        await own.close();
      }
    });
  });
}
