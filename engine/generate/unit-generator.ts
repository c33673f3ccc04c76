import type { StreamHolder } from './bound-faker.js';
import { esdhError, EsdhError } from '../contracts/errors.js';
import type { Distributions } from '../generated/config.js';
import type { Where } from '../contracts/where.js';
import type { EntityPlugin, EntityRecord, UnitRecords } from '../contracts/entity-plugin.js';
import { hashString, RandomStream } from '../lib/random.js';
import type { ReferenceData } from '../lib/reference-data.js';
import type { SchemaRegistry } from '../schema/schema-registry.js';
import { describeViolation } from '../schema/schema-registry.js';
import type { ValidateFunction } from 'ajv';
import { callPlugin, pluginDetails, pluginFailure, pluginProblem } from './plugin-failure.js';
import { SetupCache } from './setup-cache.js';
import { SlotContext } from './slot-context.js';
import { whereCheck, type UnitCheck } from './where-check.js';

/** The child index whose stream decides how many children a unit gets. */
const COUNT_STREAM = 0xffffffff;

const NO_SIBLINGS: readonly EntityRecord[] = Object.freeze([]);
const NO_TERMS: Where = Object.freeze([]);

/** Inputs that decide the data: nothing else may. */
export interface GenerationInputs {
  readonly seed: number;
  readonly asOf: string;
  readonly marker: string;
  readonly validate: boolean;
  readonly entityOptions: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly distributions: Readonly<Distributions>;
  /** The run's `--where` terms, parsed and checked (none when absent). */
  readonly where?: Where;
}

interface Slot {
  readonly plugin: EntityPlugin;
  readonly entityKey: number;
  readonly validate: ValidateFunction;
  readonly holder: StreamHolder;
  /** The context the engine hands the plugin (erased: plugins see it through their own `GenerateContext<S, D>`). */
  readonly ctx: SlotContext;
}

/**
 * Makes units: one root person and everything hanging off it, each record
 * from its own stream, validated before anyone sees it. Holds per-plugin
 * contexts so the per-record path allocates only the records themselves.
 */
export class UnitGenerator {
  private readonly slots: Slot[];
  /** The post-check of the run's `--where` terms; null without terms (no cost per unit). */
  private readonly check: UnitCheck | null;

  /**
   * @param setups the engine's kept setup results (setup-cache.ts); by
   *   default one that keeps none, so every plugin's `setup` runs for this
   *   generator alone.
   */
  constructor(plugins: readonly EntityPlugin[], schemas: SchemaRegistry, data: ReferenceData, private readonly inputs: GenerationInputs, private readonly setups: SetupCache = new SetupCache(0)) {
    const entities = Object.freeze(plugins.map((p) => p.name));
    this.slots = plugins.map((plugin) => {
      const holder: StreamHolder = { stream: new RandomStream() };
      const options = inputs.entityOptions[plugin.name] ?? {};
      const setupCtx = { data, asOf: inputs.asOf, marker: inputs.marker, options, distributions: inputs.distributions, entities, where: inputs.where ?? NO_TERMS };
      const state: unknown = plugin.setup ? callPlugin(plugin, { hook: 'setup' }, () => setups.state(plugin, setupCtx)) : undefined;
      const ctx = new SlotContext(setupCtx, holder, state, inputs.seed, plugin);
      return { plugin, entityKey: hashString(plugin.name), validate: schemas.validator(plugin.schemaId), holder, ctx };
    });
    this.check = whereCheck(inputs.where, plugins, inputs.asOf);
  }

  /**
   * Refuse a run that ends at unit `units` (exclusive) when a plugin cannot
   * keep its promises that far (its `maxUnits`): ESDH_ERR_RECORDS_OVER_CAPACITY.
   */
  checkCapacity(units: number): void {
    for (const { plugin, ctx } of this.slots) {
      if (!plugin.maxUnits) continue;
      const limit = callPlugin(plugin, { hook: 'maxUnits' }, () => this.setups.capacity(plugin, ctx.state));
      if (limit && units > limit.units) throw esdhError('ESDH_ERR_RECORDS_OVER_CAPACITY', units, `the ${plugin.name} plugin`, limit.reason, limit.units);
    }
  }

  /** Every record of unit `unitIndex`, by entity name. */
  generateUnit(unitIndex: number): UnitRecords {
    const unit: UnitRecords = {};
    const { seed } = this.inputs;
    const slots = this.slots;
    for (let s = 0; s < slots.length; s++) {
      const slot = slots[s]!;
      const { plugin, ctx, holder, entityKey } = slot;
      const stream = holder.stream;
      ctx.unitIndex = unitIndex;
      ctx.deps = unit;
      let count = 1;
      ctx.siblings = NO_SIBLINGS;
      if (plugin.count) {
        stream.reset(seed, entityKey, unitIndex, COUNT_STREAM);
        ctx.childIndex = -1;
        try {
          count = plugin.count(ctx);
        } catch (error) {
          throw pluginFailure(plugin, { hook: 'count', unit: unitIndex }, error);
        }
        if (!Number.isInteger(count) || count < 0) {
          throw pluginProblem(plugin, { hook: 'count', unit: unitIndex }, `returned ${String(count)}, expected a whole number >= 0`);
        }
      }
      if (count === 1) {
        // One child (every entity of a v0.1 unit): no siblings yet, and a one-element list instead of a growable one.
        unit[plugin.name] = [this.child(slot, unitIndex, 0)];
        continue;
      }
      // Filled in order, so ctx.siblings holds children 0 to child - 1 (a view of the same array).
      const records: EntityRecord[] = [];
      ctx.siblings = records;
      for (let child = 0; child < count; child++) records.push(this.child(slot, unitIndex, child));
      unit[plugin.name] = records;
    }
    if (this.check !== null) this.check(unit, unitIndex);
    return unit;
  }

  /** Child `child` of the slot's entity in unit `unitIndex`, from its own stream, validated. */
  private child(slot: Slot, unitIndex: number, child: number): EntityRecord {
    const { plugin, ctx } = slot;
    slot.holder.stream.reset(this.inputs.seed, slot.entityKey, unitIndex, child);
    ctx.childIndex = child;
    let record: EntityRecord;
    try {
      record = plugin.generate(ctx);
    } catch (error) {
      throw pluginFailure(plugin, { hook: 'generate', unit: unitIndex }, error);
    }
    if (this.inputs.validate && !slot.validate(record)) throw invalidRecord(plugin, unitIndex, slot.validate);
    return record;
  }
}

/** ESDH_ERR_RECORD_INVALID for the record `validate` just rejected, with plugin, unit, module and path as details. */
function invalidRecord(plugin: EntityPlugin, unitIndex: number, validate: ValidateFunction): EsdhError {
  const violation = describeViolation(validate.errors);
  const error = esdhError('ESDH_ERR_RECORD_INVALID', plugin.name, unitIndex, violation.path, violation.message);
  const { hook: _hook, ...details } = pluginDetails(plugin, { hook: 'generate', unit: unitIndex });
  return new EsdhError(error.code, error.message, { details: { ...details, path: violation.path } });
}
