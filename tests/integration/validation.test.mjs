// Every validation error, by form (422 re-render keeping typed values) and by JSON (422 details).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  BACKENDS, FormClient, decodeHtml, http, jsonLead, leadsCreated, postJson, startServer, validLead,
} from '../support/server.mjs';

const CONTROL = 'Remove unusual control characters.';
const NAME_LEN = 'Enter a name between 2 and 100 characters.';
const PHONE_BAD = 'Enter a 10-digit US phone number, like (415) 555-0134.';

// [field, value, message]; consent is special-cased (unticked box / false).
const CASES = [
  ['service_type', '', 'Choose the kind of work you need.'],
  ['service_type', 'rocket_science', 'Choose one of the listed kinds of work.'],
  ['description', '', 'Describe the problem in a few words.'],
  ['description', '   \t ', 'Describe the problem in a few words.'],
  ['description', 'Leak!', 'Add a little more detail (at least 10 characters).'],
  ['description', 'x'.repeat(2001), 'Keep the description under 2,000 characters.'],
  ['description', 'Leaking pipe\u0007 under the sink', CONTROL],
  // Invisible format characters (Unicode Cf) and NUL: they reorder or hide what the plumber reads.
  ['description', 'Leaking pipe \u2066under\u2069 the sink', CONTROL],
  ['description', 'Leaking pipe under the sink\u0000', CONTROL],
  ['description', 'Leaking pipe\r under the sink', CONTROL],
  ['urgency', '', 'Tell us how soon you need a plumber.'],
  ['urgency', 'yesterday', 'Choose one of the listed time frames.'],
  ['zip', '', 'Enter the ZIP code where the work is.'],
  ['zip', '9411', 'Enter a 5-digit ZIP code, like 94110.'],
  ['zip', 'ABCDE', 'Enter a 5-digit ZIP code, like 94110.'],
  ['zip', '00000', "We don't know ZIP code 00000. Check it and try again."],
  ['address', 'a'.repeat(201), 'Keep the address under 200 characters.'],
  ['address', '1 Main\u0001 St', CONTROL],
  ['name', '', 'Enter your name so the plumber knows who to ask for.'],
  ['name', 'A', NAME_LEN],
  ['name', 'n'.repeat(101), NAME_LEN],
  ['name', 'Ada\u001b Lovelace', CONTROL],
  ['name', 'Bob \u202Egnp.exe', CONTROL],
  ['name', 'Ad\u200Ba Lovelace', CONTROL],
  ['name', '\uFEFFAda Lovelace', CONTROL],
  ['name', 'Ada\u0085 Lovelace', CONTROL],
  ['phone', '', 'Enter a phone number where plumbers can reach you.'],
  ['phone', '555-0134', PHONE_BAD],
  ['phone', '+44 20 7946 0958', PHONE_BAD],
  ['phone', '(015) 555-0134', PHONE_BAD],
  ['phone', '415 555 O134', PHONE_BAD],
  ['email', '', 'Enter your e-mail address; we send your tracking link there.'],
  ['email', 'not-an-email', 'Enter a valid e-mail address, like you@example.com.'],
  ['email', 'ada@example', 'Enter a valid e-mail address, like you@example.com.'],
  ['contact_method', '', 'Choose how you prefer to be contacted.'],
  ['contact_method', 'pigeon', 'Choose phone, text or e-mail.'],
  ['best_time', 't'.repeat(101), 'Keep the best time under 100 characters.'],
  ['best_time', 'After\u0002 5', CONTROL],
  ['consent', null,
    'Tick the box to agree to be contacted; we cannot pass on your request without it.'],
];


// The text of the per-field error element, or null.
function fieldError(html, field) {
  const m = new RegExp(`id="field-${field}-error"[^>]*>(?:<span[^>]*>Error: </span>)?([^<]*)<`)
    .exec(html);
  return m ? decodeHtml(m[1]) : null;
}

function summaryItems(html) {
  return [...html.matchAll(/<li><a class="alert-link" href="#field-([a-z_]+)">([^<]*)<\/a><\/li>/g)]
    .map((m) => [m[1], decodeHtml(m[2])]);
}

