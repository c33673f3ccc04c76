import { esdhError } from '../contracts/errors.js';
import { pluginShapeProblem, type EntityPlugin } from '../contracts/entity-plugin.js';
import type { SchemaRegistry } from '../schema/schema-registry.js';

/** Where a registered plugin came from (see `pluginModule`). */
const MODULE = Symbol('esdh.pluginModule');

/**
 * The config `plugins` entry a registered plugin was loaded from, as written
 * (`./plugins/trip.js`, `esdh-plugin-telematics`); undefined for built-ins
 * and plugins passed as objects.
 */
export function pluginModule(plugin: EntityPlugin): string | undefined {
  const module: unknown = Reflect.get(plugin, MODULE);
  return typeof module === 'string' ? module : undefined;
}

/**
 * The entity plugins of one engine, checked when registered (shape,
 * duplicate name, schema) and, once all are in, for missing or cyclic
 * dependencies.
 */
export class PluginRegistry {
  private readonly plugins = new Map<string, EntityPlugin>();

  constructor(private readonly schemas: SchemaRegistry) {}

  /**
   * Add a plugin; throws a coded error naming the plugin on any problem.
   * `module` is the config entry it came from: errors from its code name it
   * (the registry then holds a view of the plugin that remembers it).
   */
  register(plugin: EntityPlugin, module?: string): void {
    const problem = pluginShapeProblem(plugin as unknown as Record<string, unknown>);
    if (problem) throw esdhError('ESDH_ERR_PLUGIN_INVALID', String((plugin as { name?: unknown })?.name ?? '?'), problem);
    if (this.plugins.has(plugin.name) || [...this.plugins.values()].some((p) => p.plural === plugin.plural || p.name === plugin.plural || p.plural === plugin.name)) {
      throw esdhError('ESDH_ERR_PLUGIN_DUPLICATE_NAME', this.plugins.has(plugin.name) ? plugin.name : plugin.plural);
    }
    if (!this.schemas.has(plugin.schemaId)) {
      throw esdhError('ESDH_ERR_PLUGIN_SCHEMA_UNKNOWN', plugin.name, plugin.schemaId, this.schemas.ids().join(', '));
    }
    this.plugins.set(plugin.name, module === undefined ? plugin : withModule(plugin, module));
  }

  /** Every dependency is registered and none loops back. */
  checkDependencies(): void {
    for (const plugin of this.plugins.values()) {
      for (const dep of plugin.dependencies) {
        if (!this.plugins.has(dep)) throw esdhError('ESDH_ERR_PLUGIN_DEPENDENCY_MISSING', plugin.name, dep, dep);
      }
    }
    this.order([...this.plugins.keys()]);
  }

  get(name: string): EntityPlugin {
    const plugin = this.plugins.get(name) ?? [...this.plugins.values()].find((p) => p.plural === name);
    if (!plugin) throw esdhError('ESDH_ERR_ENTITY_UNKNOWN', name, this.names().join(', '));
    return plugin;
  }

  has(name: string): boolean {
    return this.plugins.has(name);
  }

  names(): string[] {
    return [...this.plugins.keys()];
  }

  all(): EntityPlugin[] {
    return [...this.plugins.values()];
  }

  /**
   * `entities` and the optional dependencies of what they need that
   * `available` (a profile's entities) has: asked for persons, a book
   * profile's run gives persons with their accounts.
   * @example
   * registry.withOptional(['person'], ['account', 'person', 'vehicle']); // → ['person', 'account']
   * registry.withOptional(['person'], ['person', 'vehicle']); // → ['person']
   */
  withOptional(entities: readonly string[], available: readonly string[]): string[] {
    const wanted = [...entities];
    for (let grew = true; grew; ) {
      grew = false;
      for (const plugin of this.order(wanted)) {
        for (const dep of plugin.optionalDependencies ?? []) {
          if (!available.includes(dep) || wanted.includes(dep) || !this.plugins.has(dep)) continue;
          wanted.push(dep);
          grew = true;
        }
      }
    }
    return wanted;
  }

  /**
   * The plugins needed to make `entities`, dependencies first (optional
   * dependencies too, when the plan has them); among equals, registration
   * order, so the plan is stable.
   */
  order(entities: readonly string[]): EntityPlugin[] {
    const needed = new Set<string>();
    const visit = (name: string, path: string[]): void => {
      if (path.includes(name)) throw esdhError('ESDH_ERR_PLUGIN_DEPENDENCY_CYCLE', [...path, name].join(' → '));
      const plugin = this.get(name);
      for (const dep of plugin.dependencies) visit(dep, [...path, name]);
      needed.add(plugin.name);
    };
    for (const name of entities) visit(name, []);
    // An optional dependency in the plan comes first as a dependency would: refuse a loop through it.
    const before = (plugin: EntityPlugin): string[] => [...plugin.dependencies, ...(plugin.optionalDependencies ?? []).filter((d) => needed.has(d))];
    const loop = (name: string, path: string[]): void => {
      if (path.includes(name)) throw esdhError('ESDH_ERR_PLUGIN_DEPENDENCY_CYCLE', [...path, name].join(' → '));
      for (const dep of before(this.get(name))) loop(dep, [...path, name]);
    };
    for (const name of needed) loop(name, []);
    const ordered: EntityPlugin[] = [];
    const placed = new Set<string>();
    while (ordered.length < needed.size) {
      for (const plugin of this.plugins.values()) {
        if (!needed.has(plugin.name) || placed.has(plugin.name)) continue;
        if (before(plugin).every((d) => placed.has(d))) {
          ordered.push(plugin);
          placed.add(plugin.name);
        }
      }
    }
    return ordered;
  }
}

/** A copy of the plugin that remembers its module: same own members and prototype (class-based plugins keep their methods). */
function withModule(plugin: EntityPlugin, module: string): EntityPlugin {
  const copy: EntityPlugin = Object.assign(Object.create(Object.getPrototypeOf(plugin) as object | null) as EntityPlugin, plugin);
  return Object.freeze(Object.assign(copy, { [MODULE]: module }));
}
