import type { Faker } from '@faker-js/faker';
import { valid as validSemver } from 'semver';
import type { Claim, Person, Policy, Profile, Vehicle } from '../generated/index.js';
import type { Distributions } from '../generated/config.js';
import type { RandomStream } from '../lib/random.js';
import type { ReferenceData } from '../lib/reference-data.js';
import { esdhError } from './errors.js';

/** A generated record: a plain JSON object that its entity's schema accepts. */
export type EntityRecord = Record<string, unknown>;

/** The records of one unit generated so far, by entity name. */
export type UnitRecords = Record<string, EntityRecord[]>;

/**
 * The record type of each entity, by singular name: what `ctx.deps`,
 * `engine.generate`, `engine.build` and a plugin's own `generate` are typed
 * with. Add your entities by augmenting it through the `esdh` entry (the one
 * path the package exports):
 * @example
 * declare module 'esdh' {
 *   interface EntityRecordTypes { trip: Trip }
 *   interface EntityPlurals { trip: 'trips' }
 * }
 */
export interface EntityRecordTypes {
  person: Person;
  vehicle: Vehicle;
  profile: Profile;
  policy: Policy;
  claim: Claim;
}

/**
 * The plural of each entity, by singular name: what types the keys of
 * `engine.generate('bundle')` and plural look-ups (`engine.build('persons')`).
 * Augment it beside `EntityRecordTypes`.
 */
export interface EntityPlurals {
  person: 'persons';
  vehicle: 'vehicles';
  profile: 'profiles';
  policy: 'policies';
  claim: 'claims';
}

/** An entity name with a known record type (built-in, or added by augmenting `EntityRecordTypes`). */
export type KnownEntity = keyof EntityRecordTypes & string;

/** The plural of a known entity that has one in `EntityPlurals`. */
export type KnownPlural = { [K in KnownEntity]: K extends keyof EntityPlurals ? EntityPlurals[K] : never }[KnownEntity];

/** The singular entity a known plural names. */
export type SingularOf<P extends string> = { [K in KnownEntity]: K extends keyof EntityPlurals ? (EntityPlurals[K] extends P ? K : never) : never }[KnownEntity];

/**
 * The record type of an entity named by singular or plural: typed for known
 * entities, `EntityRecord` for any other name.
 * @example
 * type P = RecordOf<'person'>;  // Person
 * type V = RecordOf<'vehicles'>; // Vehicle
 * type T = RecordOf<'trip'>;     // EntityRecord (until EntityRecordTypes is augmented)
 */
export type RecordOf<K extends string> = K extends KnownEntity ? EntityRecordTypes[K] : K extends KnownPlural ? EntityRecordTypes[SingularOf<K>] : EntityRecord;

/**
 * The records of a unit a plugin may read, typed by its declared
 * dependencies: `deps.person` is `readonly Person[]` when `person` is one,
 * and a type error when it is not. Untyped (`string`, or erased `any`): any
 * name, `EntityRecord`s.
 */
export type UnitDeps<D extends string = string> = string extends D ? Readonly<Record<string, readonly EntityRecord[]>> : { readonly [K in D]: readonly RecordOf<K>[] };

/** What a plugin's `setup` gets once per run. */
export interface SetupContext {
  /** Reference data under data/reference, by dotted path. */
  readonly data: ReferenceData;
  /** The run's reference date, `YYYY-MM-DD`. */
  readonly asOf: string;
  /** The governance marker every record carries in `synthetic_source`. */
  readonly marker: string;
  /** This plugin's own options from the config (`entity_options.<name>`), or `{}`. */
  readonly options: Readonly<Record<string, unknown>>;
  /**
   * The shape of the run's data (`distributions` of the config, with the
   * profile's own over them): states, lob mix, driver ages, makes, body
   * styles. A field left out means the plugin's own defaults.
   * @example
   * const states = ctx.distributions.states ?? 'all';
   */
  readonly distributions: Readonly<Distributions>;
}

