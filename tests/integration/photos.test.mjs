// Request photos over HTTP (issue 17 item 2) on SQLite and PostgreSQL: photos on the request form
// (multipart; the form still works without them) and from the tracking page; refusals of text named
// .jpg, a JPEG header followed by HTML, a truncated JPEG and a decompression bomb (nothing stored);
// a GPS-tagged photo served without its EXIF; per-viewer access (homeowner by token, matched plumber
// thumbnails only, claimant and admin full, an unmatched plumber, another request's token and
// anonymous visitors nothing) with private caching, the JPEG type and nosniff; CSRF on the upload.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BACKENDS, FormClient, REPO_ROOT, decodeHtml } from '../support/server.mjs';
import { claimLead, newestAvailableLead, readyPlumber, startMarketplace, submitLead, validLeadFor } from '../support/marketplace.mjs';

const fixture = (name) => readFileSync(path.join(REPO_ROOT, 'tests/fixtures/images', name));

// GET as `client` (null: no cookies at all), the body as bytes.
async function getBytes(baseUrl, client, p) {
  const headers = client ? { cookie: client.cookieHeader() } : {};
  const res = await fetch(baseUrl + p, { headers, redirect: 'manual' });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

const photoIds = (html) => [...html.matchAll(/\/photos\/([0-9a-f]{32})\/thumb/g)].map((m) => m[1]);

for (const [db, skip] of BACKENDS) {
  describe(`request photos (${db})`, { skip }, () => {
    let m;
    let matched; // covers 94110
    let claimant; // covers 94110, claims
    let far; // based in New York: never sent a 94110 request

    before(async () => {
      m = await startMarketplace({ db });
      matched = await readyPlumber(m, 'snapper');
      claimant = await readyPlumber(m, 'claimer');
      far = await readyPlumber(m, 'faraway', { profile: { base_zip: '10001' } });
    });
    after(async () => { await m?.close(); });

    // The request form with files; returns {token, path, client} like submitLead.
    async function submitWithPhotos(files, overrides = {}) {
      const client = new FormClient(m.srv.baseUrl);
      assert.equal((await client.get('/request')).status, 200);
      const res = await client.postMultipart('/request', validLeadFor(overrides), files);
      assert.equal(res.status, 303, `form with photos: ${res.status} ${res.body.slice(0, 400)}`);
      const token = /^\/t\/([A-Za-z0-9_-]+)\/sent$/.exec(res.location)[1];
      await client.get(`/t/${token}`);
      return { token, path: `/t/${token}`, client };
    }

    it('takes photos on the form, strips GPS EXIF, and still takes the form without photos', async () => {
      const lead = await submitWithPhotos([['photos', 'garden.jpg', fixture('gps.jpg')], ['photos', 'sink.png', fixture('small.png')]]);
      const page = await lead.client.get(lead.path);
      const ids = photoIds(page.body);
      assert.equal(ids.length, 2, 'two thumbnails on the tracking page');
      for (const id of ids) {
        for (const suffix of ['', '/thumb']) {
          const r = await getBytes(m.srv.baseUrl, lead.client, `${lead.path}/photos/${id}${suffix}`);
          assert.equal(r.status, 200);
          assert.equal(r.headers.get('content-type'), 'image/jpeg');
          assert.match(r.headers.get('cache-control'), /^private/);
          assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
          assert.deepEqual([...r.bytes.subarray(0, 3)], [0xff, 0xd8, 0xff], 'a JPEG');
          assert.equal(r.bytes.indexOf('Exif'), -1, 'no EXIF block');
          assert.equal(r.bytes.indexOf('SECRET-GPS-HOME'), -1, 'no EXIF text');
        }
      }
      assert.ok(fixture('gps.jpg').indexOf('SECRET-GPS-HOME') > 0, 'the fixture carries the marker');

      // Without photos: multipart with an empty file input, and the plain urlencoded form.
      const client = new FormClient(m.srv.baseUrl);
      await client.get('/request');
      const fd = await client.postMultipart('/request', validLeadFor(), [['photos', '', Buffer.alloc(0)]]);
      assert.equal(fd.status, 303, fd.body.slice(0, 300));
      const plain = await submitLead(m, validLeadFor());
      assert.equal(photoIds((await plain.client.get(plain.path)).body).length, 0);
    });

    it('refuses files that are not whole images and stores no request', async () => {
      const cases = [
        ['not-a-photo.jpg', /not-a-photo\.jpg.*not a photo we can read/],
        ['polyglot.jpg', /not a photo we can read/],
        ['truncated.jpg', /not a photo we can read/],
        ['bomb.png', /too large: at most 50 megapixels/],
      ];
      for (const [name, message] of cases) {
        const client = new FormClient(m.srv.baseUrl);
        await client.get('/request');
        const fields = validLeadFor({ description: `Refusal check ${name}: the pipe under the sink leaks.` });
        const res = await client.postMultipart('/request', fields, [['photos', name, fixture(name)]]);
        assert.equal(res.status, 422, `${name}: ${res.status}`);
        const t = decodeHtml(res.body);
        assert.match(t, message, name);
        assert.ok(t.includes(fields.description), `${name}: the answers are kept`);
        assert.match(res.body, /id="field-photos-error"/);
      }
    });

    it('adds photos from the tracking page up to six, with CSRF and a bad token refused', async () => {
      const lead = await submitLead(m, validLeadFor());
      const png = fixture('small.png');
      let r = await lead.client.postMultipart(`${lead.path}/photos`, {}, [['photos', 'a.png', png], ['photos', 'b.png', png]]);
      assert.equal(r.status, 303, r.body.slice(0, 300));
      assert.equal(r.location, `${lead.path}?done=photos`);
      let page = await lead.client.get(lead.path);
      assert.equal(photoIds(page.body).length, 2);
      assert.match(decodeHtml(page.body), /up to 4 more/);

      r = await lead.client.postMultipart(`${lead.path}/photos`, {}, Array.from({ length: 5 }, (_, i) => ['photos', `${i}.png`, png]));
      assert.equal(r.status, 422);
      assert.match(decodeHtml(r.body), /you can add 4 more/);
      r = await lead.client.postMultipart(`${lead.path}/photos`, {}, [['photos', 'x.jpg', fixture('not-a-photo.jpg')]]);
      assert.equal(r.status, 422);
      r = await lead.client.postMultipart(`${lead.path}/photos`, {}, [['photos', 'a.png', png]], { withToken: false });
      assert.equal(r.status, 403, 'no CSRF token');
      r = await lead.client.postMultipart(`${lead.path}/photos`, { csrf_token: 'forged' }, [['photos', 'a.png', png]]);
      assert.equal(r.status, 403, 'a wrong CSRF token');
      r = await lead.client.postMultipart('/t/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/photos', {}, [['photos', 'a.png', png]]);
      assert.equal(r.status, 404, 'an unknown token');
      page = await lead.client.get(lead.path);
      assert.equal(photoIds(page.body).length, 2, 'nothing else was stored');

      r = await lead.client.postMultipart(`${lead.path}/photos`, {}, Array.from({ length: 4 }, (_, i) => ['photos', `${i}.png`, png]));
      assert.equal(r.status, 303);
      page = await lead.client.get(lead.path);
      assert.equal(photoIds(page.body).length, 6);
      assert.ok(!page.body.includes('id="photos-form"'), 'no form once six are there');
    });

    it('shows each viewer what they may see, checked on every request', async () => {
      const lead = await submitWithPhotos([['photos', 'leak.jpg', fixture('gps.jpg')]]);
      const [id] = photoIds((await lead.client.get(lead.path)).body);
      const card = await newestAvailableLead(m, claimant);
      const leadId = card.id ?? card.lead_id;
      const other = await submitLead(m, validLeadFor());
      const admin = await m.adminClient();
      const base = m.srv.baseUrl;
      const status = async (client, p) => (await getBytes(base, client, p)).status;

      // A matched plumber: the thumbnail on the lead page and by URL; the full image 403.
      const leadPage = await matched.client.get(`/leads/${leadId}`);
      assert.equal(leadPage.status, 200);
      assert.ok(leadPage.body.includes(`/photos/${id}/thumb`), 'the thumbnail on the lead page');
      assert.ok(!leadPage.body.includes(`href="/photos/${id}"`), 'no link to the full image');
      assert.equal(await status(matched.client, `/photos/${id}/thumb`), 200);
      assert.equal(await status(matched.client, `/photos/${id}`), 403);

      // Before the claim the claimant is a matched plumber too; after it, the full image.
      assert.equal(await status(claimant.client, `/photos/${id}`), 403);
      const claim = await claimLead(m, claimant, leadId);
      assert.equal(claim.status, 201, claim.body);
      const full = await getBytes(base, claimant.client, `/photos/${id}`);
      assert.equal(full.status, 200);
      assert.equal(full.headers.get('content-type'), 'image/jpeg');
      assert.match(full.headers.get('cache-control'), /^private/);
      assert.equal(full.bytes.indexOf('Exif'), -1);
      const myLead = await claimant.client.get(`/my-leads/${claim.json().claim?.id ?? claim.json().claim_id}`);
      assert.ok(myLead.body.includes(`href="/photos/${id}"`), 'the claimant opens it in full');

      // Staff: full, linked from the console's request page.
      const consolePage = await admin.get(`/admin/leads/${leadId}`);
      assert.equal(consolePage.status, 200);
      assert.ok(consolePage.body.includes(`href="/photos/${id}"`), 'the console links the full image');
      assert.equal(await status(admin, `/photos/${id}`), 200);
      assert.equal(await status(admin, `/photos/${id}/thumb`), 200);

      // Nothing for an unmatched plumber, anonymous visitors, another request's token, or the
      // homeowner's own token on a made-up id; the same 404 as an unknown photo.
      for (const suffix of ['', '/thumb']) {
        assert.equal(await status(far.client, `/photos/${id}${suffix}`), 404, `far plumber ${suffix}`);
        assert.equal(await status(null, `/photos/${id}${suffix}`), 404, `anonymous ${suffix}`);
        assert.equal(await status(other.client, `${other.path}/photos/${id}${suffix}`), 404, `other token ${suffix}`);
        assert.equal(await status(null, `/t/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/photos/${id}${suffix}`), 404);
        assert.equal(await status(lead.client, `${lead.path}/photos/${'0'.repeat(32)}${suffix}`), 404);
        assert.equal(await status(matched.client, `/photos/not-an-id${suffix}`), 404);
      }
      // The homeowner's token URL works without any cookie: the token is the key.
      assert.equal(await status(null, `${lead.path}/photos/${id}`), 200);
    });
  });
}
