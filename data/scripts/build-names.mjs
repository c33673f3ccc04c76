#!/usr/bin/env node
// Builds the person name tables from two US government works (public domain):
//
//   data/reference/person/surnames.json            2010 Census surnames, weighted by count
//   data/reference/person/first-names-by-year.json SSA first names by birth year and sex
//
//   node data/scripts/build-names.mjs \
//     --surnames data/scripts/sources/census-2010-surnames.extract.csv \
//     --ssa <folder holding yob1880.txt ... yob2023.txt>
//
// Inputs (governance/DATA_PROVENANCE.md, "person/surnames.json" and
// "person/first-names-by-year.json", says where to get them and how the
// surname extract was made):
// - surnames: the committed extract of the Census Bureau's Names_2010Census.csv
//   (ranks 1-1929 with their counts, and 12 runs of consecutive rarer names).
//   Rows 1-1022 come verbatim from github DinaAbrahim/MarriageInTexas@c9d83529a212d22a8d7beef84c6a68a6d2fbc230
//   Names_2010Census.csv (a truncated copy of the Census file); the rest from the
//   full copy in github FacePrintPay/stargate-grpc-nosqlbench@ef05a9d60096619e1ceb22052caa5f716f3d9478
//   virtdata-realdata/src/main/resources/data/surnames.csv (nosqlbench's
//   name,rank,count,prop100k,cum_prop100k projection of the same file).
// - ssa: the 144 national files yob1880.txt..yob2023.txt of SSA's names.zip
//   (records as of 3 March 2024), from github aramshiva/babies@5cbb539a286b8c1e40cb1400bf7c43b5e5b31b25
//   names/ (git stores them with LF endings; SSA's zip has CRLF: both hash the same here).
//
// Each input's sha256 is checked before anything is written:
// - surnames: sha256 of the file's bytes;
// - ssa: sha256 of every yobYYYY.txt in year order, concatenated, carriage
//   returns removed (`cat yob*.txt | tr -d '\r' | sha256sum`).
// --surnames-sha256 / --ssa-sha256 name another expected digest (a new SSA
// release, or a test's fixture); record it here when the source changes.
//
// Deterministic: the same inputs give byte-identical files (no dates, no
// locale-dependent sorting: every sort is by count, then by code unit). No network.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PACKAGE_ROOT } from './package-root.mjs';

/** sha256 of the committed surname extract. */
export const SURNAMES_SHA256 = '9b8771bcc85215e9b0f9e3ac73f2120fbc9487ff487286133d6a297e6cd00785';
/** sha256 of SSA's yob1880.txt..yob2023.txt (carriage returns removed), records as of 3 March 2024. */
export const SSA_SHA256 = '478950b0c2c45cb541b6edb90a11f6f1208d208d0e5be08ccb6f7459b7293972';
/** Each year's table keeps the most common names until they cover this share of that year's births (per sex). */
export const FIRST_NAME_COVERAGE = 0.85;

// ---------------------------------------------------------------- surnames

/**
 * The Census file is upper case and drops apostrophes, spaces and hyphens.
 * Mixed case: first letter upper, the rest lower; `Mc` + capital always
 * (MCDONALD → McDonald); the forms below, where the usual spelling is known
 * and the letters alone would be ambiguous (OBRIEN is O'Brien, ODOM is Odom;
 * MACDONALD is MacDonald, MACK is Mack). Names not listed keep the simple form
 * (VANHORN → Vanhorn, LOPEZSANDOVAL → Lopezsandoval).
 */
