import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { cosmiconfig } from 'cosmiconfig';
import { esdhError, EsdhError } from '../engine/errors.js';
import type { EsdhConfig, ResolvedConfig } from '../engine/config-types.js';
import type { SchemaRegistry } from '../engine/schema-registry.js';
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
  const explorer = cosmiconfig('esdh', { searchPlaces: CONFIG_SEARCH_PLACES, stopDir: cwd, cache: false });
  let found: { config: unknown; filepath: string } | null;
  try {
    if (options.configPath && !existsSync(resolve(cwd, options.configPath))) {
      throw esdhError('ESDH_ERR_CONFIG_UNREADABLE', resolve(cwd, options.configPath), 'no such file');
    }
    found = options.configPath ? await explorer.load(resolve(cwd, options.configPath)) : options.noSearch ? null : await explorer.search(cwd);
  } catch (error) {
    if (error instanceof EsdhError) throw error;
    const file = options.configPath ? resolve(cwd, options.configPath) : (error as { filepath?: string }).filepath ?? cwd;
    throw esdhError('ESDH_ERR_CONFIG_UNREADABLE', file, firstLine((error as Error).message));
  }
  const fileConfig = (found?.config ?? {}) as EsdhConfig;
  const source = found?.filepath ?? 'built-in defaults';
  if (found) assertValid(schemas, fileConfig, source);
  if (options.overrides) assertValid(schemas, options.overrides, 'the overrides passed to createEngine');

  let merged = mergeConfig(DEFAULT_CONFIG as unknown as EsdhConfig, fileConfig);
  if (options.overrides) merged = mergeConfig(merged, options.overrides);
  merged = applyEnv(merged, options.env ?? process.env);
  assertValid(schemas, merged, `${source} (merged with defaults and environment)`);
  return { ...(merged as Omit<ResolvedConfig, 'source' | 'baseDir'>), source, baseDir: found ? dirname(found.filepath) : cwd } as ResolvedConfig;
}

function assertValid(schemas: SchemaRegistry, config: unknown, source: string): void {
  if (config === null || typeof config !== 'object' || Array.isArray(config)) {
    throw esdhError('ESDH_ERR_CONFIG_INVALID', source, '/', 'the config must be an object (a YAML mapping or JSON object)');
  }
  const violation = schemas.check('config', config);
  if (violation) throw esdhError('ESDH_ERR_CONFIG_INVALID', source, dotted(violation.path), violation.message);
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
