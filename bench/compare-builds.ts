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
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { measureNode, rssMethod, stopOnSignal, type Measurement } from './measure.js';

const HERE = resolve(fileURLToPath(new URL('../..', import.meta.url)));

const { values, positionals } = parseArgs({
  args: process.argv.slice(2),
  options: { records: { type: 'string', default: '300000' }, rounds: { type: 'string', default: '5' }, format: { type: 'string', default: 'csv,ndjson' } },
  allowPositionals: true,
});
if (positionals.length !== 1) {
  console.error('usage: npm run bench:compare -- <other built ESDH checkout> [--records N] [--rounds R] [--format csv,ndjson]');
  process.exit(2);
}
const other = resolve(positionals[0]!);
const records = Number(values.records);
const rounds = Number(values.rounds);
const method = rssMethod();

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
stopOnSignal(() => {
  if (current) rmSync(current, { recursive: true, force: true });
});

async function runOnce(checkout: string, label: string, round: number): Promise<{ m: Measurement; hashes: Record<string, string> }> {
  const out = join(tmpdir(), `esdh-compare-${process.pid}-${label}-${round}`);
  current = out;
  rmSync(out, { recursive: true, force: true });
  const m = await measureNode([join(checkout, 'bin', 'esdh.js'), 'run', '--records', String(records), '--seed', '42', '--format', values.format!, '--out', out, '--quiet'], { cwd: checkout, method });
  if (m.exitCode !== 0) throw new Error(`${label} run failed: ${m.stderr}`);
  const hashes = dataHashes(out);
  rmSync(out, { recursive: true, force: true });
  return { m, hashes };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const times: Record<'this' | 'other', number[]> = { this: [], other: [] };
let same = true;
for (let round = 0; round < rounds; round++) {
  const order: ('this' | 'other')[] = round % 2 === 0 ? ['other', 'this'] : ['this', 'other'];
  const hashes: Record<string, Record<string, string>> = {};
  for (const which of order) {
    const { m, hashes: h } = await runOnce(which === 'this' ? HERE : other, which, round);
    times[which].push(m.wallMs);
    hashes[which] = h;
  }
  same &&= JSON.stringify(hashes.this) === JSON.stringify(hashes.other);
  console.log(`round ${round + 1}: this ${(times.this.at(-1)! / 1000).toFixed(2)} s, other ${(times.other.at(-1)! / 1000).toFixed(2)} s`);
}
const ratio = median(times.other) / median(times.this);
console.log(`\n${records} bundles, ${values.format}, ${rounds} alternating rounds`);
console.log(`median: this ${(median(times.this) / 1000).toFixed(2)} s, other (${other}) ${(median(times.other) / 1000).toFixed(2)} s`);
console.log(`this runs at ${ratio.toFixed(3)}x the other build's speed (>1 is faster); range this ${(Math.min(...times.this) / 1000).toFixed(2)}-${(Math.max(...times.this) / 1000).toFixed(2)} s, other ${(Math.min(...times.other) / 1000).toFixed(2)}-${(Math.max(...times.other) / 1000).toFixed(2)} s`);
console.log(same ? 'data files: byte-identical in every round' : 'data files: DIFFER between the builds');
