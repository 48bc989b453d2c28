// HTTP protocol edges: 413/431/400 limits, head deadline, error formats, security headers, statics.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import {
  BACKENDS, METRICS_TOKEN, describeOnce, http, jsonLead, postJson, rawExchange, startServer,
} from '../support/server.mjs';

// Headers as a plain lower-case object, from fetch Headers or rawExchange.
const plain = (h) => (typeof h.get === 'function' ? Object.fromEntries(h.entries()) : h);

function assertSecurityHeaders(headers, what) {
  const h = plain(headers);
  const csp = h['content-security-policy'] ?? '';
  for (const directive of ["default-src 'self'", "script-src 'self'", "object-src 'none'",
    "frame-ancestors 'none'"])
    assert.ok(csp.includes(directive), `${what}: CSP has ${directive} (got ${csp})`);
  assert.ok(!/unsafe-inline|unsafe-eval/.test(csp), `${what}: CSP allows no inline script`);
  assert.equal(h['x-content-type-options'], 'nosniff', `${what}: nosniff`);
  assert.equal(h['x-frame-options'], 'DENY', `${what}: X-Frame-Options`);
  assert.match(h['referrer-policy'] ?? '', /^(no-referrer|same-origin|strict-origin)/,
    `${what}: Referrer-Policy`);
}

const close = 'Connection: close\r\n';
const rawGet = (p, extra = '') => `GET ${p} HTTP/1.1\r\nHost: localhost\r\n${extra}${close}\r\n`;

function jsonEnvelope(body, code) {
  const parsed = JSON.parse(body);
  assert.equal(parsed.error.code, code);
  assert.equal(typeof parsed.error.message, 'string');
  assert.ok(Array.isArray(parsed.error.details));
}

