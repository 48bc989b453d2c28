// The API's contract (docs/openapi.json) against the server: every /api/v1 route of `plumbline
// routes` is documented and every documented operation is a route; the document is well formed,
// served as it is, and readable at /api/docs under the site's security headers without signing
// in; and the check that the suites run on every /api/v1 answer (support/openapi.mjs) fails on
// drift: an unlisted status, a missing, extra or mistyped field, another media type.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, describeOnce, http, startServer } from '../support/server.mjs';
import { routeTable } from '../support/accounts.mjs';
import {
  ContractViolation, checkApiResponse, compileAll, documentedOperations, matchOperation, openapiDocument,
} from '../support/openapi.mjs';

// The router's {name} is OpenAPI's; its {rest...} (the rest of the path) is written {rest} there.
const openapiPath = (pattern) => pattern.replace(/\{([^}]+?)\.\.\.\}/g, '{$1}');

// A fake answer for the contract check.
const answer = (status, body, type = 'application/json') => ({
  status, headers: new Headers(type ? { 'content-type': type } : {}), body: typeof body === 'string' ? body : JSON.stringify(body),
});

describeOnce('OpenAPI contract (docs/openapi.json)', () => {
  let srv;
  before(async () => { srv = await startServer(); });
  after(async () => { await srv?.close(); });

  it('documents every /api/v1 route of the router, and no operation that is not one', async () => {
    const routes = (await routeTable(srv.env)).filter((r) => r.pattern.startsWith('/api/v1/'));
    assert.ok(routes.length >= 60, `routes under /api/v1: ${routes.length}`);
    const routed = new Set(routes.map((r) => `${r.method} ${openapiPath(r.pattern)}`));
    const documented = new Set(documentedOperations().map((o) => `${o.method} ${o.path}`));
    const missing = [...routed].filter((k) => !documented.has(k)).map((k) => `document "${k}" in docs/openapi.json`);
    const stale = [...documented].filter((k) => !routed.has(k)).map((k) => `"${k}" is documented but is no route`);
    assert.deepEqual([...missing, ...stale], []);
  });

  it('is a well-formed OpenAPI 3.1 document whose every schema compiles', () => {
    const doc = openapiDocument();
    assert.match(doc.openapi, /^3\.1\.\d+$/);
    const ids = documentedOperations().map((o) => o.operationId);
    assert.deepEqual(ids.filter((id, i) => ids.indexOf(id) !== i), [], 'operationIds are unique');
    const problems = [];
    const resolve = (x) => (x?.$ref ? x.$ref.replace(/^#\//, '').split('/').reduce((o, k) => o?.[k], doc) : x);
    for (const [p, item] of Object.entries(doc.paths)) {
      const inPath = [...p.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort();
      for (const [method, op] of Object.entries(item)) {
        const where = `${method.toUpperCase()} ${p}`;
        if (!op.summary) problems.push(`${where}: no summary`);
        if (!Array.isArray(op.security)) problems.push(`${where}: no security (use [] for none)`);
        const params = (op.parameters || []).map(resolve);
        if (params.some((x) => !x)) problems.push(`${where}: a parameter $ref names nothing`);
        const declared = params.filter((x) => x?.in === 'path').map((x) => x.name).sort();
        if (declared.join() !== inPath.join()) problems.push(`${where}: path parameters ${declared} ≠ ${inPath}`);
        for (const [status, r] of Object.entries(op.responses || {})) {
          const response = resolve(r);
          if (!response?.description) problems.push(`${where} ${status}: no description (or a $ref that names nothing)`);
          if (!/^[1-5]\d\d$/.test(status)) problems.push(`${where}: status ${status} is not a single code`);
        }
        if (!Object.keys(op.responses || {}).some((s) => s.startsWith('2'))) problems.push(`${where}: no success answer`);
      }
    }
    assert.deepEqual(problems, []);
    assert.ok(compileAll() > 200, 'every response schema compiled');
  });

  it("lists the server's error codes: every code of the table, each status's under its status", () => {
    const table = [...fs.readFileSync(path.join(REPO_ROOT, 'src/domain/error.cpp'), 'utf8')
      .matchAll(/\{C::\w+, "(\w+)", (\d+)\}/g)].map((m) => ({ code: m[1], status: m[2] }));
    assert.ok(table.length >= 20, `codes in src/domain/error.cpp: ${table.length}`);
    const schemas = openapiDocument().components.schemas;
    assert.deepEqual([...schemas.Error.properties.error.properties.code.enum].sort(), table.map((t) => t.code).sort());
    const problems = [];
    for (const [name, schema] of Object.entries(schemas)) {
      const status = /^Error(\d{3})$/.exec(name)?.[1];
      if (!status) continue;
      for (const code of schema.properties.error.properties.code.enum)
        if (!table.some((t) => t.code === code && t.status === status)) problems.push(`${name} lists ${code}, which the server answers with another status`);
      if (!table.some((t) => t.status === status)) problems.push(`${name}: the server has no code with status ${status}`);
    }
    assert.deepEqual(problems, []);
  });

  it('serves the document as it is at /api/v1/openapi.json, without signing in', async () => {
    const res = await http(`${srv.baseUrl}/api/v1/openapi.json`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /^application\/json/);
    assert.deepEqual(res.json(), openapiDocument());
  });

  it('shows it at /api/docs without signing in, under the security headers, with vendored assets only', async () => {
    const res = await http(`${srv.baseUrl}/api/docs`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /^text\/html/);
    const csp = res.headers.get('content-security-policy') || '';
    for (const directive of ["default-src 'self'", "script-src 'self'", "style-src 'self'", "object-src 'none'", "frame-ancestors 'none'"])
      assert.ok(csp.includes(directive), `CSP has ${directive}: ${csp}`);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.equal(res.headers.get('x-frame-options'), 'DENY');
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.doesNotMatch(res.body, /<script>|<style|style=/, 'no inline script or style');
    const assets = [...res.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]).filter((u) => u.startsWith('/static/'));
    for (const name of ['swagger-ui-bundle.js', 'swagger-ui.css', 'api-docs.js', 'api-docs.css'])
      assert.ok(assets.some((u) => u.endsWith(`/${name}`)), `the page loads ${name} from this server`);
    assert.doesNotMatch(res.body, /(src|href)="(https?:)?\/\//, 'nothing from another site');
    for (const u of assets) assert.equal((await http(`${srv.baseUrl}${u}`)).status, 200, u);
    assert.match(res.body, /data-spec-url="\/api\/v1\/openapi\.json"/);
  });

  it('matches a path to its operation as the router does: literal segments before parameters', () => {
    assert.equal(matchOperation('GET', '/api/v1/leads/available').operationId, 'listAvailableLeads');
    assert.equal(matchOperation('GET', '/api/v1/leads/12').operationId, 'getLead');
    assert.equal(matchOperation('GET', '/api/v1/admin/plumbers/search').operationId, 'adminSearchPlumbers');
    assert.equal(matchOperation('GET', '/api/v1/admin/plumbers/7').operationId, 'adminGetPlumber');
    assert.equal(matchOperation('DELETE', '/api/v1/leads/12'), null);
    assert.equal(matchOperation('GET', '/api/v1/me/'), null, 'a trailing slash is no route');
  });

  it('fails a suite when an answer drifts from the document, naming the operation and the schema path', () => {
    const url = 'http://127.0.0.1:1/api/v1/me';
    const me = { id: 7, email: 'a@example.com', role: 'plumber', verified: true, business_name: 'B', contact_name: 'C', phone: '+15105550100' };
    checkApiResponse('GET', url, answer(200, me)); // as documented: passes
    const violation = (res, pattern) => assert.throws(() => checkApiResponse('GET', url, res),
      (e) => e instanceof ContractViolation && pattern.test(e.message) && /GET \/api\/v1\/me \(getMe\)/.test(e.message), pattern.source);
    violation(answer(418, { error: { code: 'internal', message: 'x', details: [] } }), /answered 418, which the document does not list/);
    const { verified: _gone, ...noVerified } = me;
    violation(answer(200, noVerified), /must have required property[^]*"verified"[^]*schema #\/required/);
    violation(answer(200, { ...me, secret_field: 1 }), /must NOT have additional properties "secret_field"/);
    violation(answer(200, { ...me, id: '7' }), /at \/id: must be integer[^]*schema #\/properties\/id\/type/);
    violation(answer(200, { ...me, role: 'owner' }), /at \/role: must be equal to one of the allowed values/);
    violation(answer(200, JSON.stringify(me), 'text/html'), /Content-Type text\/html is not among application\/json/);
    violation(answer(200, '{"id":'), /the body is not JSON/);
    // An error answer must carry a code of its status.
    violation(answer(401, { error: { code: 'not_found', message: 'x', details: [] } }), /at \/error\/code: must be equal to one of the allowed values/);
    checkApiResponse('GET', url, answer(401, { error: { code: 'unauthorized', message: 'Log in first.', details: [] } }));
    // No such route: the router's 404 and 405 must still be the error envelope.
    checkApiResponse('GET', 'http://127.0.0.1:1/api/v1/nothing', answer(404, { error: { code: 'not_found', message: 'x', details: [] } }));
    assert.throws(() => checkApiResponse('GET', 'http://127.0.0.1:1/api/v1/nothing', answer(404, { oops: true })), ContractViolation);
  });
});
