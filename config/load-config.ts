import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { cosmiconfig, type Loader } from 'cosmiconfig';
import { type EsdhConfig, esdhError, EsdhError, isSyntheticMarker, type ResolvedConfig, type SchemaRegistry, SYNTHETIC_MARKER_RULE } from '../engine/kit.js';
import { DEFAULT_CONFIG } from './defaults.js';

/** Where config is searched for, in order (cosmiconfig module name `esdh`). */
export const CONFIG_SEARCH_PLACES = [
  'package.json',
  'esdh.config.yaml',
  'esdh.config.yml',
  'esdh.config.json',
  '.esdhrc',
  '.esdhrc.yaml',
  '.esdhrc.yml',
  '.esdhrc.json',
];

/** The largest config accepted, as JSON once YAML aliases are expanded (and as a YAML file). */
export const MAX_CONFIG_BYTES = 1 << 20;
/** YAML alias expansions a config may make (the `yaml` package's maxAliasCount). */
export const MAX_CONFIG_ALIASES = 100;
const LIMITS = `${MAX_CONFIG_BYTES} bytes (1 MiB) of JSON after YAML aliases are expanded, and ${MAX_CONFIG_ALIASES} alias expansions`;
/** Keys that would reach an object's prototype when a config is merged or read. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export interface LoadConfigOptions {
  /** Folder to search (default: process.cwd()). */
  cwd?: string;
  /** An explicit config file; no search. */
  configPath?: string;
  /** An in-memory config merged over the file's (embedding). */
  overrides?: EsdhConfig;
  /** Read no config file: defaults, overrides and environment only. */
  noSearch?: boolean;
  /** Environment (default process.env): DEMO_PROFILE, DEMO_API_PORT, ESDH_API_KEY. */
  env?: NodeJS.ProcessEnv;
}

/**
 * Find, parse, validate and merge the config. Errors name the file, the
 * dotted path and what is expected.
 */
export async function loadConfig(schemas: SchemaRegistry, options: LoadConfigOptions = {}): Promise<ResolvedConfig> {
  const cwd = resolve(options.cwd ?? process.cwd());
  // 'project': from cwd up to the folder with package.json; never the user's global config folder.
  const explorer = cosmiconfig('esdh', { searchPlaces: CONFIG_SEARCH_PLACES, searchStrategy: 'project', cache: false, loaders: { '.yaml': loadYaml, '.yml': loadYaml, noExt: loadYaml } });
  let found: { config: unknown; filepath: string } | null;
  try {
    if (options.configPath && !existsSync(resolve(cwd, options.configPath))) {
      throw esdhError('ESDH_ERR_CONFIG_UNREADABLE', resolve(cwd, options.configPath), 'no such file');
    }
    found = options.configPath ? await explorer.load(resolve(cwd, options.configPath)) : options.noSearch ? null : await explorer.search(cwd);
  } catch (error) {
    if (error instanceof EsdhError) throw error;
    const file = options.configPath ? resolve(cwd, options.configPath) : (error as { filepath?: string }).filepath ?? cwd;
    throw esdhError('ESDH_ERR_CONFIG_UNREADABLE', file, parseProblem(error));
  }
  const fileConfig = (found?.config ?? {}) as EsdhConfig;
  const source = found?.filepath ?? 'built-in defaults';
  if (found) {
    assertObject(fileConfig, source);
    assertSane(fileConfig, source);
  }
  if (options.overrides) {
    assertObject(options.overrides, 'the config passed to createEngine');
    assertSane(options.overrides, 'the config passed to createEngine');
  }

  // Validate after merging, so a file may override one field of a built-in profile;
  // the error still names the file when the bad value came from it.
  const withFile = mergeConfig(DEFAULT_CONFIG as unknown as EsdhConfig, fileConfig);
  const fileOrDefaults = (path: string) => (found && hasPath(fileConfig, path) ? source : 'the built-in defaults');
  assertValid(schemas, withFile, fileOrDefaults);
  assertMarker(withFile, fileOrDefaults);
  let merged = withFile;
  if (options.overrides) {
    merged = mergeConfig(merged, options.overrides);
    const overridesOrFile = (path: string) => (hasPath(options.overrides, path) ? 'the config passed to createEngine' : source);
    assertValid(schemas, merged, overridesOrFile);
    assertMarker(merged, overridesOrFile);
  }
  merged = applyEnv(merged, options.env ?? process.env);
  assertValid(schemas, merged, () => 'the environment (DEMO_PROFILE, DEMO_API_PORT, ESDH_API_KEY)');
  return { ...(merged as Omit<ResolvedConfig, 'source' | 'baseDir'>), source, baseDir: found ? dirname(found.filepath) : cwd } as ResolvedConfig;
}

