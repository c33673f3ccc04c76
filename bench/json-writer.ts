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
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { entityFilesExporter, ndjsonEncoding } from '../adapters/exporters/entity-files/index.js';
import { datasetExporter } from '../adapters/exporters/json/index.js';
import { createEngine, type Engine } from '../engine/index.js';
import { compiledJsonLine } from './compiled-json-line.js';

const { values } = parseArgs({ options: { records: { type: 'string', default: '200000' }, rounds: { type: 'string', default: '3' }, warmup: { type: 'string', default: '20000' }, dir: { type: 'string', default: tmpdir() } } });
const RECORDS = Number(values.records);
const ROUNDS = Number(values.rounds);
const WARMUP = Number(values.warmup);
const THRESHOLD = 0.1;

interface Variant {
  readonly label: string;
  readonly engine: Engine;
  readonly formats: string[];
  /** Wall time of each measured run, ms. */
  readonly times: number[];
  /** CPU time (user + system) of each measured run, ms: less swayed by other processes on a shared machine. */
  readonly cpu: number[];
}

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

/** sha256 of every data file (the README and manifest name the formats, so they differ by design). */
function dataFiles(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(dir).sort()) if (!f.startsWith('snapshot_manifest_') && !f.startsWith('README_')) out[f] = createHash('sha256').update(readFileSync(join(dir, f))).digest('hex');
  return out;
}

async function runOnce(variant: Variant, records: number, measure: boolean, keep: boolean): Promise<Record<string, string> | undefined> {
  const parent = mkdtempSync(join(values.dir!, 'esdh-json-writer-'));
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

console.log(`${RECORDS.toLocaleString('en-US')} bundles, formats json + ndjson, ${ROUNDS} rounds (after a ${WARMUP.toLocaleString('en-US')}-bundle warm-up of each), Node ${process.version}`);
const warm = [];
for (const variant of [stringify, compiled]) warm.push(await runOnce(variant, WARMUP, false, true));
if (JSON.stringify(warm[0]) !== JSON.stringify(warm[1])) throw new Error('the two writers made different bytes');
for (let round = 1; round <= ROUNDS; round++) {
  console.log(`round ${round}`);
  const order = round % 2 === 1 ? [stringify, compiled] : [compiled, stringify];
  const files = [];
  for (const variant of order) files.push(await runOnce(variant, RECORDS, true, round === 1));
  if (round === 1 && JSON.stringify(files[0]) !== JSON.stringify(files[1])) throw new Error('the two writers made different bytes');
}
const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
const speedup = sum(stringify.times) / sum(compiled.times) - 1;
const medianSpeedup = median(stringify.times) / median(compiled.times) - 1;
const cpuSpeedup = sum(stringify.cpu) / sum(compiled.cpu) - 1;
console.log(`median wall: JSON.stringify ${(median(stringify.times) / 1000).toFixed(2)} s, compiled ${(median(compiled.times) / 1000).toFixed(2)} s`);
console.log(`total wall:  JSON.stringify ${(sum(stringify.times) / 1000).toFixed(2)} s, compiled ${(sum(compiled.times) / 1000).toFixed(2)} s`);
console.log(`total cpu:   JSON.stringify ${(sum(stringify.cpu) / 1000).toFixed(2)} s, compiled ${(sum(compiled.cpu) / 1000).toFixed(2)} s`);
console.log(`compiled vs JSON.stringify, whole run: ${(speedup * 100).toFixed(1)}% faster on total wall time (${(medianSpeedup * 100).toFixed(1)}% on medians, ${(cpuSpeedup * 100).toFixed(1)}% on CPU time); ratio stringify/compiled ${(sum(stringify.times) / sum(compiled.times)).toFixed(3)}`);
console.log(speedup > THRESHOLD ? 'verdict: keep the compiled writer (more than 10% faster)' : 'verdict: JSON.stringify (the compiled writer is not more than 10% faster)');
