// The API contract (docs/openapi.json) as the suites check it: every answer from /api/v1 that a
// shared helper receives is validated by operation (method + matched path + status) against the
// document, with each schema compiled once per process. Objects are closed in the check (a field
// the document does not list fails), though the document itself leaves them open for clients.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const OPENAPI_FILE = path.join(ROOT, 'docs/openapi.json');
export const API_PREFIX = '/api/v1/';
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
const DEFS_ID = 'plumbline-openapi';

let contract = null; // {doc, operations, ajv, compiled}

export function openapiDocument() {
  return load().doc;
}

// [{method: 'GET', path: '/api/v1/leads/{id}', operationId}] of the document.
export function documentedOperations() {
  return load().operations.map(({ method, path: p, operationId }) => ({ method, path: p, operationId }));
}

function load() {
  if (contract) return contract;
  const doc = JSON.parse(fs.readFileSync(OPENAPI_FILE, 'utf8'));
  const operations = [];
  for (const [p, item] of Object.entries(doc.paths || {})) {
    for (const m of METHODS) {
      const op = item[m];
      if (!op) continue;
      const segments = p.split('/').filter(Boolean);
      operations.push({ method: m.toUpperCase(), path: p, operationId: op.operationId || `${m} ${p}`, op, segments });
    }
  }
  const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
  addFormats(ajv);
  const defs = {};
  for (const [name, schema] of Object.entries(doc.components?.schemas || {}))
    defs[name] = closeObjects(rewriteRefs(flattenAllOf(schema, doc)));
  ajv.addSchema({ $id: DEFS_ID, $defs: defs });
  contract = { doc, operations, ajv, compiled: new Map() };
  return contract;
}

// A schema rebuilt bottom-up: every object in it goes through `node` once its members have.
function transform(schema, node) {
  if (Array.isArray(schema)) return schema.map((s) => transform(s, node));
  if (!schema || typeof schema !== 'object') return schema;
  const out = {};
  for (const [k, v] of Object.entries(schema)) out[k] = transform(v, node);
  return node(out);
}

// '#/components/schemas/X' → the shared $defs registry, so that each schema compiles once.
const SCHEMA_REF = '#/components/schemas/';
const rewriteRefs = (schema) => transform(schema, (o) => (typeof o.$ref === 'string' && o.$ref.startsWith(SCHEMA_REF)
  ? { ...o, $ref: `${DEFS_ID}#/$defs/${o.$ref.slice(SCHEMA_REF.length)}` } : o));

// Every object schema with listed properties and no say on others gets additionalProperties: false.
const closeObjects = (schema) => transform(schema, (o) => (o.properties && !('additionalProperties' in o)
  && !('patternProperties' in o) && !('unevaluatedProperties' in o) ? { ...o, additionalProperties: false } : o));

