import type { PluginRegistry } from '../generate/plugin-registry.js';
import type { RunPlan } from '../generate/run-options.js';
import type { SetupCache } from '../generate/setup-cache.js';
import type { UnitGenerator } from '../generate/unit-generator.js';
import type { ReferenceData } from '../lib/reference-data.js';
import type { SchemaRegistry } from '../schema/schema-registry.js';
import type { ResolvedConfig } from './config-types.js';
import type { CreateEngineOptions } from './engine-options.js';

/**
 * What the layers below the facade need of an engine: its resolved parts.
 * `Engine` implements it; generate/, parallel/ and snapshot/ take this, never
 * the facade, so nothing below engine.ts imports it.
 */
export interface EngineParts {
  readonly config: ResolvedConfig;
  readonly schemas: SchemaRegistry;
  readonly registry: PluginRegistry;
  readonly data: ReferenceData;
  /** The plugins' setup results, kept across runs, builds and requests of this engine (one cache for all). */
  readonly setups: SetupCache;
  /** The options the engine was made with: worker threads rebuild their engines from them. */
  readonly origin: CreateEngineOptions;
  /** Names of the registered output formats. */
  formats(): string[];
  /** A generator for the plan's entities and their dependencies (and the post-check of its `where` terms, when given). */
  generator(plan: Pick<RunPlan, 'seed' | 'asOf' | 'entities' | 'distributions'> & Partial<Pick<RunPlan, 'where'>>): UnitGenerator;
}
