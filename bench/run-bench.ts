/**
 * `npm run bench`: the naive faker baseline against `esdh run` through its
 * real code path, in the same run, and docs/benchmarks.md regenerated from
 * the results (never edited by hand).
 *
 *   npm run bench                  100,000 and 1,000,000 bundles, 3 rounds each
 *   npm run bench -- --quick       100,000 only
 *   npm run bench -- --rounds 5 --dir /mnt/fast --no-doc
 *   npm run bench -- --sizes 20000 --rounds 1 --no-doc   a quick check that it works (a few minutes)
 *   npm run bench -- --no-formats   without the sqlite and parquet runs
 *   npm run bench -- --no-book      without the `book` profile runs (--book-records N: accounts; default below)
 *   npm run bench -- --no-ceiling   without the write ceiling (bench/write-ceiling.ts)
 *   npm run bench -- --no-http      without esdh serve vs bare Koa (bench/http-bench.ts)
 *   npm run bench -- --no-queue     without esdh cluster against esdh run (bench/queue-bench.ts; it
 *                                   needs Redis: ESDH_BENCH_REDIS_URL, else ESDH_TEST_REDIS_URL)
 *   npm run bench -- --no-where     without the scenario-targeting runs (bench/where-bench.ts:
 *                                   a 60,000-account book with and without --where; --where-records N;
 *                                   with --quick or --sizes, as many accounts as the book runs)
 *
 * Every measured run is a child process, timed from spawn to exit (startup
 * included) with its peak RSS read from the OS. Per round, at every size: the
 * naive loop, `esdh run --format csv`, `--format csv,ndjson` and the latter
 * with `--workers 2` (all ratios are within a round). At the largest size a
 * round also holds the sqlite and parquet runs (their ratios are to that
 * round's csv run), the `book` profile with csv and with csv,ndjson, and the
 * write ceiling: the same bytes as the csv,ndjson run written and hashed by
 * bench/write-ceiling.ts. The order alternates between rounds (forward in odd
 * rounds, reversed in even ones) so drift on a shared machine hits all alike.
 * With a PostgreSQL server (ESDH_BENCH_PG_URL, else ESDH_TEST_PG_URL) each
 * round also times the csv,ndjson run with `--to` it (rows/s loaded, end to
 * end); without one that row is skipped with a note.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, platform, release, tmpdir, totalmem, arch } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { redactUrl } from '../engine/index.js';
import { BATCH_UNITS } from '../engine/snapshot/write-snapshot.js';
import { firstWholeNumber, parseBenchArgs, runBench, UsageError, wholeNumber } from './bench-args.js';
import { measureNode, rssMethod, stopOnSignal, type Measurement, type RssMethod } from './measure.js';
import { summariseProfile, type ProfileSummary } from './profile-summary.js';
import { httpBenchLines, runHttpBench } from './http-bench.js';
import { runQueueBench, queueBenchLines, type QueueBenchOptions, type QueueBenchResult } from './queue-bench.js';
import { issue15Targets, issue16Targets, statusCell, type BookMedians, type TargetRow } from './targets.js';
import { fixed, int, median, table } from './report-format.js';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const ESDH = join(ROOT, 'bin', 'esdh.js');
const NAIVE = join(ROOT, 'dist', 'bench', 'naive-faker.js');
const CEILING = join(ROOT, 'dist', 'bench', 'write-ceiling.js');
const SEED = 42;
/** The server `--to` loads into, if any; the bench's own schema in it (dropped at the end). */
const PG_URL = process.env.ESDH_BENCH_PG_URL || process.env.ESDH_TEST_PG_URL || null;
const PG_SCHEMA = `esdh_bench_${process.pid}`;
/** The Redis server the queue runs use, if any (bench/queue-bench.ts). */
const REDIS_URL = process.env.ESDH_BENCH_REDIS_URL || process.env.ESDH_TEST_REDIS_URL || null;

/** Shards of the queue runs: about 50,000 bundles each, 2 to 8 (8 at the issue's 1,000,000). */
function queueShards(units: number): number {
  return Math.min(8, Math.max(2, Math.ceil(units / 50_000)));
}

/**
 * Default accounts of the `book` runs: the largest size divided by this, so a
 * book run takes about as long as the baseline csv,ndjson run of that size
 * (measured 2026-12-01 on the 2-core bench machine: one account ≈ 25 bundles
 * of time; 1,000,000 bundles → 40,000 accounts). `--book-records N` overrides it.
 */
const BUNDLES_PER_BOOK_ACCOUNT = 25;

/** Accounts of the scenario-targeting runs of a full bench (bench/where-bench.ts: an all-Commercial book stops at 65,536). */
const WHERE_RECORDS = 60_000;

interface Options {
  readonly sizes: number[];
  readonly rounds: number;
  readonly dir: string;
  readonly doc: string | null;
  readonly profile: 'auto' | 'always' | 'never';
  readonly workers: number;
  /** Measure `--format sqlite` and `parquet` alone at the largest size (against the round's csv run). */
  readonly formats: boolean;
  /** Accounts of the `book` runs at the largest size, or null to skip them. */
  readonly bookRecords: number | null;
  /** Time the write ceiling (bench/write-ceiling.ts) at the largest size. */
  readonly ceiling: boolean;
  /** Measure `esdh serve` against a bare Koa app (bench/http-bench.ts). */
  readonly http: boolean;
  /** Accounts of the scenario-targeting runs (bench/where-bench.ts), or null to skip them. */
  readonly whereRecords: number | null;
  /** Measure the queue (bench/queue-bench.ts) at the largest size, when a Redis server is given. */
  readonly queue: boolean;
}

