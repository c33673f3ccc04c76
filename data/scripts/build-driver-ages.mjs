#!/usr/bin/env node
// Builds data/reference/person/driver-ages.json (licensed drivers by single
// year of age, 16 to 90) from FHWA Highway Statistics Table DL-220, "Licensed
// Drivers, by Sex and Age Group" (US DOT; public domain), as the CSV the DOT
// open-data portal serves (columns Year,Cohort,Sex,Drivers; drivers in
// thousands):
//
//   node data/scripts/build-driver-ages.mjs <DL-220.csv>
//
// Deterministic: same CSV in, byte-identical file out. No network.
//
// Rules (see governance/DATA_PROVENANCE.md, docs/domain-rules.md):
// - the latest year in the file; male + female;
// - ages 16-24 as published (single years);
// - five-year groups 25-29 ... 80-84 spread over single ages by a monotone
//   cubic (Fritsch-Carlson) through the cumulative count at the group
//   boundaries, so each group keeps its exact total and the curve has no steps;
// - 85 and over: the generator's ages stop at 90, so the whole published 85+
//   total goes to ages 85-90, as a geometric tail continuing age 84
//   (n85 = q * n84, each age q times the one before), the spline's slope at
//   85 meeting the tail's;
// - the teen ramp: FHWA's 16 -> 17 -> 18 rise is steeper than the 30% a year
//   the smoothness rule allows, so ages 16-19 keep their published total
//   (16 + 17 + 18 + 19) but rise by at most 20% a year (RAMP_STEP), each as
//   close to its published count as that allows;
// - weights in thousands of drivers, one decimal.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MAX_STEP = 1.3;
/** The teen ramp's step: under MAX_STEP, so rounding cannot push it over and a sample of 100,000 drivers rarely shows more. */
const RAMP_STEP = 1.2;
const FIRST_AGE = 16;
const LAST_AGE = 90;

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const input = process.argv[2];
if (!input || !existsSync(input)) {
  console.error('usage: node data/scripts/build-driver-ages.mjs <Licensed_Drivers_by_Sex_and_Age_Groups (DL-220).csv>');
  process.exit(1);
}
const bytes = readFileSync(input);
const lines = bytes.toString('utf8').split(/\r?\n/).filter((l) => l.trim() !== '');
const header = lines.shift().split(',');
const col = (name) => {
  const i = header.indexOf(name);
  if (i < 0) throw new Error(`${input}: no column ${name} (found ${header.join(', ')})`);
  return i;
};
const [iYear, iCohort, iDrivers] = [col('Year'), col('Cohort'), col('Drivers')];

/** drivers (thousands) by year, then cohort, male + female. */
const byYear = new Map();
for (const line of lines) {
  const f = line.split(',');
  const drivers = f[iDrivers].trim();
  if (drivers === '') continue;
  const year = Number(f[iYear]);
  const cohorts = byYear.get(year) ?? new Map();
  cohorts.set(f[iCohort], (cohorts.get(f[iCohort]) ?? 0) + Number(drivers));
  byYear.set(year, cohorts);
}
const GROUPS = ['25-29', '30-34', '35-39', '40-44', '45-49', '50-54', '55-59', '60-64', '65-69', '70-74', '75-79', '80-84'];
const SINGLES = ['16', '17', '18', '19', '20', '21', '22', '23', '24'];
const OPEN = '85 and Older';
const complete = [...byYear.keys()].filter((y) => [...SINGLES, ...GROUPS, OPEN].every((c) => byYear.get(y).has(c)));
const year = Math.max(...complete);
const row = byYear.get(year);
const get = (c) => row.get(c);

// Single ages 16-24, with the teen ramp limited (published total of 16-19 kept).
const single = SINGLES.map(get);
const teenTotal = single.slice(0, 4).reduce((a, b) => a + b, 0);
// Floors from age 20 down (no age below 1/MAX_STEP of the next), then a rescale to the published total, until both hold.
let teen = single.slice(0, 4);
for (let pass = 0; pass < 1000; pass++) {
  for (let i = 3; i >= 0; i--) teen[i] = Math.max(teen[i], (i === 3 ? single[4] : teen[i + 1]) / RAMP_STEP);
  const scale = teenTotal / teen.reduce((a, b) => a + b, 0);
  if (Math.abs(scale - 1) < 1e-12) break;
  teen = teen.map((v) => v * scale);
}
const ages = [...teen, ...single.slice(4)]; // 16..24

