import { existsSync, readFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { esdhError } from '../../../../engine/index.js';

/** What to add to the config: a plugin module, and optionally an entity for runs. */
export interface ConfigAdditions {
  /** The module path as the config should hold it, e.g. `./plugins/trip/trip.js`. */
  readonly plugin: string;
  /** The entity to add to `entities`, if runs should make it. */
  readonly entity?: string;
  /** The `entities` list to start from when the config has none (the built-in default). */
  readonly defaultEntities: readonly string[];
}

/** A planned change to one config file: nothing is written until `after` is. */
export interface ConfigEdit {
  readonly file: string;
  /** The text before, or null when the file is new. */
  readonly before: string | null;
  readonly after: string;
}

/**
 * The config file with the plugin (and entity) added, edited minimally:
 * YAML by inserting list items next to the existing ones, JSON by parse and
 * re-serialise, package.json under its `esdh` key. `configFile` is null when
 * no config exists, and a new esdh.config.yaml is planned in `dir`.
 */
export function planConfigEdit(configFile: string | null, dir: string, additions: ConfigAdditions): ConfigEdit {
  if (!configFile) {
    const file = join(dir, 'esdh.config.yaml');
    return { file, before: null, after: newYamlConfig(additions) };
  }
  const before = existsSync(configFile) ? readFileSync(configFile, 'utf8') : '';
  const name = basename(configFile);
  const ext = extname(configFile);
  if (name === 'package.json') return { file: configFile, before, after: editJson(before, configFile, additions, 'esdh') };
  if (ext === '.json') return { file: configFile, before, after: editJson(before, configFile, additions) };
  if (ext === '.yaml' || ext === '.yml') return { file: configFile, before, after: editYaml(before, configFile, additions) };
  if (ext === '') return { file: configFile, before, after: isJson(before) ? editJson(before, configFile, additions) : editYaml(before, configFile, additions) };
  throw uneditable(configFile, `ESDH edits only YAML and JSON configs, not ${ext}`, additions);
}

function newYamlConfig(additions: ConfigAdditions): string {
  const lines = ['# ESDH config: merged over the built-in defaults (esdh profiles shows the result).', 'plugins:', `  - ${yamlScalar(additions.plugin)}`];
  if (additions.entity) lines.push('entities:', ...[...additions.defaultEntities, additions.entity].map((e) => `  - ${yamlScalar(e)}`));
  return lines.join('\n') + '\n';
}

function editJson(text: string, file: string, additions: ConfigAdditions, key?: string): string {
  let document: Record<string, unknown>;
  try {
    document = text.trim() === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
  } catch (error) {
    throw uneditable(file, `it is not valid JSON (${(error as Error).message})`, additions);
  }
  const indent = /^[ \t]+(?=")/m.exec(text)?.[0] ?? '  ';
  const config = (key ? ((document[key] ??= {}) as Record<string, unknown>) : document);
  if (typeof config !== 'object' || config === null || Array.isArray(config)) throw uneditable(file, `its ${key ?? 'top level'} is not an object`, additions);
  config.plugins = addItem(config.plugins, additions.plugin, [], file, 'plugins', additions);
  if (additions.entity) config.entities = addItem(config.entities, additions.entity, additions.defaultEntities, file, 'entities', additions);
  return JSON.stringify(document, null, indent) + '\n';
}

function addItem(list: unknown, item: string, whenMissing: readonly string[], file: string, key: string, additions: ConfigAdditions): unknown[] {
  if (list === undefined) return [...whenMissing, item];
  if (!Array.isArray(list)) throw uneditable(file, `its ${key} is not a list`, additions);
  return list.includes(item) ? list : [...list, item];
}

/**
 * Add `item` to the top-level YAML list `key`: a block list gets a new
 * `- item` line after its last item, a one-line flow list `[a, b]` gets
 * `, item`, an absent key is appended. Anything else is left to the user.
 */
function addToYamlList(text: string, key: string, item: string, whenMissing: readonly string[], file: string, additions: ConfigAdditions): string {
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(/\r?\n/);
  const at = lines.findIndex((line) => new RegExp(`^${key}\\s*:(\\s|$)`).test(line));
  if (at < 0) {
    while (lines.length && lines[lines.length - 1] === '') lines.pop();
    lines.push(`${key}:`, ...[...whenMissing, item].map((e) => `  - ${yamlScalar(e)}`), '');
    return lines.join(newline);
  }
  const match = /^[^:]+:\s*(.*?)\s*(#.*)?$/.exec(lines[at]!)!;
  const value = match[1] ?? '';
  const comment = match[2] ? ` ${match[2]}` : '';
  if (value.startsWith('[') && value.endsWith(']')) {
    const inner = value.slice(1, -1).trim();
    if (splitFlow(inner).includes(item)) return text;
    lines[at] = `${key}: [${inner ? `${inner}, ` : ''}${yamlScalar(item)}]${comment}`;
    return lines.join(newline);
  }
  if (value === '' || value === '~' || value === 'null') {
    // The block that belongs to the key: indented lines, `- ` items at column 0, blanks and comments.
    let end = at + 1;
    let lastItem = -1;
    let indent = '  ';
    while (end < lines.length && (/^\s/.test(lines[end]!) || lines[end] === '' || /^-(\s|$)/.test(lines[end]!) || /^#/.test(lines[end]!))) {
      const itemMatch = /^(\s*)-\s+(.*?)\s*(#.*)?$/.exec(lines[end]!);
      if (itemMatch) {
        lastItem = end;
        indent = itemMatch[1]!;
        if (unquote(itemMatch[2]!) === item) return text;
      } else if (lastItem >= 0 && lines[end]!.trim() !== '' && !lines[end]!.trim().startsWith('#')) {
        lastItem = end;
      }
      end++;
    }
    if (lastItem < 0 && lines.slice(at + 1, end).some((l) => l.trim() !== '' && !l.trim().startsWith('#'))) {
      throw uneditable(file, `its ${key} is not a list of strings`, additions);
    }
    if (value !== '') lines[at] = `${key}:${comment}`;
    lines.splice(lastItem >= 0 ? lastItem + 1 : at + 1, 0, `${indent}- ${yamlScalar(item)}`);
    return lines.join(newline);
  }
  throw uneditable(file, `its ${key} is written in a form ESDH does not edit (${value.slice(0, 40)})`, additions);
}

function editYaml(text: string, file: string, additions: ConfigAdditions): string {
  let out = addToYamlList(text, 'plugins', additions.plugin, [], file, additions);
  if (additions.entity) out = addToYamlList(out, 'entities', additions.entity, additions.defaultEntities, file, additions);
  return out;
}

/** A YAML scalar for a path or name: plain when safe, else double-quoted (valid YAML and JSON). */
function yamlScalar(value: string): string {
  return /^[A-Za-z0-9_./][A-Za-z0-9_./@-]*$/.test(value) ? value : JSON.stringify(value);
}

function splitFlow(inner: string): string[] {
  return inner.split(',').map((s) => unquote(s.trim())).filter(Boolean);
}

function unquote(value: string): string {
  return /^(['"]).*\1$/.test(value) ? value.slice(1, -1) : value;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function uneditable(file: string, reason: string, additions: ConfigAdditions) {
  const hint = `plugins: [${additions.plugin}]${additions.entity ? ` and add ${additions.entity} to entities` : ''}`;
  return esdhError('ESDH_ERR_SCAFFOLD_CONFIG_UNEDITABLE', file, reason, hint);
}