const SPECIAL_SURNAMES = new Map(
  [
    // Irish O' names
    "O'Brien", "O'Connor", "O'Neill", "O'Neal", "O'Donnell", "O'Connell", "O'Neil", "O'Leary", "O'Hara",
    "O'Meara", "O'Mara", "O'Shea", "O'Kelley", "O'Donnel",
    // Scottish Mac names whose second part is written with a capital
    'MacDonald', 'MacKenzie', 'MacLellan', 'MacEwen',
    // Italian D' names
    "D'Amico", "D'Angelo", "D'Agostino", "D'Onofrio", "D'Amore",
    // Spanish names with particles
    'De La Cruz', 'De La Rosa', 'De La Torre', 'De Los Santos', 'De La Garza', 'De La Cerda', 'De La Vega',
    'De Leon', 'Del Aguila',
    // French saints' names
    'St. John', 'St. Clair', 'St. Pierre', 'St. Jean', 'St. Laurent', 'St. Michel',
  ].map((name) => [name.toUpperCase().replace(/[^A-Z]/g, ''), name]),
);

/**
 * A Census surname in its usual mixed case.
 * @example
 * surnameCase('MCDONALD'); // → 'McDonald'
 * surnameCase('OBRIEN'); // → "O'Brien"
 */
export function surnameCase(upper) {
  const special = SPECIAL_SURNAMES.get(upper);
  if (special !== undefined) return special;
  const lower = upper.toLowerCase();
  if (/^mc[a-z]/.test(lower) && lower.length > 3) return `Mc${lower[2].toUpperCase()}${lower.slice(3)}`;
  return lower[0].toUpperCase() + lower.slice(1);
}

/**
 * Parse the surname extract. `head` rows carry counts; `window` rows are runs
 * of consecutive rarer names, which share the mass the head does not cover.
 */
export function parseSurnameExtract(text) {
  const head = [];
  const tail = [];
  let headCum = null;
  let section = null;
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const fields = line.split(',');
    if (fields[0] === 'head') {
      headCum = Number(fields[2]);
      section = 'head';
    } else if (fields[0] === 'window') {
      section = 'tail';
    } else if (section === 'head' && fields.length === 2 && /^[A-Z]+$/.test(fields[0]) && /^\d+$/.test(fields[1])) {
      head.push([fields[0], Number(fields[1])]);
    } else if (section === 'tail' && fields.length === 1 && /^[A-Z]+$/.test(fields[0])) {
      tail.push(fields[0]);
    } else {
      throw new Error(`surname extract line ${i + 1} is not NAME,count (head), NAME (window) or a section line: ${line}`);
    }
  }
  if (headCum === null || !(headCum > 0 && headCum < 100000) || head.length === 0 || tail.length === 0) {
    throw new Error('surname extract needs a head,<rank>,<cum_prop100k> section with rows and at least one window');
  }
  return { head, headCum, tail };
}

/**
 * Surname table: head names weighted by their Census count; every tail name
 * gets an equal share of the rest of the population (the names not shipped and
 * the Census's "all other names"), so that rest does not inflate the head.
 */
export function buildSurnames(text) {
  const { head, headCum, tail } = parseSurnameExtract(text);
  for (let i = 1; i < head.length; i++) {
    if (head[i][1] > head[i - 1][1]) throw new Error(`surname counts must not increase: ${head[i][0]}`);
  }
  const headTotal = head.reduce((sum, [, count]) => sum + count, 0);
  // cum_prop100k is the head's share of the whole counted population, per 100,000.
  const population = Math.round(headTotal / (headCum / 100000));
  const tailWeight = Math.round((population - headTotal) / tail.length);
  const headNames = head.map(([name, count]) => [surnameCase(name), count]);
  const tailNames = tail.map(surnameCase);
  const seen = new Set();
  for (const name of [...headNames.map(([n]) => n), ...tailNames]) {
    if (seen.has(name)) throw new Error(`surname ${name} appears twice`);
    seen.add(name);
  }
  return { population, head_share: headCum / 100000, tail_weight: tailWeight, head: headNames, tail: tailNames };
}