/** One `esdh run`: its measurement, the units asked for, the records it wrote (every entity's, from its manifest) and its data files' sizes. */
interface Run {
  readonly m: Measurement;
  readonly units: number;
  readonly records: number;
  /** Records per entity (the manifest's record_counts). */
  readonly counts: Readonly<Record<string, number>>;
  /** Bytes of each data file (the manifest's artifacts with an entity), in the manifest's order. */
  readonly fileBytes: readonly number[];
}

/** The write ceiling's run: bytes written and hashed, in how many files. */
interface Ceiling {
  readonly m: Measurement;
  readonly bytes: number;
  readonly files: number;
}

/** The formats measured alone besides csv (their ratios are to the round's csv run). */
const OTHER_FORMATS = ['sqlite', 'parquet'] as const;
type OtherFormat = (typeof OTHER_FORMATS)[number];

interface Round {
  readonly naive: Measurement;
  /** `--format csv`, 1 worker. */
  readonly csv: Run;
  /** `--format csv,ndjson`, 1 worker. */
  readonly both: Run;
  /** `--format csv,ndjson --workers N`. */
  readonly parallel: Run;
  /** The csv,ndjson run with `--to postgres://...`, when a server is there. */
  readonly postgres: Run | null;
  /** Largest size only, unless skipped. */
  readonly formats: Readonly<Record<OtherFormat, Run>> | null;
  readonly book: { readonly csv: Run; readonly both: Run } | null;
  readonly ceiling: Ceiling | null;
}

/** `npm run bench -- --help`. */
const USAGE = `Usage: npm run bench -- [options]   (node dist/bench/run-bench.js [options])

Times the naive faker loop against esdh run (csv, csv,ndjson, --workers), and at
the largest size sqlite, parquet, the book profile, the write ceiling, esdh serve
against bare Koa and --where; writes docs/benchmarks.md. Ratios are within a round.

  --quick                 100,000 bundles only (default sizes: 100,000 and 1,000,000)
  --sizes N[,N...]        bundle counts, e.g. --sizes 20000
  --rounds N              rounds per size (default 3); order alternates between rounds
  --dir DIR               where runs write (default: the system temp folder)
  --doc FILE | --no-doc   the report to write (default docs/benchmarks.md), or none
  --profile auto|always|never   a --cpu-prof run for "Where the time goes" (default auto)
  --workers N             the --workers run's threads (default 2)
  --no-formats            skip the sqlite and parquet runs
  --no-book               skip the book runs; --book-records N sets their accounts
  --no-ceiling            skip the write ceiling
  --no-http               skip esdh serve against bare Koa
  --no-queue              skip esdh cluster against esdh run at the largest size (it runs when
                          ESDH_BENCH_REDIS_URL or ESDH_TEST_REDIS_URL names a Redis server)
  --no-where              skip the --where runs; --where-records N sets their accounts
  --help                  this text
`;

/** The bench's options (node:util parseArgs). */
const OPTION_TYPES = {
  quick: { type: 'boolean' },
  rounds: { type: 'string' },
  sizes: { type: 'string' },
  dir: { type: 'string' },
  'no-doc': { type: 'boolean' },
  doc: { type: 'string' },
  profile: { type: 'string' },
  workers: { type: 'string' },
  'no-formats': { type: 'boolean' },
  'no-book': { type: 'boolean' },
  'book-records': { type: 'string' },
  'no-ceiling': { type: 'boolean' },
  'no-http': { type: 'boolean' },
  'no-where': { type: 'boolean' },
  'no-queue': { type: 'boolean' },
  'where-records': { type: 'string' },
} as const;

/** The bench's options, or null for --help. */
function parseOptions(argv: string[]): Options | null {
  const parsed = parseBenchArgs(argv, { options: OPTION_TYPES });
  if (parsed === null) return null;
  const { values } = parsed;
  const sizes = values.sizes ? values.sizes.split(',').map((text) => wholeNumber('--sizes', text)) : values.quick ? [100_000] : [100_000, 1_000_000];
  const rounds = firstWholeNumber({ '--rounds': values.rounds }, 3);
  const profile = (values.profile ?? 'auto') as Options['profile'];
  if (!['auto', 'always', 'never'].includes(profile)) throw new UsageError(`--profile: auto, always or never (got ${values.profile})`);
  const largest = sizes[sizes.length - 1]!;
  const bookRecords = firstWholeNumber({ '--book-records': values['book-records'] }, defaultBookRecords(largest));
  const workers = firstWholeNumber({ '--workers': values.workers }, 2);
  const whereRecords = values['where-records'] === undefined ? null : wholeNumber('--where-records', values['where-records']);
  return {
    sizes,
    rounds,
    dir: resolve(values.dir ?? tmpdir()),
    doc: values['no-doc'] ? null : resolve(ROOT, values.doc ?? 'docs/benchmarks.md'),
    profile,
    workers,
    formats: !values['no-formats'],
    bookRecords: values['no-book'] ? null : bookRecords,
    ceiling: !values['no-ceiling'],
    http: !values['no-http'],
    queue: !values['no-queue'],
    // The where bench's 60,000 accounts take minutes a run: a shorter bench (--quick, --sizes) scales them like the book runs.
    whereRecords: values['no-where'] ? null : whereRecords ?? (values.quick || values.sizes ? Math.min(WHERE_RECORDS, defaultBookRecords(largest)) : WHERE_RECORDS),
  };
}

