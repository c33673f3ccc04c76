import type { Faker } from '@faker-js/faker';
import { valid as validSemver } from 'semver';
import type { RandomStream } from '../lib/random.js';
import type { ReferenceData } from '../lib/reference-data.js';
import { esdhError } from './errors.js';

/** A generated record: a plain JSON object that its entity's schema accepts. */
export type EntityRecord = Record<string, unknown>;

/** The records of one unit generated so far, by entity name. */
export type UnitRecords = Record<string, EntityRecord[]>;

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
}

/** What `generate` and `count` get for every record. */
export interface GenerateContext<S = unknown> extends SetupContext {
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
  /** Which child of the unit this is (0 for one-per-unit entities). */
  readonly childIndex: number;
  /** The records of this unit made by the entities this one depends on. */
  readonly deps: Readonly<UnitRecords>;
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

/** An entity plugin: a schema-defined entity and the logic that makes its records. */
export interface EntityPlugin<R extends EntityRecord = EntityRecord, S = unknown> {
  /** Singular name, e.g. `vehicle`. */
  readonly name: string;
  /** Plural name: file names and payload keys, e.g. `vehicles`. */
  readonly plural: string;
  /** Semver; bump it whenever the output for the same inputs changes. */
  readonly version: string;
  /** The ESDH versions it works with, e.g. `^0.2.0`; checked at registration. */
  readonly engine?: string;
  /** The registered schema its records must satisfy (the schema file's stem). */
  readonly schemaId: string;
  /** Entities whose records of the same unit this one reads (`ctx.deps`). */
  readonly dependencies: readonly string[];
  /** One line on what the entity is. */
  readonly description?: string;
  /** The primary-key field, checked for uniqueness by verify. */
  readonly idField?: string;
  /** Other fields that must be unique within a snapshot (e.g. `vin`), checked by verify. */
  readonly uniqueFields?: readonly string[];
  /** Foreign keys: field → `entity.field` it must match in the same snapshot. */
  readonly references?: Readonly<Record<string, string>>;
  /** Off unless a profile or config names it in `entities` (policy, claim stubs). */
  readonly enabledByDefault?: boolean;
  /** Once per run: precompute tables from reference data. */
  setup?(ctx: SetupContext): S;
  /** How many records of this entity the unit gets (default 1). */
  count?(ctx: GenerateContext<S>): number;
  /** Make one record. */
  generate(ctx: GenerateContext<S>): R;
  /** Domain rules beyond the schema, run by `esdh verify`. */
  readonly checks?: readonly RecordCheck<R>[];
}

const NAME = /^[a-z][a-z0-9_]*$/;

/**
 * Declare an entity plugin; checks its shape at once so mistakes surface
 * where the plugin is written, not when it first runs.
 * @example
 * export const telematicsPlugin = defineEntityPlugin({
 *   name: 'trip', plural: 'trips', version: '1.0.0', schemaId: 'trip',
 *   dependencies: ['vehicle'],
 *   generate: (ctx) => ({ trip_id: uuidV4(ctx.random), miles: ctx.random.int(1, 90) }),
 * });
 */
export function defineEntityPlugin<R extends EntityRecord, S = unknown>(plugin: EntityPlugin<R, S>): EntityPlugin<R, S> {
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
  for (const hook of ['setup', 'count'] as const) {
    if (plugin[hook] !== undefined && typeof plugin[hook] !== 'function') return `${hook} must be a function when given`;
  }
  return null;
}
