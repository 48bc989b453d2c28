// Runs Node test files concurrently, each in its own process group with its own time bound; reports
// per-file times, test counts and the slowest files, and ends with `N passed, N failed`.
//
//   node tests/run-files.mjs [--jobs N] [--browser-jobs N] [--bound SECONDS] [--label NAME]
//                            [--split-backends] [--backend sqlite|postgres] FILE...
//
// Browser files (*.spec.mjs) start first, since they are the longest, but at most --browser-jobs
// (default 2) at a time: each drives Chromium, and more at once would starve each other on two
// cores. PostgreSQL halves start before SQLite ones for the same reason.
// --split-backends runs a file that loops over BACKENDS once per backend (PLUMBLINE_TEST_BACKEND=
// sqlite|postgres), so the SQLite and PostgreSQL halves of one file run side by side; --backend
// runs only the named half of such files (the sanitizer run: docs/testing.md says why). A file that
// passes its bound is killed with its whole process group (servers, browsers) and named as hung.
// Each file's output goes to test-artifacts/node/<label>/<file>[.<backend>].log and is printed
// in full when the file fails. A JSON summary is written next to the logs (summary.json).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function parseArgs(argv) {
  const opts = { jobs: 3, browserJobs: 2, boundS: 600, label: 'node', split: false, backend: '',
    files: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--jobs') opts.jobs = Number(argv[++i]);
    else if (a === '--browser-jobs') opts.browserJobs = Number(argv[++i]);
    else if (a === '--bound') opts.boundS = Number(argv[++i]);
    else if (a === '--label') opts.label = argv[++i];
    else if (a === '--split-backends') opts.split = true;
    else if (a === '--backend') opts.backend = argv[++i];
    else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else opts.files.push(a);
  }
  if (!(opts.jobs >= 1) || !(opts.browserJobs >= 1) || !(opts.boundS > 0))
    throw new Error('--jobs, --browser-jobs and --bound must be positive');
  if (!opts.files.length) throw new Error('no test files given');
  if (opts.backend && !['sqlite', 'postgres'].includes(opts.backend))
    throw new Error('--backend must be sqlite or postgres');
  return opts;
}

// One job per file, or per file and backend when the file loops over BACKENDS.
function planJobs(files, split, only) {
  const pg = Boolean(process.env.TEST_PG_URL);
  const jobs = [];
  for (const file of files) {
    const loopsOverBackends = /\bBACKENDS\b/.test(fs.readFileSync(file, 'utf8'));
    const browser = file.endsWith('.spec.mjs');
    if (only && loopsOverBackends) {
      jobs.push({ file, backend: only, browser });
    } else if (split && loopsOverBackends && pg) {
      for (const backend of ['sqlite', 'postgres']) jobs.push({ file, backend, browser });
    } else {
      jobs.push({ file, backend: '', browser });
    }
  }
  const rank = (j) => (j.browser ? 0 : 2) + (j.backend === 'postgres' ? 0 : 1);
  return jobs.map((j, i) => ({ ...j, i })).sort((a, b) => rank(a) - rank(b) || a.i - b.i);
}

const jobName = (job) => path.basename(job.file) + (job.backend ? ` [${job.backend}]` : '');

// The counts the spec reporter prints at the end ("ℹ tests 12", "ℹ pass 11", ...).
function counts(output) {
  const get = (key) => {
    const m = new RegExp(`^\\S*\\s*${key} (\\d+)$`, 'm').exec(output);
    return m ? Number(m[1]) : 0;
  };
  return { tests: get('tests'), pass: get('pass'), fail: get('fail'), skipped: get('skipped'),
    cancelled: get('cancelled'), todo: get('todo') };
}

// The failed tests, each once and in order, with the first lines of its error (from the spec
// reporter's closing "failing tests" section, which lists each failure with its message), so the
// summary says why without the whole log: {name, reason}.
function failedTests(output) {
  const lines = output.split('\n');
  const mark = (l) => /^\s*✖ (.*?)(?: \([\d.]+m?s\))?$/.exec(l)?.[1];
  const start = lines.findIndex((l) => /^\s*✖ failing tests:?$/.test(l));
  const found = new Map();
  for (let i = start < 0 ? 0 : start + 1; i < lines.length; i++) {
    const name = mark(lines[i]);
    if (!name || /^failing tests:?$/.test(name) || found.has(name)) continue;
    const reason = [];
    for (let j = i + 1; j < lines.length && reason.join(' ').length < 300; j++) {
      const t = lines[j].trim();
      if (mark(lines[j]) !== undefined || /^test at /.test(t) || /^at /.test(t)) break;
      if (t) reason.push(t);
    }
    found.set(name, reason.join(' ').slice(0, 300));
  }
  return [...found].map(([name, reason]) => ({ name, reason }));
}

const running = new Set(); // process group ids, killed if this runner is stopped
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(sig, () => {
    for (const pid of running) { try { process.kill(-pid, 'SIGKILL'); } catch { /* gone */ } }
    process.exit(130);
  });
}

