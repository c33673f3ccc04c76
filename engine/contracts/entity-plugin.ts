import type { Faker } from '@faker-js/faker';
import validSemver from 'semver/functions/valid.js';
import type { Account, Claim, ClaimExposure, ClaimTransaction, Coverage, Person, Policy, PolicyDriver, PolicyVehicle, Profile, Vehicle } from '../generated/index.js';
import type { Distributions } from '../generated/config.js';
import type { RandomStream } from '../lib/random.js';
import type { ReferenceData } from '../lib/reference-data.js';
import { esdhError } from './errors.js';
import type { Targeting, Where } from './where.js';

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
  account: Account;
  person: Person;
  vehicle: Vehicle;
  profile: Profile;
  policy: Policy;
  policy_driver: PolicyDriver;
  policy_vehicle: PolicyVehicle;
  coverage: Coverage;
  claim: Claim;
  claim_exposure: ClaimExposure;
  claim_transaction: ClaimTransaction;
}

/**
 * The plural of each entity, by singular name: what types the keys of
 * `engine.generate('bundle')` and plural look-ups (`engine.build('persons')`).
 * Augment it beside `EntityRecordTypes`.
 */
export interface EntityPlurals {
  account: 'accounts';
  person: 'persons';
  vehicle: 'vehicles';
  profile: 'profiles';
  policy: 'policies';
  policy_driver: 'policy_drivers';
  policy_vehicle: 'policy_vehicles';
  coverage: 'coverages';
  claim: 'claims';
  claim_exposure: 'claim_exposures';
  claim_transaction: 'claim_transactions';
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
export type UnitDeps<D extends string = string, O extends string = never> = string extends D
  ? Readonly<Record<string, readonly EntityRecord[]>>
  : { readonly [K in D]: readonly RecordOf<K>[] } & { readonly [K in O]?: readonly RecordOf<K>[] };

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
  /**
   * The entities this run makes, in generation order (singular names): a
   * plugin with an optional dependency learns here whether it has it.
   * @example
   * const inBook = ctx.entities.includes('account');
   */
  readonly entities: readonly string[];
  /**
   * The run's `--where` terms, parsed and checked against the plugins'
   * `targeting` (empty when the run has none). A plugin constructs the terms
   * that name its fields (fieldTerms, allowedValues, integerInterval from the
   * kit) and throws ESDH_ERR_WHERE_IMPOSSIBLE from `setup` for a combination
   * it cannot make.
   * @example
   * const states = allowedValues(fieldTerms(ctx.where, 'account', 'state'), ALL_STATES);
   */
  readonly where: Where;
}

/**
 * What `generate` and `count` get for every record. `S` is what `setup`
 * returned; `D` the names in `dependencies` and `O` those in
 * `optionalDependencies`, which type `deps` and `dep`.
 */
