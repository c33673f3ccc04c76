import type { DependencyContainer } from 'tsyringe';
import type { EsdhConfig } from './config-types.js';
import type { EntityPlugin } from './entity-plugin.js';
import type { Exporter } from './exporter.js';
import type { Target } from './target.js';

/** Options of `createEngine`. */
export interface CreateEngineOptions {
  /** Where to look for esdh.config.* (default: process.cwd()). */
  cwd?: string;
  /** An explicit config file instead of the search. */
  configPath?: string;
  /** Config merged over the file's: e.g. `{ validate: false }`. */
  config?: EsdhConfig;
  /** Extra entity plugins, registered after the built-ins and the config's `plugins` modules. */
  plugins?: readonly EntityPlugin[];
  /** Extra exporters, registered after the built-ins. */
  exporters?: readonly Exporter[];
  /** Extra load targets (databases, found by URL scheme), registered after the built-ins. */
  targets?: readonly Target[];
  /**
   * Register more parts by token in the engine's own container, after the
   * built-ins and before anything is resolved: the same way the composition
   * root registers ours (`c.register(EXPORTER, { useValue: myExporter })`).
   */
  register?: (container: DependencyContainer) => void;
  /** Extra folders of JSON Schemas (for the extra plugins). */
  schemaDirs?: readonly string[];
  /** Extra reference-data roots, searched before the built-in data/reference. */
  dataDirs?: readonly string[];
  /** Environment for DEMO_PROFILE / DEMO_API_PORT / ESDH_API_KEY (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Skip reading config files (defaults + `config` only). */
  noConfigFile?: boolean;
}
