// Privacy: plumber B never sees the contact details of a lead that only plumber A claimed — pages, API, SSE or e-mail.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BACKENDS, sleep } from '../support/server.mjs';
import { mailbox } from '../support/accounts.mjs';
import {
  api, claimLead, readyPlumber, startMarketplace, submitLead, validLeadFor,
} from '../support/marketplace.mjs';
import { openEvents } from '../support/sse.mjs';

const HOMEOWNER = {
  zip: '97204', name: 'Priscilla Private', phone: '(503) 555-0177', email: 'priscilla.private@homeowners.example.com',
  address: '77 Hidden Lane',
};
const MARKERS = ['Priscilla', 'Private', '5035550177', '503) 555-0177', '555-0177', 'priscilla.private', 'Hidden Lane'];

function leaks(where, textValue) {
  return MARKERS.filter((m) => textValue.includes(m)).map((m) => `${where} shows "${m}"`);
}

for (const [db, skip] of BACKENDS) {
  describe(`marketplace privacy (${db})`, { skip }, () => {
    let m;
    before(async () => { m = await startMarketplace({ db, maildev: false, env: { PLUMBLINE_LIVE_POLL_MS: '50' } }); });
    after(async () => { await m?.close(); });

    it('shows the contact to the claimant only', async () => {
      const area = { profile: { base_zip: HOMEOWNER.zip } };
      const a = await readyPlumber(m, 'alice', area);
      const b = await readyPlumber(m, 'bob', area);
      const bStream = await openEvents(m.srv.url('/api/v1/events'), { authorization: `Bearer ${b.token}` });
      assert.equal(bStream.status, 200);
      const bPage = await openEvents(m.srv.url('/dashboard/events'), { cookie: b.client.cookieHeader() });
      assert.equal(bPage.status, 200);

      await submitLead(m, validLeadFor({ ...HOMEOWNER, description: 'Burst pipe in the basement.' }));
      const created = await bStream.waitFor((e) => e.event === 'lead_new', 15000, 'lead_new for B');
      const leadId = created.json().lead.id;
      const claim = await claimLead(m, a, leadId);
      assert.equal(claim.status, 201, claim.body);
      const claimId = claim.json().claim.id;
      assert.equal(claim.json().contact.name, HOMEOWNER.name, 'the claimant sees the contact');
      await bStream.waitFor((e) => e.event === 'lead_slots', 15000, 'lead_slots for B');
      await sleep(200);

      const problems = [];
      // Everything B can ask for.
      const bApi = (p) => api(m.srv, 'GET', p, { token: b.token });
      const summary = await bApi(`/api/v1/leads/${leadId}`);
      assert.equal(summary.status, 200, 'B may see the summary (the lead matched B)');
      assert.equal(summary.json().contact, undefined);
      problems.push(...leaks('GET /api/v1/leads/{id} as B', summary.body));
      for (const p of ['/api/v1/leads/available', '/api/v1/claims', '/api/v1/credits', '/api/v1/profile'])
        problems.push(...leaks(`GET ${p} as B`, (await bApi(p)).body));
      for (const [method, p, body] of [['PATCH', `/api/v1/claims/${claimId}`, { notes: 'x' }], ['POST', `/api/v1/claims/${claimId}/dispute`, { reason: 'duplicate' }]]) {
        const r = await api(m.srv, method, p, { token: b.token, body });
        if (r.status !== 404) problems.push(`${method} ${p} as B: ${r.status}, expected 404`);
        problems.push(...leaks(`${method} ${p} as B`, r.body));
      }
      // The lead page and the claim confirmation (issue 13): B was matched, so B reads them, without the contact.
      for (const p of [`/leads/${leadId}`, `/leads/${leadId}/claim`]) {
        const r = await b.client.get(p);
        if (r.status !== 200) problems.push(`GET ${p} as B: ${r.status}, expected 200`);
        problems.push(...leaks(`GET ${p} as B`, r.body));
      }
      for (const p of ['/dashboard', '/my-leads', '/my-leads.csv', `/my-leads/${claimId}`, '/credits', '/profile']) {
        const r = await b.client.get(p);
        if (p === `/my-leads/${claimId}` && r.status !== 404) problems.push(`GET ${p} as B: ${r.status}, expected 404`);
        problems.push(...leaks(`GET ${p} as B`, r.body));
      }
      // Streams and e-mails (everything B received so far, including the alert for this lead).
      bStream.close();
      bPage.close();
      assert.ok(bPage.events.some((e) => e.event === 'lead_slots'), 'the page stream got the slot update too');
      for (const e of [...bStream.events, ...bPage.events]) problems.push(...leaks(`SSE ${e.event} to B`, e.data));
      await sleep(500); // the alert e-mails are written by the outbox worker
      const mails = mailbox(m.srv).filter((x) => x.to.includes(b.email));
      assert.ok(mails.length > 0, 'B got mail (verification, approval, alert)');
      for (const x of mails) problems.push(...leaks(`mail "${x.subject}" to B`, `${x.subject}\n${x.text}\n${x.html}`));
      // A, the claimant, does see them on the claim page.
      const mine = await a.client.get(`/my-leads/${claimId}`);
      assert.equal(mine.status, 200);
      assert.ok(mine.body.includes('Hidden Lane'));
      assert.deepEqual(problems, []);
    });
  });
}