/**
 * What `generate` and `count` get for every record. `S` is what `setup`
 * returned; `D` the names in `dependencies`, which type `deps` and `dep`.
 */
export interface GenerateContext<S = unknown, D extends string = string> extends SetupContext {
  /** This record's own seeded stream: (seed, entity, unit index, child index). */
  readonly random: RandomStream;
  /** A faker whose randomness is `random` (no global state). */
  readonly faker: Faker;
  /** What `setup` returned (precomputed tables), or undefined. */
  readonly state: S;
  /** The run seed. */
  readonly seed: number;
  /** Which unit (rooted at one person) this record belongs to. */
  readonly unitIndex: number;
  /** Which child of the unit this is (0 for one-per-unit entities; -1 in `count`). */
  readonly childIndex: number;
  /** The records of this unit made by the entities this one depends on, by name. */
  readonly deps: UnitDeps<D>;
  /**
   * Record `index` (default 0) of dependency `entity` in this unit, typed by
   * the entity; when the unit has no such record the run fails with
   * ESDH_ERR_PLUGIN_FAILED naming this plugin, the hook and the unit.
   * @example
   * const person = ctx.dep('person');                     // the unit's person
   * const vehicle = ctx.dep('vehicle', ctx.childIndex);   // one record per vehicle
   */
  dep<K extends D>(entity: K, index?: number): RecordOf<K>;
}

/** A named domain rule that `esdh verify` runs on every record of an entity. */
export interface RecordCheck<R = EntityRecord> {
  /** Short id, e.g. `vin.check_digit`. */
  readonly name: string;
  /** What the rule says, for reports. */
  readonly description: string;
  /** Returns null when the record passes, otherwise what is wrong. */
  test(record: R, ctx: CheckContext): string | null;
}

/** Run one rule on one record: its problem, null when it passes; a rule that throws counts as failed. */
export function applyCheck<R>(check: RecordCheck<R>, record: R, ctx: CheckContext): string | null {
  try {
    return check.test(record, ctx);
  } catch (error) {
    return `rule threw: ${(error as Error).message}`;
  }
}

/** What a `RecordCheck` may look at besides the record. */
export interface CheckContext {
  readonly data: ReferenceData;
  readonly asOf: string;
  readonly marker: string;
}

/**
 * An entity plugin: a schema-defined entity and the logic that makes its
 * records. `R` is its record type, `S` what `setup` returns, `D` the names of
 * its dependencies and `N` its name. `EntityPlugin` with no arguments is any
 * plugin, its types erased to `any` (what the engine holds and `createEngine({ plugins })`
 * takes): every typed plugin is one, without a cast. (`any`, not `unknown`:
 * S and D appear both in and out, as setup's result and ctx.state, as
 * dependencies and ctx.deps, so only `any` erases them.)
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the erased 'any plugin' form, see above
export interface EntityPlugin<R extends object = any, S = any, D extends string = any, N extends string = string> {
  /** Singular name, e.g. `vehicle`. */
  readonly name: N;
  /** Plural name: file names and payload keys, e.g. `vehicles`. */
  readonly plural: string;
  /** Semver; bump it whenever the output for the same inputs changes. */
  readonly version: string;
  /** The ESDH versions it works with, e.g. `^0.2.0`; checked at registration. */
  readonly engine?: string;
  /** The registered schema its records must satisfy (the schema file's stem). */
  readonly schemaId: string;
  /** Entities whose records of the same unit this one reads (`ctx.deps`). */
  readonly dependencies: readonly D[];
  /** One line on what the entity is. */
  readonly description?: string;
  /** The primary-key field, checked for uniqueness by verify. */
  readonly idField?: string;
  /** Other fields that must be unique within a snapshot (e.g. `vin`), checked by verify. */
  readonly uniqueFields?: readonly string[];
  /**
   * The most units a run may reach (unit indices below it) for the plugin to
   * keep its unique fields unique, e.g. the vehicle plugin's VIN serials; the
   * engine refuses a larger run before it writes anything.
   */
  readonly maxUnits?: number;
  /** Foreign keys: field → `entity.field` it must match in the same snapshot. */
  readonly references?: Readonly<Record<string, string>>;
  /** Once per run: precompute tables from reference data. */
  setup?(ctx: SetupContext): S;
  /** How many records of this entity the unit gets (default 1). */
  count?(ctx: GenerateContext<S, D>): number;
  /** Make one record. */
  generate(ctx: GenerateContext<S, D>): R;
  /** Domain rules beyond the schema, run by `esdh verify`. */
  readonly checks?: readonly RecordCheck<R>[];
}