export function serializeSurnames(table) {
  const lines = [
    '{',
    `  "source": "US Census Bureau, Frequently Occurring Surnames from the 2010 Census (public domain); built by data/scripts/build-names.mjs, see governance/DATA_PROVENANCE.md",`,
    `  "population": ${table.population},`,
    `  "head_share": ${table.head_share},`,
    `  "tail_weight": ${table.tail_weight},`,
    '  "head": [',
    table.head.map((row) => `    ${JSON.stringify(row)}`).join(',\n'),
    '  ],',
    '  "tail": [',
    chunk(table.tail, 12).map((names) => `    ${names.map((n) => JSON.stringify(n)).join(', ')}`).join(',\n'),
    '  ]',
    '}',
  ];
  return lines.join('\n') + '\n';
}

// ------------------------------------------------------------- first names

/** Parse one SSA yobYYYY.txt: `name,sex,count` lines. */
export function parseSsaYear(text, label) {
  const rows = [];
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.replace(/\r$/, '');
    if (line === '') continue;
    const [name, sex, count] = line.split(',');
    if (!/^[A-Za-z]+$/.test(name ?? '') || (sex !== 'F' && sex !== 'M') || !/^\d+$/.test(count ?? '')) {
      throw new Error(`${label} line ${i + 1} is not name,sex,count: ${line}`);
    }
    rows.push([name, sex, Number(count)]);
  }
  return rows;
}

const byCountThenName = (a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/**
 * First-name tables per sex. Each year keeps its most common names until they
 * cover FIRST_NAME_COVERAGE of that year's births. Layout: one row per name
 * (most births first), `[name, offset of its first kept year, births that
 * year, births the next year, ...]`, 0 where the name is not kept that year.
 * Names rise and fall over decades, so rows are short runs and this "name x
 * year" layout is a third of the size of per-year [index, count] lists (and
 * compresses 40% better).
 * `years` maps each year (consecutive) to its yobYYYY.txt text.
 */
export function buildFirstNames(years, coverage = FIRST_NAME_COVERAGE) {
  const list = [...years.keys()].sort((a, b) => a - b);
  list.forEach((year, i) => {
    if (i > 0 && year !== list[i - 1] + 1) throw new Error(`SSA years must be consecutive: ${list[i - 1]} then ${year}`);
  });
  const result = { first_year: list[0], last_year: list[list.length - 1], coverage_target: coverage };
  const perSex = { F: [], M: [] };
  for (const year of list) {
    const rows = parseSsaYear(years.get(year), `yob${year}.txt`);
    for (const sex of ['F', 'M']) {
      const ranked = rows.filter((r) => r[1] === sex).map((r) => [r[0], r[2]]).sort(byCountThenName);
      const births = ranked.reduce((sum, [, c]) => sum + c, 0);
      const kept = [];
      let covered = 0;
      for (const row of ranked) {
        if (covered >= coverage * births) break;
        kept.push(row);
        covered += row[1];
      }
      perSex[sex].push({ births, covered, kept });
    }
  }
  for (const [sex, key] of [['F', 'female'], ['M', 'male']]) {
    const totals = new Map();
    for (const { kept } of perSex[sex]) for (const [name, count] of kept) totals.set(name, (totals.get(name) ?? 0) + count);
    const names = [...totals].sort(byCountThenName).map(([name]) => name);
    const series = new Map(names.map((name) => [name, new Array(list.length).fill(0)]));
    perSex[sex].forEach(({ kept }, y) => {
      for (const [name, count] of kept) series.get(name)[y] = count;
    });
    result[key] = {
      births: perSex[sex].map((y) => y.births),
      coverage: perSex[sex].map((y) => Math.floor((y.covered / y.births) * 10000) / 10000),
      names: names.map((name) => {
        const counts = series.get(name);
        let from = 0;
        let to = counts.length;
        while (counts[from] === 0) from++;
        while (counts[to - 1] === 0) to--;
        return [name, from, ...counts.slice(from, to)];
      }),
    };
  }
  return result;
}

export function serializeFirstNames(table) {
  const sexBlock = (key) => {
    const t = table[key];
    return [
      `  "${key}": {`,
      `    "births": ${JSON.stringify(t.births)},`,
      `    "coverage": ${JSON.stringify(t.coverage)},`,
      '    "names": [',
      t.names.map((row) => `      ${JSON.stringify(row)}`).join(',\n'),
      '    ]',
      '  }',
    ].join('\n');
  };
  return [
    '{',
    `  "source": "US Social Security Administration, Baby Names from Social Security Card Applications, national data (public domain); built by data/scripts/build-names.mjs, see governance/DATA_PROVENANCE.md",`,
    `  "first_year": ${table.first_year},`,
    `  "last_year": ${table.last_year},`,
    `  "coverage_target": ${table.coverage_target},`,
    `  "rows": "births and coverage: one entry per year from first_year; names: [name, offset of the first year, births in that year, in the next, ...], 0 = not kept that year",`,
    sexBlock('female') + ',',
    sexBlock('male'),
    '}',
  ].join('\n') + '\n';
}

// --------------------------------------------------------------------- CLI

function chunk(list, size) {
  const out = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

const sha256 = (data) => createHash('sha256').update(data).digest('hex');

/** Read the SSA folder: every yobYYYY.txt, and the digest of their concatenation without carriage returns. */
export function readSsaFolder(folder) {
  const files = readdirSync(folder).filter((f) => /^yob\d{4}\.txt$/.test(f)).sort();
  if (files.length === 0) throw new Error(`no yobYYYY.txt files in ${folder}`);
  const hash = createHash('sha256');
  const years = new Map();
  for (const file of files) {
    const text = readFileSync(join(folder, file), 'latin1').replace(/\r/g, '');
    hash.update(text, 'latin1');
    years.set(Number(file.slice(3, 7)), text);
  }
  return { years, digest: hash.digest('hex') };
}

function parseArgs(argv) {
  const args = {};
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i];
    if (!key.startsWith('--') || argv[i + 1] === undefined) throw new Error(`expected --option value, got ${key}`);
    args[key.slice(2)] = argv[++i];
  }
  for (const required of ['surnames', 'ssa']) if (!args[required]) throw new Error(`missing --${required}`);
  return args;
}