function assertObject(config: unknown, source: string): void {
  if (config === null || typeof config !== 'object' || Array.isArray(config)) {
    throw esdhError('ESDH_ERR_CONFIG_INVALID', source, '(top level)', 'the config must be a mapping of settings (a YAML mapping or JSON object)');
  }
}

function assertValid(schemas: SchemaRegistry, config: unknown, sourceOf: (pointer: string) => string): void {
  const violation = schemas.check('config', config);
  if (violation) throw esdhError('ESDH_ERR_CONFIG_INVALID', sourceOf(violation.path), dotted(violation.path), violation.message);
}

/**
 * The governance marker must say what the data is: a marker without the word
 * `synthetic` would let records pass for real ones (verify checks the same).
 */
function assertMarker(config: EsdhConfig, sourceOf: (pointer: string) => string): void {
  const marker = config.synthetic_source;
  if (typeof marker === 'string' && !isSyntheticMarker(marker)) {
    throw esdhError('ESDH_ERR_CONFIG_INVALID', sourceOf('/synthetic_source'), 'synthetic_source', `must contain the word 'synthetic' (any case): ${SYNTHETIC_MARKER_RULE}; got ${JSON.stringify(marker)} (e.g. 'acme-qa synthetic')`);
  }
}

/**
 * A parsed config is bounded and plain: at most MAX_CONFIG_BYTES as JSON
 * (aliases counted as often as they are used, so an alias bomb stops at the
 * first megabyte), no cycles, and no key that reaches a prototype
 * (`__proto__`, `constructor`, `prototype`), at any depth.
 */
function assertSane(config: unknown, source: string): void {
  const tooLarge = new Error('too large');
  const ancestors = new Set<object>();
  let size = 0;
  const visit = (value: unknown, path: readonly string[]): void => {
    if (size > MAX_CONFIG_BYTES) throw tooLarge;
    if (value === null || typeof value !== 'object') {
      size += typeof value === 'string' ? JSON.stringify(value).length : value === undefined || typeof value === 'function' ? 0 : String(value).length;
      return;
    }
    if (ancestors.has(value)) throw esdhError('ESDH_ERR_CONFIG_INVALID', source, dotted(`/${path.join('/')}`), 'refers to itself (a YAML alias inside its own anchor): write the value out');
    ancestors.add(value);
    size += 2;
    if (Array.isArray(value)) value.forEach((item, i) => visit(item, [...path, String(i)]));
    else {
      for (const key of Object.keys(value)) {
        if (PROTOTYPE_KEYS.has(key)) throw esdhError('ESDH_ERR_CONFIG_INVALID', source, dotted(`/${[...path, key].join('/')}`), `the key '${key}' is not allowed anywhere in a config (it would reach into JavaScript's object prototypes): rename it`);
        size += JSON.stringify(key).length + 2;
        visit((value as Record<string, unknown>)[key], [...path, key]);
      }
    }
    ancestors.delete(value);
  };
  try {
    visit(config, []);
  } catch (error) {
    if (error === tooLarge) throw esdhError('ESDH_ERR_CONFIG_TOO_LARGE', source, `it is more than ${MAX_CONFIG_BYTES} bytes as JSON`, LIMITS);
    throw error;
  }
  if (size > MAX_CONFIG_BYTES) throw esdhError('ESDH_ERR_CONFIG_TOO_LARGE', source, `it is ${size} bytes as JSON`, LIMITS);
}

