import type { EntityPlugin } from './entity-plugin.js';
import type { Exporter } from './exporter.js';
import type { SchemaRegistry } from '../schema/schema-registry.js';
import type { ReferenceData } from '../lib/reference-data.js';
import type { ResolvedConfig } from './config-types.js';

/** A symbol that remembers the type registered under it. */
export type Token<T> = symbol & { readonly __type?: T };

export const ENTITY_PLUGIN = Symbol.for('esdh.EntityPlugin') as Token<EntityPlugin>;
export const EXPORTER = Symbol.for('esdh.Exporter') as Token<Exporter>;
export const SCHEMA_REGISTRY = Symbol.for('esdh.SchemaRegistry') as Token<SchemaRegistry>;
export const REFERENCE_DATA = Symbol.for('esdh.ReferenceData') as Token<ReferenceData>;
export const CONFIG = Symbol.for('esdh.Config') as Token<ResolvedConfig>;