export function main(argv) {
  const args = parseArgs(argv);
  const out = resolve(args.out ?? join(PACKAGE_ROOT, 'data', 'reference', 'person'));
  const surnameText = readFileSync(args.surnames);
  const surnameDigest = sha256(surnameText);
  const expectedSurnames = args['surnames-sha256'] ?? SURNAMES_SHA256;
  if (surnameDigest !== expectedSurnames) {
    throw new Error(`${args.surnames}: sha256 ${surnameDigest}, expected ${expectedSurnames} (see governance/DATA_PROVENANCE.md)`);
  }
  const ssa = readSsaFolder(args.ssa);
  const expectedSsa = args['ssa-sha256'] ?? SSA_SHA256;
  if (ssa.digest !== expectedSsa) {
    throw new Error(`${args.ssa}: sha256 of the yob files ${ssa.digest}, expected ${expectedSsa} (see governance/DATA_PROVENANCE.md)`);
  }
  const surnames = buildSurnames(surnameText.toString('latin1'));
  const firstNames = buildFirstNames(ssa.years);
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'surnames.json'), serializeSurnames(surnames));
  writeFileSync(join(out, 'first-names-by-year.json'), serializeFirstNames(firstNames));
  const cov = (key) => {
    const c = firstNames[key].coverage;
    return `${key} ${firstNames[key].names.length} names, coverage ${Math.min(...c)}..${Math.max(...c)}`;
  };
  console.log(
    `surnames: ${surnames.head.length} weighted + ${surnames.tail.length} tail names (head covers ${(surnames.head_share * 100).toFixed(2)}% of ${surnames.population})\n` +
      `first names ${firstNames.first_year}-${firstNames.last_year}: ${cov('female')}; ${cov('male')}\n-> ${out}`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  try {
    main(process.argv.slice(2));
  } catch (err) {
    console.error(`build-names: ${err.message}`);
    process.exit(1);
  }
}
