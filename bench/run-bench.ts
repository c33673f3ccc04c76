/**
 * `npm run bench`: the naive faker baseline against `esdh run` through its
 * real code path, in the same run, and docs/benchmarks.md regenerated from
 * the results (never edited by hand).
 *
 *   npm run bench                  100,000 and 1,000,000 bundles, 3 rounds each
 *   npm run bench -- --quick       100,000 only
 *   npm run bench -- --rounds 5 --dir /mnt/fast --no-doc
 *   npm run bench -- --sizes 20000 --no-doc --profile never   a quick check that it works
 *   npm run bench -- --no-formats   without the per-format runs (csv, sqlite, parquet)
 *   npm run bench -- --no-where     without the scenario-targeting runs (bench/where-bench.ts:
 *                                   a 60,000-account book with and without --where; --where-records N)
 *   npm run bench -- --no-http      without the server's small requests against bare Koa (bench/http-bench.ts)
 *
 * Every measured run is a child process, timed from spawn to exit (startup
 * included) with its peak RSS read from the OS. Per round: the baseline,
 * `esdh run` (1 worker) and `esdh run --workers 2`; the order alternates
 * between rounds so drift on a shared machine hits all three alike. With a
 * PostgreSQL server (ESDH_BENCH_PG_URL, else ESDH_TEST_PG_URL) each round
 * also times the same `esdh run` with `--to` it (rows/s loaded, end to end);
 * without one that row is skipped with a note.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, platform, release, tmpdir, totalmem, arch } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { redactUrl } from '../engine/index.js';
import { measureNode, rssMethod, type Measurement, type RssMethod } from './measure.js';
import { summariseProfile, type ProfileSummary } from './profile-summary.js';
import { httpBenchLines, runHttpBench } from './http-bench.js';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const ESDH = join(ROOT, 'bin', 'esdh.js');
const NAIVE = join(ROOT, 'dist', 'bench', 'naive-faker.js');
const SEED = 42;
/** The server `--to` loads into, if any; the bench's own schema in it (dropped at the end). */
const PG_URL = process.env.ESDH_BENCH_PG_URL || process.env.ESDH_TEST_PG_URL || null;
const PG_SCHEMA = `esdh_bench_${process.pid}`;

/** Targets of issue 5 (measured here, never asserted in tests). */
const TARGETS = { ratio: 4, rssMb: 200, workers2: 1.7, startupS: 0.5 } as const;

interface Options {
  readonly sizes: number[];
  readonly rounds: number;
  readonly dir: string;
  readonly doc: string | null;
  readonly profile: 'auto' | 'always' | 'never';
  readonly workers: number;
  /** Measure `--format csv`, `sqlite` and `parquet` alone at the largest size. */
  readonly formats: boolean;
  /** Accounts of the scenario-targeting runs (bench/where-bench.ts), or null to skip them. */
  readonly whereRecords: number | null;
  /** Measure `esdh serve` against a bare Koa app (bench/http-bench.ts). */
  readonly http: boolean;
}

/** The formats measured one at a time (the first is the reference of the ratios). */
const FORMATS = ['csv', 'sqlite', 'parquet'] as const;
type Format = (typeof FORMATS)[number];

/** One single-format run: its measurement and the records it wrote (every entity's, from its manifest). */
interface FormatRun {
  readonly m: Measurement;
  readonly rows: number;
}

type FormatRound = Readonly<Record<Format, FormatRun>>;

interface Round {
  readonly naive: Measurement;
  readonly single: Measurement;
  readonly parallel: Measurement;
  /** `esdh run ... --to postgres://...`, when a server is there. */
  readonly postgres: Loaded | null;
}

