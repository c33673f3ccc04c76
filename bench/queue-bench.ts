/**
 * The queue's cost: N bundles through `esdh cluster` (BullMQ on Redis) with
 * 1 and 2 local worker processes against the single process `esdh run` of
 * the same options, in the same script, reported as ratios. The merged
 * snapshot's data files are checked against the single run's (sha256 from
 * the manifests) so a fast wrong answer cannot pass.
 *
 *   npm run build && node dist/bench/queue-bench.js                       1,000,000 bundles, 8 shards
 *   node dist/bench/queue-bench.js --bundles 200000 --shards 4 --rounds 1
 *   ESDH_BENCH_QUEUE_BUNDLES=100000 node dist/bench/queue-bench.js
 *
 * Redis: --redis, else ESDH_BENCH_REDIS_URL, else ESDH_TEST_REDIS_URL. Workers
 * are started (and idle) before the clock starts, as they are in a cluster
 * that runs all day; the queued run is timed from `esdh cluster submit
 * --wait` spawned to its exit: queueing, every shard, the merge and its full
 * check (checksums, the default of submit). Rounds alternate nothing: each
 * round runs the single process first, then 1 worker, then 2, each after a
 * `sync`, so no run's clock carries the writeback of the gigabytes the run
 * before it wrote (a run's own writeback is on its clock).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, mkdtempSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { firstWholeNumber, parseBenchArgs, reportUsageError, UsageError } from './bench-args.js';
import { flushWrites, measureNode, rssMethod, stopOnSignal, type Measurement } from './measure.js';
import { fixed, int, median } from './report-format.js';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const ESDH = join(ROOT, 'bin', 'esdh.js');
const SEED = 42;
const FORMATS = 'csv,ndjson';

interface Options {
  readonly bundles: number;
  readonly shards: number;
  readonly rounds: number;
  readonly redis: string;
  readonly dir: string;
}

/** `node dist/bench/queue-bench.js --help`. */
const USAGE = `Usage: node dist/bench/queue-bench.js [options]   (npm run bench:queue -- [options])

Times N bundles through esdh cluster (BullMQ on Redis) with 1 and with 2 local
worker processes against one esdh run of the same bundles (csv,ndjson, seed 42),
checks the merged snapshot's data files against the single run's, and prints the
rounds and their ratios as a markdown table.

  --bundles N     bundles a run (default 1,000,000, or ESDH_BENCH_QUEUE_BUNDLES)
  --shards N      shards of each queued run (default 8)
  --rounds N      rounds, each: esdh run, then 1 worker, then 2 (default 1)
  --redis URL     the Redis server (default ESDH_BENCH_REDIS_URL, else ESDH_TEST_REDIS_URL;
                  one of the three is needed)
  --dir DIR       where runs write (default: the system temp folder)
  --help          this text
`;

/** The bench's options, or null for --help; read before any Redis connection or child process. */
function parseOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): Options | null {
  const parsed = parseBenchArgs(argv, { options: { bundles: { type: 'string' }, shards: { type: 'string' }, rounds: { type: 'string' }, redis: { type: 'string' }, dir: { type: 'string' } } });
  if (parsed === null) return null;
  const { values } = parsed;
  const redis = redisUrl(values.redis, env);
  return {
    bundles: firstWholeNumber({ '--bundles': values.bundles, ESDH_BENCH_QUEUE_BUNDLES: env.ESDH_BENCH_QUEUE_BUNDLES }, 1_000_000),
    shards: firstWholeNumber({ '--shards': values.shards }, 8),
    rounds: firstWholeNumber({ '--rounds': values.rounds }, 1),
    redis,
    dir: resolve(values.dir ?? tmpdir()),
  };
}

/** --redis, else ESDH_BENCH_REDIS_URL, else ESDH_TEST_REDIS_URL: one is needed, and a redis:// or rediss:// URL. */
function redisUrl(option: string | undefined, env: NodeJS.ProcessEnv): string {
  const [name, url] = option !== undefined ? ['--redis', option] : env.ESDH_BENCH_REDIS_URL ? ['ESDH_BENCH_REDIS_URL', env.ESDH_BENCH_REDIS_URL] : ['ESDH_TEST_REDIS_URL', env.ESDH_TEST_REDIS_URL];
  if (!url) throw new UsageError('no Redis: pass --redis redis://127.0.0.1:PORT (or set ESDH_BENCH_REDIS_URL); e.g. redis-server --port 6390 --save "" --daemonize yes');
  if (!/^rediss?:\/\/./.test(url)) throw new UsageError(`${name}: a redis:// or rediss:// URL (got ${url})`);
  return url;
}

