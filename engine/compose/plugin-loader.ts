import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { exports as resolveExports } from 'resolve.exports';
// The two functions, not the package index (which loads all of semver: about 20 ms more at every start).
import satisfies from 'semver/functions/satisfies.js';
import validRange from 'semver/ranges/valid.js';
import { esdhError, EsdhError } from '../contracts/errors.js';
import { pluginShapeProblem, type EntityPlugin } from '../contracts/entity-plugin.js';
import type { JsonSchema, SchemaRegistry } from '../schema/schema-registry.js';

/**
 * What a plugin module may export (any one of the plugin forms, plus optional
 * schemas and reference data):
 *
 * ```js
 * export default defineEntityPlugin({ ... });     // or an array of plugins
 * export const plugins = [a, b];                   // or `export const plugin = ...`
 * export const schemas = { trip: { ...JSON Schema } };  // optional: else <schemaId>.schema.json beside the module
 * export const dataDir = new URL('./data/', import.meta.url);  // optional: extra reference data
 * ```
 */
export interface PluginModuleExports {
  readonly default?: EntityPlugin | readonly EntityPlugin[];
  readonly plugins?: readonly EntityPlugin[];
  readonly plugin?: EntityPlugin;
  readonly schemas?: Readonly<Record<string, JsonSchema>>;
  readonly dataDir?: string | URL;
}

/** One module from the config's `plugins`, imported and checked. */
export interface LoadedPluginModule {
  /** As written in the config, e.g. `./plugins/driver-history.js` or `esdh-plugin-telematics`. */
  readonly specifier: string;
  /** The file that was imported. */
  readonly file: string;
  readonly plugins: readonly EntityPlugin[];
  /** Schemas the module exports by id (`schemas`), if any. */
  readonly schemas: Readonly<Record<string, JsonSchema>>;
  /** Folders searched for `<schemaId>.schema.json` when the module exports no schema for a plugin. */
  readonly schemaDirs: readonly string[];
  /** A reference-data root the module brings (`dataDir`), if any. */
  readonly dataDir?: string;
}

/**
 * Import the config's plugin modules: paths relative to `baseDir` (the config
 * file's folder) or package names installed where `baseDir` can see them.
 * A pure function of (specifiers, baseDir), so every worker that builds an
 * engine from the same config loads the same plugins.
 */
export async function loadPluginModules(specifiers: readonly string[], baseDir: string): Promise<LoadedPluginModule[]> {
  const loaded: LoadedPluginModule[] = [];
  for (const specifier of specifiers) loaded.push(await loadPluginModule(specifier, baseDir));
  return loaded;
}

/**
 * Import one plugin module and check what it exports.
 * @example
 * const module = await loadPluginModule('./plugins/telematics.js', process.cwd());
 * module.plugins.map((p) => p.name); // → ['trip']
 */
export async function loadPluginModule(specifier: string, baseDir: string): Promise<LoadedPluginModule> {
  const { file, packageDir } = resolvePluginModule(specifier, baseDir);
  let namespace: PluginModuleExports;
  try {
    namespace = (await import(pathToFileURL(file).href)) as PluginModuleExports;
  } catch (error) {
    if (error instanceof EsdhError) throw inModule(error, specifier);
    const message = firstLine((error as Error)?.message ?? String(error));
    const hint = /Cannot find (package|module) 'esdh'/.test(message) ? ": install esdh in the project that holds the plugin (npm install --save-dev esdh)" : '';
    const wrapped = esdhError('ESDH_ERR_PLUGIN_LOAD_FAILED', specifier, `importing ${file} threw: ${message}${hint}`);
    throw new EsdhError(wrapped.code, wrapped.message, { cause: error });
  }
  const plugins = pluginsOf(namespace, specifier);
  for (const plugin of plugins) checkPlugin(plugin, specifier);
  const schemas = namespace.schemas ?? {};
  if (typeof schemas !== 'object' || schemas === null || Array.isArray(schemas)) {
    throw esdhError('ESDH_ERR_PLUGIN_LOAD_FAILED', specifier, "its 'schemas' export must be an object of schemaId → JSON Schema");
  }
  const moduleDir = dirname(file);
  const schemaDirs = unique([moduleDir, join(moduleDir, 'schemas'), ...(packageDir ? [packageDir, join(packageDir, 'schemas')] : [])]);
  const dataDir = namespace.dataDir === undefined ? undefined : toPath(namespace.dataDir, moduleDir, specifier);
  return { specifier, file, plugins, schemas, schemaDirs, ...(dataDir ? { dataDir } : {}) };
}

/**
 * Register the schemas a loaded module brings: its `schemas` export, then
 * `<schemaId>.schema.json` from its folder (or `schemas/` beside it, or its
 * package's `schemas/`) for each plugin whose schema is not registered yet.
 */
