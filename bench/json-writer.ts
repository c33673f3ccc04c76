/**
 * Is the generated JSON writer (bench/compiled-json-line.ts, `new Function`)
 * worth keeping over plain JSON.stringify? Measured on the WHOLE run, not on
 * the encoder alone: `engine.run` of N bundles (person + vehicle + profile,
 * validation on, 1 thread) in the formats json + ndjson, once with the
 * built-in exporters (JSON.stringify) and once with the same exporters built
 * around the compiled writer, in one process, alternating which goes first
 * each round. The two must write the same bytes (checked in round 1).
 *
 *   npm run build && node dist/bench/json-writer.js [--records 200000] [--rounds 3] [--dir /tmp]
 *
 * Prints each run, the medians and total times, and the verdict: keep the
 * compiled writer only if it makes the whole run more than 10% faster.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { entityFilesExporter, ndjsonEncoding } from '../adapters/exporters/entity-files/index.js';
import { datasetExporter } from '../adapters/exporters/json/index.js';
import { createEngine, type Engine } from '../engine/index.js';
import { firstWholeNumber, parseBenchArgs, runBench } from './bench-args.js';
import { compiledJsonLine } from './compiled-json-line.js';

const THRESHOLD = 0.1;

/** `node dist/bench/json-writer.js --help`. */
const USAGE = `Usage: node dist/bench/json-writer.js [options]

Times engine.run of N bundles in the formats json + ndjson (validation on, one
thread, in this process) with the built-in exporters (JSON.stringify) and with the
same exporters around the compiled writer (bench/compiled-json-line.ts), in
alternating rounds after a warm-up of each; checks both write the same bytes, and
prints each run, the medians, the totals and the verdict (keep the compiled writer
only if the whole run is more than ${THRESHOLD * 100}% faster).

  --records N     bundles a measured run (default 200,000)
  --rounds N      measured rounds, one run of each writer a round (default 3)
  --warmup N      bundles of each writer's warm-up run, whose bytes are compared too
                  (default 20,000)
  --dir DIR       where runs write (default: the system temp folder)
  --help          this text
`;

interface Options {
  readonly records: number;
  readonly rounds: number;
  readonly warmup: number;
  readonly dir: string;
}

/** The bench's options, or null for --help. */
function parseOptions(argv: string[]): Options | null {
  const parsed = parseBenchArgs(argv, { options: { records: { type: 'string' }, rounds: { type: 'string' }, warmup: { type: 'string' }, dir: { type: 'string' } } });
  if (parsed === null) return null;
  const { values } = parsed;
  return {
    records: firstWholeNumber({ '--records': values.records }, 200_000),
    rounds: firstWholeNumber({ '--rounds': values.rounds }, 3),
    warmup: firstWholeNumber({ '--warmup': values.warmup }, 20_000),
    dir: resolve(values.dir ?? tmpdir()),
  };
}

interface Variant {
  readonly label: string;
  readonly engine: Engine;
  readonly formats: string[];
  /** Wall time of each measured run, ms. */
  readonly times: number[];
  /** CPU time (user + system) of each measured run, ms: less swayed by other processes on a shared machine. */
  readonly cpu: number[];
}

/** The two writers: the built-in exporters, and the same exporters around the compiled writer. */
async function variants(): Promise<readonly [stringify: Variant, compiled: Variant]> {
  const base = { noConfigFile: true, env: {} } as const;
  const stringify: Variant = { label: 'JSON.stringify', engine: await createEngine(base), formats: ['json', 'ndjson'], times: [], cpu: [] };
  const compiled: Variant = {
    label: 'compiled (new Function)',
    engine: await createEngine({
      ...base,
      exporters: [
        { ...datasetExporter(() => compiledJsonLine()), name: 'json-compiled' },
        entityFilesExporter({ ...ndjsonEncoding, format: 'ndjson-compiled', line: () => compiledJsonLine() }),
      ],
    }),
    formats: ['json-compiled', 'ndjson-compiled'],
    times: [],
    cpu: [],
  };
  return [stringify, compiled];
}

