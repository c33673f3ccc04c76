import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createEngine, type Engine, ENGINE_VERSION, type EntityPlugin, esdhError, loadPluginModule } from '../../../../engine/index.js';
import { planConfigEdit, type ConfigEdit } from './config-edit.js';
import { defaultPlural, generatorFile, GOLDEN_AS_OF, GOLDEN_RECORDS, GOLDEN_SEEDS, pascalCase, schemaFile, testFile, type ScaffoldDependency, type ScaffoldSpec } from './templates.js';

/** What `esdh plugin new` was asked for. */
export interface ScaffoldRequest {
  readonly name: string;
  readonly plural?: string;
  /** Entities the new one reads; default `['person']`. */
  readonly depends?: readonly string[];
  /** Folder that gets `<name>/`; default `plugins` beside the config. */
  readonly dir?: string;
  /** Register the plugin but leave it out of `entities`. */
  readonly off?: boolean;
  readonly cwd: string;
  readonly configPath?: string;
  readonly env: NodeJS.ProcessEnv;
}

/** What was written, for the summary. */
export interface ScaffoldResult {
  readonly spec: ScaffoldSpec;
  readonly pluginDir: string;
  readonly files: readonly string[];
  readonly configFile: string;
  readonly configCreated: boolean;
  /** The entry added to `plugins`. */
  readonly moduleEntry: string;
  /** Things the user should know (e.g. profiles that list their own entities). */
  readonly notes: readonly string[];
}

const NAME = /^[a-z][a-z0-9_]*$/;
const MAX_NAME = 40;
/** Words the CLI and HTTP API use beside entity names (`generate bundle`, `/entities`, `/schemas`). */
const RESERVED = new Set(['bundle', 'entities', 'schemas', 'healthz', 'metadata', 'dataset', 'snapshot', 'manifest']);

/**
 * Write a working plugin (schema, generator, golden-file test, golden files)
 * and register it in the config. Checks everything it can before writing, and
 * removes what it wrote if the new plugin then fails to load or generate.
 */
export async function scaffoldPlugin(request: ScaffoldRequest): Promise<ScaffoldResult> {
  const engine = await createEngine({ cwd: request.cwd, configPath: request.configPath, env: request.env });
  const spec = specFor(engine, request);
  const configFile = engine.config.source === 'built-in defaults' ? null : engine.config.source;
  const baseDir = configFile ? dirname(configFile) : request.cwd;
  const parentDir = resolve(request.dir ? request.cwd : baseDir, request.dir ?? 'plugins');
  const pluginDir = join(parentDir, spec.name);
  if (existsSync(pluginDir)) throw esdhError('ESDH_ERR_SCAFFOLD_EXISTS', pluginDir);
  const ext = moduleExtension(parentDir);
  const fullSpec: ScaffoldSpec = { ...spec, ext };
  const moduleFile = join(pluginDir, `${spec.name}${ext}`);
  const moduleEntry = configEntry(baseDir, moduleFile);
  const edit: ConfigEdit = planConfigEdit(configFile, baseDir, { plugin: moduleEntry, entity: request.off ? undefined : spec.name, defaultEntities: engine.config.entities });

  const created: string[] = [];
  const notes: string[] = [];
  const firstMissing = firstMissingDir(pluginDir);
  try {
    mkdirSync(pluginDir, { recursive: true });
    const write = (file: string, text: string) => {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
      created.push(file);
    };
    write(join(pluginDir, `${spec.name}.schema.json`), schemaFile(fullSpec));
    write(moduleFile, generatorFile(fullSpec));
    write(join(pluginDir, `${spec.name}.test${ext}`), testFile(fullSpec));
    for (const [file, text] of await goldenFiles(moduleFile, pluginDir, baseDir)) write(file, text);
    writeFileSync(edit.file, edit.after);
    notes.push(...(await checkRegistered(request, edit, spec.name, moduleEntry, !request.off)));
  } catch (error) {
    if (existsSync(edit.file) && readFileSync(edit.file, 'utf8') === edit.after) {
      if (edit.before === null) rmSync(edit.file, { force: true });
      else writeFileSync(edit.file, edit.before);
    }
    rmSync(firstMissing, { recursive: true, force: true });
    throw error;
  }
  return { spec: fullSpec, pluginDir, files: created, configFile: edit.file, configCreated: edit.before === null, moduleEntry, notes };
}

