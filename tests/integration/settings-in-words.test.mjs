// What pages and messages promise follows the server's settings: the claims cap and the days before a
// closed account is anonymised are read from the configuration, never written into the text.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeOnce, startServer } from '../support/server.mjs';

const decode = (html) => html.replace(/<[^>]+>/g, ' ').replace(/&amp;/g, '&').replace(/&#39;|&#x27;/g, "'").replace(/\s+/g, ' ');

describeOnce('promises follow the settings (sqlite)', () => {
  let srv;
  before(async () => {
    srv = await startServer({
      db: 'sqlite',
      env: { PLUMBLINE_MAX_CLAIMS_PER_LEAD: '5', PLUMBLINE_CLOSED_ACCOUNT_KEEP_DAYS: '45' },
    });
  });
  after(async () => { await srv?.close(); });

  const get = async (p) => {
    const res = await fetch(`${srv.baseUrl}${p}`);
    assert.equal(res.status, 200, `${p}: ${res.status}`);
    return decode(await res.text());
  };

  it('the claims cap on the home, about, sign-up and request pages, and in the consent, is the configured one', async () => {
    const home = await get('/');
    assert.match(home, /up to 5 of them can take it on/);
    assert.match(home, /At most 5 contact you/);
    assert.match(await get('/about'), /never sold to more than 5 plumbers/);
    assert.match(await get('/signup'), /at most 5 plumbers/);
    const form = await get('/request');
    assert.match(form, /up to 5 of them can take it on/);
    assert.match(form, /\(at most 5\) see these details/);
    assert.match(form, /with up to 5 licensed plumbers who serve my area/, 'the consent names the cap');
    for (const p of ['/', '/about', '/signup', '/request'])
      assert.doesNotMatch(await get(p), /\b(three|3) (plumbers|of them|contact)/i, `${p} still says three`);
  });

  it('the days before a closed account is anonymised are the configured ones', async () => {
    assert.match(await get('/about'), /45 days later we anonymise/);
  });
});
