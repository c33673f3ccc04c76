/**
 * `npm run bench:compare -- <other checkout> [--records N] [--rounds R]`:
 * the same `esdh run` (csv + ndjson, one worker) from this checkout and from
 * another built checkout of ESDH (e.g. the previous commit:
 * `git worktree add /tmp/esdh-base HEAD~1 && (cd /tmp/esdh-base && npm ci && npm run build)`),
 * in alternating rounds of one script, and the ratio of their median times.
 * Each run's data files are hashed: a refactor must not change a byte, so the
 * script says whether the two builds wrote the same data.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { firstWholeNumber, parseBenchArgs, runBench, UsageError } from './bench-args.js';
import { measureNode, rssMethod, stopOnSignal, type Measurement, type RssMethod } from './measure.js';

const HERE = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** `npm run bench:compare -- --help`. */
const USAGE = `Usage: npm run bench:compare -- <other checkout> [options]   (node dist/bench/compare-builds.js ...)

Times the same esdh run (seed 42, one worker) from this checkout and from another
built ESDH checkout, in alternating rounds, prints each round and the ratio of the
median times, and whether the two builds wrote byte-identical data files.

  <other checkout>   the other built ESDH checkout (a folder with bin/esdh.js); required
  --records N        bundles a run (default 300,000)
  --rounds N         rounds, each one run of each build (default 5)
  --format LIST      the runs' --format (default csv,ndjson)
  --help             this text
`;

interface Options {
  /** The other checkout's folder. */
  readonly other: string;
  readonly records: number;
  readonly rounds: number;
  readonly format: string;
}

/** The comparison's options, or null for --help. */
function parseOptions(argv: string[]): Options | null {
  const parsed = parseBenchArgs(argv, { options: { records: { type: 'string' }, rounds: { type: 'string' }, format: { type: 'string' } }, allowPositionals: true });
  if (parsed === null) return null;
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new UsageError(`one other built ESDH checkout to compare with (got ${positionals.length} arguments${positionals.length ? `: ${positionals.join(' ')}` : ''})`);
  return {
    other: checkout(positionals[0]!),
    records: firstWholeNumber({ '--records': values.records }, 300_000),
    rounds: firstWholeNumber({ '--rounds': values.rounds }, 5),
    format: values.format ?? 'csv,ndjson',
  };
}

/** The other checkout's folder, which must hold bin/esdh.js. */
function checkout(text: string): string {
  const folder = resolve(text);
  if (!existsSync(join(folder, 'bin', 'esdh.js'))) throw new UsageError(`<other checkout>: a built ESDH checkout, with bin/esdh.js (got ${text}, which has none)`);
  return folder;
}

/** sha256 of every data file (not the manifest or README, which name versions and times). */
function dataHashes(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) {
    if (/^(snapshot_manifest_|README_SNAPSHOT_)/.test(name)) continue;
    out[name] = createHash('sha256').update(readFileSync(join(dir, name))).digest('hex');
  }
  return out;
}

/** The output folder of the run under way (removed if the bench is stopped). */
let current: string | null = null;

async function runOnce(o: Options, method: RssMethod, root: string, label: string, round: number): Promise<{ m: Measurement; hashes: Record<string, string> }> {
  const out = join(tmpdir(), `esdh-compare-${process.pid}-${label}-${round}`);
  current = out;
  rmSync(out, { recursive: true, force: true });
  const m = await measureNode([join(root, 'bin', 'esdh.js'), 'run', '--records', String(o.records), '--seed', '42', '--format', o.format, '--out', out, '--quiet'], { cwd: root, method });
  if (m.exitCode !== 0) throw new Error(`${label} run failed: ${m.stderr}`);
  const hashes = dataHashes(out);
  rmSync(out, { recursive: true, force: true });
  return { m, hashes };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const o = parseOptions(process.argv.slice(2));
  if (o === null) {
    process.stdout.write(USAGE);
    return;
  }
  const { other, records, rounds } = o;
  const method = rssMethod();
  stopOnSignal(() => {
    if (current) rmSync(current, { recursive: true, force: true });
  });
  const times: Record<'this' | 'other', number[]> = { this: [], other: [] };
  let same = true;
  for (let round = 0; round < rounds; round++) {
    const order: ('this' | 'other')[] = round % 2 === 0 ? ['other', 'this'] : ['this', 'other'];
    const hashes: Record<string, Record<string, string>> = {};
    for (const which of order) {
      const { m, hashes: h } = await runOnce(o, method, which === 'this' ? HERE : other, which, round);
      times[which].push(m.wallMs);
      hashes[which] = h;
    }
    same &&= JSON.stringify(hashes.this) === JSON.stringify(hashes.other);
    console.log(`round ${round + 1}: this ${(times.this.at(-1)! / 1000).toFixed(2)} s, other ${(times.other.at(-1)! / 1000).toFixed(2)} s`);
  }
  const ratio = median(times.other) / median(times.this);
  console.log(`\n${records} bundles, ${o.format}, ${rounds} alternating rounds`);
  console.log(`median: this ${(median(times.this) / 1000).toFixed(2)} s, other (${other}) ${(median(times.other) / 1000).toFixed(2)} s`);
  console.log(`this runs at ${ratio.toFixed(3)}x the other build's speed (>1 is faster); range this ${(Math.min(...times.this) / 1000).toFixed(2)}-${(Math.max(...times.this) / 1000).toFixed(2)} s, other ${(Math.min(...times.other) / 1000).toFixed(2)}-${(Math.max(...times.other) / 1000).toFixed(2)} s`);
  console.log(same ? 'data files: byte-identical in every round' : 'data files: DIFFER between the builds');
}

runBench('compare-builds', main);