function deref(doc, schema) {
  let s = schema;
  while (s && s.$ref) {
    const parts = s.$ref.replace(/^#\//, '').split('/');
    s = parts.reduce((o, k) => o?.[k], doc);
    if (!s) throw new Error(`openapi.json: ${schema.$ref} names nothing`);
  }
  return s;
}

// allOf of object schemas merged into one object (properties and required united), so that
// closeObjects sees every property the combined object may have.
function flattenAllOf(schema, doc) {
  if (Array.isArray(schema)) return schema.map((s) => flattenAllOf(s, doc));
  if (!schema || typeof schema !== 'object') return schema;
  const out = {};
  for (const [k, v] of Object.entries(schema)) out[k] = k === 'allOf' ? v : flattenAllOf(v, doc);
  if (!Array.isArray(out.allOf)) return out;
  const merged = { ...out, type: 'object', properties: { ...(out.properties || {}) } };
  delete merged.allOf;
  const required = new Set(out.required || []);
  for (const part of out.allOf) {
    const p = flattenAllOf(deref(doc, part), doc);
    Object.assign(merged.properties, p.properties || {});
    for (const r of p.required || []) required.add(r);
  }
  if (required.size) merged.required = [...required];
  return merged;
}

// The operation the router would run for method + path: literal segments win over {params} (as
// /api/v1/leads/available over /api/v1/leads/{id}); null when none (404, or 405 for another method).
export function matchOperation(method, pathname) {
  const { operations } = load();
  if (pathname.length > 1 && pathname.endsWith('/')) return null;
  const parts = pathname.split('/').filter(Boolean);
  let best = null;
  let bestScore = null;
  for (const o of operations) {
    if (o.method !== method || o.segments.length !== parts.length) continue;
    const score = [];
    let ok = true;
    for (let i = 0; i < parts.length && ok; i++) {
      const seg = o.segments[i];
      const param = seg.startsWith('{') && seg.endsWith('}');
      if (!param && seg !== parts[i]) ok = false;
      score.push(param ? 0 : 1);
    }
    if (!ok) continue;
    if (!best || score.join('') > bestScore) { best = o; bestScore = score.join(''); }
  }
  return best;
}

function resolveResponse(doc, response) {
  return deref(doc, response);
}

function validatorFor(opKey, schema, doc) {
  const c = load();
  // A schema that is only a $ref (the error envelopes) compiles once for every operation using it.
  const key = schema.$ref && Object.keys(schema).length === 1 ? schema.$ref : opKey;
  let v = c.compiled.get(key);
  if (!v) {
    v = c.ajv.compile(closeObjects(rewriteRefs(flattenAllOf(schema, doc))));
    c.compiled.set(key, v);
  }
  return v;
}

function describeErrors(errors, body) {
  return errors.slice(0, 8).map((e) => {
    const extra = e.keyword === 'additionalProperties' ? ` "${e.params.additionalProperty}"`
      : e.keyword === 'required' ? ` "${e.params.missingProperty}"` : '';
    let value = '';
    try {
      const v = e.instancePath.split('/').slice(1).reduce((o, k) => o?.[k.replace(/~1/g, '/').replace(/~0/g, '~')], body);
      if (e.keyword !== 'required' && e.keyword !== 'additionalProperties') value = ` (got ${JSON.stringify(v)?.slice(0, 80)})`;
    } catch { /* no value */ }
    return `  at ${e.instancePath || '(body)'}: ${e.message}${extra}${value} [schema ${e.schemaPath}]`;
  }).join('\n');
}

export class ContractViolation extends Error {}

// PLUMBLINE_TEST_OPENAPI_RECORD=FILE: append each /api/v1 answer and its violation (if any) to FILE
// as JSON lines instead of failing, to update the document after a change to the server.
const RECORD = process.env.PLUMBLINE_TEST_OPENAPI_RECORD || '';

export function checkApiResponse(anyCaseMethod, url, res) {
  const method = anyCaseMethod.toUpperCase();
  if (!RECORD) return checkAnswer(method, url, res);
  let violation = null;
  try {
    checkAnswer(method, url, res);
  } catch (e) {
    if (!(e instanceof ContractViolation)) throw e;
    violation = e.message;
  }
  const u = new URL(url);
  if (!u.pathname.startsWith(API_PREFIX)) return undefined;
  const op = matchOperation(method, u.pathname);
  fs.appendFileSync(RECORD, `${JSON.stringify({
    method, path: u.pathname, operation: op ? `${op.method} ${op.path}` : null, status: res.status,
    type: res.headers.get('content-type'), body: res.body.slice(0, 200000), violation,
  })}\n`);
  return undefined;
}

// Checks one answer: {status, headers (fetch Headers), body (text)} of `method url`. Throws a
// ContractViolation that names the operation and the schema path; answers outside /api/v1 pass.
function checkAnswer(method, url, res) {
  const u = new URL(url);
  if (!u.pathname.startsWith(API_PREFIX) || method === 'HEAD') return;
  const { doc } = load();
  const op = matchOperation(method, u.pathname);
  const type = (res.headers.get('content-type') || '').split(';')[0].trim().toLowerCase();
  const fail = (what) => {
    throw new ContractViolation(`OpenAPI contract (docs/openapi.json): ${what}`);
  };
  if (!op) {
    // 404 or 405 from the router: still the documented error envelope.
    if (type === 'application/json') {
      const v = validatorFor('#Error', { $ref: '#/components/schemas/Error' }, doc);
      const body = parseJson(res.body, fail, `${method} ${u.pathname} (no such operation)`);
      if (!v(body)) fail(`${method} ${u.pathname} (no such operation) answered ${res.status} with a body that is not the error envelope:\n${describeErrors(v.errors, body)}`);
    }
    return;
  }
  const name = `${op.method} ${op.path} (${op.operationId})`;
  const documented = op.op.responses || {};
  const key = String(res.status);
  const response = documented[key] ?? documented[`${key[0]}XX`];
  if (!response)
    fail(`${name} answered ${res.status}, which the document does not list (it lists ${Object.keys(documented).join(', ')})`);
  const r = resolveResponse(doc, response);
  const content = r.content || {};
  if (!Object.keys(content).length) {
    if (res.body.length) fail(`${name} ${res.status}: the document lists no body, the server sent ${type || 'one'}`);
    return;
  }
  const media = content[type];
  if (!media) fail(`${name} ${res.status}: Content-Type ${type || '(none)'} is not among ${Object.keys(content).join(', ')}`);
  if (type !== 'application/json' || !media.schema) return;
  const body = parseJson(res.body, fail, `${name} ${res.status}`);
  const v = validatorFor(`${op.method} ${op.path} ${key}`, media.schema, doc);
  if (!v(body)) fail(`${name} answered ${res.status} with a body that does not match the document:\n${describeErrors(v.errors, body)}\nbody: ${res.body.slice(0, 400)}`);
}

function parseJson(text, fail, what) {
  try {
    return JSON.parse(text);
  } catch {
    return fail(`${what}: the body is not JSON: ${text.slice(0, 200)}`);
  }
}

// Compiles every response schema of the document, as the check would (strict: an unknown keyword
// or format, or a $ref that names nothing, throws). Returns how many it compiled.
export function compileAll() {
  const { doc, operations } = load();
  let n = 0;
  for (const o of operations) {
    for (const [status, response] of Object.entries(o.op.responses || {})) {
      const schema = resolveResponse(doc, response).content?.['application/json']?.schema;
      if (!schema) continue;
      validatorFor(`${o.method} ${o.path} ${status}`, schema, doc);
      n += 1;
    }
  }
  return n;
}
