#!/usr/bin/env node
// Bearer check benchmark (issue 15): what the per-request user read costs (closure and token
// generation, one primary-key read of users), against `plumbline serve`.
//
//   node bench/bearer_check.mjs [--db sqlite|postgres] [--requests 2000] [--rounds 5]
//
// Times GET /api/v1/me, one request at a time, with three tokens: one with a broken signature
// (refused by the JWT check, no database read), one of an ended session (a valid signature,
// refused after the read: 401 sessions_ended) and a valid one (the read, then the handler's own
// reads of the user and profile). The second minus the first is the read's cost per request. The
// rounds alternate the tokens so that drift hits all three alike; the median of each token's round
// medians is printed. --db postgres needs TEST_PG_URL. Uses PLUMBLINE_BIN (default
// build/release/plumbline). Asserts only the status codes.
import { api, apiToken, readyPlumber, startMarketplace } from '../tests/support/marketplace.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const DB = opt('db', 'sqlite');
const REQUESTS = Number(opt('requests', 2000));
const ROUNDS = Number(opt('rounds', 5));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const m = await startMarketplace({
  db: DB, maildev: false,
  env: { PLUMBLINE_ACCESS_LOG: 'off', PLUMBLINE_RATE_LIMIT: 'off' },
});
try {
  const p = await readyPlumber(m, 'bearer');
  const ended = await apiToken(m.srv, p.email);
  const admin = await m.adminClient();
  await admin.get(`/admin/plumbers/${p.id}`);
  const r = await admin.post(`/admin/plumbers/${p.id}/end-sessions`, { reason: 'Benchmark' });
  if (r.status !== 303) throw new Error(`end-sessions: ${r.status}`);
  const valid = await apiToken(m.srv, p.email);
  const last = ended.at(-2) === 'A' ? 'B' : 'A';
  const tokens = {
    bad_signature: `${ended.slice(0, -2)}${last}${ended.at(-1)}`,
    sessions_ended: ended,
    valid,
  };
  const want = { bad_signature: 401, sessions_ended: 401, valid: 200 };
  const rounds = Object.fromEntries(Object.keys(tokens).map((k) => [k, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, token] of Object.entries(tokens)) {
      const times = [];
      for (let i = 0; i < REQUESTS; i++) {
        const t = process.hrtime.bigint();
        const res = await api(m.srv, 'GET', '/api/v1/me', { token });
        times.push(Number(process.hrtime.bigint() - t) / 1000);
        if (res.status !== want[name]) throw new Error(`${name}: ${res.status} ${res.body}`);
      }
      rounds[name].push(median(times));
    }
  }
  const us = Object.fromEntries(Object.entries(rounds).map(([k, v]) => [k, median(v)]));
  console.log(JSON.stringify({
    db: DB, requests: REQUESTS, rounds: ROUNDS, median_us: us,
    read_cost_us: Math.round(us.sessions_ended - us.bad_signature),
  }));
} finally {
  await m.close();
}