/** sha256 of every data file (the README and manifest name the formats, so they differ by design). */
function dataFiles(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(dir).sort()) if (!f.startsWith('snapshot_manifest_') && !f.startsWith('README_')) out[f] = createHash('sha256').update(readFileSync(join(dir, f))).digest('hex');
  return out;
}

async function runOnce(dir: string, variant: Variant, records: number, measure: boolean, keep: boolean): Promise<Record<string, string> | undefined> {
  const parent = mkdtempSync(join(dir, 'esdh-json-writer-'));
  try {
    const out = join(parent, 'snap');
    const cpuStart = process.cpuUsage();
    const started = performance.now();
    await variant.engine.run({ records, seed: 42, formats: variant.formats, out });
    const ms = performance.now() - started;
    const cpu = process.cpuUsage(cpuStart);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    if (measure) {
      variant.times.push(ms);
      variant.cpu.push(cpuMs);
      console.log(`  ${variant.label.padEnd(24)} ${(ms / 1000).toFixed(2)} s wall  ${(cpuMs / 1000).toFixed(2)} s cpu  ${Math.round(records / (ms / 1000)).toLocaleString('en-US')} bundles/s`);
    }
    return keep ? dataFiles(out) : undefined;
  } finally {
    rmSync(parent, { recursive: true, force: true });
  }
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** The medians, totals and the verdict: the compiled writer only if the whole run is more than THRESHOLD faster. */
function printVerdict(stringify: Variant, compiled: Variant): void {
  const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
  const speedup = sum(stringify.times) / sum(compiled.times) - 1;
  const medianSpeedup = median(stringify.times) / median(compiled.times) - 1;
  const cpuSpeedup = sum(stringify.cpu) / sum(compiled.cpu) - 1;
  console.log(`median wall: JSON.stringify ${(median(stringify.times) / 1000).toFixed(2)} s, compiled ${(median(compiled.times) / 1000).toFixed(2)} s`);
  console.log(`total wall:  JSON.stringify ${(sum(stringify.times) / 1000).toFixed(2)} s, compiled ${(sum(compiled.times) / 1000).toFixed(2)} s`);
  console.log(`total cpu:   JSON.stringify ${(sum(stringify.cpu) / 1000).toFixed(2)} s, compiled ${(sum(compiled.cpu) / 1000).toFixed(2)} s`);
  console.log(`compiled vs JSON.stringify, whole run: ${(speedup * 100).toFixed(1)}% faster on total wall time (${(medianSpeedup * 100).toFixed(1)}% on medians, ${(cpuSpeedup * 100).toFixed(1)}% on CPU time); ratio stringify/compiled ${(sum(stringify.times) / sum(compiled.times)).toFixed(3)}`);
  console.log(speedup > THRESHOLD ? 'verdict: keep the compiled writer (more than 10% faster)' : 'verdict: JSON.stringify (the compiled writer is not more than 10% faster)');
}

async function main(): Promise<void> {
  const o = parseOptions(process.argv.slice(2));
  if (o === null) {
    process.stdout.write(USAGE);
    return;
  }
  const [stringify, compiled] = await variants();
  console.log(`${o.records.toLocaleString('en-US')} bundles, formats json + ndjson, ${o.rounds} rounds (after a ${o.warmup.toLocaleString('en-US')}-bundle warm-up of each), Node ${process.version}`);
  const warm = [];
  for (const variant of [stringify, compiled]) warm.push(await runOnce(o.dir, variant, o.warmup, false, true));
  if (JSON.stringify(warm[0]) !== JSON.stringify(warm[1])) throw new Error('the two writers made different bytes');
  for (let round = 1; round <= o.rounds; round++) {
    console.log(`round ${round}`);
    const order = round % 2 === 1 ? [stringify, compiled] : [compiled, stringify];
    const files = [];
    for (const variant of order) files.push(await runOnce(o.dir, variant, o.records, true, round === 1));
    if (round === 1 && JSON.stringify(files[0]) !== JSON.stringify(files[1])) throw new Error('the two writers made different bytes');
  }
  printVerdict(stringify, compiled);
}

runBench('json-writer', main);
