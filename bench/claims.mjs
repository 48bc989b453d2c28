#!/usr/bin/env node
// Claims benchmark: many ready plumbers claiming distinct leads at once through the API, against `plumbline serve`.
//
//   node bench/claims.mjs [--db sqlite|postgres] [--plumbers 40] [--per-plumber 10] [--concurrency 16]
//
// Every plumber serves 94110 (25 miles) with enough credits; plumbers × per-plumber JSON leads are
// posted first (each matches every plumber). Plumber i then claims the leads whose index is i modulo
// the plumber count, so no two claims race for the same lead: each claim is the full transaction
// (slot, credit debit, claim row, live event), not a refusal. --per-plumber stays at or below the
// default daily cap (10). --db postgres needs TEST_PG_URL. Uses PLUMBLINE_BIN (default
// build/release/plumbline). Prints claims/s and latency; asserts nothing.
import { jsonLead, postJson } from '../tests/support/server.mjs';
import { claimLead, readyPlumber, startMarketplace } from '../tests/support/marketplace.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const DB = opt('db', 'sqlite');
const PLUMBERS = Number(opt('plumbers', 40));
const PER = Number(opt('per-plumber', 10));
const CONCURRENCY = Number(opt('concurrency', 16));

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : NaN;
};

const m = await startMarketplace({ db: DB, maildev: false, env: { PLUMBLINE_ACCESS_LOG: 'off', PLUMBLINE_WORKER_THREADS: '1' } });
try {
  const plumbers = [];
  for (let i = 0; i < PLUMBERS; i++) plumbers.push(await readyPlumber(m, `claim${i}`, { credits: 1000 }));
  const leads = [];
  for (let i = 0; i < PLUMBERS * PER; i++) {
    const r = await postJson(m.srv.baseUrl, jsonLead({ contact_method: 'email' }));
    if (r.status !== 201) throw new Error(`intake: ${r.status} ${r.body}`);
    leads.push(r.json().id);
  }
  const work = leads.map((id, i) => ({ p: plumbers[i % PLUMBERS], id }));
  const lat = [];
  let failed = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    for (let w = work.shift(); w; w = work.shift()) {
      const begin = performance.now();
      const r = await claimLead(m, w.p, w.id);
      lat.push(performance.now() - begin);
      if (r.status !== 200 && r.status !== 201) {
        failed += 1;
        if (failed <= 3) console.error(`claim ${w.id}: ${r.status} ${r.body.slice(0, 200)}`);
      }
    }
  }));
  const secs = (performance.now() - t0) / 1000;
  console.log(`claims on ${DB}: ${PLUMBERS} plumbers × ${PER} distinct leads, ${CONCURRENCY} concurrent clients`);
  console.log(`  ${(lat.length / secs).toFixed(0)} claims/s; latency p50 ${pct(lat, 50).toFixed(1)} ms, p95 ${pct(lat, 95).toFixed(1)} ms, max ${Math.max(...lat).toFixed(1)} ms; ${failed} not 2xx`);
} finally {
  await m.close();
}
