// Measures a written book snapshot's claims against the ISO private-passenger
// figures (docs/book-claims.md, "Measured"). After `npm run build`:
//   node bin/esdh.js run --profile book --records 10000 --out /tmp/book --format ndjson
//   node data/scripts/measure-claims.mjs /tmp/book
// Reads the snapshot's NDJSON files (or its CSV files), then prints the
// measures of dist/plugins/claim/measure.js as JSON and a short table.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PACKAGE_ROOT } from './package-root.mjs';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node data/scripts/measure-claims.mjs <snapshot folder>');
  process.exit(2);
}
const { measureClaims, ISO_FREQUENCY, ISO_SEVERITY } = await import(pathToFileURL(join(PACKAGE_ROOT, 'dist', 'plugins', 'claim', 'measure.js')).href);

/** One CSV line's fields (quotes doubled inside quoted fields). */
function csvFields(line) {
  const out = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') { field += '"'; i++; } else if (ch === '"') quoted = false; else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { out.push(field); field = ''; } else field += ch;
  }
  out.push(field);
  return out;
}

function table(plural) {
  const files = readdirSync(dir);
  const ndjson = files.find((f) => f.startsWith(`${plural}_`) && f.endsWith('.ndjson'));
  if (ndjson) return readFileSync(join(dir, ndjson), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const csv = files.find((f) => f.startsWith(`${plural}_`) && f.endsWith('.csv'));
  if (!csv) throw new Error(`${dir} holds no ${plural} file (NDJSON or CSV)`);
  const [head, ...rows] = readFileSync(join(dir, csv), 'utf8').split('\n').filter(Boolean);
  const names = csvFields(head);
  return rows.map((row) => Object.fromEntries(csvFields(row).map((v, i) => [names[i], v === '' ? null : v])));
}

const manifestName = readdirSync(dir).find((f) => /^snapshot_manifest_.*\.json$/.test(f));
const asOf = manifestName && existsSync(join(dir, manifestName)) ? JSON.parse(readFileSync(join(dir, manifestName), 'utf8')).as_of : '2025-11-01';
const m = measureClaims({
  policies: table('policies'), policy_vehicles: table('policy_vehicles'), coverages: table('coverages'),
  claims: table('claims'), claim_exposures: table('claim_exposures'),
}, asOf);
const pct = (a, b) => `${((100 * (a - b)) / b).toFixed(1)}%`;
console.log(JSON.stringify(m, null, 2));
console.log(`\nas_of ${asOf}; losses to ${m.cutoff} (a mature year), Personal lines`);
console.log('coverage  car-years  paid  per 100 (ISO)        mean paid (ISO)');
for (const g of ['BI', 'PD', 'COLL', 'COMP']) {
  console.log(`${g.padEnd(8)} ${m.carYears[g].toFixed(0).padStart(9)} ${String(m.paidClaims[g]).padStart(5)}  ${m.frequency[g].toFixed(2)} (${ISO_FREQUENCY[g]}, ${pct(m.frequency[g], ISO_FREQUENCY[g])})  ${m.severity[g].toFixed(0)} over ${m.severityCount[g]} (${ISO_SEVERITY[g]}, ${pct(m.severity[g], ISO_SEVERITY[g])})`);
}
console.log(`total per 100 car-years: ${m.totalFrequency.toFixed(2)} (ISO 11.95, ${pct(m.totalFrequency, 11.95)}); claims counted once: ${m.claimsPer100.toFixed(2)}`);
console.log(`reported on as_of / daily mean: ${m.reportOnAsOfRatio.toFixed(2)}; closed on as_of / daily mean: ${m.closedOnAsOfRatio.toFixed(2)}`);
for (const b of m.openByAge) console.log(`open ${b.ages}: ${b.open}/${b.claims} (${b.claims ? ((100 * b.open) / b.claims).toFixed(0) : '-'}%)`);
