/**
 * The cost of validating records: every record of N bundles (or book
 * accounts) held in memory in the order a run makes them, validated by ajv's
 * validators alone ("ajv") and by the registry's validators, the compiled
 * check in front of ajv ("fast"), in alternating rounds (ajv fast, fast ajv,
 * ...) so drift on a shared machine hits both alike: whole-set passes
 * (records cold in cache) and chunks of 256 units validated by both in turn
 * (warm, as in a run, where a record is validated right after it is made).
 * Prints µs per unit for each and the ratios fast / ajv. Measured here,
 * never asserted in tests.
 *
 *   npm run build && node dist/bench/validate-bench.js                      200,000 v0.1 bundles, 4 rounds
 *   node dist/bench/validate-bench.js --records 5000 --profile book --rounds 4
 *   node dist/bench/validate-bench.js --before /tmp/esdh-old                 "ajv" = the validators of another built checkout
 *
 * With `--before <folder>` (a built ESDH checkout), the "ajv" side is that
 * build's registry validators on the same records: before/after, including
 * any change to the format checks both use.
 */
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { ValidateFunction } from 'ajv';
import { createEngine } from '../engine/index.js';

const { values } = parseArgs({
  options: {
    records: { type: 'string', default: '200000' },
    rounds: { type: 'string', default: '4' },
    profile: { type: 'string' },
    before: { type: 'string' },
  },
});
const units = Number(values.records);
const rounds = Number(values.rounds);
const CHUNK = 256;

const engine = await createEngine({ noConfigFile: true, env: {} });
const schemaIds: string[] = [];
/** Per unit: its records and the index of each one's schema, in the order the run made them. */
const records: unknown[] = [];
const schemaOf: number[] = [];
const unitEnds: number[] = [];
const started = Date.now();
for await (const unit of engine.units({ records: units, seed: 42, ...(values.profile === undefined ? {} : { profile: values.profile }) })) {
  for (const [name, list] of Object.entries(unit)) {
    const id = engine.entity(name).schemaId;
    let index = schemaIds.indexOf(id);
    if (index < 0) index = schemaIds.push(id) - 1;
    for (const record of list) {
      records.push(record);
      schemaOf.push(index);
    }
  }
  unitEnds.push(records.length);
}
console.log(`${units} units, ${records.length} records of ${schemaIds.join(', ')}, generated in ${((Date.now() - started) / 1000).toFixed(1)} s`);

interface Registry { validator(id: string): ValidateFunction }
async function beforeRegistry(root: string): Promise<Registry> {
  const module = await import(pathToFileURL(join(resolve(root), 'dist', 'engine', 'schema', 'schema-registry.js')).href) as { SchemaRegistry: new () => Registry & { addFolder(dir: string): Registry } };
  return new module.SchemaRegistry().addFolder(join(resolve(root), 'schemas'));
}
const before = values.before === undefined ? undefined : await beforeRegistry(values.before);
if (before) console.log(`"ajv" is the registry of ${values.before}`);

const validators: Record<'ajv' | 'fast', ValidateFunction[]> = {
  ajv: schemaIds.map((id) => (before ? before.validator(id) : engine.schemas.ajvValidator(id))),
  fast: schemaIds.map((id) => engine.schemas.validator(id)),
};

/** Nanoseconds to validate records [from, to) with `set`. */
function pass(set: ValidateFunction[], from: number, to: number): number {
  const start = process.hrtime.bigint();
  for (let i = from; i < to; i++) if (!set[schemaOf[i]!]!(records[i])) throw new Error(`record ${i} invalid`);
  return Number(process.hrtime.bigint() - start);
}

function coldRound(order: readonly ('ajv' | 'fast')[]): Record<string, number> {
  const times: Record<string, number> = {};
  for (const name of order) times[name] = pass(validators[name], 0, records.length) / 1000 / units;
  return times;
}

/** Chunks of 256 units, each touched once (untimed), then validated by both in turn, the order alternating per chunk. */
function warmRound(): Record<string, number> {
  const totals = { ajv: 0, fast: 0 };
  let flip = false;
  for (let u = 0; u < units; u += CHUNK) {
    const from = u === 0 ? 0 : unitEnds[u - 1]!;
    const to = unitEnds[Math.min(units, u + CHUNK) - 1]!;
    pass(validators.ajv, from, to);
    for (const name of flip ? (['fast', 'ajv'] as const) : (['ajv', 'fast'] as const)) totals[name] += pass(validators[name], from, to);
    flip = !flip;
  }
  return { ajv: totals.ajv / 1000 / units, fast: totals.fast / 1000 / units };
}

function report(label: string, ratios: number[]): void {
  const sorted = [...ratios].sort((a, b) => a - b);
  console.log(`${label} fast/ajv: median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(3)}, range ${sorted[0]!.toFixed(3)}-${sorted[sorted.length - 1]!.toFixed(3)}`);
}

// Warm both up (compiled code, inline caches) before timing.
coldRound(['ajv', 'fast']);
const cold: number[] = [];
const warm: number[] = [];
for (let r = 0; r < rounds; r++) {
  const times = coldRound(r % 2 === 0 ? ['ajv', 'fast'] : ['fast', 'ajv']);
  cold.push(times.fast! / times.ajv!);
  const hot = warmRound();
  warm.push(hot.fast! / hot.ajv!);
  console.log(`round ${r + 1}: cold ajv ${times.ajv!.toFixed(2)} fast ${times.fast!.toFixed(2)} µs/unit (${cold[r]!.toFixed(3)}); warm ajv ${hot.ajv!.toFixed(2)} fast ${hot.fast!.toFixed(2)} µs/unit (${warm[r]!.toFixed(3)})`);
}
report('cold', cold);
report('warm', warm);