export function registerModuleSchemas(module: LoadedPluginModule, schemas: SchemaRegistry): void {
  try {
    for (const [id, schema] of Object.entries(module.schemas)) {
      if (schemas.has(id) && JSON.stringify(schemas.schema(id)) === JSON.stringify(schema)) continue;
      schemas.add(id, schema);
    }
    for (const plugin of module.plugins) {
      if (schemas.has(plugin.schemaId)) continue;
      const file = module.schemaDirs.map((dir) => join(dir, `${plugin.schemaId}.schema.json`)).find((f) => existsSync(f));
      if (!file) {
        const unknown = esdhError('ESDH_ERR_PLUGIN_SCHEMA_UNKNOWN', plugin.name, plugin.schemaId, schemas.ids().join(', '));
        throw new EsdhError(unknown.code, `${unknown.message}. Looked for ${plugin.schemaId}.schema.json in ${module.schemaDirs.join(', ')}: put the schema beside the module, or export it as 'schemas'`);
      }
      let schema: JsonSchema;
      try {
        schema = JSON.parse(readFileSync(file, 'utf8')) as JsonSchema;
      } catch (error) {
        throw esdhError('ESDH_ERR_SCHEMA_INVALID', plugin.schemaId, `${file} is not valid JSON: ${(error as Error).message}`);
      }
      schemas.add(plugin.schemaId, schema);
    }
  } catch (error) {
    throw error instanceof EsdhError ? inModule(error, module.specifier) : error;
  }
}

/** The range forms a plugin's `engine` may use, for messages: any npm (node-semver) range. */
const ENGINE_RANGE_FORMS = 'an npm semver range such as "^0.2.0", "~0.2.1", ">=0.2.0 <0.3.0", "0.2.x", "1.2.3 - 1.2.5" or "*", alternatives joined by "||"';

/**
 * Check a plugin's `engine` range (e.g. `^0.2.0`) against the running engine,
 * with node-semver. Plugins without one are accepted.
 *
 * `includePrerelease: true`, as npm checks a package's `engines`: the question
 * is "is this engine inside the range the plugin declared", not "may an
 * installer pick a prerelease nobody asked for" (what the default guards).
 * Without it every range, `*` included, would reject every prerelease engine
 * (0.2.1-rc.1 fails `^0.2.0`), so no one could try a release candidate with
 * their plugins. Caret, tilde, x- and hyphen ranges still stop before the next
 * line's prereleases (`^0.2.0` is `<0.3.0-0`), and a prerelease still sorts
 * before its release (0.2.0-beta.1 is not in `^0.2.0`).
 */
export function checkEngineRange(plugin: EntityPlugin, engineVersion: string): void {
  const range: unknown = plugin.engine;
  if (range === undefined) return;
  const problem = engineRangeProblem(range);
  if (problem) throw esdhError('ESDH_ERR_PLUGIN_INVALID', plugin.name, `engine: ${problem}`);
  if (!satisfies(engineVersion, range as string, { includePrerelease: true })) throw esdhError('ESDH_ERR_PLUGIN_ENGINE_MISMATCH', plugin.name, range, engineVersion);
}

/** Why `range` is not a usable `engine` value, or null. */
function engineRangeProblem(range: unknown): string | null {
  if (typeof range !== 'string') return `expected ${ENGINE_RANGE_FORMS}, not ${range === null ? 'null' : typeof range}`;
  // node-semver reads "" and an empty alternative ("^0.2.0 ||") as "*": almost surely a slip, so refuse it.
  if (range.split('||').some((alternative) => alternative.trim() === '')) return `'${range}' is empty or has an empty alternative (which would accept every version): write ${ENGINE_RANGE_FORMS}`;
  if (validRange(range) === null) return `'${range}' is not a semver range: write ${ENGINE_RANGE_FORMS}`;
  return null;
}

/** Add "(plugin module 'x')" to a coded error, and `module` to its details, so the user knows which config entry to look at. */
export function inModule(error: EsdhError, specifier: string): EsdhError {
  if (error.message.includes(`(plugin module '${specifier}')`)) return error;
  return new EsdhError(error.code, `${error.message} (plugin module '${specifier}')`, { cause: error.cause ?? error, details: { ...error.details, module: specifier } });
}

/**
 * The file a config entry names: a path relative to `baseDir`, an absolute
 * path or file: URL, or a package (with `exports`, `main` or index.js).
 */
export function resolvePluginModule(specifier: string, baseDir: string): { file: string; packageDir?: string } {
  if (typeof specifier !== 'string' || specifier.trim() === '') throw esdhError('ESDH_ERR_PLUGIN_LOAD_FAILED', String(specifier), 'the entry is empty');
  if (specifier.startsWith('file:')) return { file: fileOrDirectory(fileURLToPath(specifier), specifier, baseDir) };
  if (specifier.startsWith('.') || isAbsolute(specifier)) return { file: fileOrDirectory(resolve(baseDir, specifier), specifier, baseDir) };
  const { name, subpath } = splitPackageSpecifier(specifier);
  const packageDir = findPackageDir(name, baseDir);
  if (!packageDir) {
    // Last resort: Node's own lookup (NODE_PATH, CommonJS-only packages).
    try {
      return { file: createRequire(join(baseDir, 'noop.js')).resolve(specifier) };
    } catch {
      throw esdhError('ESDH_ERR_PLUGIN_LOAD_FAILED', specifier, `package '${name}' is not installed where ${baseDir} can see it: run npm install ${name} (or write the entry as a path starting with ./)`);
    }
  }
  return { file: packageEntry(packageDir, subpath, specifier), packageDir };
}

