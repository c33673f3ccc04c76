import type { EngineParts } from '../contracts/engine-parts.js';
import { esdhError } from '../contracts/errors.js';
import type { CheckContext, EntityPlugin, EntityRecordTypes, GenerateContext, KnownEntity, KnownPlural, RecordOf, UnitRecords } from '../contracts/entity-plugin.js';
import { callPlugin } from './plugin-failure.js';
import { parseAsOf, parseSeed } from './run-options.js';
import { UnitGenerator } from './unit-generator.js';
import { parseWhere } from './where-parse.js';

/** The record types of the entities, by singular name: `EntityRecordTypes` (the name it had before augmenting was possible). */
export type BuiltinRecords = EntityRecordTypes;

/**
 * Fields to pin. Keys are the built entity's own fields; a key that names an
 * entity the built one depends on (`person` when building a vehicle) pins
 * that entity's fields, and everything generated after it in the unit reads
 * the pinned record.
 */
export type BuildOverrides<K extends string = string> = K extends KnownEntity | KnownPlural
  ? Partial<RecordOf<K>> & { readonly [E in KnownEntity]?: Partial<EntityRecordTypes[E]> }
  : Readonly<Record<string, unknown>>;

/** Options of `engine.build`. */
export interface BuildOptions<K extends string = string> {
  /** Default: the default profile's fixed seed (baseline: 42), else `default_seed`; never random. `seedFor(title)` gives each test its own. */
  seed?: number;
  /** `YYYY-MM-DD`; default: the default profile's or the config's as_of. */
  asOf?: string;
  /**
   * Which unit of that seed (default 0): without overrides, the same records
   * as unit `unitIndex` of `engine.generate`. For an entity a unit may lack
   * (a claim), the first unit from here on that has one.
   */
  unitIndex?: number;
  /** Fields pinned on the built record and on the records it depends on (an optional dependency named here, such as a person's `account`, joins the unit). */
  overrides?: BuildOverrides<K>;
  /** Validate every record of the unit against its schema (default: the config's `validate`, on). */
  validate?: boolean;
  /**
   * Scenario targeting: terms the built unit meets by construction, as
   * `--where` takes them (the default profile's own `where` does not apply).
   * @example
   * engine.build('account', { where: 'state=AZ' }); // → an account with state 'AZ'
   */
  where?: string | readonly string[];
  /** Also run the plugins' domain rules (what `esdh verify` checks) and throw ESDH_ERR_BUILD_CHECK_FAILED on a broken one (default off). */
  checks?: boolean;
}

/** How far `build` looks past `unitIndex` for a unit that has a record of a one-to-many entity. */
const MAX_UNITS_SEARCHED = 1000;

/**
 * The unit behind `engine.build`: the entity, everything it depends on, and
 * the overrides applied, each record validated as a run would. Use it when a
 * test needs the related records too.
 * @example
 * const unit = buildUnit(engine, 'profile', { seed: 7, overrides: { person: { lob_type: 'Commercial' } } });
 * // unit.person[0].lob_type → 'Commercial'; unit.vehicle[0].body_style → 'SUV' or 'Truck'; unit.profile[0].lob_type → 'Commercial'
 */
export function buildUnit<K extends string>(engine: EngineParts, entity: K, options: BuildOptions<K> = {}): UnitRecords {
  const target = engine.registry.get(entity);
  // Overrides that pin an optional dependency (a person's account) bring it into the unit.
  const pinnedEntities = Object.keys((options.overrides ?? {}) as Record<string, unknown>).filter((key) => engine.registry.has(key));
  const plugins = engine.registry.order(engine.registry.withOptional([target.name], pinnedEntities));
  const { profiles, default_profile: defaultProfile } = engine.config;
  const profile = Object.hasOwn(profiles, defaultProfile) ? profiles[defaultProfile] : undefined;
  const seed = parseSeed(options.seed ?? profile?.seed ?? engine.config.default_seed, 'seed');
  const asOf = parseAsOf(options.asOf ?? profile?.as_of ?? engine.config.as_of, 'asOf');
  const unitIndex = options.unitIndex ?? 0;
  if (!Number.isSafeInteger(unitIndex) || unitIndex < 0) throw esdhError('ESDH_ERR_OPTION_INVALID', 'unitIndex', JSON.stringify(unitIndex), 'expected a whole number >= 0');
  const pinned = pinnedByEntity(engine, target, plugins, (options.overrides ?? {}) as Record<string, unknown>);
  const validate = options.validate ?? engine.config.validate;
  const where = parseWhere(options.where, plugins, { registered: engine.registry.all() });
  // Setup results come from the engine's cache (setup-cache.ts), shared with runs and the server.
  const generator = new UnitGenerator(plugins.map((p) => withPinned(p, pinned.get(p.name))), engine.schemas, engine.data, {
    seed,
    asOf,
    marker: engine.config.synthetic_source,
    validate,
    entityOptions: engine.config.entity_options as Record<string, Record<string, unknown>>,
    distributions: { ...engine.config.distributions, ...profile?.distributions },
    ...(where.length > 0 ? { where } : {}),
  }, engine.setups);
  // One-to-many entities may have no record in a unit (most units have no claim): take the first unit that has one.
  let found = unitIndex;
  let unit = generator.generateUnit(found);
  while (unit[target.name]!.length === 0) {
    if (++found > unitIndex + MAX_UNITS_SEARCHED) {
      throw esdhError('ESDH_ERR_OPTION_INVALID', 'build', target.name, `units ${unitIndex} to ${found - 1} of seed ${seed} have no ${target.name}; check the overrides, or choose another seed`);
    }
    unit = generator.generateUnit(found);
  }
  if (options.checks) runChecks(target, plugins, unit, found, { data: engine.data, asOf, marker: engine.config.synthetic_source });
  return unit;
}