/** A `--to` run and the rows it loaded (the manifest's record counts). */
interface Loaded extends Measurement {
  readonly rows: number;
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean' },
      rounds: { type: 'string' },
      sizes: { type: 'string' },
      dir: { type: 'string' },
      'no-doc': { type: 'boolean' },
      doc: { type: 'string' },
      profile: { type: 'string' },
      workers: { type: 'string' },
      'no-formats': { type: 'boolean' },
      'no-where': { type: 'boolean' },
      'where-records': { type: 'string' },
      'no-http': { type: 'boolean' },
    },
    strict: true,
  });
  const sizes = values.sizes ? values.sizes.split(',').map((s) => Number(s.replace(/_/g, ''))) : values.quick ? [100_000] : [100_000, 1_000_000];
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`--sizes: whole numbers, comma-separated (got ${values.sizes})`);
  const rounds = values.rounds ? Number(values.rounds) : 3;
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds: a whole number >= 1 (got ${values.rounds})`);
  const profile = (values.profile ?? 'auto') as Options['profile'];
  if (!['auto', 'always', 'never'].includes(profile)) throw new Error('--profile: auto, always or never');
  return {
    sizes,
    rounds,
    dir: resolve(values.dir ?? tmpdir()),
    doc: values['no-doc'] ? null : resolve(ROOT, values.doc ?? 'docs/benchmarks.md'),
    profile,
    workers: values.workers ? Number(values.workers) : 2,
    formats: !values['no-formats'],
    whereRecords: values['no-where'] ? null : Number((values['where-records'] ?? '60000').replace(/_/g, '')),
    http: !values['no-http'],
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const fixed = (n: number, digits = 2) => n.toFixed(digits);
const mb = (kb: number | null) => (kb === null ? 'n/a' : `${fixed(kb / 1024, 0)} MB`);
const rate = (units: number, m: Measurement) => (units * 1000) / m.wallMs;

function check(m: Measurement, what: string): Measurement {
  if (m.exitCode !== 0) {
    const tail = m.stderr.split('\n').filter((l) => l && !/^\s+(Command being timed|User time|System time|Percent|Elapsed|Average|Maximum|Major|Minor|Voluntary|Involuntary|Swaps|File system|Socket|Signals|Page size|Exit status)/.test(l)).slice(-5).join('\n');
    throw new Error(`${what} failed (exit ${m.exitCode}):\n${tail}`);
  }
  return m;
}

async function runNaive(units: number, work: string, method: RssMethod): Promise<Measurement> {
  const out = join(work, `naive-${units}`);
  try {
    return check(await measureNode([NAIVE, String(units), out, String(SEED)], { cwd: ROOT, method }), `naive baseline (${units})`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

function esdhArgs(units: number, out: string, workers: number): string[] {
  return [ESDH, 'run', '--records', String(units), '--seed', String(SEED), '--format', 'csv,ndjson', '--out', out, '--quiet', ...(workers > 1 ? ['--workers', String(workers)] : [])];
}

async function runEsdh(units: number, work: string, method: RssMethod, workers = 1, nodeFlags: string[] = []): Promise<Measurement> {
  const out = join(work, `esdh-${units}-w${workers}`);
  try {
    return check(await measureNode([...nodeFlags, ...esdhArgs(units, out, workers)], { cwd: ROOT, method }), `esdh run (${units}, workers ${workers})`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** `esdh run --format <format>` alone (1 worker); the rows are the manifest's record counts, read before the folder is deleted. */
async function runFormat(units: number, work: string, method: RssMethod, format: Format): Promise<FormatRun> {
  const out = join(work, `format-${format}-${units}`);
  try {
    const args = [ESDH, 'run', '--records', String(units), '--seed', String(SEED), '--format', format, '--out', out, '--quiet'];
    const m = check(await measureNode(args, { cwd: ROOT, method }), `esdh run --format ${format} (${units})`);
    const manifest = readdirSync(out).find((n) => /^snapshot_manifest_.*\.json$/.test(n));
    if (!manifest) throw new Error(`esdh run --format ${format} wrote no manifest in ${out}`);
    const counts = (JSON.parse(readFileSync(join(out, manifest), 'utf8')) as { record_counts: Record<string, number> }).record_counts;
    return { m, rows: Object.values(counts).reduce((a, b) => a + b, 0) };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** The same `esdh run` as `runEsdh` (1 worker), also loading into PostgreSQL (`--to`, one transaction, COPY). */
async function runEsdhTo(units: number, work: string, method: RssMethod): Promise<Loaded> {
  const out = join(work, `esdh-${units}-to`);
  try {
    const m = check(await measureNode([...esdhArgs(units, out, 1), '--to', PG_URL!, '--schema', PG_SCHEMA, '--if-exists', 'replace'], { cwd: ROOT, method }), `esdh run --to (${units})`);
    const manifest = JSON.parse(readFileSync(join(out, readdirSync(out).find((f) => /^snapshot_manifest_.*\.json$/.test(f))!), 'utf8')) as { record_counts: Record<string, number> };
    return { ...m, rows: Object.values(manifest.record_counts).reduce((a, b) => a + b, 0) };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

const rowRate = (r: FormatRun) => (r.rows * 1000) / r.m.wallMs;

/** The per-format table: rows/s of each format, each as a ratio of the CSV run, and peak RSS; a median row last. */
function formatRows(rounds: readonly FormatRound[]): string[][] {
  const cells = (get: (f: Format) => number, rss: (f: Format) => number | null): string[] => [
    ...FORMATS.flatMap((f) => (f === 'csv' ? [int(get(f))] : [int(get(f)), `**${fixed(get(f) / get('csv'))}x**`])),
    ...FORMATS.map((f) => mb(rss(f))),
  ];
  const rows = rounds.map((r, i) => [String(i + 1), ...cells((f) => rowRate(r[f]), (f) => r[f].m.maxRssKb)]);
  const medianRate = (f: Format) => median(rounds.map((r) => rowRate(r[f])));
  const medianRss = (f: Format) => median(rounds.map((r) => r[f].m.maxRssKb ?? 0));
  // The median ratio is the ratio's own median, not a ratio of medians.
  const median_ = ['median', ...cells(medianRate, medianRss)];
  FORMATS.forEach((f, i) => {
    if (f !== 'csv') median_[1 + 2 * i] = `**${fixed(median(rounds.map((r) => rowRate(r[f]) / rowRate(r.csv))))}x**`;
  });
  rows.push(median_);
  return rows;
}

/** Drop the bench's schema (and its tables) from the server. */
async function dropBenchSchema(): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL! });
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${PG_SCHEMA}" CASCADE`);
  } finally {
    await client.end();
  }
}

