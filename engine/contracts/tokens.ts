import type { EntityPlugin } from './entity-plugin.js';
import type { Exporter } from './exporter.js';
import type { Target } from './target.js';
import type { SchemaRegistry } from '../schema/schema-registry.js';
import type { ReferenceData } from '../lib/reference-data.js';
import type { ResolvedConfig } from './config-types.js';
import type { PluginRegistry } from '../generate/plugin-registry.js';

/** A symbol that remembers the type registered under it. */
export type Token<T> = symbol & { readonly __type?: T };

/**
 * Tokens of the parts an engine is wired from: the composition root
 * registers under them, the engine resolves from them, and
 * `createEngine({ register })` adds yours the same way.
 * @example
 * const engine = await createEngine({ register: (c) => c.register(EXPORTER, { useValue: xmlExporter }) });
 * engine.container.resolveAll(EXPORTER).map((e) => e.name); // → ['csv', 'json', 'ndjson', 'xml']
 */
export const ENTITY_PLUGIN = Symbol.for('esdh.EntityPlugin') as Token<EntityPlugin>;
/** Output formats (`resolveAll`). @example engine.container.resolveAll(EXPORTER).map((e) => e.name); // → ['csv', 'json', 'ndjson'] */
export const EXPORTER = Symbol.for('esdh.Exporter') as Token<Exporter>;
/** Databases snapshots load into, found by URL scheme (`resolveAll`). @example engine.container.resolveAll(TARGET).flatMap((t) => t.schemes); */
export const TARGET = Symbol.for('esdh.Target') as Token<Target>;
/** The JSON Schemas of entities, config and requests. @example engine.container.resolve(SCHEMA_REGISTRY).fields('vehicle')[0]; // → 'vehicle_id' */
export const SCHEMA_REGISTRY = Symbol.for('esdh.SchemaRegistry') as Token<SchemaRegistry>;
/** The reference-data source (data/reference and plugin data folders). @example engine.container.resolve(REFERENCE_DATA); */
export const REFERENCE_DATA = Symbol.for('esdh.ReferenceData') as Token<ReferenceData>;
/** The resolved config. @example engine.container.resolve(CONFIG).default_profile; // → 'baseline' */
export const CONFIG = Symbol.for('esdh.Config') as Token<ResolvedConfig>;
/** The checked registry of one engine's plugins (registered by the composition root after every plugin). @example engine.container.resolve(PLUGIN_REGISTRY).names(); // → ['person', 'vehicle', …] */
export const PLUGIN_REGISTRY = Symbol.for('esdh.PluginRegistry') as Token<PluginRegistry>;
