/**
 * The server's small-request ceiling (issue 15): `esdh serve` answering
 * `POST /generate/bundle {"records":10}` against a bare Koa app
 * (bench/bare-koa.ts) that answers the same bytes, both child processes on
 * 127.0.0.1 (free ports), loaded by autocannon in this process at 50
 * connections for a fixed time. Rounds alternate the order (bare first, then
 * esdh first) so drift on a shared machine hits both alike; each round gives
 * req/s of each and the ratio esdh / bare, reported as the median and range.
 * The issue's target is a ratio >= 0.25 (measured here, never asserted).
 *
 *   npm run bench:http                                       3 rounds of 5 s
 *   node dist/bench/http-bench.js --rounds 5 --duration 10 --connections 50 --records 10
 *   node dist/bench/http-bench.js --compare /tmp/base/bin/esdh.js   another build's server in the same rounds
 *   node dist/bench/http-bench.js --cpu-prof /tmp/prof      the esdh server under `node --cpu-prof` (profile written at exit)
 *
 * Before measuring, the body esdh returns is fetched, the bare app is given
 * exactly those bytes, and each server's answer is compared byte for byte
 * with it (a `--compare` build answering other bytes is reported, not hidden).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { parseBenchArgs, runBench, UsageError, wholeNumber } from './bench-args.js';
import { fixed, int, median, table } from './report-format.js';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const ESDH = join(ROOT, 'bin', 'esdh.js');
const BARE = fileURLToPath(new URL('./bare-koa.js', import.meta.url));
const PATH = '/generate/bundle';
/** The issue's target: esdh at least a quarter of the bare ceiling. */
export const HTTP_TARGET_RATIO = 0.25;

/** Options of `runHttpBench`; every one has a default. */
export interface HttpBenchOptions {
  /** Measured rounds (default 3). */
  readonly rounds?: number;
  /** Seconds each server is loaded per round (default 5). */
  readonly durationS?: number;
  /** Seconds of load on each server before the first round, not counted (default 2). */
  readonly warmupS?: number;
  /** autocannon connections (default 50). */
  readonly connections?: number;
  /** `records` of the request body (default 10). */
  readonly records?: number;
  /** The `bin/esdh.js` measured (default: this build's). */
  readonly esdhBin?: string;
  /** Another build's `bin/esdh.js`, measured in the same rounds (its ratio to this build's esdh is reported too). */
  readonly compareBin?: string | null;
  /** Node flags of the esdh server (e.g. `--cpu-prof`). */
  readonly nodeArgs?: readonly string[];
  /** Progress lines (default: stderr). */
  readonly log?: (line: string) => void;
}

/** A median and the range of a series. */
export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

/** One round: req/s of each server, in the order they ran. */
export interface HttpRound {
  readonly bare: number;
  readonly esdh: number;
  readonly compare: number | null;
  readonly order: readonly string[];
}

/** What `runHttpBench` measured. */
export interface HttpBenchResult {
  readonly request: { readonly path: string; readonly body: string; readonly connections: number; readonly durationS: number };
  /** Bytes of the answer (esdh's, served by the bare app too). */
  readonly bodyBytes: number;
  /** Whether the --compare build answered the same bytes (null without one). */
  readonly compareSameBytes: boolean | null;
  readonly rounds: readonly HttpRound[];
  readonly bare: Spread;
  readonly esdh: Spread;
  /** esdh / bare per round. */
  readonly ratio: Spread;
  /** The --compare build's req/s, and this build's esdh / it per round (null without one). */
  readonly compare: { readonly reqPerS: Spread; readonly esdhOverCompare: Spread } | null;
}

interface Server {
  readonly name: string;
  readonly url: string;
  readonly child: ChildProcess;
}

/**
 * Start the servers, check their bytes, load each in alternating rounds and
 * stop them; the numbers, nothing printed but progress.
 * @example
 * const result = await runHttpBench({ rounds: 3, durationS: 5 });
 * // result.ratio.median → esdh req/s over bare Koa req/s, e.g. 0.3
 */