interface Capacity {
  readonly one_ms: number;
  readonly two_ms: number;
  readonly capacity: number;
}

/** bench/cpu-capacity.js: what a second thread adds on this machine (the ceiling of --workers 2). */
function cpuCapacity(): Capacity {
  const run = spawnSync(process.execPath, [join(ROOT, 'dist', 'bench', 'cpu-capacity.js')], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`cpu-capacity failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as Capacity;
}

function machine(method: RssMethod, dir: string, capacity: Capacity): [string, string][] {
  const cpu = cpus()[0];
  return [
    ['CPU', `${cpu?.model ?? 'unknown'} (${cpus().length} logical cores, availableParallelism ${availableParallelism()})`],
    ['Memory', `${fixed(totalmem() / 2 ** 30, 1)} GiB`],
    ['OS', `${platform()} ${release()} ${arch()}`],
    ['Node', process.version],
    ['Two-thread capacity', `${fixed(capacity.capacity)}x one thread (bench/cpu-capacity.ts: the same integer loop in 1 worker thread, ${capacity.one_ms} ms, then in 2 at once, ${capacity.two_ms} ms; best of 3). The ceiling for --workers 2 on this machine.`],
    ['Output folder', dir],
    ['Peak RSS from', method === 'gnu-time' ? '`/usr/bin/time -v` (Maximum resident set size)' : '`process.resourceUsage().maxRSS` written at exit by bench/rss-probe.js'],
  ];
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

function roundRows(units: number, rounds: readonly Round[]): { rows: string[][]; ratio: number; parallelRatio: number } {
  const rows = rounds.map((r, i) => {
    const naive = rate(units, r.naive);
    const single = rate(units, r.single);
    const parallel = rate(units, r.parallel);
    return [String(i + 1), int(naive), int(single), `**${fixed(single / naive)}x**`, mb(r.naive.maxRssKb), mb(r.single.maxRssKb), int(parallel), `${fixed(parallel / single)}x`, mb(r.parallel.maxRssKb)];
  });
  const ratios = rounds.map((r) => rate(units, r.single) / rate(units, r.naive));
  const parallelRatios = rounds.map((r) => rate(units, r.parallel) / rate(units, r.single));
  const ratio = median(ratios);
  const parallelRatio = median(parallelRatios);
  rows.push([
    'median',
    int(median(rounds.map((r) => rate(units, r.naive)))),
    int(median(rounds.map((r) => rate(units, r.single)))),
    `**${fixed(ratio)}x**`,
    mb(median(rounds.map((r) => r.naive.maxRssKb ?? 0))),
    mb(median(rounds.map((r) => r.single.maxRssKb ?? 0))),
    int(median(rounds.map((r) => rate(units, r.parallel)))),
    `${fixed(parallelRatio)}x`,
    mb(median(rounds.map((r) => r.parallel.maxRssKb ?? 0))),
  ]);
  return { rows, ratio, parallelRatio };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const method = rssMethod();
  const work = join(options.dir, `esdh-bench-${process.pid}`);
  mkdirSync(work, { recursive: true });
  const log = (line: string) => process.stderr.write(line + '\n');
  const started = Date.now();
  try {
    log(`esdh bench: sizes ${options.sizes.map(int).join(', ')}, ${options.rounds} rounds, workers ${options.workers}, RSS via ${method}, output in ${work}`);
    log(PG_URL ? `--to postgres: into ${redactUrl(PG_URL)}, schema ${PG_SCHEMA} (dropped at the end)` : '--to postgres: skipped (set ESDH_BENCH_PG_URL or ESDH_TEST_PG_URL to a PostgreSQL server to measure it)');

    // Startup: `esdh run --records 1`, one warm-up (disk cache), then 5 timed.
    await runEsdh(1, work, method);
    const startups: Measurement[] = [];
    for (let i = 0; i < 5; i++) startups.push(await runEsdh(1, work, method));
    const startup = median(startups.map((m) => m.wallMs)) / 1000;
    log(`startup (esdh run --records 1): median ${fixed(startup, 3)} s`);
    const capacity = cpuCapacity();
    log(`CPU capacity: two threads do ${fixed(capacity.capacity)}x the work of one (${capacity.one_ms} ms alone, ${capacity.two_ms} ms for two at once)`);

    const results: { units: number; rounds: Round[] }[] = [];
    for (const units of options.sizes) {
      const rounds: Round[] = [];
      for (let round = 1; round <= options.rounds; round++) {
        let naive: Measurement, single: Measurement, parallel: Measurement;
        let postgres: Loaded | null = null;
        if (round % 2 === 1) {
          naive = await runNaive(units, work, method);
          single = await runEsdh(units, work, method);
          parallel = await runEsdh(units, work, method, options.workers);
          if (PG_URL) postgres = await runEsdhTo(units, work, method);
        } else {
          if (PG_URL) postgres = await runEsdhTo(units, work, method);
          parallel = await runEsdh(units, work, method, options.workers);
          single = await runEsdh(units, work, method);
          naive = await runNaive(units, work, method);
        }
        rounds.push({ naive, single, parallel, postgres });
        log(`${int(units)} bundles, round ${round}: naive ${int(rate(units, naive))}/s, esdh ${int(rate(units, single))}/s (${fixed(rate(units, single) / rate(units, naive))}x, ${mb(single.maxRssKb)}), --workers ${options.workers} ${int(rate(units, parallel))}/s (${fixed(rate(units, parallel) / rate(units, single))}x of 1, ${mb(parallel.maxRssKb)})${postgres ? `, --to postgres ${int(rate(postgres.rows, postgres))} rows/s (${int(rate(units, postgres))} bundles/s, ${mb(postgres.maxRssKb)})` : ''}`);
      }
      results.push({ units, rounds });
    }

    const largest = results[results.length - 1]!;
    const formatRounds: FormatRound[] = [];
    if (options.formats) {
      for (let round = 1; round <= options.rounds; round++) {
        const order = round % 2 === 1 ? [...FORMATS] : [...FORMATS].reverse();
        const runs: Partial<Record<Format, FormatRun>> = {};
        for (const format of order) runs[format] = await runFormat(largest.units, work, method, format);
        const r = runs as FormatRound;
        formatRounds.push(r);
        log(`${int(largest.units)} bundles, formats round ${round}: ${FORMATS.map((f) => `${f} ${int(rowRate(r[f]))} rows/s (${fixed(rowRate(r[f]) / rowRate(r.csv))}x csv, ${mb(r[f].m.maxRssKb)})`).join(', ')}`);
      }
    }
    const summary = roundRows(largest.units, largest.rounds);
    const allRss = results.flatMap((r) => r.rounds.map((x) => x.single.maxRssKb));
    const maxRssMb = allRss.includes(null) ? null : Math.max(...(allRss as number[])) / 1024;
    const targets: [string, string, boolean][] = [
      [`${int(largest.units)} bundles, 1 process, validation on: ≥ ${TARGETS.ratio}x the naive baseline (median)`, `${fixed(summary.ratio)}x`, summary.ratio >= TARGETS.ratio],
      [`peak RSS < ${TARGETS.rssMb} MB at every size (esdh run, 1 worker)`, maxRssMb === null ? 'n/a' : `${fixed(maxRssMb, 0)} MB`, maxRssMb !== null && maxRssMb < TARGETS.rssMb],
      [`--workers ${options.workers} ≥ ${TARGETS.workers2}x the single process (${int(largest.units)}, median)`, `${fixed(summary.parallelRatio)}x (two-thread ceiling of this machine: ${fixed(capacity.capacity)}x)`, summary.parallelRatio >= TARGETS.workers2],
      [`esdh run --records 1 < ${TARGETS.startupS} s (median of 5)`, `${fixed(startup, 3)} s`, startup < TARGETS.startupS],
    ];

    let profile: ProfileSummary | null = null;
    const missed = targets.some(([, , ok]) => !ok);
    if (options.profile === 'always' || (options.profile === 'auto' && missed)) {
      const units = Math.min(200_000, largest.units);
      const dir = join(work, 'cpu-prof');
      log(`profiling esdh run --records ${int(units)} (node --cpu-prof)...`);
      await runEsdh(units, work, method, 1, ['--cpu-prof', `--cpu-prof-dir=${dir}`]);
      const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
      if (file) profile = { ...summariseProfile(join(dir, file)), units } as ProfileSummary & { units: number };
    }

    const lines: string[] = [];
    lines.push('# Benchmarks', '');
    lines.push(`Generated by \`npm run bench\` (bench/run-bench.ts) on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, in ${fixed((Date.now() - started) / 60000, 1)} min. **Do not edit by hand**: run the bench again.`, '');
    lines.push('## Machine', '', table(['', ''], machine(method, options.dir, capacity)), '');
    lines.push('## What is measured', '');
    lines.push('- **naive**: the baseline in bench/naive-faker.ts: one `@faker-js/faker` (en_US) seeded once; per bundle a person, a vehicle and a profile, each one CSV line to its own file, waiting for `drain` on backpressure. No validation, no checksums.');
    lines.push(`- **esdh**: \`node bin/esdh.js run --records N --seed ${SEED} --format csv,ndjson --out <tmp> --quiet\`: the real CLI path: config, plugins, every record validated by its JSON Schema (ajv), CSV and NDJSON for persons, vehicles and profiles, sha256 of every file, README and manifest, temp folder renamed into place.`);
    lines.push(`- **esdh --workers ${options.workers}**: the same command with \`--workers ${options.workers}\` (byte-identical files).`);
    if (formatRounds.length > 0) lines.push(`- **one format at a time** (${int(largest.units)} bundles): \`esdh run --records N --seed ${SEED} --format <csv|sqlite|parquet> --out <tmp> --quiet\`, 1 worker: \`csv\` one CSV file per entity, \`sqlite\` one SQLite database (tables, keys, indexes, VACUUM INTO), \`parquet\` one Parquet file per entity (hyparquet-writer, typed columns, snappy). Rows/s = records written (every entity's, from the manifest) / wall time; each ratio is against the CSV run of the same round.`);
    lines.push(PG_URL
      ? `- **esdh --to postgres**: the esdh command with \`--to <server> --schema esdh_bench_<pid> --if-exists replace\` (docs/databases.md): the same run, then its files checked against their checksums, every record read back from the snapshot and sent with COPY in one transaction, primary, unique and foreign keys and the foreign-key indexes built, each table counted, COMMIT. rows/s = rows loaded (the manifest's record counts) / wall time of the whole command, generation included; the server is on this machine and shares its cores.`
      : '- **esdh --to postgres**: not measured: no PostgreSQL server was given (set `ESDH_BENCH_PG_URL` or `ESDH_TEST_PG_URL`).');
    lines.push('- Every run is a child process timed from spawn to exit (startup included); bundles/s = N / wall time. Peak RSS is read from the OS. Output folders are deleted after each run. Within a round the order alternates (naive first in odd rounds, last in even ones; the formats csv, sqlite, parquet in odd rounds, the reverse in even ones).', '');
    for (const { units, rounds } of results) {
      const { rows } = roundRows(units, rounds);
      lines.push(`## ${int(units)} bundles`, '');
      lines.push(table(['round', 'naive bundles/s', 'esdh bundles/s', 'esdh / naive', 'naive RSS', 'esdh RSS', `esdh -w${options.workers} bundles/s`, `-w${options.workers} / esdh`, `-w${options.workers} RSS`], rows), '');
      if (rounds.every((r) => r.postgres)) {
        const loads = rounds.map((r) => r.postgres!);
        const pgRows = rounds.map((r, i) => [String(i + 1), int(rate(units, r.single)), int(rate(units, r.postgres!)), int(rate(r.postgres!.rows, r.postgres!)), `${fixed(r.postgres!.wallMs / r.single.wallMs)}x`, mb(r.postgres!.maxRssKb)]);
        pgRows.push(['median', int(median(rounds.map((r) => rate(units, r.single)))), int(median(loads.map((m) => rate(units, m)))), `**${int(median(loads.map((m) => rate(m.rows, m))))}**`, `${fixed(median(rounds.map((r) => r.postgres!.wallMs / r.single.wallMs)))}x`, mb(median(loads.map((m) => m.maxRssKb ?? 0)))]);
        lines.push(`${int(units)} bundles with \`--to postgres\` (${int(loads[0]!.rows)} rows):`, '');
        lines.push(table(['round', 'esdh bundles/s (CSV run)', '--to bundles/s', '--to rows/s', '--to time / CSV run', '--to RSS'], pgRows), '');
      }
    }
    if (formatRounds.length > 0) {
      lines.push(`## One format at a time: ${int(largest.units)} bundles`, '');
      lines.push(table(['round', 'csv rows/s', 'sqlite rows/s', 'sqlite / csv', 'parquet rows/s', 'parquet / csv', 'csv RSS', 'sqlite RSS', 'parquet RSS'], formatRows(formatRounds)), '');
    }
    lines.push('## Startup', '', `\`esdh run --records 1 --format csv,ndjson\`: ${startups.map((m) => fixed(m.wallMs / 1000, 3)).join(', ')} s; median **${fixed(startup, 3)} s**.`, '');
    lines.push('## Targets (issue 5)', '', table(['target', 'measured', ''], targets.map(([t, m, ok]) => [t, m, ok ? 'met' : '**missed**'])), '');
    if (profile) {
      const p = profile as ProfileSummary & { units: number };
      lines.push('## Where the time goes', '');
      lines.push(`CPU profile of \`esdh run --records ${int(p.units)} --format csv,ndjson\` (\`node --cpu-prof\`, main thread, ${int(p.totalMs)} ms sampled; each sample charged to the nearest frame of a known area):`, '');
      lines.push(table(['area', 'ms', 'share', 'µs per bundle'], p.areas.map((a) => [a.area, int(a.ms), `${fixed((100 * a.ms) / p.totalMs, 1)}%`, fixed((a.ms * 1000) / p.units, 2)])), '');
      lines.push('Top functions by self time:', '', table(['function', 'ms'], p.top.map((t) => [`\`${t.fn}\``, int(t.ms)])), '');
    }
    if (options.whereRecords !== null) lines.push(...whereSection(options.whereRecords, options.rounds, log));
    if (options.http) lines.push(...httpBenchLines(await runHttpBench({ rounds: options.rounds, log })));
    const text = lines.join('\n');
    process.stdout.write(text + '\n');
    if (options.doc) {
      writeFileSync(options.doc, text + '\n');
      log(`wrote ${options.doc}`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
    if (PG_URL) await dropBenchSchema().catch((error: unknown) => log(`could not drop schema ${PG_SCHEMA}: ${(error as Error).message}`));
  }
}

/**
 * The scenario-targeting runs (issue 13): bench/where-bench.ts as a child,
 * its report as a section (its own lines: per round and the median ratio).
 */
function whereSection(records: number, rounds: number, log: (line: string) => void): string[] {
  log(`scenario targeting: book of ${int(records)} accounts with and without --where, ${rounds} rounds`);
  const child = spawnSync(process.execPath, [join(ROOT, 'dist', 'bench', 'where-bench.js'), '--records', String(records), '--rounds', String(rounds)], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const report = (child.stdout ?? '').trim().split('\n').filter(Boolean);
  return [
    `## Scenario targeting (issue 13): \`--where\` by construction`, '',
    `\`node dist/bench/where-bench.js --records ${records} --rounds ${rounds}\` (the \`book\` profile; the target is at most 1.20x the time per written record of the unconstrained run)${child.status === 0 ? '' : `; it exited ${child.status}`}:`, '',
    '```', ...report, '```', '',
  ];
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exitCode = 1;
});