for (const [db, skip] of BACKENDS) {
  describe(`HTTP limits and error pages (${db})`, { skip }, () => {
    let srv;
    before(async () => { srv = await startServer({ db }); });
    after(async () => { await srv?.close(); });

    it('413 on a declared Content-Length over 64 KiB, without waiting for the body', async () => {
      for (const [p, type] of [['/api/v1/leads', 'application/json'], ['/request', 'text/html']]) {
        const head = `POST ${p} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n` +
          'Content-Length: 10485760\r\n\r\n';
        const r = await rawExchange(srv.port, head, { timeoutMs: 5000 }); // body never sent
        assert.equal(r.status, 413, `${p}: ${r.raw.slice(0, 100)}`);
        assert.ok(r.elapsedMs < 3000, `${p}: answered at once (${r.elapsedMs} ms)`);
        assert.ok(r.headers['content-type'].startsWith(type), `${p}: ${r.headers['content-type']}`);
        assert.equal(r.headers.connection, 'close');
        assertSecurityHeaders(r.headers, `413 ${p}`);
        if (type === 'application/json') jsonEnvelope(r.body, 'payload_too_large');
      }
    });

    it('413 on a chunked body (no Content-Length) that grows past 64 KiB', async () => {
      for (const p of ['/api/v1/leads', '/request']) {
        const chunk = `2000\r\n${'a'.repeat(0x2000)}\r\n`;
        const parts = [`POST ${p} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n` +
          'Transfer-Encoding: chunked\r\n\r\n', ...Array(10).fill(chunk), '0\r\n\r\n'];
        const r = await rawExchange(srv.port, parts);
        assert.equal(r.status, 413, `${p}: ${r.raw.slice(0, 100)}`);
        assertSecurityHeaders(r.headers, `chunked 413 ${p}`);
      }
    });

    it('413 reaches an ordinary client that sends a 70 KiB form', async () => {
      const res = await http(`${srv.baseUrl}/request`, {
        method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `description=${'a'.repeat(70 * 1024)}`,
      });
      assert.equal(res.status, 413);
      assert.match(res.headers.get('content-type'), /^text\/html/);
    });

    it('gives the photo forms their larger limit for multipart bodies only (issue 17)', async () => {
      const limit = 30 * 1024 * 1024 + 64 * 1024; // domain::max_photo_request_bytes + 64 KiB of fields
      const head = (p, type, length) => `POST ${p} HTTP/1.1\r\nHost: localhost\r\nContent-Type: ${type}\r\n`
        + `Content-Length: ${length}\r\n\r\n`;
      for (const p of ['/request', '/t/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/photos']) {
        // Over the multipart limit: refused at once, the body never read.
        const over = await rawExchange(srv.port, head(p, 'multipart/form-data; boundary=x1', limit + 1), { timeoutMs: 5000 });
        assert.equal(over.status, 413, `${p} multipart over: ${over.raw.slice(0, 100)}`);
        // Any other type keeps 64 KiB, so the photo form is no door for a 30 MB form field.
        for (const type of ['application/x-www-form-urlencoded', 'application/json', 'multipart/form-data']) {
          const r = await rawExchange(srv.port, head(p, type, 64 * 1024 + 1), { timeoutMs: 5000 });
          assert.equal(r.status, 413, `${p} ${type}: ${r.raw.slice(0, 100)}`);
        }
        // Within the multipart limit the body is awaited (no answer before it comes).
        const within = await rawExchange(srv.port, head(p, 'multipart/form-data; boundary=x1', 64 * 1024 + 1), { timeoutMs: 1500 });
        assert.notEqual(within.status, 413, `${p}: a multipart body over 64 KiB is read`);
      }
    });

    it('accepts a body of exactly 64 KiB and refuses one byte more', async () => {
      const sized = (n) => {
        const base = JSON.stringify(jsonLead({ description: '' }));
        const pad = n - Buffer.byteLength(base);
        const s = JSON.stringify(jsonLead({ description: 'd'.repeat(pad) }));
        assert.equal(Buffer.byteLength(s), n);
        return s;
      };
      const atLimit = await postJson(srv.baseUrl, sized(65536));
      assert.equal(atLimit.status, 422, 'read and validated (description too long)');
      const over = await postJson(srv.baseUrl, sized(65537));
      assert.equal(over.status, 413);
    });

    it('431 on a 9 KiB request head; a 7 KiB head is fine', async () => {
      const big = await rawExchange(srv.port, rawGet('/', `X-Filler: ${'a'.repeat(9 * 1024)}\r\n`));
      assert.equal(big.status, 431);
      assert.match(big.headers['content-type'], /^text\/html/);
      assert.equal(big.headers.connection, 'close');
      assertSecurityHeaders(big.headers, '431');
      const ok = await rawExchange(srv.port, rawGet('/', `X-Filler: ${'a'.repeat(7 * 1024)}\r\n`));
      assert.equal(ok.status, 200);
    });

    it('431 when a 9 KiB head is made of many short header lines', async () => {
      const many = Array.from({ length: 86 }, (_, i) => `X-H${i}: ${'b'.repeat(100)}\r\n`).join('');
      const req = rawGet('/', many);
      assert.ok(req.length > 9 * 1024 && req.length < 9.5 * 1024, `head is ${req.length} bytes`);
      assert.equal((await rawExchange(srv.port, req)).status, 431);
    });

    for (const [what, line] of [
      ['a garbage request line', 'GARBAGE\r\n\r\n'],
      ['a method without target', 'GET\r\n\r\n'],
      ['an extra token', 'GET / HTTP/1.1 extra\r\nHost: x\r\n\r\n'],
      ['a target without slash', 'GET nothing HTTP/1.1\r\nHost: x\r\n\r\n'],
      ['HTTP/2.0 in plain text', 'GET / HTTP/2.0\r\nHost: x\r\n\r\n'],
      ['a header line without colon', 'GET / HTTP/1.1\r\nHost x\r\n\r\n'],
    ]) {
      it(`400 on ${what}`, async () => {
        const r = await rawExchange(srv.port, line);
        assert.equal(r.status, 400, r.raw.slice(0, 120));
        assert.match(r.headers['content-type'], /^text\/html/);
        assert.equal(r.headers.connection, 'close');
        assertSecurityHeaders(r.headers, `400 ${what}`);
      });
    }

    it('keeps serving after protocol errors, with keep-alive', async () => {
      const r = await rawExchange(srv.port,
        `GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n${rawGet('/readyz')}`);
      assert.equal((r.raw.match(/HTTP\/1\.1 200 OK/g) || []).length, 2, 'two responses, one socket');
    });

    it('404 is an HTML page, but a JSON envelope under /api/', async () => {
      const page = await http(`${srv.baseUrl}/no-such-page`);
      assert.equal(page.status, 404);
      assert.match(page.headers.get('content-type'), /^text\/html/);
      assert.match(page.body, /<html/);
      assertSecurityHeaders(page.headers, '404 html');
      for (const p of ['/api/v1/nothing', '/api/', '/api/v2/leads']) {
        const api = await http(srv.baseUrl + p);
        assert.equal(api.status, 404, p);
        assert.match(api.headers.get('content-type'), /^application\/json/, p);
        jsonEnvelope(api.body, 'not_found');
        assertSecurityHeaders(api.headers, `404 ${p}`);
      }
    });

    it('405 names the allowed methods in Allow', async () => {
      const form = await http(`${srv.baseUrl}/request`, { method: 'DELETE' });
      assert.equal(form.status, 405);
      assert.match(form.headers.get('content-type'), /^text\/html/);
      const allow = form.headers.get('allow').split(/,\s*/).sort();
      assert.ok(allow.includes('GET') && allow.includes('POST') && !allow.includes('DELETE'),
        `Allow: ${allow}`);
      assertSecurityHeaders(form.headers, '405 html');
      const api = await http(`${srv.baseUrl}/api/v1/leads`);
      assert.equal(api.status, 405);
      assert.equal(api.headers.get('allow'), 'POST');
      jsonEnvelope(api.body, 'method_not_allowed');
      assertSecurityHeaders(api.headers, '405 json');
      const cancel = await http(`${srv.baseUrl}/t/abc/cancel`, { method: 'PUT' });
      assert.equal(cancel.status, 405);
      assert.equal(cancel.headers.get('allow'), 'POST');
    });

    it('sends the security headers on normal pages and API answers', async () => {
      const metricsAuth = { authorization: `Bearer ${METRICS_TOKEN}` };
      for (const p of ['/', '/request', '/about', '/healthz', '/metrics']) {
        const r = await http(srv.baseUrl + p, { headers: p === '/metrics' ? metricsAuth : {} });
        assert.equal(r.status, 200, p);
        assertSecurityHeaders(r.headers, p);
        assert.ok(r.headers.get('x-request-id'), `${p}: X-Request-Id`);
      }
      const created = await postJson(srv.baseUrl, jsonLead());
      assert.equal(created.status, 201);
      assertSecurityHeaders(created.headers, '201');
      assert.equal(created.headers.get('cache-control'), 'no-store');
    });

    it('pages use no inline script', async () => {
      for (const p of ['/', '/request', '/about']) {
        const { body } = await http(srv.baseUrl + p);
        for (const m of body.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
          assert.match(m[1], /src="\/static\//, `${p}: script has a src`);
          assert.equal(m[2].trim(), '', `${p}: script has no inline body`);
        }
        assert.doesNotMatch(body, /\son[a-z]+="/i, `${p}: no inline event handlers`);
      }
    });

    it('serves hashed static assets with a one-year immutable cache', async () => {
      const home = await http(`${srv.baseUrl}/`);
      const urls = [...home.body.matchAll(/(?:href|src)="(\/static\/[0-9a-f]+\/[^"]+)"/g)]
        .map((m) => m[1]);
      assert.ok(urls.some((u) => u.endsWith('.css')) && urls.some((u) => u.endsWith('.js')),
        `assets linked: ${urls}`);
      for (const u of urls) {
        const r = await http(srv.baseUrl + u);
        assert.equal(r.status, 200, u);
        assert.equal(r.headers.get('cache-control'), 'public, max-age=31536000, immutable', u);
        assert.match(r.headers.get('content-type'),
          u.endsWith('.css') ? /^text\/css/
            : u.endsWith('.svg') ? /^image\/svg\+xml/ : u.endsWith('.png') ? /^image\/png$/
              : /^(application|text)\/javascript/, u);
        assert.ok(r.body.length > 0, `${u} has content`);
        assertSecurityHeaders(r.headers, u);
      }
      // A stale hash must not be cached for a year; unknown files and traversal are 404.
      const staleUrl = urls[0].replace(/\/static\/[0-9a-f]+\//, '/static/000000000000/');
      const stale = await http(srv.baseUrl + staleUrl);
      assert.ok(!(stale.headers.get('cache-control') ?? '').includes('immutable'), 'stale hash');
      assert.equal((await http(`${srv.baseUrl}/static/000000000000/css/nope.css`)).status, 404);
      for (const p of ['/static/0123456789ab/../../CMakeLists.txt',
        '/static/0123456789ab/..%2f..%2fCMakeLists.txt', '/static/0123456789ab/css/../../../README.md']) {
        const r = await rawExchange(srv.port, rawGet(p));
        assert.equal(r.status, 404, p);
      }
    });
  });

  describe(`connection deadlines (${db})`, { skip }, () => {
    let srv;
    before(async () => {
      srv = await startServer({
        db, env: { PLUMBLINE_HEADER_TIMEOUT_SECONDS: '2', PLUMBLINE_IDLE_TIMEOUT_SECONDS: '1' },
      });
    });
    after(async () => { await srv?.close(); });

    it('cuts off a client sending its request head one byte per second at the 2 s deadline', async () => {
      const head = 'GET / HTTP/1.1\r\nHost: localhost\r\nUser-Agent: slowloris\r\n\r\n';
      const result = await new Promise((resolve) => {
        const sock = net.connect(srv.port, '127.0.0.1');
        let sent = 0;
        let started = 0;
        let received = '';
        let timer = null;
        const guard = setTimeout(() => sock.destroy(), 10000);
        const sendOne = () => {
          if (sent < head.length && !sock.destroyed && sock.writable) sock.write(head[sent++]);
        };
        sock.on('connect', () => {
          started = Date.now();
          sendOne();
          timer = setInterval(sendOne, 1000);
        });
        sock.on('data', (d) => { received += d; });
        sock.on('error', () => {});
        sock.on('close', () => {
          clearInterval(timer);
          clearTimeout(guard);
          resolve({ elapsed: Date.now() - started, sent, received });
        });
      });
      assert.ok(result.elapsed >= 1900, `not cut off before the deadline (${result.elapsed} ms)`);
      assert.ok(result.elapsed <= 8000, `cut off well before our own 10 s guard (${result.elapsed} ms)`);
      assert.ok(result.sent < head.length, 'the head was never completed');
      assert.doesNotMatch(result.received, /^HTTP\/1\.1 200/, 'no page served');
      const ok = await http(`${srv.baseUrl}/healthz`);
      assert.equal(ok.status, 200, 'server still serves others');
    });

    it('serves a head that arrives in pieces within the deadline', async () => {
      const parts = ['GET /healthz HTTP/1.1\r\n', 'Host: localhost\r\n', 'Connection: close\r\n\r\n'];
      const r = await new Promise((resolve) => {
        const sock = net.connect(srv.port, '127.0.0.1');
        let data = '';
        sock.on('connect', async () => {
          for (const p of parts) { sock.write(p); await new Promise((res) => setTimeout(res, 400)); }
        });
        sock.on('data', (d) => { data += d; });
        sock.on('error', () => {});
        sock.on('close', () => resolve(data));
      });
      assert.match(r, /^HTTP\/1\.1 200/);
    });

    it('closes an idle connection after the idle timeout', async () => {
      const r = await rawExchange(srv.port, [], { timeoutMs: 10000 });
      assert.equal(r.error, null, 'closed by the server, not by our timeout');
      assert.ok(r.elapsedMs >= 800 && r.elapsedMs <= 7000, `idle close after ${r.elapsedMs} ms`);
    });
  });
}

describeOnce('connections per client address', () => {
  let srv;
  const sockets = [];
  before(async () => {
    srv = await startServer({
      env: { PLUMBLINE_MAX_CONNECTIONS_PER_ADDRESS: '3', PLUMBLINE_HEADER_TIMEOUT_SECONDS: '600' },
    });
  });
  after(async () => {
    for (const s of sockets) s.destroy();
    await srv?.close();
  });
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  // Retries while the server has not yet accepted the connections opened before.
  async function eventually(want, localAddress) {
    let r;
    for (let i = 0; i < 100; i++) {
      r = await rawExchange(srv.port, rawGet('/healthz'), { timeoutMs: 30000, localAddress });
      if (r.status === want) return r;
      await sleep(100);
    }
    return r;
  }

  it('one address cannot hold every connection: over its cap it is closed at once, other clients are served', async () => {
    for (let i = 0; i < 3; i++) {
      const s = net.connect({ port: srv.port, host: '127.0.0.1' });
      s.on('error', () => {});
      await new Promise((r) => s.once('connect', r));
      s.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\n'); // a head that never ends
      sockets.push(s);
    }
    const over = await eventually(0);
    assert.equal(over.status, 0, `the fourth connection from 127.0.0.1 is closed unanswered (got ${over.status})`);
    const other = await rawExchange(srv.port, rawGet('/healthz'), { timeoutMs: 30000, localAddress: '127.0.0.2' });
    assert.equal(other.status, 200, 'another client address is served');
    sockets.shift().destroy();
    const again = await eventually(200);
    assert.equal(again.status, 200, 'a freed slot is usable again');
  });
});