/** The first record of `entity` in its built unit: what `engine.build` returns. */
export function buildRecord<K extends string>(engine: EngineParts, entity: K, options: BuildOptions<K> = {}): RecordOf<K> {
  const name = engine.registry.get(entity).name;
  // The registry's record for `entity` is the one RecordOf<K> names (EntityRecordTypes is kept in step with the plugins).
  return buildUnit(engine, entity, options)[name]![0] as RecordOf<K>;
}

/** Sort the overrides into per-entity field maps; any key that is neither a field nor an entity of the unit is an error. */
function pinnedByEntity(engine: EngineParts, target: EntityPlugin, plugins: readonly EntityPlugin[], overrides: Record<string, unknown>): Map<string, Record<string, unknown>> {
  if (overrides === null || typeof overrides !== 'object' || Array.isArray(overrides)) {
    throw esdhError('ESDH_ERR_BUILD_OVERRIDE_INVALID', 'overrides', target.name, 'overrides must be an object of field → value');
  }
  const inUnit = new Map(plugins.map((p) => [p.name, p]));
  const others = plugins.filter((p) => p !== target).map((p) => p.name);
  const pinned = new Map<string, Record<string, unknown>>();
  const pin = (plugin: EntityPlugin, field: string, value: unknown) => {
    if (!acceptsField(engine, plugin, field)) {
      throw esdhError('ESDH_ERR_BUILD_OVERRIDE_INVALID', `'${plugin === target ? field : `${plugin.name}.${field}`}'`, target.name,
        `${plugin.name} has no field '${field}'; its fields: ${engine.schemas.fields(plugin.schemaId).join(', ')}`);
    }
    const fields = pinned.get(plugin.name) ?? {};
    fields[field] = value;
    pinned.set(plugin.name, fields);
  };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    const entity = inUnit.get(key);
    const declared = engine.schemas.fields(target.schemaId).includes(key);
    if (!declared && entity) {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        throw esdhError('ESDH_ERR_BUILD_OVERRIDE_INVALID', `'${key}'`, target.name, `'${key}' names an entity, so its value must be an object of ${key} fields, e.g. { ${key}: { ${engine.schemas.fields(entity.schemaId)[0] ?? 'field'}: ... } }`);
      }
      for (const [field, fieldValue] of Object.entries(value)) if (fieldValue !== undefined) pin(entity, field, fieldValue);
    } else if (!declared && engine.registry.has(key)) {
      throw esdhError('ESDH_ERR_BUILD_OVERRIDE_INVALID', `'${key}'`, target.name,
        `a ${target.name} unit holds ${[target.name, ...others].join(', ')}; ${key} is not one of them (build '${key}' itself, or an entity that depends on it)`);
    } else {
      if (!declared && !acceptsField(engine, target, key)) {
        throw esdhError('ESDH_ERR_BUILD_OVERRIDE_INVALID', `'${key}'`, target.name,
          `${target.name} has no field '${key}'; its fields: ${engine.schemas.fields(target.schemaId).join(', ')}${others.length ? `; pin the fields of ${others.join(' or ')} under ${others.map((o) => `${o}: { ... }`).join(' or ')}` : ''}`);
      }
      pin(target, key, value);
    }
  }
  return pinned;
}

/** A declared property, or any name when the schema leaves additional properties open. */
function acceptsField(engine: EngineParts, plugin: EntityPlugin, field: string): boolean {
  return engine.schemas.fields(plugin.schemaId).includes(field) || engine.schemas.schema(plugin.schemaId).additionalProperties !== false;
}

/** The plugin with pinned fields laid over each record (so they are validated and dependents read them); the same setup. */
function withPinned(plugin: EntityPlugin, pinned: Record<string, unknown> | undefined): EntityPlugin {
  if (!pinned) return plugin;
  return { ...plugin, generate: (ctx: GenerateContext) => ({ ...plugin.generate(ctx), ...structuredClone(pinned) }) };
}

/** Every plugin's rules on the unit's records; a rule that throws is a failure of its plugin (ESDH_ERR_PLUGIN_FAILED), not a broken rule. */
function runChecks(target: EntityPlugin, plugins: readonly EntityPlugin[], unit: UnitRecords, unitIndex: number, ctx: CheckContext): void {
  const problems: string[] = [];
  for (const plugin of plugins) {
    for (const record of unit[plugin.name] ?? []) {
      for (const check of plugin.checks ?? []) {
        const problem = callPlugin(plugin, { hook: 'check', unit: unitIndex, check: check.name }, () => check.test(record, ctx));
        if (problem !== null) problems.push(`${check.name} (${problem})`);
      }
    }
  }
  if (problems.length) throw esdhError('ESDH_ERR_BUILD_CHECK_FAILED', target.name, problems.join('; '));
}