/** Whether the JSON pointer names something present in `config`. */
function hasPath(config: unknown, pointer: string): boolean {
  let value = config;
  for (const key of pointer.split('/').filter(Boolean)) {
    if (value === null || typeof value !== 'object' || !(key in (value as object))) return false;
    value = (value as Record<string, unknown>)[key];
  }
  return true;
}

/**
 * YAML 1.2 core schema (no implicit timestamps: `as_of: 2026-01-01` stays the
 * string the schema expects), bounded: a file over MAX_CONFIG_BYTES, or one
 * whose aliases expand more than MAX_CONFIG_ALIASES times, is refused before
 * it is built.
 */
const loadYaml: Loader = async (filepath, content) => {
  const bytes = Buffer.byteLength(content, 'utf8');
  if (bytes > MAX_CONFIG_BYTES) throw esdhError('ESDH_ERR_CONFIG_TOO_LARGE', filepath, `the file has ${bytes} bytes`, LIMITS);
  // The yaml package loads when a YAML config is found, not with every command.
  const { parse: parseYaml } = await import('yaml');
  try {
    return parseYaml(content, { schema: 'core', maxAliasCount: MAX_CONFIG_ALIASES, logLevel: 'error' }) ?? {};
  } catch (error) {
    if (error instanceof ReferenceError && /alias count/i.test(error.message)) {
      throw esdhError('ESDH_ERR_CONFIG_TOO_LARGE', filepath, `its YAML aliases expand more than ${MAX_CONFIG_ALIASES} times (an alias bomb?)`, LIMITS);
    }
    throw error;
  }
};

/** The reason and position of a parse error, without repeating the file name. */
function parseProblem(error: unknown): string {
  const e = error as { name?: string; message?: string };
  // yaml's YAMLParseError: `<reason> at line L, column C:` then the source excerpt.
  if (e.name === 'YAMLParseError' && e.message) return firstLine(e.message).replace(/:$/, '');
  return firstLine(String(e.message ?? error)).replace(/^.*?: /, '') || 'unparseable';
}

/** Merge `over` onto `base`: objects field by field, anything else replaced. */
export function mergeConfig(base: EsdhConfig, over: EsdhConfig): EsdhConfig {
  return deepMerge(base, over) as EsdhConfig;
}

function deepMerge(base: unknown, over: unknown): unknown {
  if (over === undefined) return base;
  if (isPlainObject(base) && isPlainObject(over)) {
    const out: Record<string, unknown> = { ...base };
    for (const [key, value] of Object.entries(over)) out[key] = deepMerge(base[key], value);
    return out;
  }
  return over;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function applyEnv(config: EsdhConfig, env: NodeJS.ProcessEnv): EsdhConfig {
  const out = { ...config, api: { ...config.api } };
  if (env.DEMO_PROFILE) out.default_profile = env.DEMO_PROFILE;
  if (env.DEMO_API_PORT) {
    const port = Number(env.DEMO_API_PORT);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw esdhError('ESDH_ERR_CONFIG_INVALID', 'environment', 'DEMO_API_PORT', `expected a port number 0-65535, got '${env.DEMO_API_PORT}'`);
    }
    out.api.port = port;
  }
  if (env.ESDH_API_KEY) out.api.api_key = env.ESDH_API_KEY;
  return out;
}

function dotted(pointer: string): string {
  return pointer === '/' || pointer === '' ? '(top level)' : pointer.slice(1).split('/').join('.');
}

function firstLine(text: string): string {
  return text.split('\n')[0]!;
}