/** Name, plural and dependencies, checked against what the engine already has. */
function specFor(engine: Engine, request: ScaffoldRequest): Omit<ScaffoldSpec, 'ext'> {
  const { name } = request;
  const invalid = (reason: string) => esdhError('ESDH_ERR_SCAFFOLD_NAME_INVALID', name, reason);
  if (!NAME.test(name)) {
    const suggestion = name.toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^[^a-z]+/, '');
    throw invalid(`use lower-case letters, digits and _, starting with a letter${suggestion && NAME.test(suggestion) ? ` (e.g. ${suggestion})` : ' (e.g. driver_history)'}`);
  }
  if (name.length > MAX_NAME) throw invalid(`use at most ${MAX_NAME} characters`);
  const plural = request.plural ?? defaultPlural(name);
  if (!NAME.test(plural) || plural === name) throw invalid(`plural '${plural}' must be lower-case letters, digits and _, and differ from the name`);
  const taken = new Map<string, string>();
  for (const e of engine.entities()) {
    taken.set(e.name, `the entity '${e.name}'`);
    taken.set(e.plural, `the plural of '${e.name}'`);
  }
  for (const id of engine.schemas.ids()) if (!taken.has(id)) taken.set(id, `the schema '${id}'`);
  for (const word of RESERVED) taken.set(word, 'a word the CLI and HTTP API reserve');
  for (const candidate of [name, plural]) {
    if (taken.has(candidate)) throw invalid(`'${candidate}' is already ${taken.get(candidate)}; choose another name${candidate === plural && candidate !== name ? ' or --plural' : ''}`);
  }
  const depends = request.depends ?? ['person'];
  const dependencies: ScaffoldDependency[] = depends.map((dep) => {
    if (!engine.registry.has(dep)) throw invalid(`--depends names '${dep}', which is not registered; registered entities: ${engine.registry.names().join(', ')}`);
    const plugin: EntityPlugin = engine.registry.get(dep);
    const idSchema = plugin.idField ? (engine.schemas.schema(plugin.schemaId).properties as Record<string, Record<string, unknown>> | undefined)?.[plugin.idField] : undefined;
    return {
      name: dep,
      ...(plugin.idField ? { idField: plugin.idField } : {}),
      ...(idSchema ? { idSchema: pick(idSchema, ['type', 'format', 'pattern']) } : {}),
      oneToMany: typeof plugin.count === 'function',
    };
  });
  const [major, minor] = ENGINE_VERSION.split('.');
  return { name, plural, typeName: pascalCase(name), dependencies, engineRange: `^${major}.${minor}.0` };
}

/**
 * The golden files, made the way the scaffolded test makes them: the plugin
 * imported as `esdh run` would import it, on the built-in defaults.
 */
async function goldenFiles(moduleFile: string, pluginDir: string, baseDir: string): Promise<[string, string][]> {
  const module = await loadPluginModule(pathToFileURL(moduleFile).href, baseDir);
  const plugin = module.plugins[0]!;
  const engine = await createEngine({ noConfigFile: true, env: {}, plugins: [plugin], schemaDirs: [pluginDir] });
  const files: [string, string][] = [];
  for (const seed of GOLDEN_SEEDS) {
    const records = await engine.generate(plugin.name, { records: GOLDEN_RECORDS, seed, asOf: GOLDEN_AS_OF });
    const golden = { entity: plugin.name, plugin_version: plugin.version, seed, as_of: GOLDEN_AS_OF, records };
    files.push([join(pluginDir, 'golden', `${seed}.json`), JSON.stringify(golden, null, 2) + '\n']);
  }
  return files;
}

/** The edited config loads, lists the plugin, and a run would make its records. */
async function checkRegistered(request: ScaffoldRequest, edit: ConfigEdit, name: string, moduleEntry: string, inRuns: boolean): Promise<string[]> {
  const engine = await createEngine({ cwd: request.cwd, configPath: edit.file, env: request.env });
  const problems: string[] = [];
  if (!engine.config.plugins.includes(moduleEntry)) problems.push(`plugins does not list ${moduleEntry}`);
  if (inRuns && !engine.config.entities.includes(name)) problems.push(`entities does not list ${name}`);
  if (problems.length) throw esdhError('ESDH_ERR_SCAFFOLD_CONFIG_UNEDITABLE', edit.file, `after the edit ${problems.join('; ')}`, `plugins: [${moduleEntry}]`);
  engine.build(name);
  return Object.entries(engine.config.profiles)
    .filter(([, profile]) => inRuns && profile.entities && !profile.entities.includes(name))
    .map(([profile]) => `profile '${profile}' lists its own entities; add ${name} there to make it in that profile's runs`);
}

/** `.js` inside a `"type": "module"` package, `.mjs` elsewhere, so Node reads the file as ESM either way. */
function moduleExtension(dir: string): '.js' | '.mjs' {
  for (let d = dir; ; d = dirname(d)) {
    const manifest = join(d, 'package.json');
    if (existsSync(manifest)) {
      try {
        return JSON.parse(readFileSync(manifest, 'utf8')).type === 'module' ? '.js' : '.mjs';
      } catch {
        return '.mjs';
      }
    }
    if (dirname(d) === d) return '.mjs';
  }
}

/** `./plugins/trip/trip.js`: relative to the config's folder, with forward slashes. */
function configEntry(baseDir: string, file: string): string {
  const rel = relative(baseDir, file).split(sep).join('/');
  return rel.startsWith('../') ? rel : `./${rel}`;
}

/** The outermost folder of `dir` that does not exist yet: what to remove on failure. */
function firstMissingDir(dir: string): string {
  let missing = dir;
  for (let d = dirname(dir); !existsSync(d); d = dirname(d)) missing = d;
  return missing;
}

function pick(object: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => k in object).map((k) => [k, object[k]]));
}
