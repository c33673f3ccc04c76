import { randomInt } from 'node:crypto';
import { esdhError } from '../contracts/errors.js';
import type { ResolvedConfig } from '../contracts/config-types.js';

/** Everything that decides a run's data, resolved from profile, config and flags. */
export interface RunPlan {
  readonly profile: string;
  readonly records: number;
  readonly seed: number;
  /** How the seed was chosen: 'option', 'profile', 'random' or 'default'. */
  readonly seedSource: 'option' | 'profile' | 'random' | 'default';
  readonly asOf: string;
  readonly entities: readonly string[];
  readonly formats: readonly string[];
}

/** What a caller (CLI flag, HTTP body, embedding call) may ask for. */
export interface RunRequest {
  profile?: string;
  records?: number;
  seed?: number;
  randomize?: boolean;
  asOf?: string;
  entities?: readonly string[];
  formats?: readonly string[];
}

/** The largest seed accepted (2^53 - 1): any integer a JSON number holds exactly. */
export const MAX_SEED = Number.MAX_SAFE_INTEGER;

/** A fresh seed for randomized runs; recorded so the run can be repeated. */
export function randomSeed(): number {
  return randomInt(0, 2 ** 32);
}

/** Resolve a request against the config's profiles. */
export function resolveRunPlan(config: ResolvedConfig, request: RunRequest = {}): RunPlan {
  const profileName = request.profile ?? config.default_profile;
  const profile = config.profiles[profileName];
  if (!profile) throw esdhError('ESDH_ERR_PROFILE_UNKNOWN', profileName, Object.keys(config.profiles).join(', '));
  const records = request.records ?? profile.records;
  let seed: number;
  let seedSource: RunPlan['seedSource'];
  if (request.randomize) [seed, seedSource] = [randomSeed(), 'random'];
  else if (request.seed !== undefined) [seed, seedSource] = [request.seed, 'option'];
  else if (profile.randomize) [seed, seedSource] = [randomSeed(), 'random'];
  else if (profile.seed !== undefined && profile.seed !== null) [seed, seedSource] = [profile.seed, 'profile'];
  else [seed, seedSource] = [config.default_seed, 'default'];
  return {
    profile: profileName,
    records,
    seed,
    seedSource,
    asOf: request.asOf ?? profile.as_of ?? config.as_of,
    entities: request.entities ?? profile.entities ?? config.entities,
    formats: request.formats ?? profile.formats ?? config.formats,
  };
}

/**
 * A positive whole number of records, from a flag or body value.
 * @example
 * parseRecords('250'); // → 250
 * parseRecords(0); // throws ESDH_ERR_OPTION_INVALID
 */
export function parseRecords(value: unknown, what = 'records'): number {
  const n = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 1) {
    throw esdhError('ESDH_ERR_OPTION_INVALID', what, JSON.stringify(value), 'expected a whole number of at least 1 (e.g. 30)');
  }
  return n;
}

/**
 * A seed: a whole number 0..2^53-1, or its decimal string.
 * @example
 * parseSeed('42'); // → 42
 * parseSeed(-1); // throws ESDH_ERR_OPTION_INVALID
 */
export function parseSeed(value: unknown, what = 'seed'): number {
  const n = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) {
    throw esdhError('ESDH_ERR_OPTION_INVALID', what, JSON.stringify(value), `expected a whole number from 0 to ${MAX_SEED} (e.g. 42)`);
  }
  return n;
}

/**
 * An as-of date `YYYY-MM-DD` that exists in the calendar.
 * @example
 * parseAsOf('2025-11-01'); // → '2025-11-01'
 * parseAsOf('2025-02-30'); // throws ESDH_ERR_OPTION_INVALID
 */
export function parseAsOf(value: unknown, what = 'as_of'): string {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const date = new Date(value + 'T00:00:00Z');
    if (!Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value) return value;
  }
  throw esdhError('ESDH_ERR_OPTION_INVALID', what, JSON.stringify(value), 'expected a calendar date YYYY-MM-DD (e.g. 2025-11-01)');
}

/** A comma-separated or array list of names, each one of `known`. */
export function parseNameList(value: unknown, known: readonly string[], code: 'ESDH_ERR_EXPORTER_UNKNOWN' | 'ESDH_ERR_ENTITY_UNKNOWN'): string[] {
  const items = (Array.isArray(value) ? value : String(value).split(',')).map((s) => String(s).trim()).filter(Boolean);
  if (items.length === 0) throw esdhError(code, String(value), known.join(', '));
  for (const item of items) if (!known.includes(item)) throw esdhError(code, item, known.join(', '));
  return [...new Set(items)];
}
