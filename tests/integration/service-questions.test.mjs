// Questions per service (issue 17) over HTTP: the form without JavaScript is two steps (nothing
// typed is lost, nothing stored before the answers), bad answers come back naming the question,
// the htmx fragment, the JSON API takes and returns answers, plumbers (before claiming), the
// homeowner and staff see them, and the admin's edit on /admin/catalog is checked, audited and used
// by the next request without a restart; plumbers and forged forms are refused.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BACKENDS, FormClient, decodeHtml, leadsCreated, postJson, validLead } from '../support/server.mjs';
import { query } from '../support/db.mjs';
import { api, newestAvailableLead, readyPlumber, startMarketplace, submitLead, validLeadFor } from '../support/marketplace.mjs';

const text = (res) => decodeHtml(res.body);
const auditCount = (m) => Number(query(m.srv, "SELECT count(*) FROM audit_log WHERE action = 'catalog.update'")[0][0]);

// Every field the admin catalog form would send as it stands (checked boxes only), by name.
function catalogForm(html) {
  const fields = new URLSearchParams();
  for (const tag of html.match(/<input\b[^>]*>/g) || []) {
    const name = /\bname="([^"]*)"/.exec(tag)?.[1];
    if (!name || name === 'csrf_token') continue;
    const type = /\btype="([^"]*)"/.exec(tag)?.[1] || 'text';
    if (type === 'checkbox' && !/\bchecked\b/.test(tag)) continue;
    fields.append(name, decodeHtml(/\bvalue="([^"]*)"/.exec(tag)?.[1] ?? ''));
  }
  for (const [, name, body] of html.matchAll(/<textarea\b[^>]*\bname="([^"]*)"[^>]*>([\s\S]*?)<\/textarea>/g))
    fields.append(name, decodeHtml(body));
  return fields;
}

// A water-heater request as a no-JavaScript browser sends it the first time (no questions seen).
function firstStep(overrides = {}) {
  const fields = validLead({ service_type: 'water_heater', description: 'No hot water since the weekend.', name: 'Quinn Questions', ...overrides });
  delete fields.questions_for;
  return fields;
}

