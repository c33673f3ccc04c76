import { existsSync, readFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { Document, isMap, isScalar, isSeq, parseDocument, Scalar, stringify, type Pair, type YAMLSeq } from 'yaml';
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
 * YAML through the `yaml` package's Document (every byte outside the edited
 * list is kept, comments included), JSON by parse and re-serialise,
 * package.json under its `esdh` key. `configFile` is null when
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

/** How the `yaml` package renders what we add: no line folding, its default 2-space indent. */
const RENDER = { lineWidth: 0 } as const;

function newYamlConfig(additions: ConfigAdditions): string {
  const config = { plugins: [additions.plugin], ...(additions.entity ? { entities: [...additions.defaultEntities, additions.entity] } : {}) };
  return '# ESDH config: merged over the built-in defaults (esdh profiles shows the result).\n' + stringify(config, RENDER);
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

function editYaml(text: string, file: string, additions: ConfigAdditions): string {
  let out = addToYamlList(text, 'plugins', additions.plugin, [], file, additions);
  if (additions.entity) out = addToYamlList(out, 'entities', additions.entity, additions.defaultEntities, file, additions);
  return out;
}

/**
 * Add `item` to the top-level YAML list `key`, found by `parseDocument`, and
 * change the text only where that list is: a block list gets one `- item`
 * line after its last item, a one-line flow list `[a, b]` is re-rendered with
 * the item (its quoting, padding and same-line comment kept), an empty or
 * null key gets a block list, an absent key is appended. The result is parsed
 * again and must mean the old document plus the item, or nothing is written.
 */
export function addToYamlList(text: string, key: string, item: string, whenMissing: readonly string[], file: string, additions: ConfigAdditions): string {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw uneditable(file, `it is not valid YAML (${firstLine(doc.errors[0]!.message)})`, additions);
  if (doc.contents !== null && !isMap(doc.contents)) throw uneditable(file, 'its top level is not a mapping of keys', additions);
  const pair = doc.contents?.items.find((p) => isScalar(p.key) && p.key.value === key) as Pair<Scalar, unknown> | undefined;
  const value = pair?.value;
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  let list: string[];
  let out: string;
  if (!pair) {
    list = [...whenMissing, item];
    out = appendKey(text, key, list, newline);
  } else if (value === null || (isScalar(value) && value.value === null)) {
    list = [...whenMissing, item];
    out = fillEmptyKey(text, pair, list, newline, file, additions);
  } else if (isSeq(value)) {
    const items = value.items.map((node) => (isScalar(node) && typeof node.value === 'string' ? node.value : undefined));
    if (items.includes(undefined)) throw uneditable(file, `its ${key} is not a list of strings`, additions);
    if (items.includes(item)) return text;
    list = [...(items as string[]), item];
    out = value.flow ? addToFlowList(text, value, item, file, key, additions) : addToBlockList(text, value, item, newline, file, key, additions);
  } else {
    throw uneditable(file, `its ${key} is not a list`, additions);
  }
  const after = parseDocument(out);
  const expected = { ...(doc.toJS() as Record<string, unknown> | null), [key]: list };
  if (after.errors.length > 0 || !isDeepStrictEqual(after.toJS(), expected)) {
    throw uneditable(file, `its ${key} is written in a form ESDH does not edit safely`, additions);
  }
  return out;
}

/** Where the line holding `offset` ends: its `\r\n` or `\n`, or the end of the text. */
function lineEndAt(text: string, offset: number): number {
  const lf = text.indexOf('\n', offset);
  if (lf < 0) return text.length;
  return text[lf - 1] === '\r' ? lf - 1 : lf;
}

/** `key:` and its block list at the end of the file (trailing blank lines dropped). */
function appendKey(text: string, key: string, list: readonly string[], newline: string): string {
  const body = text.replace(/(\r?\n)+$/, '');
  const block = stringify({ [key]: list }, RENDER).replace(/\n/g, newline);
  return body === '' ? block : body + newline + block;
}

/** `key:` (or `key: ~`, `key: null`, with any comment) gets a block list under it. */
function fillEmptyKey(text: string, pair: Pair<Scalar, unknown>, list: readonly string[], newline: string, file: string, additions: ConfigAdditions): string {
  const keyEnd = pair.key.range![1];
  const lineEnd = lineEndAt(text, keyEnd);
  let rest = text.slice(keyEnd, lineEnd); // ': ~ # none yet'
  const [tokenStart, tokenEnd] = isScalar(pair.value) ? pair.value.range! : [keyEnd, keyEnd];
  if (tokenEnd > tokenStart) {
    if (tokenStart > lineEnd) throw uneditable(file, `its ${pair.key.value} has its null on a line of its own`, additions);
    rest = text.slice(keyEnd, tokenStart).trimEnd() + text.slice(tokenEnd, lineEnd);
  }
  const items = list.map((entry) => `  - ${scalarText(entry)}`).join(newline);
  const after = text.slice(lineEnd);
  return text.slice(0, keyEnd) + rest + newline + items + (after === '' ? newline : after);
}

/** One `- item` line after the last item, at the items' indentation. */
function addToBlockList(text: string, seq: YAMLSeq, item: string, newline: string, file: string, key: string, additions: ConfigAdditions): string {
  const first = seq.range![0];
  const indent = text.slice(text.lastIndexOf('\n', first - 1) + 1, first);
  if (!/^[ \t]*$/.test(indent)) throw uneditable(file, `its ${key} list does not start on a line of its own`, additions);
  const at = (seq.items[seq.items.length - 1] as Scalar).range![2]; // after the last item's line break, or the end of the text
  const line = `${indent}- ${scalarText(item)}`;
  return text[at - 1] === '\n' ? text.slice(0, at) + line + newline + text.slice(at) : text.slice(0, at) + newline + line + text.slice(at);
}

/** A one-line `[a, b]` re-rendered by the yaml package with `item` added. */
function addToFlowList(text: string, seq: YAMLSeq, item: string, file: string, key: string, additions: ConfigAdditions): string {
  const [start, end] = seq.range!;
  const source = text.slice(start, end);
  if (source.includes('\n')) throw uneditable(file, `its ${key} is a [ ] list written across lines; ESDH edits a block list (- item lines) or a one-line [a, b]`, additions);
  const lineEnd = lineEndAt(text, end);
  const copy = seq.clone() as YAMLSeq;
  copy.items.push(new Scalar(item));
  copy.commentBefore = undefined;
  // Only the comment on the list's own line is rewritten (as "[...] # text"); comment lines below it stay as they are.
  copy.comment = text.slice(end, lineEnd).includes('#') ? seq.comment?.split('\n')[0] : undefined;
  const rendered = new Document(copy).toString({ ...RENDER, flowCollectionPadding: /^\[[ \t]/.test(source) });
  return text.slice(0, start) + rendered.replace(/\n$/, '') + text.slice(lineEnd);
}

/** A string as the yaml package writes it in block context: plain when it reads back as the same string, else quoted. */
function scalarText(value: string): string {
  return stringify(value, RENDER).replace(/\n$/, '');
}

function firstLine(text: string): string {
  return text.split('\n')[0]!;
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