function label(v) {
  if (v === null) return 'unticked';
  const shown = JSON.stringify(v.length > 20 ? `${v.slice(0, 12)}…(${v.length})` : v);
  return shown;
}

for (const [db, skip] of BACKENDS) {
  describe(`validation errors (${db})`, { skip }, () => {
    let srv;
    before(async () => { srv = await startServer({ db }); });
    after(async () => { await srv?.close(); });

    for (const [field, value, message] of CASES) {
      it(`form: ${field} ${label(value)} → 422 "${message.slice(0, 40)}"`, async () => {
        const client = new FormClient(srv.baseUrl);
        const fields = validLead();
        if (field === 'consent') delete fields.consent; else fields[field] = value;
        const res = await client.submit(fields);
        assert.equal(res.status, 422, res.body.slice(0, 200));
        assert.match(res.headers.get('content-type'), /^text\/html/);
        assert.equal(fieldError(res.body, field), message);
        assert.deepEqual(summaryItems(res.body), [[field, message]], 'one error in the summary');
        const tag = new RegExp(`<[a-z]+ [^>]*id="field-${field}"[^>]*>`).exec(res.body);
        assert.match(tag?.[0] ?? '', /is-invalid/, 'the field itself is marked invalid');
      });

      it(`json: ${field} ${label(value)} → 422 details`, async () => {
        const payload = jsonLead();
        if (field === 'consent') payload.consent = false; else payload[field] = value;
        const res = await postJson(srv.baseUrl, payload);
        assert.equal(res.status, 422, res.body);
        assert.match(res.headers.get('content-type'), /^application\/json/);
        const { error } = res.json();
        assert.equal(error.code, 'invalid_input');
        assert.equal(typeof error.message, 'string');
        assert.deepEqual(error.details, [{ field, message }]);
      });
    }

    it('form: an empty submission names every required field', async () => {
      const client = new FormClient(srv.baseUrl);
      const res = await client.submit({});
      assert.equal(res.status, 422);
      const fields = summaryItems(res.body).map(([f]) => f);
      assert.deepEqual(fields, ['service_type', 'description', 'urgency', 'zip', 'name', 'phone',
        'email', 'contact_method', 'consent']);
      for (const f of fields) assert.ok(fieldError(res.body, f), `message shown next to ${f}`);
    });

    it('json: an empty object lists every required field', async () => {
      const res = await postJson(srv.baseUrl, {});
      assert.equal(res.status, 422);
      assert.deepEqual(res.json().error.details.map((d) => d.field), ['service_type', 'description',
        'urgency', 'zip', 'name', 'phone', 'email', 'contact_method', 'consent']);
    });

    it('form: the 422 re-render keeps everything typed, escaped, and can then be fixed', async () => {
      const client = new FormClient(srv.baseUrl);
      const typed = validLead({
        service_type: 'water_heater', urgency: 'this_week', contact_method: 'text',
        description: 'No hot water since Monday; the pilot light is out <again> & "flickers".',
        zip: '94110', address: "12 O'Farrell St, Apt 3", name: 'Ada <b>Lovelace</b>',
        phone: '555-01', email: 'ada+test@example.com', best_time: 'Evenings & weekends',
        utm_source: 'news', utm_medium: 'email', utm_campaign: 'autumn', referrer: 'https://r.example/',
      });
      const before = await leadsCreated(srv.baseUrl);
      const res = await client.submit(typed);
      assert.equal(res.status, 422);
      assert.equal(fieldError(res.body, 'phone'), PHONE_BAD);
      const html = res.body;
      assert.ok(!html.includes('<b>Lovelace</b>'), 'typed markup is escaped');
      const valueOf = (id) => {
        const m = new RegExp(`id="field-${id}" name="${id}" value="([^"]*)"`).exec(html) ||
          new RegExp(`name="${id}" value="([^"]*)"`).exec(html);
        return m ? decodeHtml(m[1]) : null;
      };
      for (const f of ['zip', 'address', 'name', 'phone', 'email', 'best_time', 'utm_source',
        'utm_medium', 'utm_campaign', 'referrer'])
        assert.equal(valueOf(f), typed[f], `${f} kept`);
      const textarea = /<textarea[^>]*name="description"[^>]*>([^<]*)<\/textarea>/.exec(html);
      assert.equal(decodeHtml(textarea[1]), typed.description, 'description kept');
      assert.match(html, /<option value="water_heater" selected>/);
      assert.equal((html.match(/<option [^>]*selected/g) || []).length, 1);
      assert.match(html, /id="field-urgency-this_week" value="this_week" checked/);
      assert.match(html, /id="field-contact_method-text" value="text" checked/);
      assert.match(html, /id="field-consent" name="consent" value="yes" checked/);
      assert.equal(await leadsCreated(srv.baseUrl), before, 'nothing stored');

      // The re-rendered form carries a working CSRF token: fixing the phone succeeds.
      const fixed = await client.post('/request', { ...typed, phone: '(415) 555-0134' });
      assert.equal(fixed.status, 303, fixed.body.slice(0, 200));
      assert.equal(await leadsCreated(srv.baseUrl), before + 1);
    });

    it('json: values of the wrong type are named in details', async () => {
      const res = await postJson(srv.baseUrl, jsonLead({ zip: 94110, consent: 'yes', name: ['A'] }));
      assert.equal(res.status, 422);
      const { error } = res.json();
      assert.equal(error.code, 'invalid_input');
      assert.deepEqual(error.details, [
        { field: 'zip', message: 'must be a string' },
        { field: 'name', message: 'must be a string' },
        { field: 'consent', message: 'must be true or false' },
      ]);
    });

    for (const [what, body] of [['broken JSON', '{"service_type": '], ['an array', '[]'],
      ['a string', '"lead"'], ['an empty body', ''], ['trailing garbage', '{} x']]) {
      it(`json: ${what} → 400 envelope`, async () => {
        const res = await postJson(srv.baseUrl, body);
        assert.equal(res.status, 400);
        const { error } = res.json();
        assert.equal(error.code, 'bad_request');
        assert.equal(typeof error.message, 'string');
        assert.deepEqual(error.details, []);
      });
    }

    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/jsonx', 'application/json-seq', null]) {
      it(`json: Content-Type ${type ?? '(none)'} → 415 envelope`, async () => {
        const headers = type ? { 'content-type': type } : {};
        const res = await http(`${srv.baseUrl}/api/v1/leads`, {
          method: 'POST', headers, body: type ? JSON.stringify(jsonLead()) : new Uint8Array(
            Buffer.from(JSON.stringify(jsonLead()))),
        });
        assert.equal(res.status, 415);
        assert.equal(res.json().error.code, 'unsupported_media_type');
      });
    }

    it('form: a multi-line description (CR LF as browsers send it, tabs) and accented names are accepted', async () => {
      const client = new FormClient(srv.baseUrl);
      await client.get('/request');
      const res = await client.post('/request', validLead({
        description: 'Leaking pipe under the sink.\r\n\tDrips every second.', name: 'José Muñoz-Ñúñez',
      }));
      assert.equal(res.status, 303, res.body.slice(0, 500));
    });

    it('json: application/json with a charset is accepted', async () => {
      const res = await postJson(srv.baseUrl, jsonLead(),
        { headers: { 'content-type': 'application/json; charset=utf-8' } });
      assert.equal(res.status, 201);
    });

    for (const [what, body] of [['%zz', 'description=%zz'], ['a truncated %4', 'name=Ada%4'],
      ['a lone %', 'zip=%'], ['invalid UTF-8 %ff', 'name=%ff%fe']]) {
      it(`form: a bad percent-escape (${what}) → 400, nothing stored`, async () => {
        const client = new FormClient(srv.baseUrl);
        await client.get('/request');
        const before = await leadsCreated(srv.baseUrl);
        const fields = new URLSearchParams(validLead()).toString();
        const res = await client.post('/request', `${fields}&${body}`,
          { headers: { 'x-csrf-token': client.csrfToken } });
        assert.equal(res.status, 400, res.body.slice(0, 200));
        assert.match(res.headers.get('content-type'), /^text\/html/);
        assert.equal(await leadsCreated(srv.baseUrl), before);
        // Control: the same form, well encoded, is accepted.
        const ok = await client.post('/request', fields,
          { headers: { 'x-csrf-token': client.csrfToken } });
        assert.equal(ok.status, 303);
      });
    }
  });
}