export async function runHttpBench(options: HttpBenchOptions = {}): Promise<HttpBenchResult> {
  const rounds = options.rounds ?? 3;
  const durationS = options.durationS ?? 5;
  const warmupS = options.warmupS ?? 2;
  const connections = options.connections ?? 50;
  const records = options.records ?? 10;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const body = JSON.stringify({ records });
  const work = mkdtempSync(join(tmpdir(), 'esdh-http-bench-'));
  const servers: Server[] = [];
  try {
    const esdh = await startServer('esdh', [...(options.nodeArgs ?? []), options.esdhBin ?? ESDH, 'serve', '--port', '0', '--quiet'], options.esdhBin);
    servers.push(esdh);
    const bytes = await post(esdh.url, body);
    const bodyFile = join(work, 'body.json');
    writeFileSync(bodyFile, bytes);
    const bare = await startServer('bare', [BARE, bodyFile]);
    servers.push(bare);
    if (!bytes.equals(await post(bare.url, body))) throw new Error('the bare Koa app does not answer the bytes esdh returned');
    let compare: Server | null = null;
    let compareSameBytes: boolean | null = null;
    if (options.compareBin) {
      compare = await startServer('compare', [options.compareBin, 'serve', '--port', '0', '--quiet'], options.compareBin);
      servers.push(compare);
      compareSameBytes = bytes.equals(await post(compare.url, body));
      if (!compareSameBytes) log(`note: ${options.compareBin} answers other bytes than ${options.esdhBin ?? ESDH} for ${body}`);
    }
    log(`${PATH} ${body}: ${bytes.length} bytes; ${connections} connections, ${rounds} rounds of ${durationS} s each${compare ? ' (bare, esdh, compare)' : ' (bare, esdh)'}`);
    const order = [bare, esdh, ...(compare ? [compare] : [])];
    if (warmupS > 0) for (const server of order) await load(server, body, connections, warmupS);
    const measured: HttpRound[] = [];
    for (let round = 0; round < rounds; round++) {
      const sequence = round % 2 === 0 ? order : [...order].reverse();
      const rates = new Map<string, number>();
      for (const server of sequence) rates.set(server.name, await load(server, body, connections, durationS));
      const row: HttpRound = { bare: rates.get('bare')!, esdh: rates.get('esdh')!, compare: rates.get('compare') ?? null, order: sequence.map((s) => s.name) };
      measured.push(row);
      log(`round ${round + 1}: bare ${row.bare.toFixed(0)} req/s, esdh ${row.esdh.toFixed(0)} req/s (${(row.esdh / row.bare).toFixed(3)})${row.compare === null ? '' : `, compare ${row.compare.toFixed(0)} req/s`}`);
    }
    return {
      request: { path: PATH, body, connections, durationS },
      bodyBytes: bytes.length,
      compareSameBytes,
      rounds: measured,
      bare: spread(measured.map((r) => r.bare)),
      esdh: spread(measured.map((r) => r.esdh)),
      ratio: spread(measured.map((r) => r.esdh / r.bare)),
      compare: compare ? { reqPerS: spread(measured.map((r) => r.compare!)), esdhOverCompare: spread(measured.map((r) => r.esdh / r.compare!)) } : null,
    };
  } finally {
    await Promise.all(servers.map((s) => stop(s)));
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * The result as markdown lines (a section for docs/benchmarks.md).
 * @example
 * lines.push(...httpBenchLines(await runHttpBench()));
 */
export function httpBenchLines(result: HttpBenchResult): string[] {
  const { request } = result;
  const header = ['round', 'order', 'bare Koa req/s', 'esdh req/s', 'esdh / bare', ...(result.compare ? ['compare req/s', 'esdh / compare'] : [])];
  const rows = result.rounds.map((r, i) => [String(i + 1), r.order.join(', '), int(r.bare), int(r.esdh), fixed(r.esdh / r.bare, 3),
    ...(r.compare === null ? [] : [int(r.compare), fixed(r.esdh / r.compare, 2)])]);
  rows.push(['median (range)', '', range(result.bare, int), range(result.esdh, int), `**${range(result.ratio, (n) => fixed(n, 3))}**`,
    ...(result.compare ? [range(result.compare.reqPerS, int), range(result.compare.esdhOverCompare, (n) => fixed(n, 2))] : [])]);
  return [
    `## HTTP: small requests (issue 15)`, '',
    `\`node dist/bench/http-bench.js\` (bench/http-bench.ts): \`POST ${request.path} ${request.body}\` (${int(result.bodyBytes)} bytes answered) at ${request.connections} connections (autocannon), ${request.durationS} s per server per round, `
      + `against a bare Koa app (bench/bare-koa.ts) answering the same bytes; both child processes on 127.0.0.1, the order alternating between rounds. The target is esdh / bare >= ${HTTP_TARGET_RATIO}: `
      + `${result.ratio.median >= HTTP_TARGET_RATIO ? 'met' : '**missed**'}.`, '',
    table(header, rows), '',
  ];
}

/** A child server; resolves with its URL once it says it listens. */
function startServer(name: string, args: readonly string[], bin?: string): Promise<Server> {
  // A build's server reads the config of its own checkout.
  const cwd = bin ? resolve(dirname(bin), '..') : ROOT;
  const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolveServer, reject) => {
    let seen = '';
    const timer = setTimeout(() => fail(new Error(`${name} did not start within 60 s: ${seen.slice(-2000)}`)), 60_000);
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      seen += chunk.toString('utf8');
      const match = /listening on (http:\/\/[^\s]+)/.exec(seen);
      if (!match) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      child.stderr!.off('data', onData);
      // Keep draining its output so it never blocks on a full pipe.
      child.stdout!.resume();
      child.stderr!.resume();
      resolveServer({ name, url: match[1]!, child });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('error', fail);
    child.once('exit', (code) => fail(new Error(`${name} exited (${code}) before listening: ${seen.slice(-2000)}`)));
  });
}