/** A plugin's own record type: the one `EntityRecordTypes` gives its name, else what its `generate` returns. */
export type OwnRecord<N extends string, R> = N extends KnownEntity ? EntityRecordTypes[N] : R;

const NAME = /^[a-z][a-z0-9_]*$/;

/**
 * Declare an entity plugin; checks its shape at once so mistakes surface
 * where the plugin is written, not when it first runs. Its types follow from
 * what it declares: `ctx.deps` and `ctx.dep` from `dependencies`, `ctx.state`
 * from `setup`, and the record `generate` returns (and `checks` read) from
 * `EntityRecordTypes[name]` when the name is there, else from `generate`.
 * (Type arguments given by hand, as in `defineEntityPlugin<MyRecord, MyState>(...)`,
 * still work: the dependencies are then untyped.)
 * @example
 * export const tripPlugin = defineEntityPlugin({
 *   name: 'trip', plural: 'trips', version: '1.0.0', schemaId: 'trip',
 *   dependencies: ['vehicle'],
 *   generate: (ctx) => ({ trip_id: uuidV4(ctx.random), vin: ctx.dep('vehicle').vin, miles: ctx.random.int(1, 90), synthetic_source: ctx.marker }),
 * });
 */
export function defineEntityPlugin<R extends object = EntityRecord, S = undefined, const D extends string = string, const N extends string = string>(
  plugin: EntityPlugin<OwnRecord<N, R>, S, D, N>,
): EntityPlugin<OwnRecord<N, R>, S, D, N> {
  const problem = pluginShapeProblem(plugin as unknown as Record<string, unknown>);
  if (problem) throw esdhError('ESDH_ERR_PLUGIN_INVALID', String((plugin as { name?: unknown })?.name ?? '?'), problem);
  return Object.freeze({ ...plugin });
}

/** What is wrong with a would-be plugin object, or null. */
export function pluginShapeProblem(plugin: Record<string, unknown> | null | undefined): string | null {
  if (!plugin || typeof plugin !== 'object') return 'expected an object made with defineEntityPlugin';
  if (typeof plugin.name !== 'string' || !NAME.test(plugin.name)) return 'name must be lower-case letters, digits or _ (e.g. "vehicle")';
  if (typeof plugin.plural !== 'string' || !NAME.test(plugin.plural)) return 'plural must be lower-case letters, digits or _ (e.g. "vehicles")';
  if (plugin.plural === plugin.name) return 'plural must differ from name';
  // As written: node-semver's canonical form (no leading v, spaces or build metadata, as the old pattern).
  if (typeof plugin.version !== 'string' || validSemver(plugin.version) !== plugin.version) return 'version must be semver (e.g. "1.0.0")';
  if (typeof plugin.schemaId !== 'string' || plugin.schemaId.length === 0) return 'schemaId must name a registered schema';
  if (!Array.isArray(plugin.dependencies) || plugin.dependencies.some((d) => typeof d !== 'string')) return 'dependencies must be an array of entity names';
  if (typeof plugin.generate !== 'function') return 'generate(ctx) must be a function';
  if (plugin.maxUnits !== undefined && (typeof plugin.maxUnits !== 'number' || !Number.isSafeInteger(plugin.maxUnits) || plugin.maxUnits < 1)) return 'maxUnits must be a whole number of at least 1 when given';
  for (const hook of ['setup', 'count'] as const) {
    if (plugin[hook] !== undefined && typeof plugin[hook] !== 'function') return `${hook} must be a function when given`;
  }
  return null;
}