/** Accounts of the book runs for a largest size: about the same time as the baseline run (rounded to hundreds, at least 100). */
function defaultBookRecords(largest: number): number {
  return Math.max(100, Math.round(largest / BUNDLES_PER_BOOK_ACCOUNT / 100) * 100);
}

const mb = (kb: number | null) => (kb === null ? 'n/a' : `${fixed(kb / 1024, 0)} MB`);
const rate = (units: number, m: Measurement) => (units * 1000) / m.wallMs;
/** Bundles (or accounts) per second of a run. */
const unitRate = (r: Run) => rate(r.units, r.m);
/** Records (every entity's) per second of a run. */
const recordRate = (r: Run) => rate(r.records, r.m);
const ratioCell = (n: number) => `**${fixed(n)}x**`;
const medianOf = <T>(items: readonly T[], get: (item: T) => number) => median(items.map(get));
const medianRss = <T>(items: readonly T[], get: (item: T) => Measurement) => median(items.map((i) => get(i).maxRssKb ?? 0));

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

/** What one `esdh run` of the bench is: profile, format list, workers, extra arguments. */
interface RunSpec {
  readonly profile?: 'book';
  readonly format: string;
  readonly workers?: number;
  readonly extra?: readonly string[];
  readonly nodeFlags?: readonly string[];
}

function esdhArgs(units: number, out: string, spec: RunSpec): string[] {
  return [
    ESDH, 'run', ...(spec.profile ? ['--profile', spec.profile] : []), '--records', String(units), '--seed', String(SEED), '--format', spec.format, '--out', out, '--quiet',
    ...((spec.workers ?? 1) > 1 ? ['--workers', String(spec.workers)] : []),
    ...(spec.extra ?? []),
  ];
}