function check(m: Measurement, what: string): Measurement {
  if (m.exitCode !== 0) throw new Error(`${what} failed (exit ${m.exitCode}):\n${m.stderr.split('\n').slice(-8).join('\n')}`);
  return m;
}

/** file → sha256 of every data file, from a snapshot's manifest. */
function dataHashes(dir: string): Record<string, string> {
  const name = readdirSync(dir).find((n) => /^snapshot_manifest_.*\.json$/.test(n))!;
  const manifest = JSON.parse(readFileSync(join(dir, name), 'utf8')) as { artifacts: { file: string; sha256: string }[] };
  return Object.fromEntries(manifest.artifacts.map((a) => [a.file, a.sha256]));
}

function startWorkers(count: number, redis: string, prefix: string): ChildProcess[] {
  return Array.from({ length: count }, () => spawn(process.execPath, [ESDH, 'cluster', 'worker', '--redis', redis, '--prefix', prefix, '--quiet'], { cwd: ROOT, stdio: 'ignore' }));
}

async function stopWorkers(workers: ChildProcess[]): Promise<void> {
  await Promise.all(workers.map((w) => new Promise<void>((r) => {
    if (w.exitCode !== null) return r();
    w.once('exit', () => r());
    w.kill('SIGTERM');
  })));
}

async function dropKeys(redis: string, prefix: string): Promise<void> {
  const client = new Redis(redis);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length) await client.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    client.disconnect();
  }
}

async function queued(o: Pick<QueueBenchOptions, 'redis' | 'bundles' | 'shards'>, work: string, workers: number, round: number, reference: Record<string, string>): Promise<Measurement> {
  const prefix = `esdh-bench-${process.pid}-${round}-${workers}`;
  const out = join(work, `queue-w${workers}`);
  const started = startWorkers(workers, o.redis, prefix);
  try {
    // Let the workers connect before the clock starts (a cluster's workers are up before a run is submitted), and the runs before write back their files.
    flushWrites();
    await new Promise((r) => setTimeout(r, 3000));
    const m = check(
      await measureNode([ESDH, 'cluster', 'submit', '--redis', o.redis, '--prefix', prefix, '--records', String(o.bundles), '--seed', String(SEED), '--format', FORMATS, '--shards', String(o.shards), '--out', out, '--wait'], { cwd: ROOT, method: rssMethod() }),
      `esdh cluster submit --wait (${workers} worker${workers > 1 ? 's' : ''})`,
    );
    const merged = dataHashes(join(out, 'snapshot'));
    for (const [file, sha] of Object.entries(reference)) {
      if (!/README|manifest/.test(file) && merged[file] !== sha) throw new Error(`${file} of the queued run differs from the single run's`);
    }
    return m;
  } finally {
    await stopWorkers(started);
    await dropKeys(o.redis, prefix);
    rmSync(out, { recursive: true, force: true });
  }
}



/** What `runQueueBench` is given. */
export interface QueueBenchOptions {
  readonly bundles: number;
  readonly shards: number;
  readonly rounds: number;
  readonly redis: string;
  /** An empty folder the runs write in, the caller's (each run's output is removed when measured). */
  readonly dir: string;
  /** Progress lines (default: none). */
  readonly log?: (line: string) => void;
}

/** One round's wall times (spawn to exit): the single process, the queue with 1 worker, with 2. */
export interface QueueRound {
  readonly singleMs: number;
  readonly oneWorkerMs: number;
  readonly twoWorkersMs: number;
}

/** What `runQueueBench` measured. */
export interface QueueBenchResult {
  readonly bundles: number;
  readonly shards: number;
  readonly rounds: readonly QueueRound[];
  /** Median over the rounds of (queue with 1 worker / single process). */
  readonly oneWorkerRatio: number;
}