// Cumulative drivers below each knot age: 16..25 from single ages, then every five years to 85.
const knotX = [];
const knotY = [];
let cum = 0;
for (let a = FIRST_AGE; a <= 25; a++) {
  knotX.push(a);
  knotY.push(cum);
  if (a <= 24) cum += ages[a - FIRST_AGE];
}
for (const group of GROUPS) {
  cum += get(group);
  knotX.push(Number(group.slice(3)) + 1);
  knotY.push(cum);
}
// The spline's slope at 85 (the density there) is made to meet the tail's: a few fixed-point passes.
const open = get(OPEN);
let endSlope = get('80-84') / 5;
let spline;
let q;
for (let pass = 0; pass < 100; pass++) {
  spline = monotoneCubic(knotX, knotY, endSlope);
  const n84 = spline(85) - spline(84);
  q = tailRatio(n84, open, LAST_AGE - 85 + 1);
  const next = (n84 + n84 * q) / 2;
  if (Math.abs(next - endSlope) < 1e-9) break;
  endSlope = next;
}
for (let a = 25; a <= 84; a++) ages.push(spline(a + 1) - spline(a));

// 85+: n(85 + k) = n84 * q^(k + 1), k = 0..5, summing to the 85+ total.
const n84 = ages[84 - FIRST_AGE];
for (let a = 85; a <= LAST_AGE; a++) ages.push(n84 * q ** (a - 84));

const weights = ages.map((v) => Number(v.toFixed(1)));
for (let i = 1; i < weights.length; i++) {
  const step = Math.max(weights[i], weights[i - 1]) / Math.min(weights[i], weights[i - 1]);
  if (step > MAX_STEP + 1e-3) throw new Error(`ages ${FIRST_AGE + i - 1} -> ${FIRST_AGE + i} differ by ${((step - 1) * 100).toFixed(1)}%`);
}
const total = weights.reduce((a, b) => a + b, 0);
const over65 = weights.slice(65 - FIRST_AGE).reduce((a, b) => a + b, 0);

const out = {
  source: `FHWA Highway Statistics, Table DL-220 (Licensed Drivers, by Sex and Age Group), year ${year}; built by data/scripts/build-driver-ages.mjs`,
  year,
  input_sha256: createHash('sha256').update(bytes).digest('hex'),
  unit: 'thousand licensed drivers',
  from_age: FIRST_AGE,
  to_age: LAST_AGE,
  weights,
};
const file = join(root, 'data', 'reference', 'person', 'driver-ages.json');
writeFileSync(file, JSON.stringify(out, null, 2).replace(/\[\n\s+([\d.,\s]+?)\n\s+\]/, (_m, list) => `[${list.replace(/\s+/g, ' ')}]`) + '\n');
console.log(`wrote ${file}: ${year}, ages ${FIRST_AGE}-${LAST_AGE}, ${total.toFixed(0)} thousand drivers, 65+ ${((100 * over65) / total).toFixed(1)}%`);

/** The q with n84 * (q + q^2 + ... + q^count) = total (bisection; the sum rises with q). */
function tailRatio(n84, total, count) {
  const sum = (q) => {
    let s = 0;
    for (let k = 1; k <= count; k++) s += q ** k;
    return n84 * s;
  };
  let [lo, hi] = [0, 2];
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (sum(mid) < total) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Fritsch-Carlson monotone cubic through (xs, ys), xs increasing, with slope `endSlope` at the last knot; f(x) for xs[0] <= x <= xs[n-1]. */
function monotoneCubic(xs, ys, endSlope) {
  const n = xs.length;
  const h = [];
  const d = [];
  for (let i = 0; i < n - 1; i++) {
    h.push(xs[i + 1] - xs[i]);
    d.push((ys[i + 1] - ys[i]) / h[i]);
  }
  const m = new Array(n);
  m[0] = d[0];
  m[n - 1] = endSlope;
  for (let i = 1; i < n - 1; i++) {
    if (d[i - 1] * d[i] <= 0) m[i] = 0;
    else {
      const w1 = 2 * h[i] + h[i - 1];
      const w2 = h[i] + 2 * h[i - 1];
      m[i] = (w1 + w2) / (w1 / d[i - 1] + w2 / d[i]);
    }
  }
  return (x) => {
    let i = 0;
    while (i < n - 2 && x > xs[i + 1]) i++;
    const t = (x - xs[i]) / h[i];
    const t2 = t * t;
    const t3 = t2 * t;
    return (2 * t3 - 3 * t2 + 1) * ys[i] + (t3 - 2 * t2 + t) * h[i] * m[i] + (-2 * t3 + 3 * t2) * ys[i + 1] + (t3 - t2) * h[i] * m[i + 1];
  };
}
