import { randomInt } from 'node:crypto';
import { esdhError } from '../contracts/errors.js';
import type { Distributions, ProfileConfig, ResolvedConfig } from '../contracts/config-types.js';
import type { Where } from '../contracts/where.js';
import { splitWhere } from './where-parse.js';

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
  /** The shape of the data: the config's distributions with the profile's own over them, field by field (and `lob`'s mix over those). */
  readonly distributions: Distributions;
  /** The one line of business the request limited the run to, when it did. */
  readonly lob?: LobType;
  /** Scenario targeting: the profile's `where` terms and the request's, parsed and checked (engine.plan; empty when none). */
  readonly where: Where;
  /** The same terms as text: as written from resolveRunPlan, in their normal spelling (termText) once engine.plan has parsed them. */
  readonly whereText: readonly string[];
}

/**
 * The lines of business, as `lob_type` spells them and `--lob` accepts them.
 * @example
 * LOB_TYPES.includes('Commercial'); // → true
 */
export const LOB_TYPES = ['Personal', 'Commercial'] as const;
export type LobType = (typeof LOB_TYPES)[number];

/** What a caller (CLI flag, HTTP body, embedding call) may ask for. */
export interface RunRequest {
  profile?: string;
  records?: number;
  seed?: number;
  randomize?: boolean;
  asOf?: string;
  entities?: readonly string[];
  formats?: readonly string[];
  /** Only this line of business: the lob mix becomes 1 for it and 0 for the other. */
  lob?: LobType;
  /**
   * Scenario targeting: terms every unit meets by construction, added to the
   * profile's `where` (docs/scenario-targeting.md): `'state=AZ,claims>=1'`,
   * or strings each holding one or more comma-separated terms.
   */
  where?: string | readonly string[];
}

/** The largest seed accepted (2^53 - 1): any integer a JSON number holds exactly. */
export const MAX_SEED = Number.MAX_SAFE_INTEGER;

/** A fresh seed for randomized runs; recorded so the run can be repeated. */
export function randomSeed(): number {
  return randomInt(0, 2 ** 32);
}

/**
 * The profile of that name, looked up among the config's own profiles only:
 * `constructor`, `toString` or `__proto__` are not profiles.
 * @example
 * profileNamed(config, 'baseline'); // → { records: 30, seed: 42, ... }
 * profileNamed(config, 'constructor'); // throws ESDH_ERR_PROFILE_UNKNOWN
 */
export function profileNamed(config: Pick<ResolvedConfig, 'profiles'>, name: string): ProfileConfig {
  const profile = Object.hasOwn(config.profiles, name) ? config.profiles[name] : undefined;
  if (!profile || typeof profile !== 'object') throw esdhError('ESDH_ERR_PROFILE_UNKNOWN', name, Object.keys(config.profiles).join(', '));
  return profile;
}

/** Resolve a request against the config's profiles; the resolved as_of is checked (parseAsOf) wherever it came from. */
export function resolveRunPlan(config: ResolvedConfig, request: RunRequest = {}): RunPlan {
  const profileName = request.profile ?? config.default_profile;
  const profile = profileNamed(config, profileName);
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
    asOf: resolvedAsOf(config, profileName, profile, request.asOf),
    entities: request.entities ?? profile.entities ?? config.entities,
    formats: request.formats ?? profile.formats ?? config.formats,
    distributions: {
      ...config.distributions,
      ...profile.distributions,
      ...(request.lob === undefined ? {} : { lob_mix: { Personal: request.lob === 'Personal' ? 1 : 0, Commercial: request.lob === 'Commercial' ? 1 : 0 } }),
    },
    ...(request.lob === undefined ? {} : { lob: request.lob }),
    where: NO_TERMS,
    whereText: [...splitWhere(profile.where), ...splitWhere(request.where)],
  };
}

const NO_TERMS: Where = Object.freeze([]);

