import type { RunPlan } from './run-options.js';
import type { UnitGenerator } from './unit-generator.js';
import { LruMap } from '../lib/lru-map.js';

/**
 * How many prepared runs an engine keeps by default: a server is usually
 * asked the same few requests again and again (a test suite's fixtures).
 */
export const PREPARED_RUNS_LIMIT = 32;

/** A checked plan and the generator made for it. */
export interface PreparedRun {
  readonly plan: RunPlan;
  readonly generator: UnitGenerator;
}

/** The options a key may be made of (GenerateOptions' fields that decide a plan); any other field makes no key. */
const KEYED = new Set(['profile', 'records', 'seed', 'asOf', 'lob', 'where', 'unitStart']);

/**
 * The plans and generators of `engine.units` (and so `generate` and
 * `stream`), per engine, by request, so a repeated request neither checks
 * its options nor builds its generator again: least recently used first out
 * past `limit`. A plan is a function of the engine's config and the
 * request; a generator's unit `i` is a function of its plan and `i` alone
 * (shards and worker threads give the same bytes), so one generator serves
 * every iteration of the same request, interleaved or not. A request the
 * key cannot tell apart from another (a field of another type than its
 * option takes, or one no key knows), a randomized seed, and an options
 * check that throws are never kept.
 * @example
 * const runs = new PreparedRuns();
 * const key = preparedKey({ records: 10, seed: 42 }); // → '[null,10,42,null,null,null,null]'
 * runs.get(key!) ?? runs.set(key!, { plan, generator });
 */
export class PreparedRuns {
  private readonly entries: LruMap<string, PreparedRun>;

  constructor(readonly limit = PREPARED_RUNS_LIMIT) {
    this.entries = new LruMap(limit, 'PreparedRuns');
  }

  /** The kept run, now the most recently used. */
  get(key: string): PreparedRun | undefined {
    return this.entries.get(key);
  }

  /** Keep a run (not one with a randomized seed), dropping the least recently used past `limit`; returns it. */
  set(key: string, run: PreparedRun): PreparedRun {
    return run.plan.seedSource === 'random' ? run : this.entries.set(key, run);
  }

  /** Runs kept now. */
  get size(): number {
    return this.entries.size;
  }
}

/**
 * The key of a `units` request: its plan-deciding options and the entities
 * asked for, or undefined when the request is randomized or holds anything
 * a key could confuse (JSON spells NaN and undefined alike, so only whole
 * numbers, strings and arrays of strings make a key).
 */
export function preparedKey(options: Readonly<Record<string, unknown>>, entities?: readonly string[]): string | undefined {
  for (const field in options) if (!KEYED.has(field) && options[field] !== undefined) return undefined;
  const { profile, records, seed, asOf, lob, where } = options;
  if (!optional(profile, isString) || !optional(asOf, isString) || !optional(lob, isString)) return undefined;
  if (!optional(records, Number.isSafeInteger) || !optional(seed, Number.isSafeInteger)) return undefined;
  if (!optional(where, (w) => isString(w) || isStrings(w)) || !optional(entities, isStrings)) return undefined;
  return JSON.stringify([profile ?? null, records ?? null, seed ?? null, asOf ?? null, lob ?? null, where ?? null, entities ?? null]);
}

function optional(value: unknown, test: (value: unknown) => boolean): boolean {
  return value === undefined || test(value);
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}

function isStrings(value: unknown): boolean {
  return Array.isArray(value) && value.every(isString);
}
