import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { cosmiconfig, type Loader } from 'cosmiconfig';
import yaml from 'js-yaml';
import { type EsdhConfig, esdhError, EsdhError, type ResolvedConfig, type SchemaRegistry } from '../engine/kit.js';
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
  if (found) assertObject(fileConfig, source);
  if (options.overrides) assertObject(options.overrides, 'the config passed to createEngine');

  // Validate after merging, so a file may override one field of a built-in profile;
  // the error still names the file when the bad value came from it.
  const withFile = mergeConfig(DEFAULT_CONFIG as unknown as EsdhConfig, fileConfig);
  assertValid(schemas, withFile, (path) => (found && hasPath(fileConfig, path) ? source : 'the built-in defaults'));
  let merged = withFile;
  if (options.overrides) {
    merged = mergeConfig(merged, options.overrides);
    assertValid(schemas, merged, (path) => (hasPath(options.overrides, path) ? 'the config passed to createEngine' : source));
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

/** Whether the JSON pointer names something present in `config`. */
function hasPath(config: unknown, pointer: string): boolean {
  let value = config;
  for (const key of pointer.split('/').filter(Boolean)) {
    if (value === null || typeof value !== 'object' || !(key in (value as object))) return false;
    value = (value as Record<string, unknown>)[key];
  }
  return true;
}

/** YAML without implicit timestamps: `as_of: 2026-01-01` stays the string the schema expects. */
const loadYaml: Loader = (_filepath, content) => yaml.load(content, { schema: yaml.CORE_SCHEMA }) ?? {};

/** The reason and position of a parse error, without repeating the file name. */
function parseProblem(error: unknown): string {
  const e = error as { reason?: string; mark?: { line: number; column: number }; message?: string };
  if (e.reason && e.mark) return `${e.reason} at line ${e.mark.line + 1}, column ${e.mark.column + 1}`;
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
