import { esdhError, EsdhError, type ErrorDetails, type PluginHook } from '../contracts/errors.js';
import type { EntityPlugin } from '../contracts/entity-plugin.js';
import { pluginModule } from './plugin-registry.js';

/** Where plugin code was running: the hook, and the unit (absent for `setup`) or the rule. */
export interface PluginSite {
  readonly hook: PluginHook;
  readonly unit?: number;
  readonly check?: string;
}

/** The details of an error at `site` of `plugin`: plugin, hook, unit, module (when it came from one), rule. */
export function pluginDetails(plugin: EntityPlugin, site: PluginSite): ErrorDetails {
  const module = pluginModule(plugin);
  return {
    plugin: plugin.name,
    hook: site.hook,
    ...(site.unit === undefined ? {} : { unit: site.unit }),
    ...(site.check === undefined ? {} : { check: site.check }),
    ...(module === undefined ? {} : { module }),
  };
}

/**
 * ESDH_ERR_PLUGIN_FAILED for a problem with what plugin code did (a bad
 * count, a dependency record the unit lacks), with its details; the message
 * names the plugin, the hook, the unit and the module.
 */
export function pluginProblem(plugin: EntityPlugin, site: PluginSite, problem: string, cause?: unknown): EsdhError {
  const details = pluginDetails(plugin, site);
  const where = [site.hook, ...(site.check === undefined ? [] : [`'${site.check}'`]), ...(site.unit === undefined ? [] : [`(unit ${site.unit})`])].join(' ');
  const base = esdhError('ESDH_ERR_PLUGIN_FAILED', plugin.name, where, problem).message;
  const message = details.module === undefined ? base : `${base} (plugin module '${details.module}')`;
  return new EsdhError('ESDH_ERR_PLUGIN_FAILED', message, { details, ...(cause === undefined ? {} : { cause }) });
}

/**
 * Plugin code threw: wrap it once. A foreign error becomes
 * ESDH_ERR_PLUGIN_FAILED with the original as `cause`; a coded error keeps
 * its code and message and gains the details; an error that already names a
 * plugin (wrapped further in) passes through.
 */
export function pluginFailure(plugin: EntityPlugin, site: PluginSite, error: unknown): EsdhError {
  if (error instanceof EsdhError) {
    if (error.details?.plugin !== undefined) return error;
    return new EsdhError(error.code, error.message, { cause: error.cause ?? error, details: { ...error.details, ...pluginDetails(plugin, site) } });
  }
  const message: unknown = (error as { message?: unknown } | null | undefined)?.message;
  return pluginProblem(plugin, site, typeof message === 'string' ? message : String(error), error);
}

/** Run plugin code outside the per-record loop; anything it throws is wrapped by `pluginFailure`. */
export function callPlugin<T>(plugin: EntityPlugin, site: PluginSite, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw pluginFailure(plugin, site, error);
  }
}