/**
 * Each round: `esdh run`, then the same run through the queue with 1 and
 * with 2 workers, each merged snapshot's data files checked against the
 * single run's. Throws when a run fails or differs.
 */
export async function runQueueBench(o: QueueBenchOptions): Promise<QueueBenchResult> {
  const log = o.log ?? (() => undefined);
  const work = o.dir;
  const rounds: QueueRound[] = [];
  for (let round = 1; round <= o.rounds; round++) {
    const single = join(work, 'single');
    flushWrites();
    const s = check(await measureNode([ESDH, 'run', '--records', String(o.bundles), '--seed', String(SEED), '--format', FORMATS, '--out', single, '--quiet'], { cwd: ROOT, method: rssMethod() }), 'esdh run');
    const reference = dataHashes(single);
    rmSync(single, { recursive: true, force: true });
    const q1 = await queued(o, work, 1, round, reference);
    const q2 = await queued(o, work, 2, round, reference);
    rounds.push({ singleMs: s.wallMs, oneWorkerMs: q1.wallMs, twoWorkersMs: q2.wallMs });
    log(`queue round ${round}: esdh run ${fixed(s.wallMs / 1000)} s, 1 worker ${fixed(q1.wallMs / s.wallMs)}x, 2 workers ${fixed(q2.wallMs / s.wallMs)}x`);
  }
  return { bundles: o.bundles, shards: o.shards, rounds, oneWorkerRatio: median(rounds.map((r) => r.oneWorkerMs / r.singleMs)) };
}

/** The report of a queue bench: a heading, the machine, one row per round and the median. */
export function queueBenchLines(result: QueueBenchResult): string[] {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const m = (f: (r: QueueRound) => number) => median(result.rounds.map(f));
  // Times and ratios of one round, or the medians of each (ratios: the median of the rounds' ratios).
  const row = (label: string, f: (pick: (r: QueueRound) => number) => number) => [
    label, `${fixed(f((r) => r.singleMs) / 1000)} s`, int((result.bundles * 1000) / f((r) => r.singleMs)),
    `${fixed(f((r) => r.oneWorkerMs) / 1000)} s`, `**${fixed(f((r) => r.oneWorkerMs / r.singleMs))}x**`,
    `${fixed(f((r) => r.twoWorkersMs) / 1000)} s`, `${fixed(f((r) => r.twoWorkersMs / r.singleMs))}x`, `${fixed(f((r) => r.oneWorkerMs / r.twoWorkersMs))}x`,
  ];
  const rows = result.rounds.map((round, i) => row(String(i + 1), (pick) => pick(round)));
  if (result.rounds.length > 1) rows.push(row('median', m));
  return [
    `## Queue: ${int(result.bundles)} bundles, ${result.shards} shards (esdh cluster, BullMQ on Redis)`,
    '',
    `${availableParallelism()} cores (${cpu}), Node ${process.version}, formats ${FORMATS}, seed ${SEED}; wall times spawn to exit, each run started after a \`sync\` (the writeback of the run before is on nobody's clock). The queued run is \`esdh cluster submit --wait\` with idle workers already connected: queueing, every shard, the merge and its checksum check; each merged snapshot's data files are checked against the single run's. The overhead of the queue at 1 worker is the 1 worker / run column.`,
    '',
    '| round | esdh run | run bundles/s | queue, 1 worker | 1 worker / run | queue, 2 workers | 2 workers / run | speed-up 1 → 2 |',
    '|---|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.join(' | ')} |`),
    '',
  ];
}

async function main(): Promise<void> {
  const o = parseOptions(process.argv.slice(2));
  if (o === null) {
    process.stdout.write(USAGE);
    return;
  }
  const work = mkdtempSync(join(o.dir, 'esdh-queue-bench-'));
  stopOnSignal(() => rmSync(work, { recursive: true, force: true }));
  try {
    const result = await runQueueBench({ ...o, dir: work, log: (line) => process.stderr.write(line + '\n') });
    process.stdout.write(queueBenchLines(result).join('\n'));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

// Run only when started directly: run-bench.ts imports runQueueBench and queueBenchLines.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    if (reportUsageError('queue-bench', error)) return;
    process.stderr.write(`queue-bench: ${(error as Error)?.message ?? String(error)}\n`);
    process.exitCode = 1;
  });
}