function runJob(job, opts, logDir) {
  return new Promise((resolve) => {
    const logFile = path.join(logDir,
      `${path.basename(job.file)}${job.backend ? `.${job.backend}` : ''}.log`);
    const out = fs.openSync(logFile, 'w');
    const env = { ...process.env };
    if (job.backend) env.PLUMBLINE_TEST_BACKEND = job.backend;
    const started = Date.now();
    // detached: the file gets its own process group, so a hung file is killed with its children.
    // The file bound is the only time cap: Node applies --test-timeout to the file as a whole as
    // well as to each test in it, so it is the bound itself (tests set no timeouts of their own).
    // Node's own timeout fires first and names the test that hung; the kill below is the backstop.
    const child = spawn(process.execPath,
      ['--test', '--test-reporter=spec', `--test-timeout=${opts.boundS * 1000}`, job.file],
      { cwd: REPO_ROOT, env, detached: true, stdio: ['ignore', out, out] });
    running.add(child.pid);
    let hung = false;
    const killGroup = (sig) => { try { process.kill(-child.pid, sig); } catch { /* gone */ } };
    const bound = setTimeout(() => {
      hung = true;
      killGroup('SIGTERM');
      setTimeout(() => killGroup('SIGKILL'), 15000).unref();
    }, (opts.boundS + 30) * 1000);
    child.on('close', (code, signal) => {
      clearTimeout(bound);
      killGroup('SIGKILL'); // anything the file left behind
      running.delete(child.pid);
      fs.closeSync(out);
      const output = fs.readFileSync(logFile, 'utf8');
      resolve({ name: jobName(job), file: job.file, backend: job.backend, logFile, code, signal, hung,
        seconds: (Date.now() - started) / 1000, ...counts(output), failedTests: failedTests(output), output });
    });
  });
}

// Tests and suites that set their own { timeout: N }: a cap a healthy but slow run can reach (a
// busy CI box once failed that way), below the file bound that already catches a hung file.
function ownTimeouts(files) {
  const found = [];
  for (const file of files) {
    fs.readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
      if (/\b(?:it|test|describe)\(.*\{[^}]*\btimeout:\s*\d/.test(line)) found.push(`${file}:${i + 1}`);
    });
  }
  return found;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const capped = ownTimeouts(opts.files);
  if (capped.length) {
    console.log(`== tests with their own time cap (remove it; the file bound is the cap): ${capped.join(', ')}`);
    process.exit(2);
  }
  const logDir = path.join(REPO_ROOT, 'test-artifacts', 'node', opts.label);
  fs.rmSync(logDir, { recursive: true, force: true });
  fs.mkdirSync(logDir, { recursive: true });
  const jobs = planJobs(opts.files, opts.split, opts.backend);
  console.log(`== ${opts.label}: ${jobs.length} test files, ${opts.jobs} at a time, `
    + `each bounded at ${opts.boundS} s; logs in ${path.relative(REPO_ROOT, logDir)}/ ==`);

  const queue = [...jobs];
  let browsersRunning = 0;
  // The next job this worker may start: a browser file only while fewer than --browser-jobs run.
  const next = () => {
    const k = queue.findIndex((j) => !j.browser || browsersRunning < opts.browserJobs);
    return k < 0 ? null : queue.splice(k, 1)[0];
  };
  let wake = () => {};
  const results = [];
  const started = Date.now();
  const stamp = () => `${String(Math.round((Date.now() - started) / 1000)).padStart(4)} s`;
  async function worker() {
    while (queue.length) {
      const job = next();
      if (!job) { // only browser files are left and their slots are taken: wait for one to end
        await new Promise((resolve) => { const w = wake; wake = () => { w(); resolve(); }; });
        continue;
      }
      if (job.browser) browsersRunning++;
      const r = await runJob(job, opts, logDir);
      if (job.browser) browsersRunning--;
      const w = wake;
      wake = () => {};
      w();
      results.push(r);
      const ok = r.code === 0 && !r.hung;
      const what = r.hung ? `HUNG: killed at its ${opts.boundS} s bound`
        : ok ? 'ok' : `FAILED (exit ${r.code ?? r.signal})`;
      console.log(`${stamp()}  ${what.padEnd(6)} ${r.name}: ${r.pass}/${r.tests} passed`
        + `${r.skipped ? `, ${r.skipped} skipped` : ''}${r.fail ? `, ${r.fail} failed` : ''}`
        + ` in ${r.seconds.toFixed(1)} s`);
      if (!ok) {
        console.log(`----- output of ${r.name} (${path.relative(REPO_ROOT, r.logFile)}) -----`);
        console.log(r.output.trimEnd());
        console.log(`----- end of ${r.name} -----`);
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(opts.jobs, jobs.length) }, worker));

  const bad = results.filter((r) => r.code !== 0 || r.hung);
  const sum = (k) => results.reduce((n, r) => n + r[k], 0);
  console.log(`== ${opts.label}: ${results.length - bad.length} of ${results.length} files passed in `
    + `${Math.round((Date.now() - started) / 1000)} s; tests: ${sum('pass')} passed, ${sum('fail')} failed, `
    + `${sum('skipped')} skipped, ${sum('cancelled')} cancelled ==`);
  for (const r of bad) {
    console.log(`   failed: ${r.name}${r.hung ? ` (hung, killed after ${opts.boundS} s)` : ''}`);
    // Real failures first: a test cancelled because its suite's hook failed says nothing itself.
    const cancelled = (t) => /was cancelled/.test(t.reason);
    const tests = [...r.failedTests.filter((t) => !cancelled(t)), ...r.failedTests.filter(cancelled)];
    for (const t of tests.slice(0, 8)) console.log(`     ✖ ${t.name}${t.reason ? `: ${t.reason}` : ''}`);
  }
  console.log('   slowest files:');
  for (const r of [...results].sort((a, b) => b.seconds - a.seconds).slice(0, 5))
    console.log(`     ${r.seconds.toFixed(1).padStart(7)} s  ${r.name}`);
  fs.writeFileSync(path.join(logDir, 'summary.json'), JSON.stringify(results.map(
    ({ output, ...r }) => r), null, 2));
  // A file that ran no test at all is a failure too: something silently dropped it.
  const empty = results.filter((r) => r.tests === 0 && r.code === 0);
  for (const r of empty) console.log(`   FAILED: ${r.name} ran no test`);
  process.exit(bad.length || empty.length ? 1 : 0);
}

main().catch((e) => { console.error(`run-files: ${e.message}`); process.exit(2); });
