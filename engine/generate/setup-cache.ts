import type { EntityPlugin, SetupContext } from '../contracts/entity-plugin.js';
import { canonicalValue } from '../lib/canonical-value.js';
import { LruMap } from '../lib/lru-map.js';

/**
 * How many setup results an engine keeps by default: one per plugin and
 * setup input, so a book run of 11 plugins holds 11, and a few dozen cover
 * the profiles and `where` mixes a server is usually asked for.
 */
export const SETUP_CACHE_LIMIT = 64;

interface Entry {
  /** The setup function that made it: another plugin object under the same name and version does not share it. */
  readonly setup: NonNullable<EntityPlugin['setup']>;
  readonly state: unknown;
}

/**
 * The results of plugins' `setup`, per engine, kept across runs and requests
 * (the engine owns one; `engine.generate`, `engine.build`, runs and the
 * server all go through it). `setup` reads only its context (reference data
 * of this engine, as_of, marker, the run's entities, the plugin's options,
 * the distributions, the `where` terms), so the key is all of that with the
 * plugin's name and version, and one result serves every run with the same
 * inputs; the plugins must not change what `setup` returned while they
 * generate (the built-in ones do not: test/engine/setup-cache.test.ts).
 * Least recently used results go first past `limit`, so a server fed many
 * distinct `where` or distributions does not grow without end. A `setup`
 * that throws leaves nothing behind.
 * @example
 * const setups = new SetupCache();
 * const state = setups.state(plugin, setupContext); // plugin.setup(setupContext), or the kept result
 */
export class SetupCache {
  private readonly entries: LruMap<string, Entry>;
  private runs = 0;
  /** The key part every plugin of one generator shares, for the objects it was made from (one canonical text per run, not per plugin). */
  private lastRun: { readonly ctx: RunPart; readonly key: string } | undefined;
  /** maxUnits answers by state (weakly: they go with the states). */
  private readonly capacities = new WeakMap<object, Map<NonNullable<EntityPlugin['maxUnits']>, ReturnType<NonNullable<EntityPlugin['maxUnits']>>>>();

  constructor(readonly limit = SETUP_CACHE_LIMIT) {
    this.entries = new LruMap(limit, 'SetupCache');
  }

  /** What `plugin.setup(ctx)` returns for these inputs: run once, then kept. */
  state(plugin: EntityPlugin, ctx: SetupContext): unknown {
    const setup = plugin.setup;
    if (!setup) return undefined;
    const key = `${plugin.name}\u0000${plugin.version}\u0000${canonicalValue(ctx.options)}\u0000${this.runKey(ctx)}`;
    const found = this.entries.get(key);
    if (found && found.setup === setup) return found.state;
    this.runs++;
    return this.entries.set(key, { setup, state: setup(ctx) }).state;
  }

  private runKey(ctx: SetupContext): string {
    // By identity: a generator hands all its plugins the same objects, and its `entities` array is its own, so a hit never outlives one generator's setups.
    const last = this.lastRun?.ctx;
    if (last && last.distributions === ctx.distributions && last.where === ctx.where && last.entities === ctx.entities && last.asOf === ctx.asOf && last.marker === ctx.marker) {
      return this.lastRun!.key;
    }
    const key = [ctx.asOf, ctx.marker, ctx.entities.join(','), canonicalValue(ctx.distributions), canonicalValue(ctx.where)].join('\u0000');
    this.lastRun = { ctx: { distributions: ctx.distributions, where: ctx.where, entities: ctx.entities, asOf: ctx.asOf, marker: ctx.marker }, key };
    return key;
  }

  /**
   * `plugin.maxUnits(state)`, kept with the state it was asked of (a
   * function of what `setup` returned, so one answer serves every run that
   * shares the state); a state that is not an object is asked each time.
   */
  capacity(plugin: EntityPlugin, state: unknown): ReturnType<NonNullable<EntityPlugin['maxUnits']>> {
    const maxUnits = plugin.maxUnits;
    if (!maxUnits) return undefined;
    if (state === null || (typeof state !== 'object' && typeof state !== 'function')) return maxUnits(state);
    let byHook = this.capacities.get(state);
    if (!byHook) this.capacities.set(state, (byHook = new Map()));
    if (!byHook.has(maxUnits)) byHook.set(maxUnits, maxUnits(state));
    return byHook.get(maxUnits);
  }

  /** Results held now. */
  get size(): number {
    return this.entries.size;
  }

  /** How many times a `setup` has run through this cache (misses): what tests read. */
  get setupRuns(): number {
    return this.runs;
  }
}

/** What the plugins of one run share in their setup context. */
type RunPart = Pick<SetupContext, 'distributions' | 'where' | 'entities' | 'asOf' | 'marker'>;