/** `esdh run` as a child; the manifest (records, file sizes) is read before the output folder is deleted. */
async function runEsdh(units: number, work: string, method: RssMethod, spec: RunSpec): Promise<Run> {
  const name = `${spec.profile ?? 'baseline'}-${spec.format.replace(/,/g, '+')}-${units}-w${spec.workers ?? 1}`;
  const out = join(work, name);
  try {
    const m = check(await measureNode([...(spec.nodeFlags ?? []), ...esdhArgs(units, out, spec)], { cwd: ROOT, method }), `esdh run ${name}`);
    const manifest = readdirSync(out).find((n) => /^snapshot_manifest_.*\.json$/.test(n));
    if (!manifest) throw new Error(`esdh run ${name} wrote no manifest in ${out}`);
    const parsed = JSON.parse(readFileSync(join(out, manifest), 'utf8')) as { record_counts: Record<string, number>; artifacts: { bytes: number; entity?: string }[] };
    // Data files only: an entity's records (the README is an artifact too).
    const fileBytes = parsed.artifacts.filter((a) => a.entity !== undefined).map((a) => a.bytes);
    return { m, units, records: Object.values(parsed.record_counts).reduce((a, b) => a + b, 0), counts: parsed.record_counts, fileBytes };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** bench/write-ceiling.js: the given files' bytes in the exporters' batch chunks, hashed and written. */
async function runCeiling(units: number, fileBytes: readonly number[], work: string, method: RssMethod): Promise<Ceiling> {
  const out = join(work, `ceiling-${units}`);
  try {
    const m = check(await measureNode([CEILING, out, String(BATCH_UNITS), String(units), ...fileBytes.map(String)], { cwd: ROOT, method }), `write ceiling (${units})`);
    return { m, bytes: fileBytes.reduce((a, b) => a + b, 0), files: fileBytes.length };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
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

/** The medians the targets are judged on, for one size. Each median ratio is the median of the rounds' ratios, not a ratio of medians. */
interface SizeMedians {
  readonly csvRatio: number;
  readonly bothRatio: number;
  readonly parallelRatio: number;
}

function sizeMedians(rounds: readonly Round[]): SizeMedians {
  return {
    csvRatio: medianOf(rounds, (r) => rate(r.csv.units, r.csv.m) / rate(r.csv.units, r.naive)),
    bothRatio: medianOf(rounds, (r) => rate(r.both.units, r.both.m) / rate(r.both.units, r.naive)),
    parallelRatio: medianOf(rounds, (r) => unitRate(r.parallel) / unitRate(r.both)),
  };
}

/** The main table of one size: naive, csv, csv,ndjson and --workers N per round, the ratios and peak RSS; a median row last. */
function sizeRows(units: number, rounds: readonly Round[]): string[][] {
  const rows = rounds.map((r, i) => {
    const naive = rate(units, r.naive);
    return [
      String(i + 1), int(naive),
      int(unitRate(r.csv)), ratioCell(unitRate(r.csv) / naive),
      int(unitRate(r.both)), ratioCell(unitRate(r.both) / naive),
      int(unitRate(r.parallel)), `${fixed(unitRate(r.parallel) / unitRate(r.both))}x`,
      mb(r.naive.maxRssKb), mb(r.csv.m.maxRssKb), mb(r.both.m.maxRssKb), mb(r.parallel.m.maxRssKb),
    ];
  });
  const m = sizeMedians(rounds);
  rows.push([
    'median', int(medianOf(rounds, (r) => rate(units, r.naive))),
    int(medianOf(rounds, (r) => unitRate(r.csv))), ratioCell(m.csvRatio),
    int(medianOf(rounds, (r) => unitRate(r.both))), ratioCell(m.bothRatio),
    int(medianOf(rounds, (r) => unitRate(r.parallel))), `${fixed(m.parallelRatio)}x`,
    mb(medianRss(rounds, (r) => r.naive)), mb(medianRss(rounds, (r) => r.csv.m)), mb(medianRss(rounds, (r) => r.both.m)), mb(medianRss(rounds, (r) => r.parallel.m)),
  ]);
  return rows;
}

/** The per-format table: records/s of csv (the round's csv run), sqlite and parquet, each as a ratio of the csv run; a median row last. */
function formatRows(rounds: readonly Round[]): string[][] {
  const other = (r: Round, f: OtherFormat) => r.formats![f];
  const rows = rounds.map((r, i) => [
    String(i + 1), int(recordRate(r.csv)),
    ...OTHER_FORMATS.flatMap((f) => [int(recordRate(other(r, f))), ratioCell(recordRate(other(r, f)) / recordRate(r.csv))]),
    mb(r.csv.m.maxRssKb), ...OTHER_FORMATS.map((f) => mb(other(r, f).m.maxRssKb)),
  ]);
  rows.push([
    'median', int(medianOf(rounds, (r) => recordRate(r.csv))),
    ...OTHER_FORMATS.flatMap((f) => [int(medianOf(rounds, (r) => recordRate(other(r, f)))), ratioCell(medianOf(rounds, (r) => recordRate(other(r, f)) / recordRate(r.csv)))]),
    mb(medianRss(rounds, (r) => r.csv.m)), ...OTHER_FORMATS.map((f) => mb(medianRss(rounds, (r) => other(r, f).m))),
  ]);
  return rows;
}

/** The book medians: accounts/s per format and each as a ratio of the same round's baseline bundles/s (same formats). */
function bookMedians(rounds: readonly Round[]): BookMedians {
  return {
    accounts: rounds[0]!.book!.csv.units,
    csvAccountsPerS: medianOf(rounds, (r) => unitRate(r.book!.csv)),
    csvRatio: medianOf(rounds, (r) => unitRate(r.book!.csv) / unitRate(r.csv)),
    bothAccountsPerS: medianOf(rounds, (r) => unitRate(r.book!.both)),
    bothRatio: medianOf(rounds, (r) => unitRate(r.book!.both) / unitRate(r.both)),
  };
}

function bookRows(rounds: readonly Round[]): string[][] {
  const cells = (r: Round) => {
    const b = r.book!;
    return [
      int(unitRate(r.csv)), int(unitRate(b.csv)), int(recordRate(b.csv)), `${fixed(unitRate(b.csv) / unitRate(r.csv), 3)}x`,
      int(unitRate(r.both)), int(unitRate(b.both)), int(recordRate(b.both)), `${fixed(unitRate(b.both) / unitRate(r.both), 3)}x`,
      mb(b.csv.m.maxRssKb), mb(b.both.m.maxRssKb),
    ];
  };
  const rows = rounds.map((r, i) => [String(i + 1), ...cells(r)]);
  const m = bookMedians(rounds);
  rows.push([
    'median',
    int(medianOf(rounds, (r) => unitRate(r.csv))), `**${int(m.csvAccountsPerS)}**`, int(medianOf(rounds, (r) => recordRate(r.book!.csv))), `**${fixed(m.csvRatio, 3)}x**`,
    int(medianOf(rounds, (r) => unitRate(r.both))), `**${int(m.bothAccountsPerS)}**`, int(medianOf(rounds, (r) => recordRate(r.book!.both))), `**${fixed(m.bothRatio, 3)}x**`,
    mb(medianRss(rounds, (r) => r.book!.csv.m)), mb(medianRss(rounds, (r) => r.book!.both.m)),
  ]);
  return rows;
}

/** The write ceiling against the round's csv,ndjson run: MB/s, bundles/s equivalent, and esdh as a fraction of it. */
function ceilingRows(rounds: readonly Round[]): string[][] {
  const mbps = (c: Ceiling) => c.bytes / 2 ** 20 / (c.m.wallMs / 1000);
  const bothMbps = (r: Round) => r.both.fileBytes.reduce((a, b) => a + b, 0) / 2 ** 20 / (r.both.m.wallMs / 1000);
  const rows = rounds.map((r, i) => {
    const c = r.ceiling!;
    return [String(i + 1), fixed(mbps(c), 0), int(rate(r.both.units, c.m)), fixed(bothMbps(r), 1), int(unitRate(r.both)), `**${fixed((100 * c.m.wallMs) / r.both.m.wallMs, 1)}%**`, mb(c.m.maxRssKb)];
  });
  rows.push([
    'median', fixed(medianOf(rounds, (r) => mbps(r.ceiling!)), 0), int(medianOf(rounds, (r) => rate(r.both.units, r.ceiling!.m))),
    fixed(medianOf(rounds, bothMbps), 1), int(medianOf(rounds, (r) => unitRate(r.both))),
    `**${fixed(medianOf(rounds, (r) => (100 * r.ceiling!.m.wallMs) / r.both.m.wallMs), 1)}%**`, mb(medianRss(rounds, (r) => r.ceiling!.m)),
  ]);
  return rows;
}

/** esdh serve against a bare Koa app answering the same bytes (bench/http-bench.ts): the median ratio and its section's lines, without the heading. */
async function httpBench(options: { readonly rounds: number; readonly log: (line: string) => void }): Promise<{ readonly ratio: number; readonly lines: readonly string[] } | { readonly failed: string }> {
  try {
    const result = await runHttpBench(options);
    return { ratio: result.ratio.median, lines: httpBenchLines(result).slice(1) };
  } catch (error) {
    return { failed: (error as Error).message };
  }
}

/** esdh cluster against esdh run (bench/queue-bench.ts), in a folder of `dir`; a failure is reported, not thrown. */
async function queueBench(options: QueueBenchOptions): Promise<{ readonly result: QueueBenchResult } | { readonly failed: string }> {
  const dir = join(options.dir, 'queue');
  mkdirSync(dir, { recursive: true });
  options.log?.(`queue: ${int(options.bundles)} bundles in ${options.shards} shards through esdh cluster (1 and 2 workers) against esdh run, ${options.rounds} rounds, Redis ${redactUrl(options.redis)}`);
  try {
    return { result: await runQueueBench({ ...options, dir }) };
  } catch (error) {
    return { failed: (error as Error).message };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A round's runs, in the order of odd rounds (even rounds run them in reverse). */
type Job = readonly [name: string, run: () => Promise<void>];

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (options === null) {
    process.stdout.write(USAGE);
    return;
  }
  const method = rssMethod();
  const work = join(options.dir, `esdh-bench-${process.pid}`);
  mkdirSync(work, { recursive: true });
  // Interrupted (Ctrl-C, a CI timeout): stop the runs and leave no folder behind.
  stopOnSignal(() => rmSync(work, { recursive: true, force: true }));
  const log = (line: string) => process.stderr.write(line + '\n');
  const started = Date.now();
  try {
    const largestUnits = options.sizes[options.sizes.length - 1]!;
    log(`esdh bench: sizes ${options.sizes.map(int).join(', ')}, ${options.rounds} rounds, workers ${options.workers}, RSS via ${method}, output in ${work}`);
    log(`at ${int(largestUnits)}: ${[options.formats ? 'sqlite, parquet' : null, options.bookRecords !== null ? `book of ${int(options.bookRecords)} accounts (csv; csv,ndjson)` : null, options.ceiling ? 'write ceiling' : null].filter(Boolean).join('; ') || 'nothing more'}`);
    log(options.queue && REDIS_URL ? `queue: esdh cluster at ${int(largestUnits)} bundles, Redis ${redactUrl(REDIS_URL)}` : `queue: skipped (${options.queue ? 'set ESDH_BENCH_REDIS_URL or ESDH_TEST_REDIS_URL to a Redis server to measure it' : '--no-queue'})`);
    log(PG_URL ? `--to postgres: into ${redactUrl(PG_URL)}, schema ${PG_SCHEMA} (dropped at the end)` : '--to postgres: skipped (set ESDH_BENCH_PG_URL or ESDH_TEST_PG_URL to a PostgreSQL server to measure it)');

    // Startup: `esdh run --records 1`, one warm-up (disk cache), then 5 timed.
    const startupSpec: RunSpec = { format: 'csv,ndjson' };
    await runEsdh(1, work, method, startupSpec);
    const startups: Measurement[] = [];
    for (let i = 0; i < 5; i++) startups.push((await runEsdh(1, work, method, startupSpec)).m);
    const startup = median(startups.map((m) => m.wallMs)) / 1000;
    log(`startup (esdh run --records 1): median ${fixed(startup, 3)} s`);
    const capacity = cpuCapacity();
    log(`CPU capacity: two threads do ${fixed(capacity.capacity)}x the work of one (${capacity.one_ms} ms alone, ${capacity.two_ms} ms for two at once)`);

    const results: { units: number; rounds: Round[] }[] = [];
    for (const units of options.sizes) {
      const largest = units === largestUnits && results.length === options.sizes.length - 1;
      const rounds: Round[] = [];
      // Output is deterministic: the csv,ndjson files have the same sizes every round (the ceiling's input).
      let bothBytes: readonly number[] | null = null;
      for (let round = 1; round <= options.rounds; round++) {
        const got: { naive?: Measurement; csv?: Run; both?: Run; parallel?: Run; postgres?: Run; bookCsv?: Run; bookBoth?: Run; ceiling?: Ceiling } = {};
        const formats: Partial<Record<OtherFormat, Run>> = {};
        const jobs: Job[] = [
          ['naive', async () => void (got.naive = await runNaive(units, work, method))],
          ['csv', async () => void (got.csv = await runEsdh(units, work, method, { format: 'csv' }))],
          ['csv,ndjson', async () => {
            got.both = await runEsdh(units, work, method, { format: 'csv,ndjson' });
            bothBytes ??= got.both.fileBytes;
          }],
          ['workers', async () => void (got.parallel = await runEsdh(units, work, method, { format: 'csv,ndjson', workers: options.workers }))],
        ];
        if (PG_URL) jobs.push(['postgres', async () => void (got.postgres = await runEsdh(units, work, method, { format: 'csv,ndjson', extra: ['--to', PG_URL, '--schema', PG_SCHEMA, '--if-exists', 'replace'] }))]);
        if (largest && options.formats) for (const f of OTHER_FORMATS) jobs.push([f, async () => void (formats[f] = await runEsdh(units, work, method, { format: f }))]);
        if (largest && options.bookRecords !== null) {
          const accounts = options.bookRecords;
          jobs.push(['book csv', async () => void (got.bookCsv = await runEsdh(accounts, work, method, { profile: 'book', format: 'csv' }))]);
          jobs.push(['book csv,ndjson', async () => void (got.bookBoth = await runEsdh(accounts, work, method, { profile: 'book', format: 'csv,ndjson' }))]);
        }
        // Last in round 1, so the csv,ndjson run has given its file sizes.
        if (largest && options.ceiling) jobs.push(['ceiling', async () => void (got.ceiling = await runCeiling(units, bothBytes!, work, method))]);
        for (const [, run] of round % 2 === 1 ? jobs : [...jobs].reverse()) await run();

        const r: Round = {
          naive: got.naive!, csv: got.csv!, both: got.both!, parallel: got.parallel!, postgres: got.postgres ?? null,
          formats: largest && options.formats ? (formats as Record<OtherFormat, Run>) : null,
          book: got.bookCsv && got.bookBoth ? { csv: got.bookCsv, both: got.bookBoth } : null,
          ceiling: got.ceiling ?? null,
        };
        rounds.push(r);
        const naiveRate = rate(units, r.naive);
        const parts = [
          `naive ${int(naiveRate)}/s`,
          `csv ${int(unitRate(r.csv))}/s (${fixed(unitRate(r.csv) / naiveRate)}x, ${mb(r.csv.m.maxRssKb)})`,
          `csv,ndjson ${int(unitRate(r.both))}/s (${fixed(unitRate(r.both) / naiveRate)}x, ${mb(r.both.m.maxRssKb)})`,
          `--workers ${options.workers} ${int(unitRate(r.parallel))}/s (${fixed(unitRate(r.parallel) / unitRate(r.both))}x of 1, ${mb(r.parallel.m.maxRssKb)})`,
        ];
        if (r.postgres) parts.push(`--to postgres ${int(recordRate(r.postgres))} rows/s (${mb(r.postgres.m.maxRssKb)})`);
        if (r.formats) parts.push(...OTHER_FORMATS.map((f) => `${f} ${int(recordRate(r.formats![f]))} rows/s (${fixed(recordRate(r.formats![f]) / recordRate(r.csv))}x csv)`));
        if (r.book) parts.push(`book csv ${int(unitRate(r.book.csv))} accounts/s (${fixed(unitRate(r.book.csv) / unitRate(r.csv), 3)}x), csv,ndjson ${int(unitRate(r.book.both))} accounts/s (${fixed(unitRate(r.book.both) / unitRate(r.both), 3)}x)`);
        if (r.ceiling) parts.push(`write ceiling ${int(rate(units, r.ceiling.m))} bundles/s (esdh ${fixed((100 * r.ceiling.m.wallMs) / r.both.m.wallMs, 1)}% of it)`);
        log(`${int(units)} bundles, round ${round}: ${parts.join(', ')}`);
      }
      results.push({ units, rounds });
    }

    const largest = results[results.length - 1]!;
    const medians = sizeMedians(largest.rounds);
    const allRss = results.flatMap((r) => r.rounds.flatMap((x) => [x.csv.m.maxRssKb, x.both.m.maxRssKb]));
    const maxRssMb = allRss.includes(null) ? null : Math.max(...(allRss as number[])) / 1024;
    const hasBook = largest.rounds.every((r) => r.book);
    const hasCeiling = largest.rounds.every((r) => r.ceiling);

    const http = options.http ? await httpBench({ rounds: options.rounds, log }) : null;
    if (http && 'failed' in http) log(`esdh serve vs bare Koa: ${http.failed}`);
    const httpReport = http && 'ratio' in http ? http : null;

    const queue = options.queue && REDIS_URL ? await queueBench({ bundles: largest.units, shards: queueShards(largest.units), rounds: options.rounds, redis: REDIS_URL, dir: work, log }) : null;
    if (queue && 'failed' in queue) log(`esdh cluster vs esdh run: ${queue.failed}`);
    const queueResult = queue && 'result' in queue ? queue.result : null;

    const targets: TargetRow[] = issue15Targets({
      units: largest.units,
      csvRatio: medians.csvRatio,
      bothRatio: medians.bothRatio,
      workers: options.workers,
      workersRatio: medians.parallelRatio,
      capacity: capacity.capacity,
      maxRssMb,
      httpShare: httpReport?.ratio ?? null,
      book: hasBook ? bookMedians(largest.rounds) : null,
      startupS: startup,
    }).concat(issue16Targets(queueResult && { units: queueResult.bundles, oneWorkerRatio: queueResult.oneWorkerRatio }));

    let profile: (ProfileSummary & { units: number }) | null = null;
    const missed = targets.some((t) => t.status === 'missed');
    if (options.profile === 'always' || (options.profile === 'auto' && missed)) {
      const units = Math.min(200_000, largest.units);
      const dir = join(work, 'cpu-prof');
      log(`profiling esdh run --records ${int(units)} (node --cpu-prof)...`);
      await runEsdh(units, work, method, { format: 'csv,ndjson', nodeFlags: ['--cpu-prof', `--cpu-prof-dir=${dir}`] });
      const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
      if (file) profile = { ...summariseProfile(join(dir, file)), units };
    }

    const lines: string[] = [];
    lines.push('# Benchmarks', '');
    lines.push(`Generated by \`npm run bench\` (bench/run-bench.ts) on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, in ${fixed((Date.now() - started) / 60000, 1)} min. **Do not edit by hand**: run the bench again.`, '');
    lines.push('## Machine', '', table(['', ''], machine(method, options.dir, capacity)), '');
    lines.push('## What is measured', '');
    lines.push('- **naive**: the baseline in bench/naive-faker.ts: one `@faker-js/faker` (en_US) seeded once; per bundle a person, a vehicle and a profile, each one CSV line to its own file, waiting for `drain` on backpressure. No validation, no checksums.');
    lines.push(`- **esdh csv** and **esdh csv,ndjson**: \`node bin/esdh.js run --records N --seed ${SEED} --format csv --out <tmp> --quiet\` (and \`--format csv,ndjson\`): the default \`baseline\` profile (person + vehicle + profile a bundle) through the real CLI path: config, plugins, every record validated by its JSON Schema (ajv), one file per entity and format, sha256 of every file, README and manifest, temp folder renamed into place.`);
    lines.push(`- **esdh -w${options.workers}**: the csv,ndjson command with \`--workers ${options.workers}\` (byte-identical files); its ratio is to the 1-worker csv,ndjson run.`);
    if (largest.rounds.every((r) => r.formats)) lines.push(`- **one format at a time** (${int(largest.units)} bundles): \`--format sqlite\` (one SQLite database: tables, keys, indexes, VACUUM INTO) and \`--format parquet\` (one Parquet file per entity: hyparquet-writer, typed columns, snappy), 1 worker, against the round's \`--format csv\` run (one CSV file per entity). Records/s = records written (every entity's, from the manifest) / wall time.`);
    if (hasBook) lines.push(`- **book** (at ${int(largest.units)} bundles): \`esdh run --profile book --records ${int(options.bookRecords!)} --seed ${SEED} --format csv\` (and \`csv,ndjson\`): ${int(options.bookRecords!)} accounts, each with its people, vehicles, policies, drivers, coverages and claims. accounts/s = accounts / wall time; records/s counts every entity's records (the manifest's); the ratio is accounts/s over the same round's baseline bundles/s in the same formats. ${int(options.bookRecords!)} accounts is the largest size / ${BUNDLES_PER_BOOK_ACCOUNT} (about the time of the baseline run; \`--book-records N\` to change it).`);
    if (hasCeiling) lines.push(`- **write ceiling** (at ${int(largest.units)} bundles): bench/write-ceiling.ts writes the same number of files with the same sizes as the round's csv,ndjson run, in the same chunks (each file's bytes of one ${BATCH_UNITS}-unit batch, a chunk to every file per batch) through the same engine/lib/file-sink.ts (sha256 of every chunk, 1 MiB write-stream buffer, awaiting only on backpressure), with synthetic text and nothing generated, validated or encoded. Its bundles/s equivalent = N / its wall time; esdh's share = ceiling time / esdh time.`);
    lines.push(PG_URL
      ? `- **esdh --to postgres**: the csv,ndjson command with \`--to <server> --schema esdh_bench_<pid> --if-exists replace\` (docs/databases.md): the same run, then its files checked against their checksums, every record read back from the snapshot and sent with COPY in one transaction, primary, unique and foreign keys and the foreign-key indexes built, each table counted, COMMIT. rows/s = rows loaded (the manifest's record counts) / wall time of the whole command, generation included; the server is on this machine and shares its cores.`
      : '- **esdh --to postgres**: not measured: no PostgreSQL server was given (set `ESDH_BENCH_PG_URL` or `ESDH_TEST_PG_URL`).');
    lines.push('- **queue** (at the largest size, after the rounds, with a Redis server: `ESDH_BENCH_REDIS_URL` or `ESDH_TEST_REDIS_URL`): bench/queue-bench.ts, per round `esdh run --format csv,ndjson`, then the same bundles through `esdh cluster submit --wait` with 1 and then 2 `esdh cluster worker` processes on this machine (idle and connected before the clock starts), each run after a `sync`, the merged snapshot\'s data files checked against the single run\'s; the overhead of the queue is the 1-worker time over the single run\'s.');
    lines.push('- Every run is a child process timed from spawn to exit (startup included); bundles/s = N / wall time. Peak RSS is read from the OS. Output folders are deleted after each run. Within a round the runs go in one order in odd rounds and in the reverse order in even ones (naive, csv, csv,ndjson, -w, then at the largest size sqlite, parquet, book csv, book csv,ndjson, write ceiling). A median ratio is the median of the rounds\' ratios.', '');
    for (const { units, rounds } of results) {
      lines.push(`## ${int(units)} bundles`, '');
      lines.push(table(['round', 'naive bundles/s', 'csv bundles/s', 'csv / naive', 'csv,ndjson bundles/s', 'csv,ndjson / naive', `-w${options.workers} bundles/s`, `-w${options.workers} / 1 worker`, 'naive RSS', 'csv RSS', 'csv,ndjson RSS', `-w${options.workers} RSS`], sizeRows(units, rounds)), '');
      if (rounds.every((r) => r.postgres)) {
        const loads = rounds.map((r) => r.postgres!);
        const pgRows = rounds.map((r, i) => [String(i + 1), int(unitRate(r.both)), int(unitRate(r.postgres!)), int(recordRate(r.postgres!)), `${fixed(r.postgres!.m.wallMs / r.both.m.wallMs)}x`, mb(r.postgres!.m.maxRssKb)]);
        pgRows.push(['median', int(medianOf(rounds, (r) => unitRate(r.both))), int(medianOf(loads, unitRate)), `**${int(medianOf(loads, recordRate))}**`, `${fixed(medianOf(rounds, (r) => r.postgres!.m.wallMs / r.both.m.wallMs))}x`, mb(medianRss(loads, (l) => l.m))]);
        lines.push(`${int(units)} bundles with \`--to postgres\` (${int(loads[0]!.records)} rows):`, '');
        lines.push(table(['round', 'esdh bundles/s (csv,ndjson run)', '--to bundles/s', '--to rows/s', '--to time / csv,ndjson run', '--to RSS'], pgRows), '');
      }
    }
    if (largest.rounds.every((r) => r.formats)) {
      lines.push(`## One format at a time: ${int(largest.units)} bundles`, '');
      lines.push(table(['round', 'csv records/s', 'sqlite records/s', 'sqlite / csv', 'parquet records/s', 'parquet / csv', 'csv RSS', 'sqlite RSS', 'parquet RSS'], formatRows(largest.rounds)), '');
    }
    if (hasBook) {
      const b = largest.rounds[0]!.book!.both;
      lines.push(`## The \`book\` profile: ${int(b.units)} accounts`, '');
      lines.push(`${int(b.records)} records a run: ${Object.entries(b.counts).map(([entity, n]) => `${entity} ${int(n)}`).join(', ')}. Baseline bundles/s are the same round's ${int(largest.units)}-bundle runs.`, '');
      lines.push(table(['round', 'baseline csv bundles/s', 'book csv accounts/s', 'book csv records/s', 'book csv / baseline', 'baseline csv,ndjson bundles/s', 'book csv,ndjson accounts/s', 'book csv,ndjson records/s', 'book csv,ndjson / baseline', 'book csv RSS', 'book csv,ndjson RSS'], bookRows(largest.rounds)), '');
    }
    if (hasCeiling) {
      const c = largest.rounds[0]!.ceiling!;
      lines.push(`## Write ceiling: ${int(largest.units)} bundles`, '');
      lines.push(`${int(c.bytes)} bytes (${fixed(c.bytes / 2 ** 20, 0)} MiB) in ${c.files} files, the csv,ndjson run's data files; written and hashed with nothing else to do:`, '');
      lines.push(table(['round', 'ceiling MiB/s', 'ceiling bundles/s (equivalent)', 'esdh csv,ndjson MiB/s', 'esdh csv,ndjson bundles/s', 'esdh / ceiling', 'ceiling RSS'], ceilingRows(largest.rounds)), '');
    }
    lines.push('## esdh serve against bare Koa (issue 15)', '');
    if (httpReport) lines.push(...httpReport.lines, '');
    else lines.push(`Not measured: ${!options.http ? 'skipped (--no-http)' : http && 'failed' in http ? http.failed : 'no result'}.`, '');
    lines.push('## Startup', '', `\`esdh run --records 1 --format csv,ndjson\`: ${startups.map((m) => fixed(m.wallMs / 1000, 3)).join(', ')} s; median **${fixed(startup, 3)} s**.`, '');
    lines.push('## Queue: esdh cluster against esdh run (issue 16)', '');
    if (queueResult) lines.push(`\`node dist/bench/queue-bench.js --bundles ${queueResult.bundles} --shards ${queueResult.shards} --rounds ${options.rounds}\` (bench/queue-bench.ts), after the rounds above:`, '', ...queueBenchLines(queueResult).slice(2));
    else lines.push(`Not measured: ${!options.queue ? 'skipped (--no-queue)' : !REDIS_URL ? 'no Redis server was given (set `ESDH_BENCH_REDIS_URL` or `ESDH_TEST_REDIS_URL`)' : queue && 'failed' in queue ? queue.failed : 'no result'}.`, '');
    lines.push('## Targets (issues 15 and 16)', '', table(['target', 'measured', ''], targets.map((t) => [t.target, t.measured, statusCell(t.status)])), '');
    if (profile) {
      const p = profile;
      lines.push('## Where the time goes', '');
      lines.push(`CPU profile of \`esdh run --records ${int(profile.units)} --format csv,ndjson\` (\`node --cpu-prof\`, main thread, ${int(profile.totalMs)} ms sampled; each sample charged to the nearest frame of a known area):`, '');
      lines.push(table(['area', 'ms', 'share', 'µs per bundle'], profile.areas.map((a) => [a.area, int(a.ms), `${fixed((100 * a.ms) / p.totalMs, 1)}%`, fixed((a.ms * 1000) / p.units, 2)])), '');
      lines.push('Top functions by self time:', '', table(['function', 'ms'], profile.top.map((t) => [`\`${t.fn}\``, int(t.ms)])), '');
    }
    if (options.whereRecords !== null) lines.push(...whereSection(options.whereRecords, options.rounds, log));
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

runBench('bench', main);
