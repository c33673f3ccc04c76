import type { Faker } from '@faker-js/faker';
import { createBoundFaker, type StreamHolder } from './bound-faker.js';
import { esdhError, EsdhError } from '../contracts/errors.js';
import type { EntityPlugin, EntityRecord, GenerateContext, UnitRecords } from '../contracts/entity-plugin.js';
import { hashString, RandomStream } from '../lib/random.js';
import type { ReferenceData } from '../lib/reference-data.js';
import type { SchemaRegistry } from '../schema/schema-registry.js';
import { describeViolation } from '../schema/schema-registry.js';
import type { ValidateFunction } from 'ajv';

/** The child index whose stream decides how many children a unit gets. */
const COUNT_STREAM = 0xffffffff;

/** Inputs that decide the data: nothing else may. */
export interface GenerationInputs {
  readonly seed: number;
  readonly asOf: string;
  readonly marker: string;
  readonly validate: boolean;
  readonly entityOptions: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

interface Slot {
  readonly plugin: EntityPlugin;
  readonly entityKey: number;
  readonly validate: ValidateFunction;
  readonly holder: StreamHolder;
  readonly ctx: MutableContext;
}

type MutableContext = { -readonly [K in keyof GenerateContext]: GenerateContext[K] };

/**
 * Makes units: one root person and everything hanging off it, each record
 * from its own stream, validated before anyone sees it. Holds per-plugin
 * contexts so the per-record path allocates only the records themselves.
 */
export class UnitGenerator {
  private readonly slots: Slot[];

  constructor(plugins: readonly EntityPlugin[], schemas: SchemaRegistry, data: ReferenceData, private readonly inputs: GenerationInputs) {
    this.slots = plugins.map((plugin) => {
      const holder: StreamHolder = { stream: new RandomStream() };
      const faker: Faker = createBoundFaker(holder, inputs.asOf);
      const options = inputs.entityOptions[plugin.name] ?? {};
      const setupCtx = { data, asOf: inputs.asOf, marker: inputs.marker, options };
      const state = plugin.setup ? callPlugin(plugin, 'setup', -1, () => plugin.setup!(setupCtx)) : undefined;
      const ctx: MutableContext = {
        ...setupCtx,
        random: holder.stream,
        faker,
        state,
        seed: inputs.seed,
        unitIndex: 0,
        childIndex: 0,
        deps: {},
      };
      return { plugin, entityKey: hashString(plugin.name), validate: schemas.validator(plugin.schemaId), holder, ctx };
    });
  }

  /** The plugins in generation order. */
  get plugins(): EntityPlugin[] {
    return this.slots.map((s) => s.plugin);
  }

  /** Every record of unit `unitIndex`, by entity name. */
  generateUnit(unitIndex: number): UnitRecords {
    const unit: UnitRecords = {};
    const { seed, validate } = this.inputs;
    const slots = this.slots;
    for (let s = 0; s < slots.length; s++) {
      const slot = slots[s]!;
      const { plugin, ctx, holder, entityKey } = slot;
      const stream = holder.stream;
      ctx.unitIndex = unitIndex;
      ctx.deps = unit;
      let count = 1;
      if (plugin.count) {
        stream.reset(seed, entityKey, unitIndex, COUNT_STREAM);
        ctx.childIndex = -1;
        try {
          count = plugin.count(ctx);
        } catch (error) {
          throw pluginFailure(plugin, 'count', unitIndex, error);
        }
        if (!Number.isInteger(count) || count < 0) {
          throw esdhError('ESDH_ERR_PLUGIN_FAILED', plugin.name, 'count', `returned ${String(count)}, expected a whole number >= 0`);
        }
      }
      const records: EntityRecord[] = new Array(count);
      for (let child = 0; child < count; child++) {
        stream.reset(seed, entityKey, unitIndex, child);
        ctx.childIndex = child;
        let record: EntityRecord;
        try {
          record = plugin.generate(ctx);
        } catch (error) {
          throw pluginFailure(plugin, 'generate', unitIndex, error);
        }
        if (validate && !slot.validate(record)) {
          const violation = describeViolation(slot.validate.errors);
          throw esdhError('ESDH_ERR_RECORD_INVALID', plugin.name, unitIndex, violation.path, violation.message);
        }
        records[child] = record;
      }
      unit[plugin.name] = records;
    }
    return unit;
  }
}

/** Plugin code threw: wrap it once with the plugin's name and hook (coded errors pass through). */
function pluginFailure(plugin: EntityPlugin, hook: string, unitIndex: number, error: unknown): EsdhError {
  if (error instanceof EsdhError) return error;
  const where = unitIndex >= 0 ? `${hook} (unit ${unitIndex})` : hook;
  const wrapped = esdhError('ESDH_ERR_PLUGIN_FAILED', plugin.name, where, (error as Error)?.message ?? String(error));
  return new EsdhError(wrapped.code, wrapped.message, { cause: error });
}

/** Run plugin code outside the per-record loop; anything it throws is wrapped like there. */
function callPlugin<T>(plugin: EntityPlugin, hook: string, unitIndex: number, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw pluginFailure(plugin, hook, unitIndex, error);
  }
}