function pluginsOf(namespace: PluginModuleExports, specifier: string): EntityPlugin[] {
  const exported = namespace.default ?? namespace.plugins ?? namespace.plugin;
  if (exported === undefined) {
    throw esdhError('ESDH_ERR_PLUGIN_LOAD_FAILED', specifier, "it exports no plugin: add 'export default defineEntityPlugin({ ... })' (or a named 'plugin', or 'plugins' for several)");
  }
  const list = Array.isArray(exported) ? [...exported] : [exported];
  if (list.length === 0) throw esdhError('ESDH_ERR_PLUGIN_LOAD_FAILED', specifier, 'it exports an empty list of plugins');
  return list as EntityPlugin[];
}

function checkPlugin(plugin: EntityPlugin, specifier: string): void {
  const problem = pluginShapeProblem(plugin as unknown as Record<string, unknown>);
  if (problem) throw inModule(esdhError('ESDH_ERR_PLUGIN_INVALID', String((plugin as { name?: unknown })?.name ?? '?'), problem), specifier);
}

function fileOrDirectory(path: string, specifier: string, baseDir: string): string {
  if (!existsSync(path)) {
    throw esdhError('ESDH_ERR_PLUGIN_LOAD_FAILED', specifier, `no file at ${path} (paths in the config's plugins are relative to the config file's folder, ${baseDir})`);
  }
  return statSync(path).isDirectory() ? packageEntry(path, '', specifier) : path;
}

function splitPackageSpecifier(specifier: string): { name: string; subpath: string } {
  const parts = specifier.split('/');
  const size = specifier.startsWith('@') ? 2 : 1;
  return { name: parts.slice(0, size).join('/'), subpath: parts.slice(size).join('/') };
}

/** node_modules/<name> in `from` or a folder above it, or the enclosing package when it is `name` itself. */
function findPackageDir(name: string, from: string): string | undefined {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    const own = join(dir, 'package.json');
    if (existsSync(own) && readJson(own)?.name === name) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * The file a package (folder) exposes for `subpath`: its `exports` map as
 * Node's import() reads it (resolve.exports with its defaults: conditions
 * `import`, `node`, `default`, in the map's key order; subpath patterns;
 * `null` exclusions), else `main`, else index.js.
 */
function packageEntry(packageDir: string, subpath: string, specifier: string): string {
  const manifestFile = join(packageDir, 'package.json');
  const manifest = existsSync(manifestFile) ? readJson(manifestFile) : undefined;
  if (manifest?.exports !== undefined) {
    const key = subpath ? `./${subpath}` : '.';
    let target: string | undefined;
    try {
      target = resolveExports(manifest, key)?.[0];
    } catch {
      // resolve.exports throws for a subpath the map lacks, excludes (null) or offers under no condition of ours.
    }
    if (!target) {
      throw esdhError('ESDH_ERR_PLUGIN_LOAD_FAILED', specifier, `${manifestFile} exports no '${key}' for import (conditions import, node, default); it exports ${exportedSubpaths(manifest.exports)}`);
    }
    const file = resolve(packageDir, target);
    const inside = relative(packageDir, file);
    if (inside.startsWith('..') || isAbsolute(inside)) throw esdhError('ESDH_ERR_PLUGIN_LOAD_FAILED', specifier, `${manifestFile} exports '${key}' as ${target}, which is outside the package`);
    return existing(file, specifier);
  }
  const main = subpath || (typeof manifest?.main === 'string' ? manifest.main : 'index.js');
  return existing(join(packageDir, main), specifier);
}

/** The subpaths an `exports` value offers, for messages: `'.', './features/*'`. */
function exportedSubpaths(exports: unknown): string {
  const keys = exports && typeof exports === 'object' && !Array.isArray(exports) ? Object.keys(exports) : [];
  const subpaths = keys.length > 0 && keys.every((k) => k.startsWith('.')) ? keys : ['.'];
  return subpaths.map((k) => `'${k}'`).join(', ');
}

/** `path`, or `path.js`, or `path/index.js`: the first that exists. */
function existing(path: string, specifier: string): string {
  const found = [path, `${path}.js`, `${path}.mjs`, join(path, 'index.js')].find((p) => existsSync(p) && statSync(p).isFile());
  if (!found) throw esdhError('ESDH_ERR_PLUGIN_LOAD_FAILED', specifier, `no file at ${path}`);
  return found;
}

function toPath(value: string | URL, moduleDir: string, specifier: string): string {
  const path = value instanceof URL || String(value).startsWith('file:') ? fileURLToPath(value) : resolve(moduleDir, String(value));
  if (!existsSync(path)) throw esdhError('ESDH_ERR_PLUGIN_LOAD_FAILED', specifier, `its dataDir ${path} does not exist`);
  return path;
}

function readJson(path: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

function unique(list: readonly string[]): string[] {
  return [...new Set(list)];
}

function firstLine(text: string): string {
  return text.split('\n')[0]!;
}