/**
 * A line of business, as written (Personal or Commercial; any case).
 * @example
 * parseLob('commercial'); // → 'Commercial'
 * parseLob('auto'); // throws ESDH_ERR_OPTION_INVALID
 */
export function parseLob(value: unknown, what = 'lob'): LobType {
  const found = typeof value === 'string' ? LOB_TYPES.find((l) => l.toLowerCase() === value.trim().toLowerCase()) : undefined;
  if (!found) throw esdhError('ESDH_ERR_OPTION_INVALID', what, JSON.stringify(value), `expected ${LOB_TYPES.join(' or ')}`);
  return found;
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
 * The as_of dates a run may use, inclusive. The reference data decides it: a
 * vehicle's model year lies in the fleet's age window [as_of year - 40,
 * as_of year + 1] (data/reference/vehicle/catalogue.json `fleet.max_age`) and
 * is one the catalogue lists for the model (1981, the first year of the
 * 17-character VIN, to 2026, the last full model year of its vPIC snapshot;
 * VIN year codes cover 1980-2039). Every v0.1 body style (Sedan, SUV, Truck)
 * has such a model year for as_of years 1980 (model year 1981, next year's
 * models) to 2066 (model year 2026 at age 40), and none outside. Ages
 * (16-90) and licence dates (within 8 years before as_of) need nothing
 * narrower. test/engine/as-of-range.test.ts derives the same range from the
 * catalogue.
 */
export const AS_OF_RANGE = { first: '1980-01-01', last: '2066-12-31' } as const;

/**
 * An as-of date `YYYY-MM-DD` that exists in the calendar and lies in AS_OF_RANGE.
 * @example
 * parseAsOf('2025-11-01'); // → '2025-11-01'
 * parseAsOf('2025-02-30'); // throws ESDH_ERR_OPTION_INVALID
 * parseAsOf('1979-06-01'); // throws ESDH_ERR_OPTION_INVALID (before 1980-01-01)
 */
export function parseAsOf(value: unknown, what = 'as_of'): string {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && isCalendarDate(value) && value >= AS_OF_RANGE.first && value <= AS_OF_RANGE.last) return value;
  throw esdhError('ESDH_ERR_OPTION_INVALID', what, JSON.stringify(value),
    `expected a calendar date YYYY-MM-DD from ${AS_OF_RANGE.first} to ${AS_OF_RANGE.last} (the years the vehicle catalogue's model years cover), e.g. 2025-11-01`);
}

/** True when the `YYYY-MM-DD` text names a day of the proleptic Gregorian calendar (Date would roll 02-30 over). */
function isCalendarDate(value: string): boolean {
  const year = Number(value.slice(0, 4));
  const month = Number(value.slice(5, 7));
  const day = Number(value.slice(8, 10));
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
  return day <= days;
}

/** The run's as_of: the request's, else the profile's, else the config's; checked, naming where it came from. */
function resolvedAsOf(config: ResolvedConfig, profileName: string, profile: ProfileConfig, requested: string | undefined): string {
  if (requested !== undefined) return parseAsOf(requested);
  if (profile.as_of !== undefined && profile.as_of !== null) return parseAsOf(profile.as_of, `as_of of profile '${profileName}'`);
  return parseAsOf(config.as_of, 'as_of of the config');
}

/** A comma-separated or array list of names, each one of `known`. */
export function parseNameList(value: unknown, known: readonly string[], code: 'ESDH_ERR_EXPORTER_UNKNOWN' | 'ESDH_ERR_ENTITY_UNKNOWN'): string[] {
  const items = (Array.isArray(value) ? value : String(value).split(',')).map((s) => String(s).trim()).filter(Boolean);
  if (items.length === 0) throw esdhError(code, String(value), known.join(', '));
  for (const item of items) if (!known.includes(item)) throw esdhError(code, item, known.join(', '));
  return [...new Set(items)];
}
