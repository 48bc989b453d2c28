// Prints the five slowest test files of a `make test` run: the Node files (summary.json of each
// tests/run-files.mjs run) and the ctest programs (Testing/Temporary/LastTest.log of each build).
//
//   node tests/slowest.mjs NODE_ARTIFACTS_DIR BUILD_DIR...
import fs from 'node:fs';
import path from 'node:path';

const [nodeDir, ...buildDirs] = process.argv.slice(2);
const rows = [];

if (nodeDir && fs.existsSync(nodeDir)) {
  for (const label of fs.readdirSync(nodeDir)) {
    const file = path.join(nodeDir, label, 'summary.json');
    if (!fs.existsSync(file)) continue;
    for (const r of JSON.parse(fs.readFileSync(file, 'utf8')))
      rows.push({ seconds: r.seconds, name: `${r.name} (${label})` });
  }
}

for (const dir of buildDirs) {
  const log = path.join(dir, 'Testing', 'Temporary', 'LastTest.log');
  if (!fs.existsSync(log)) continue;
  let current = '';
  for (const line of fs.readFileSync(log, 'utf8').split('\n')) {
    const started = /^\d+\/\d+ Testing: (\S+)/.exec(line);
    if (started) current = started[1];
    const took = /^Test time =\s*([\d.]+) sec/.exec(line);
    if (took && current) rows.push({ seconds: Number(took[1]), name: `ctest ${current} (${path.basename(dir)})` });
  }
}

for (const r of rows.sort((a, b) => b.seconds - a.seconds).slice(0, 5))
  console.log(`${r.seconds.toFixed(1).padStart(7)} s  ${r.name}`);
