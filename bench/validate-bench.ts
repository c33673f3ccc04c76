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
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ValidateFunction } from 'ajv';
import { createEngine, type Engine } from '../engine/index.js';
import { firstWholeNumber, parseBenchArgs, runBench, UsageError } from './bench-args.js';

const CHUNK = 256;
/** Where a built checkout's registry is, under its folder. */
const REGISTRY_MODULE = join('dist', 'engine', 'schema', 'schema-registry.js');

/** `node dist/bench/validate-bench.js --help`. */
const USAGE = `Usage: node dist/bench/validate-bench.js [options]

Holds every record of N units in memory (seed 42, in the order a run makes them)
and validates them with ajv's validators alone ("ajv") and with the registry's
("fast": the compiled check in front of ajv), in alternating rounds: whole-set
passes (cold) and chunks of ${CHUNK} units (warm). Prints µs per unit of each and
the ratios fast / ajv.

  --records N       units: bundles, or accounts of the book (default 200,000)
  --rounds N        measured rounds (default 4)
  --profile NAME    the esdh profile generated (default: the config's default, baseline)
  --before DIR      "ajv" = the registry validators of another built ESDH checkout
                    (default: this build's ajv validators)
  --help            this text
`;

interface Options {
  readonly units: number;
  readonly rounds: number;
  readonly profile: string | undefined;
  readonly before: string | undefined;
}

/** The bench's options, or null for --help. */
function parseOptions(argv: string[]): Options | null {
  const parsed = parseBenchArgs(argv, { options: { records: { type: 'string' }, rounds: { type: 'string' }, profile: { type: 'string' }, before: { type: 'string' } } });
  if (parsed === null) return null;
  const { values } = parsed;
  return {
    units: firstWholeNumber({ '--records': values.records }, 200_000),
    rounds: firstWholeNumber({ '--rounds': values.rounds }, 4),
    profile: values.profile,
    before: values.before === undefined ? undefined : builtCheckout(values.before),
  };
}

/** --before's folder, which must hold a built registry. */
function builtCheckout(text: string): string {
  const root = resolve(text);
  if (!existsSync(join(root, REGISTRY_MODULE))) throw new UsageError(`--before: a built ESDH checkout, with ${REGISTRY_MODULE} (got ${text}, which has none)`);
  return root;
}

/** Every record of a run held in memory: per record the index of its schema, and where each unit ends. */
interface Corpus {
  readonly units: number;
  readonly schemaIds: readonly string[];
  readonly records: readonly unknown[];
  readonly schemaOf: readonly number[];
  readonly unitEnds: readonly number[];
}

async function generate(engine: Engine, o: Options): Promise<Corpus> {
  const schemaIds: string[] = [];
  const records: unknown[] = [];
  const schemaOf: number[] = [];
  const unitEnds: number[] = [];
  for await (const unit of engine.units({ records: o.units, seed: 42, ...(o.profile === undefined ? {} : { profile: o.profile }) })) {
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
  return { units: o.units, schemaIds, records, schemaOf, unitEnds };
}

interface Registry { validator(id: string): ValidateFunction }
async function beforeRegistry(root: string): Promise<Registry> {
  const module = await import(pathToFileURL(join(root, REGISTRY_MODULE)).href) as { SchemaRegistry: new () => Registry & { addFolder(dir: string): Registry } };
  return new module.SchemaRegistry().addFolder(join(root, 'schemas'));
}

type Validators = Readonly<Record<'ajv' | 'fast', readonly ValidateFunction[]>>;

/** Nanoseconds to validate records [from, to) with `set`. */
function pass(corpus: Corpus, set: readonly ValidateFunction[], from: number, to: number): number {
  const { records, schemaOf } = corpus;
  const start = process.hrtime.bigint();
  for (let i = from; i < to; i++) if (!set[schemaOf[i]!]!(records[i])) throw new Error(`record ${i} invalid`);
  return Number(process.hrtime.bigint() - start);
}

function coldRound(corpus: Corpus, validators: Validators, order: readonly ('ajv' | 'fast')[]): Record<string, number> {
  const times: Record<string, number> = {};
  for (const name of order) times[name] = pass(corpus, validators[name], 0, corpus.records.length) / 1000 / corpus.units;
  return times;
}

/** Chunks of 256 units, each touched once (untimed), then validated by both in turn, the order alternating per chunk. */
function warmRound(corpus: Corpus, validators: Validators): Record<string, number> {
  const { units, unitEnds } = corpus;
  const totals = { ajv: 0, fast: 0 };
  let flip = false;
  for (let u = 0; u < units; u += CHUNK) {
    const from = u === 0 ? 0 : unitEnds[u - 1]!;
    const to = unitEnds[Math.min(units, u + CHUNK) - 1]!;
    pass(corpus, validators.ajv, from, to);
    for (const name of flip ? (['fast', 'ajv'] as const) : (['ajv', 'fast'] as const)) totals[name] += pass(corpus, validators[name], from, to);
    flip = !flip;
  }
  return { ajv: totals.ajv / 1000 / units, fast: totals.fast / 1000 / units };
}

function report(label: string, ratios: number[]): void {
  const sorted = [...ratios].sort((a, b) => a - b);
  console.log(`${label} fast/ajv: median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(3)}, range ${sorted[0]!.toFixed(3)}-${sorted[sorted.length - 1]!.toFixed(3)}`);
}

async function main(): Promise<void> {
  const o = parseOptions(process.argv.slice(2));
  if (o === null) {
    process.stdout.write(USAGE);
    return;
  }
  const engine = await createEngine({ noConfigFile: true, env: {} });
  const started = Date.now();
  const corpus = await generate(engine, o);
  console.log(`${o.units} units, ${corpus.records.length} records of ${corpus.schemaIds.join(', ')}, generated in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const before = o.before === undefined ? undefined : await beforeRegistry(o.before);
  if (before) console.log(`"ajv" is the registry of ${o.before}`);
  const validators: Validators = {
    ajv: corpus.schemaIds.map((id) => (before ? before.validator(id) : engine.schemas.ajvValidator(id))),
    fast: corpus.schemaIds.map((id) => engine.schemas.validator(id)),
  };

  // Warm both up (compiled code, inline caches) before timing.
  coldRound(corpus, validators, ['ajv', 'fast']);
  const cold: number[] = [];
  const warm: number[] = [];
  for (let r = 0; r < o.rounds; r++) {
    const times = coldRound(corpus, validators, r % 2 === 0 ? ['ajv', 'fast'] : ['fast', 'ajv']);
    cold.push(times.fast! / times.ajv!);
    const hot = warmRound(corpus, validators);
    warm.push(hot.fast! / hot.ajv!);
    console.log(`round ${r + 1}: cold ajv ${times.ajv!.toFixed(2)} fast ${times.fast!.toFixed(2)} µs/unit (${cold[r]!.toFixed(3)}); warm ajv ${hot.ajv!.toFixed(2)} fast ${hot.fast!.toFixed(2)} µs/unit (${warm[r]!.toFixed(3)})`);
  }
  report('cold', cold);
  report('warm', warm);
}

runBench('validate-bench', main);
