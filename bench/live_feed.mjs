#!/usr/bin/env node
// Live dashboard benchmark: submission → SSE event latency on plumbers' open streams, and dashboard
// page renders per second, against `plumbline serve`.
//
//   node bench/live_feed.mjs [--db sqlite|postgres] [--plumbers 20] [--leads 200] [--rate 10] [--render-seconds 5]
//
// Every plumber serves 94110 (25 miles) and holds one /api/v1/events stream open; leads are posted
// to /api/v1/leads at a steady rate, each matching every plumber. For each (lead, plumber) the time
// from the start of the POST to the lead_new event on that plumber's stream is recorded. Then
// 16 concurrent clients load GET /dashboard (20 cards each) for --render-seconds.
// --db postgres needs TEST_PG_URL. Uses PLUMBLINE_BIN (default build/release/plumbline). Prints a
// report; asserts nothing.
import { http, jsonLead, postJson, sleep } from '../tests/support/server.mjs';
import { readyPlumber, startMarketplace } from '../tests/support/marketplace.mjs';
import { openEvents } from '../tests/support/sse.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const DB = opt('db', 'sqlite');
const PLUMBERS = Number(opt('plumbers', 20));
const LEADS = Number(opt('leads', 200));
const RATE = Number(opt('rate', 10));
const RENDER_SECONDS = Number(opt('render-seconds', 5));

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : NaN;
};

const m = await startMarketplace({ db: DB, maildev: false, env: { PLUMBLINE_ACCESS_LOG: 'off', PLUMBLINE_WORKER_THREADS: '1' } });
try {
  const plumbers = [];
  for (let i = 0; i < PLUMBERS; i++) plumbers.push(await readyPlumber(m, `bench${i}`, { credits: 0 }));
  const streams = await Promise.all(plumbers.map((p) => openEvents(m.srv.url('/api/v1/events'), { authorization: `Bearer ${p.token}` })));
  const started = new Map(); // lead id → performance.now() at POST start
  const t0 = performance.now();
  const posts = [];
  for (let i = 0; i < LEADS; i++) {
    const due = t0 + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const begin = performance.now();
    posts.push(postJson(m.srv.baseUrl, jsonLead({ contact_method: 'email' })).then((r) => {
      if (r.status !== 201) throw new Error(`intake: ${r.status} ${r.body}`);
      started.set(r.json().id, begin);
    }));
  }
  await Promise.all(posts);
  // Collect every lead_new (the streams record arrival times as events arrive).
  const deadline = Date.now() + 10000;
  while (Date.now() < deadline && streams.some((s) => s.events.filter((e) => e.event === 'lead_new').length < LEADS)) await sleep(50);
  const lat = [];
  let missing = 0;
  for (const s of streams) {
    const got = new Map(s.events.filter((e) => e.event === 'lead_new').map((e) => [e.json().lead.id, e.at]));
    for (const [id, begin] of started) {
      if (!got.has(id)) { missing += 1; continue; }
      lat.push(got.get(id) - begin);
    }
  }
  for (const s of streams) s.close();

  // Dashboard renders per second: 16 clients, plumber 0's page (20 cards).
  const cookie = plumbers[0].client.cookieHeader();
  let renders = 0;
  const stopAt = performance.now() + RENDER_SECONDS * 1000;
  await Promise.all(Array.from({ length: 16 }, async () => {
    while (performance.now() < stopAt) {
      const r = await http(m.srv.url('/dashboard'), { headers: { cookie } });
      if (r.status !== 200) throw new Error(`dashboard: ${r.status}`);
      renders += 1;
    }
  }));

  console.log(`live feed on ${DB}: ${PLUMBERS} plumbers with an open stream, ${LEADS} leads at ${RATE}/s (poll ${process.env.PLUMBLINE_LIVE_POLL_MS || 200} ms)`);
  console.log(`  submission → lead_new on each stream: p50 ${pct(lat, 50).toFixed(0)} ms, p95 ${pct(lat, 95).toFixed(0)} ms, max ${Math.max(...lat).toFixed(0)} ms over ${lat.length} deliveries (${missing} missing)`);
  console.log(`  GET /dashboard (20 cards, 16 clients): ${(renders / RENDER_SECONDS).toFixed(0)} pages/s`);
} finally {
  await m.close();
}
