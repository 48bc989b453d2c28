// Builds data/generated/common-passwords.txt from the @zxcvbn-ts/language-common npm package.
//
// Usage: node scripts/build-passwords.mjs [out_dir]   (default: <repo>/data/generated)
// Output (documented in data/README.md): UTF-8, "\n" line ends; first line a "#" comment naming the
// package, version, licence and entry count; then one password per line, lower-cased, unique,
// sorted by bytes. Deterministic: same package version, same bytes. src/crypto/password.cpp loads it
// (PasswordPolicy::load_file, which requires at least 10,000 entries).
import { readFileSync, writeFileSync, mkdirSync, renameSync } from 'node:fs';
import { dirname, join, resolve, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const started = process.hrtime.bigint();
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const modules = join(root, 'node_modules');
const outDir = resolve(process.argv[2] ?? join(root, 'data', 'generated'));
const PACKAGE = '@zxcvbn-ts/language-common';
const MIN_ENTRIES = 10000;

function die(msg) { console.error(`build-passwords: ${msg}`); process.exit(1); }
function readJson(path) {
  try { return JSON.parse(readFileSync(path, 'utf8')); }
  catch (e) { die(`cannot read ${relative(root, path)} (run npm ci): ${e.message}`); }
}

const pkg = readJson(join(modules, PACKAGE, 'package.json'));
// src/passwords.json: a JSON array of strings, most common first (zxcvbn's "passwords" dictionary).
const list = readJson(join(modules, PACKAGE, 'src', 'passwords.json'));
if (!Array.isArray(list)) die(`${PACKAGE}/src/passwords.json is not an array`);

const unique = new Set();
let skipped = 0;
for (const entry of list) {
  if (typeof entry !== 'string') die(`${PACKAGE}/src/passwords.json holds a non-string: ${JSON.stringify(entry)}`);
  const p = entry.toLowerCase();
  // A line-based file cannot hold line breaks; a leading "#" would read as a comment; "" is no password.
  if (p === '' || /[\r\n]/.test(p) || p.startsWith('#')) { skipped++; continue; }
  unique.add(p);
}
const entries = [...unique].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
if (entries.length < MIN_ENTRIES) die(`only ${entries.length} entries, need at least ${MIN_ENTRIES}`);

const header = `# plumbline common passwords v1; ${pkg.name}@${pkg.version} (zxcvbn-ts common password `
  + `dictionary src/passwords.json, ${pkg.license}); ${entries.length} entries, lower-cased, unique, sorted`;

mkdirSync(outDir, { recursive: true });
const outPath = join(outDir, 'common-passwords.txt');
writeFileSync(`${outPath}.tmp`, `${header}\n${entries.join('\n')}\n`);
renameSync(`${outPath}.tmp`, outPath);

const ms = Number(process.hrtime.bigint() - started) / 1e6;
console.log(`build-passwords: ${pkg.name}@${pkg.version} ${list.length} entries, ${entries.length} unique `
  + `(${skipped} skipped) -> ${relative(process.cwd(), outPath) || outPath} in ${ms.toFixed(0)} ms`);
