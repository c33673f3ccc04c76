import type { Faker } from '@faker-js/faker';
import { createBoundFaker, type StreamHolder } from './bound-faker.js';
import type { Where } from '../contracts/where.js';
import type { Distributions } from '../generated/config.js';
import type { EntityPlugin, EntityRecord, GenerateContext, SetupContext, UnitDeps } from '../contracts/entity-plugin.js';
import type { RandomStream } from '../lib/random.js';
import type { ReferenceData } from '../lib/reference-data.js';
import { pluginProblem } from './plugin-failure.js';

const NO_SIBLINGS: readonly EntityRecord[] = Object.freeze([]);

/**
 * The context one plugin's slot of a UnitGenerator hands it for every record
 * (`GenerateContext`, erased): the engine moves `unitIndex`, `childIndex`,
 * `deps` and `siblings` along; the rest is fixed for the run. A class, not an
 * object literal: a literal spread from the setup context and given more
 * properties (or a getter) is built on V8's slow path, ~10-50 µs each, which
 * a server pays for every plugin of every request. `faker` is made on first
 * read, once per slot: most plugins never read it, and a bound faker draws
 * from the slot's stream whenever it is made, so the data are the same.
 */
export class SlotContext implements GenerateContext {
  readonly data: ReferenceData;
  readonly asOf: string;
  readonly marker: string;
  readonly options: Readonly<Record<string, unknown>>;
  readonly distributions: Readonly<Distributions>;
  readonly entities: readonly string[];
  readonly where: Where;
  readonly random: RandomStream;
  unitIndex = 0;
  childIndex = 0;
  deps: UnitDeps = {};
  siblings: readonly EntityRecord[] = NO_SIBLINGS;
  /**
   * Record `index` of dependency `entity` (GenerateContext#dep): an own
   * function, so `const { dep } = ctx` works as it always has.
   */
  readonly dep: GenerateContext['dep'];
  private bound: Faker | undefined = undefined;

  constructor(setup: SetupContext, private readonly holder: StreamHolder, readonly state: unknown, readonly seed: number, plugin: EntityPlugin) {
    this.data = setup.data;
    this.asOf = setup.asOf;
    this.marker = setup.marker;
    this.options = setup.options;
    this.distributions = setup.distributions;
    this.entities = setup.entities;
    this.where = setup.where;
    this.random = holder.stream;
    this.dep = ((entity: string, index = 0): EntityRecord => {
      const record = this.deps[entity]?.[index];
      if (record !== undefined) return record;
      throw depProblem(plugin, this, entity, index);
    }) as GenerateContext['dep'];
  }

  /** A faker whose randomness is this slot's stream; made on first read. */
  get faker(): Faker {
    return (this.bound ??= createBoundFaker(this.holder, this.asOf));
  }
}

/** ESDH_ERR_PLUGIN_FAILED for a `ctx.dep` the unit cannot answer, saying why. */
function depProblem(plugin: EntityPlugin, ctx: SlotContext, entity: string, index: number): Error {
  const site = { hook: ctx.childIndex < 0 ? 'count' : 'generate', unit: ctx.unitIndex } as const;
  const held = ctx.deps[entity];
  return pluginProblem(plugin, site, held === undefined
    ? plugin.optionalDependencies?.includes(entity)
      ? `ctx.dep('${entity}'): '${entity}' is an optional dependency this run does not make; read ctx.deps.${entity}?.[${index}] instead`
      : `ctx.dep('${entity}'): '${entity}' is not one of its dependencies (${plugin.dependencies.join(', ') || 'none'}); add it to dependencies`
    : `ctx.dep('${entity}', ${index}): the unit has ${held.length} ${entity} record${held.length === 1 ? '' : 's'}; read only what ctx.deps.${entity} holds`);
}
