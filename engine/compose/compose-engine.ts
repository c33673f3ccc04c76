import 'reflect-metadata';
import { join } from 'node:path';
import { container as rootContainer, type DependencyContainer } from 'tsyringe';
import { builtinExporters } from '../../adapters/exporters/index.js';
import { builtinTargets } from '../../adapters/exporters/postgres/index.js';
import { builtinPlugins } from '../../plugins/index.js';
import { loadConfig, type LoadConfigOptions } from '../../config/load-config.js';
import type { CreateEngineOptions } from '../contracts/engine-options.js';
import { Engine } from '../engine.js';
import { ENGINE_VERSION } from '../lib/engine-version.js';
import { esdhError, EsdhError } from '../contracts/errors.js';
import type { EntityPlugin } from '../contracts/entity-plugin.js';
import { checkEngineRange, inModule, loadPluginModules, registerModuleSchemas } from './plugin-loader.js';
import { PluginRegistry } from '../generate/plugin-registry.js';
import { packageRoot } from '../lib/package-root.js';
import { ReferenceData } from '../lib/reference-data.js';
import { SchemaRegistry } from '../schema/schema-registry.js';
import type { Exporter } from '../contracts/exporter.js';
import type { Target } from '../contracts/target.js';
import { CONFIG, ENTITY_PLUGIN, EXPORTER, PLUGIN_REGISTRY, REFERENCE_DATA, SCHEMA_REGISTRY, TARGET } from '../contracts/tokens.js';

/**
 * The composition root: the only place that registers anything. Each engine
 * gets its own child container, so engines and tests never share state.
 */
export async function composeEngine(options: CreateEngineOptions = {}): Promise<Engine> {
  const root = packageRoot();
  const schemas = new SchemaRegistry().addFolder(join(root, 'schemas'), { compile: 'on-first-use' });
  for (const dir of options.schemaDirs ?? []) schemas.addFolder(dir);
  const loadOptions: LoadConfigOptions = { cwd: options.cwd, configPath: options.configPath, overrides: options.config, env: options.env, noSearch: options.noConfigFile };
  const config = await loadConfig(schemas, loadOptions);
  // The config's plugin modules: a pure function of (config, baseDir), so workers load the same ones.
  const modules = await loadPluginModules(config.plugins, config.baseDir);
  const origin = new Map<EntityPlugin, string>();
  for (const module of modules) {
    registerModuleSchemas(module, schemas);
    for (const plugin of module.plugins) origin.set(plugin, module.specifier);
  }
  const moduleDataDirs = modules.flatMap((m) => (m.dataDir ? [m.dataDir] : []));
  const data = new ReferenceData([...(options.dataDirs ?? []), ...moduleDataDirs, join(root, 'data', 'reference')]);

  const c: DependencyContainer = rootContainer.createChildContainer();
  c.register(SCHEMA_REGISTRY, { useValue: schemas });
  c.register(CONFIG, { useValue: config });
  c.register(REFERENCE_DATA, { useValue: data });
  for (const plugin of [...builtinPlugins, ...modules.flatMap((m) => m.plugins), ...(options.plugins ?? [])]) c.register(ENTITY_PLUGIN, { useValue: plugin });
  for (const exporter of [...builtinExporters, ...(options.exporters ?? [])]) c.register(EXPORTER, { useValue: exporter });
  for (const target of [...builtinTargets, ...(options.targets ?? [])]) c.register(TARGET, { useValue: target });
  options.register?.(c);

  const registry = new PluginRegistry(c.resolve<SchemaRegistry>(SCHEMA_REGISTRY));
  for (const plugin of c.resolveAll<EntityPlugin>(ENTITY_PLUGIN)) {
    const specifier = origin.get(plugin);
    try {
      checkEngineRange(plugin, ENGINE_VERSION);
      registry.register(plugin, specifier);
    } catch (error) {
      throw error instanceof EsdhError && specifier ? inModule(error, specifier) : error;
    }
  }
  registry.checkDependencies();
  c.register(PLUGIN_REGISTRY, { useValue: registry });
  const names = new Set<string>();
  for (const exporter of c.resolveAll<Exporter>(EXPORTER)) {
    if (names.has(exporter.name)) throw esdhError('ESDH_ERR_EXPORTER_DUPLICATE', exporter.name);
    names.add(exporter.name);
  }
  const schemes = new Map<string, string>();
  for (const target of c.resolveAll<Target>(TARGET)) {
    for (const scheme of target.schemes) {
      const other = schemes.get(scheme);
      if (other !== undefined) throw esdhError('ESDH_ERR_DB_TARGET_DUPLICATE', target.name, scheme, other);
      schemes.set(scheme, target.name);
    }
  }
  for (const entity of config.entities) registry.get(entity);
  return new Engine(c, { ...options, cwd: options.cwd ?? process.cwd() });
}