export interface GenerateContext<S = unknown, D extends string = string, O extends string = never> extends SetupContext {
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
  /**
   * The records of this unit made by the entities this one depends on, by
   * name; an optional dependency's entry is there only when the run makes it.
   * @example
   * const account = ctx.deps.account?.[0]; // undefined in a run without accounts
   */
  readonly deps: UnitDeps<D, O>;
  /**
   * This entity's records of the unit made so far (children 0 to
   * `childIndex - 1`): a renewal reads the prior term, a spouse the named
   * insured. Empty in `count`.
   */
  readonly siblings: readonly EntityRecord[];
  /**
   * Record `index` (default 0) of dependency `entity` in this unit, typed by
   * the entity; when the unit has no such record the run fails with
   * ESDH_ERR_PLUGIN_FAILED naming this plugin, the hook and the unit.
   * @example
   * const person = ctx.dep('person');                     // the unit's person
   * const vehicle = ctx.dep('vehicle', ctx.childIndex);   // one record per vehicle
   */
  dep<K extends D | O>(entity: K, index?: number): RecordOf<K>;
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

/**
 * Domain rules across records and entities (a policy's named insured is 18
 * on its effective date; a policy's premium is the sum of its coverages):
 * `esdh verify` hands it every record of the entities it `reads`, in
 * dependency order (a policy's persons before the policy), then calls
 * `finish`. It keeps what it needs (ids, a few fields), not whole files.
 */
export interface CrossCheck {
  /** The rules it reports, name → what the rule says. */
  readonly rules: Readonly<Record<string, string>>;
  /** The entities whose records it reads (singular names); the others of the snapshot are not handed to it. */
  readonly reads: readonly string[];
  /** One record of `entity`, found at `where` (`file:line`). */
  visit(entity: string, record: EntityRecord, where: string, report: CrossReport): void;
  /** Every record has been read: report what needed all of them. */
  finish(report: CrossReport): void;
}

/** One outcome of a `CrossCheck` rule: `problem` null when it passes. */
export type CrossReport = (rule: string, problem: string | null, where: string) => void;

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
export interface EntityPlugin<R extends object = any, S = any, D extends string = any, N extends string = string, O extends string = any> {
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
  /**
   * Entities it reads when the run makes them, without pulling them into a
   * run that does not (a person reads its account in a book of business, and
   * stands alone in a v0.1 run): made before it when present.
   */
  readonly optionalDependencies?: readonly O[];
  /** One line on what the entity is. */
  readonly description?: string;
  /** The primary-key field, checked for uniqueness by verify. */
  readonly idField?: string;
  /** Other fields that must be unique within a snapshot (e.g. `vin`), checked by verify. */
  readonly uniqueFields?: readonly string[];
  /** Foreign keys: field → `entity.field` it must match in the same snapshot. */
  readonly references?: Readonly<Record<string, string>>;
  /** Once per run: precompute tables from reference data. */
  setup?(ctx: SetupContext): S;
  /** How many records of this entity the unit gets (default 1). */
  count?(ctx: GenerateContext<S, D, O>): number;
  /** Make one record. */
  generate(ctx: GenerateContext<S, D, O>): R;
  /**
   * The most units a run may have for this plugin's promises to hold (e.g.
   * unique licence numbers), given what `setup` returned, with the reason;
   * undefined: no limit. The engine refuses a larger run before it
   * generates or writes anything (ESDH_ERR_RECORDS_OVER_CAPACITY).
   */
  maxUnits?(state: S): { readonly units: number; readonly reason: string } | undefined;
  /**
   * What `--where` may name of this entity: fields it can construct, and
   * whether its records can be counted (`claims>=1`). A field not declared
   * here is refused with the list of those that are.
   */
  readonly targeting?: Targeting;
  /** Domain rules beyond the schema, run by `esdh verify`. */
  readonly checks?: readonly RecordCheck<R>[];
  /** Rules across records (its own and the entities it names), run by `esdh verify`: a fresh checker per verification. */
  crossChecks?(ctx: CheckContext): CrossCheck;
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
export function defineEntityPlugin<R extends object = EntityRecord, S = undefined, const D extends string = string, const N extends string = string, const O extends string = never>(
  plugin: EntityPlugin<OwnRecord<N, R>, S, D, N, O>,
): EntityPlugin<OwnRecord<N, R>, S, D, N, O> {
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
  const optional = plugin.optionalDependencies;
  if (optional !== undefined && (!Array.isArray(optional) || optional.some((d) => typeof d !== 'string' || (plugin.dependencies as string[]).includes(d)))) {
    return 'optionalDependencies must be an array of entity names not already in dependencies';
  }
  if (typeof plugin.generate !== 'function') return 'generate(ctx) must be a function';
  for (const hook of ['setup', 'count', 'maxUnits', 'crossChecks'] as const) {
    if (plugin[hook] !== undefined && typeof plugin[hook] !== 'function') return `${hook} must be a function when given`;
  }
  return null;
}