/** SIGTERM, then wait for the exit (a `--cpu-prof` server writes its profile then); SIGKILL after 15 s. */
function stop(server: Server): Promise<void> {
  const { child } = server;
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(kill);
      done();
    });
    child.kill('SIGTERM');
  });
}

async function post(url: string, body: string): Promise<Buffer> {
  const response = await fetch(`${url}${PATH}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
  const bytes = Buffer.from(await response.arrayBuffer());
  if (response.status !== 200) throw new Error(`POST ${url}${PATH} ${body}: HTTP ${response.status}: ${bytes.toString('utf8').slice(0, 500)}`);
  return bytes;
}

/** req/s of one server under autocannon for `seconds`; any error or non-2xx answer fails the bench. */
async function load(server: Server, body: string, connections: number, seconds: number): Promise<number> {
  const result = await autocannon({
    url: `${server.url}${PATH}`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    connections,
    duration: seconds,
  });
  if (result.errors > 0 || result.non2xx > 0) throw new Error(`${server.name}: ${result.errors} errors, ${result.non2xx} non-2xx answers under load`);
  return result.requests.total / result.duration;
}

function spread(values: readonly number[]): Spread {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
}

const range = (s: Spread, format: (n: number) => string) => `${format(s.median)} (${format(s.min)}-${format(s.max)})`;

/** `node dist/bench/http-bench.js --help`. */
const USAGE = `Usage: node dist/bench/http-bench.js [options]   (npm run bench:http -- [options])

Loads esdh serve and a bare Koa app answering the same bytes (both child processes
on 127.0.0.1) with POST ${PATH} {"records":N} from autocannon, in rounds whose
order alternates, and prints req/s of each and esdh / bare (the target: at least
${HTTP_TARGET_RATIO}) as a markdown section.

  --rounds N        measured rounds (default 3)
  --duration S      seconds each server is loaded a round (default 5)
  --warmup S        seconds of load on each server before the first round, not counted;
                    0 for none (default 2)
  --connections N   autocannon connections (default 50)
  --records N       records of the request body (default 10)
  --compare BIN     another build's bin/esdh.js, served and measured in the same rounds
                    (default: none)
  --cpu-prof DIR    run this build's server under node --cpu-prof, its profile written
                    into DIR at exit (default: no profile)
  --help            this text
`;

/** The bench's options as runHttpBench takes them, or null for --help. */
function parseOptions(argv: string[]): HttpBenchOptions | null {
  const parsed = parseBenchArgs(argv, {
    options: {
      rounds: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      connections: { type: 'string' },
      records: { type: 'string' },
      compare: { type: 'string' },
      'cpu-prof': { type: 'string' },
    },
  });
  if (parsed === null) return null;
  const { values } = parsed;
  const whole = (value: string | undefined, what: string, min: number): number | undefined => (value === undefined ? undefined : wholeNumber(`--${what}`, value, min));
  const prof = values['cpu-prof'];
  return {
    rounds: whole(values.rounds, 'rounds', 1),
    durationS: whole(values.duration, 'duration', 1),
    warmupS: whole(values.warmup, 'warmup', 0),
    connections: whole(values.connections, 'connections', 1),
    records: whole(values.records, 'records', 1),
    compareBin: values.compare ? compareBin(values.compare) : null,
    nodeArgs: prof ? ['--cpu-prof', `--cpu-prof-dir=${resolve(prof)}`] : [],
  };
}

/** --compare's bin/esdh.js, which must exist (it is started only after this build's server and the bare app). */
function compareBin(text: string): string {
  const bin = resolve(text);
  if (!existsSync(bin)) throw new UsageError(`--compare: another build's bin/esdh.js (got ${text}, which does not exist)`);
  return bin;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (options === null) {
    process.stdout.write(USAGE);
    return;
  }
  const result = await runHttpBench(options);
  process.stdout.write(httpBenchLines(result).join('\n') + '\n');
}

// Only as a script: run-bench.ts imports runHttpBench and httpBenchLines.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) runBench('http-bench', main);