for (const [db, skip] of BACKENDS) {
  describe(`questions per service (${db})`, { skip }, () => {
    let m;
    let admin; // FormClient signed in as the admin
    let plumber;

    before(async () => {
      m = await startMarketplace({ db });
      admin = await m.adminClient();
      plumber = await readyPlumber(m, 'asker');
    });
    after(async () => { await m?.close(); });

    it('without JavaScript asks the questions as a second step, keeping every field', async () => {
      const client = new FormClient(m.srv.baseUrl);
      await client.get('/request');
      const before = await leadsCreated(m.srv.baseUrl);
      const fields = firstStep();
      const step = await client.post('/request', fields);
      assert.equal(step.status, 200, step.body.slice(0, 300));
      const page = text(step);
      assert.match(page, /One more step/);
      assert.match(page, /Gas or electric\?/);
      assert.match(step.body, /name="answer_fuel"/);
      assert.match(step.body, /<input type="hidden" name="questions_for" value="water_heater">/);
      for (const kept of ['Quinn Questions', 'No hot water since the weekend.', '1 Valencia St', 'Weekdays after 5 pm'])
        assert.ok(page.includes(kept), `kept: ${kept}`);
      assert.match(step.body, /id="field-consent" name="consent" value="yes" checked/);
      assert.equal(await leadsCreated(m.srv.baseUrl), before, 'nothing stored at the first step');

      const sent = await client.post('/request', { ...fields, questions_for: 'water_heater', answer_fuel: 'Gas', answer_tank: 'Tankless', answer_age: '9' });
      assert.equal(sent.status, 303, sent.body.slice(0, 300));
      assert.equal(await leadsCreated(m.srv.baseUrl), before + 1);
      const token = /^\/t\/([A-Za-z0-9_-]+)\/sent$/.exec(sent.location)[1];
      const tracking = text(await client.get(`/t/${token}`));
      assert.match(tracking, /<dt>Gas or electric\?<\/dt><dd class="service-answer" data-question="fuel">Gas<\/dd>/);
      assert.match(tracking, /data-question="age">9</);
    });

    it('a changed type of work without JavaScript asks the new questions', async () => {
      const client = new FormClient(m.srv.baseUrl);
      await client.get('/request');
      const res = await client.post('/request', { ...firstStep(), service_type: 'drain_cleaning', questions_for: 'water_heater', answer_fuel: 'Gas' });
      assert.equal(res.status, 200);
      assert.match(text(res), /Which drain is blocked or slow\?/);
      assert.doesNotMatch(res.body, /name="answer_fuel"/);
    });

    it('refuses bad answers naming the question, keeps what was typed, stores nothing', async () => {
      const client = new FormClient(m.srv.baseUrl);
      await client.get('/request');
      const before = await leadsCreated(m.srv.baseUrl);
      const res = await client.post('/request', { ...firstStep(), questions_for: 'water_heater', answer_fuel: 'Coal', answer_age: '200', answer_tank: 'Tank' });
      assert.equal(res.status, 422);
      const page = text(res);
      assert.match(page, /href="#field-answer_fuel">“Gas or electric\?”: choose Gas, Electric or Not sure\./);
      assert.match(page, /“About how old is it, in years\?”: enter a whole number from 0 to 60\./);
      assert.match(res.body, /id="field-answer_age" name="answer_age" value="200"/);
      assert.match(res.body, /value="Tank" checked/);
      assert.ok(page.includes('Quinn Questions'));
      assert.equal(await leadsCreated(m.srv.baseUrl), before);
    });

    it('serves the questions of a service as an htmx fragment', async () => {
      const client = new FormClient(m.srv.baseUrl);
      const heater = await client.get('/request/questions?service_type=water_heater');
      assert.equal(heater.status, 200);
      assert.match(heater.headers.get('cache-control'), /no-store/);
      assert.match(heater.body, /name="questions_for" value="water_heater"/);
      assert.match(heater.body, /type="radio" name="answer_fuel"/);
      assert.match(heater.body, /id="field-answer_age" name="answer_age"/);
      const other = await client.get('/request/questions?service_type=other');
      assert.match(other.body, /name="questions_for" value="other"/);
      assert.doesNotMatch(other.body, /answer_/);
      const unknown = await client.get('/request/questions?service_type=%3Cscript%3E');
      assert.equal(unknown.status, 200);
      assert.doesNotMatch(unknown.body, /<script>|answer_/);
    });

    it('takes answers through the JSON API and returns them', async () => {
      const lead = { ...validLeadFor({ service_type: 'leak_repair' }), consent: true };
      delete lead.send_anyway;
      delete lead.questions_for;
      const ok = await postJson(m.srv.baseUrl, { ...lead, answers: { where: 'under a sink', shut_off: true } });
      assert.equal(ok.status, 201, ok.body);
      assert.deepEqual(JSON.parse(ok.body).answers, [
        { key: 'where', label: 'Where is the leak?', answer: 'Under a sink' },
        { key: 'shut_off', label: 'Is the water shut off?', answer: 'Yes' },
      ]);
      const before = await leadsCreated(m.srv.baseUrl);
      const bad = await postJson(m.srv.baseUrl, { ...lead, phone: '(628) 555-0999', answers: { where: 'the moon', colour: 'red' } });
      assert.equal(bad.status, 422, bad.body);
      const fields = JSON.parse(bad.body).error.details.map((d) => d.field);
      assert.ok(fields.includes('answer_where') && fields.includes('answer_colour'), fields.join());
      const wrongType = await postJson(m.srv.baseUrl, { ...lead, phone: '(628) 555-0998', answers: ['Under a sink'] });
      assert.ok([400, 422].includes(wrongType.status), wrongType.body);
      const nested = await postJson(m.srv.baseUrl, { ...lead, phone: '(628) 555-0997', answers: { where: { x: 1 } } });
      assert.ok([400, 422].includes(nested.status), nested.body);
      assert.equal(await leadsCreated(m.srv.baseUrl), before);
    });

    it('shows the answers to the matched plumber before claiming, and to staff', async () => {
      await submitLead(m, validLeadFor({ name: 'Card Answers', answer_where: 'Ceiling or wall', answer_shut_off: 'no' }));
      const card = await newestAvailableLead(m, plumber);
      assert.deepEqual(card.answers.map((a) => a.answer), ['Ceiling or wall', 'No']);
      const dashboard = text(await plumber.client.get('/dashboard'));
      assert.match(dashboard, /Where is the leak\?<\/dt> <dd class="d-inline fw-semibold mb-0 service-answer" data-question="where">Ceiling or wall/);
      const leadPage = text(await plumber.client.get(`/leads/${card.id}`));
      assert.match(leadPage, /id="service-answers"/);
      assert.match(leadPage, /data-question="shut_off">No</);
      const staff = text(await admin.get(`/admin/leads/${card.id}`));
      assert.match(staff, /Is the water shut off\?<\/dt><dd class="col-sm-8 service-answer" data-question="shut_off">No</);
    });

    it('lets the admin edit the questions on the catalog page: checked, audited, used at once', async () => {
      const page = await admin.get('/admin/catalog');
      assert.equal(page.status, 200);
      const form = catalogForm(page.body);
      assert.match(form.get('questions_water_heater'), /^fuel \| Gas or electric\? \| choice: Gas, Electric, Not sure \| optional$/m);
      const audits = auditCount(m);

      // A line that does not parse: 422 naming the service and the line; nothing saved.
      form.set('questions_water_heater', 'venting | How is it vented? | colour');
      form.set('reason', 'Installers asked');
      const bad = await admin.post('/admin/catalog', form);
      assert.equal(bad.status, 422);
      assert.match(text(bad), /Water heater \(questions\): Line 1: the kind must be/);
      assert.match(bad.body, /venting \| How is it vented\? \| colour<\/textarea>/); // kept as typed
      assert.equal(auditCount(m), audits);

      // Without a reason: refused too.
      form.set('questions_water_heater', 'venting | How is it vented? | choice: Roof, Wall | required');
      form.set('reason', '');
      assert.equal((await admin.post('/admin/catalog', form)).status, 422);
      assert.equal(auditCount(m), audits);

      form.set('reason', 'Installers asked about venting');
      const saved = await admin.post('/admin/catalog', form);
      assert.equal(saved.status, 303, saved.body.slice(0, 300));
      assert.equal(auditCount(m), audits + 1);
      // (The question lines hold "|", the sqlite3 CLI's column separator: the audit row is matched in SQL.)
      const [[matching]] = query(m.srv, "SELECT count(*) FROM audit_log WHERE action = 'catalog.update' "
        + "AND before_json LIKE '%fuel | Gas or electric?%' AND after_json LIKE '%venting | How is it vented?%' "
        + "AND reason = 'Installers asked about venting'");
      assert.equal(Number(matching), 1);

      // The next form (no restart) asks the new question, and requires it.
      const fragment = await new FormClient(m.srv.baseUrl).get('/request/questions?service_type=water_heater');
      assert.match(fragment.body, /name="answer_venting"/);
      assert.doesNotMatch(fragment.body, /answer_fuel/);
      const client = new FormClient(m.srv.baseUrl);
      await client.get('/request');
      const missing = await client.post('/request', { ...firstStep({ name: 'Vera Vent' }), questions_for: 'water_heater' });
      assert.equal(missing.status, 422);
      assert.match(text(missing), /Answer “How is it vented\?”\./);
      const ok = await client.post('/request', { ...firstStep({ name: 'Vera Vent' }), questions_for: 'water_heater', answer_venting: 'Wall' });
      assert.equal(ok.status, 303, ok.body.slice(0, 300));

      // Put the seeded questions back for the other tests of this run.
      const again = catalogForm((await admin.get('/admin/catalog')).body);
      again.set('questions_water_heater', 'fuel | Gas or electric? | choice: Gas, Electric, Not sure | optional');
      again.set('reason', 'Back to the seed');
      assert.equal((await admin.post('/admin/catalog', again)).status, 303);
    });

    it('refuses the catalog form to plumbers and without the CSRF token', async () => {
      const form = catalogForm((await admin.get('/admin/catalog')).body);
      form.set('questions_water_heater', 'x | X | yes/no');
      form.set('reason', 'Sneaky');
      const audits = auditCount(m);
      assert.equal((await plumber.client.post('/admin/catalog', form)).status, 403);
      const forged = await admin.post('/admin/catalog', form, { withToken: false });
      assert.equal(forged.status, 403);
      assert.equal(auditCount(m), audits);
      assert.match((await admin.get('/admin/catalog')).body, /fuel \| Gas or electric\?/);
    });
  });
}
