/**
 * `--where` text → checked terms (engine/contracts/where.ts has the grammar).
 * Each term is read against what the run's plugins declare as targetable
 * (`EntityPlugin.targeting`); a term that does not parse, names what the run
 * does not make or what is not targetable, or holds a value of the wrong
 * kind is ESDH_ERR_WHERE_INVALID, saying what is accepted.
 */
import type { EntityPlugin } from '../contracts/entity-plugin.js';
import { esdhError } from '../contracts/errors.js';
import type { TargetableField, Where, WhereOp, WhereTerm } from '../contracts/where.js';
import { checkWherePossible } from './where-possible.js';
import { countableList, targetableList } from './where-targets.js';

/** What a term looks like, for the error of one that does not parse. */
export const WHERE_FORMS = 'field OP value (state=AZ), entity.field OP value (vehicle.body_style=Truck) or <plural> OP n (claims>=1), '
  + 'with OP one of = != < <= > >= and a..b after = for an inclusive range (person.age=16..20)';

const TERM = /^([A-Za-z_][A-Za-z0-9_]*)(?:\.([A-Za-z_][A-Za-z0-9_]*))?\s*(!=|<=|>=|=|<|>)\s*(.*)$/s;
const NO_TERMS: Where = Object.freeze([]);

/** Options of parseWhere. */
export interface ParseWhereOptions {
  /** The entity a bare field names (default: the first of `plugins`, the run's root). */
  readonly root?: string;
  /** Every registered entity, so a term naming one the run does not make says so. */
  readonly registered?: readonly Pick<EntityPlugin, 'name' | 'plural'>[];
}

/**
 * The terms of `--where` texts (a string, or strings, each comma-separated),
 * parsed and checked against the run's plugins (in generation order), then
 * checked for generic impossibility (checkWherePossible). A term written
 * twice (in any spelling) counts once. Empty input: no terms.
 * @example
 * parseWhere('state=az, claims>=1', plugins); // → [{ text: 'state=az', kind: 'field', entity: 'account', field: 'state', op: '=', value: 'AZ' }, { kind: 'count', entity: 'claim', op: '>=', value: 1, ... }]
 * parseWhere('vehicle.colour=Red', plugins); // throws ESDH_ERR_WHERE_INVALID listing vehicle's targetable fields
 */
export function parseWhere(input: string | readonly string[] | undefined, plugins: readonly EntityPlugin[], options: ParseWhereOptions = {}): Where {
  const texts = splitWhere(input);
  if (texts.length === 0) return NO_TERMS;
  const root = options.root ?? plugins[0]?.name;
  const where: WhereTerm[] = [];
  const seen = new Set<string>();
  for (const text of texts) {
    const term = parseTerm(text, plugins, root, options.registered ?? []);
    const canonical = termText(term, plugins, root);
    if (seen.has(canonical)) continue;
    seen.add(canonical);
    where.push(Object.freeze(term));
  }
  checkWherePossible(where, plugins);
  return Object.freeze(where);
}

/**
 * The terms as written: each string split at commas, trimmed, empty pieces dropped.
 * @example
 * splitWhere(['state=AZ,claims>=1', ' lob_type=Commercial ']); // → ['state=AZ', 'claims>=1', 'lob_type=Commercial']
 */
export function splitWhere(input: string | readonly string[] | undefined): string[] {
  if (input === undefined || input === null) return [];
  const items: readonly unknown[] = typeof input === 'string' ? [input] : Array.isArray(input) ? input : [input];
  const out: string[] = [];
  for (const item of items) {
    if (typeof item !== 'string') throw esdhError('ESDH_ERR_WHERE_INVALID', JSON.stringify(item), `terms are text (a string, or an array of strings): ${WHERE_FORMS}`);
    for (const piece of item.split(',')) if (piece.trim() !== '') out.push(piece.trim());
  }
  return out;
}

/**
 * A term in its one normal spelling: singular entity (none for the root's
 * fields), plural for counts, values as the plugin spells them, no spaces.
 * What the manifest records and the regenerate command carries.
 * @example
 * termText(parseWhere('State = az', plugins)[0], plugins); // → 'state=AZ'
 */
export function termText(term: WhereTerm, plugins: readonly EntityPlugin[], root = plugins[0]?.name): string {
  const value = term.op === '..' ? `=${String(term.value)}..${String(term.high)}` : `${term.op}${String(term.value)}`;
  if (term.kind === 'count') return `${plugins.find((p) => p.name === term.entity)?.plural ?? term.entity}${value}`;
  return `${term.entity === root ? '' : `${term.entity}.`}${term.field!}${value}`;
}

/** The normal spellings of all the terms, in order (see termText). */
export function whereTexts(where: Where, plugins: readonly EntityPlugin[], root = plugins[0]?.name): string[] {
  return where.map((t) => termText(t, plugins, root));
}

function parseTerm(text: string, plugins: readonly EntityPlugin[], root: string | undefined, registered: readonly Pick<EntityPlugin, 'name' | 'plural'>[]): WhereTerm {
  const match = TERM.exec(text);
  if (!match) throw invalid(text, `expected ${WHERE_FORMS}`);
  // Names in any case (entity and field names are lower case; `State=AZ` means state=AZ).
  const [, firstAsWritten, secondAsWritten, op, rawValue] = match as unknown as [string, string, string | undefined, WhereOp, string];
  const first = firstAsWritten.toLowerCase();
  const second = secondAsWritten?.toLowerCase();
  const valueText = unquote(rawValue.trim());
  if (valueText === '') throw invalid(text, `no value after ${op}; expected ${WHERE_FORMS}`);
  const byName = (name: string) => plugins.find((p) => p.name === name || p.plural === name);
  if (second !== undefined) {
    const plugin = byName(first) ?? notInRun(text, first, plugins, registered);
    return fieldTerm(text, plugin, second, op, valueText, plugins);
  }
  const counted = byName(first);
  if (counted && counted.name !== root) return countTerm(text, counted, op, valueText, plugins);
  const rootPlugin = plugins.find((p) => p.name === root);
  if (rootPlugin && fieldNamed(rootPlugin, first) !== undefined) return fieldTerm(text, rootPlugin, first, op, valueText, plugins);
  if (counted) return countTerm(text, counted, op, valueText, plugins);
  if (registered.some((r) => r.name === first || r.plural === first)) notInRun(text, first, plugins, registered);
  throw invalid(text, `'${first}' is neither a targetable field of ${root ?? 'the root entity'} (a bare field names the run's root entity) nor an entity of this run. `
    + `Targetable: ${targetableList(plugins, root)}; countable: ${countableList(plugins)}`);
}

/** The targetable field of that name (any case), as the plugin spells it. */
function fieldNamed(plugin: EntityPlugin, name: string): string | undefined {
  const fields = plugin.targeting?.fields;
  if (!fields) return undefined;
  return Object.hasOwn(fields, name) ? name : Object.keys(fields).find((f) => f.toLowerCase() === name);
}

function fieldTerm(text: string, plugin: EntityPlugin, written: string, op: WhereOp, valueText: string, plugins: readonly EntityPlugin[]): WhereTerm {
  const fields = plugin.targeting?.fields;
  const field = fieldNamed(plugin, written) ?? written;
  const spec = fields && Object.hasOwn(fields, field) ? fields[field] : undefined;
  if (!spec) {
    throw invalid(text, fields && Object.keys(fields).length > 0
      ? `${plugin.name}.${field} is not targetable; the targetable fields of ${plugin.name}: ${targetableList([plugin])}`
      : `${plugin.name} declares no targetable fields; targetable in this run: ${targetableList(plugins)}`);
  }
  const name = `${plugin.name}.${field}`;
  const range = rangeOf(text, op, valueText);
  if (range) {
    if (spec.type === 'enum' || spec.type === 'boolean') throw invalid(text, `${name} is ${spec.type === 'enum' ? 'an enum' : 'a boolean'}: a range a..b does not apply; use = or !=`);
    const low = typedValue(text, name, spec, range[0]);
    const high = typedValue(text, name, spec, range[1]);
    if (low > high) throw invalid(text, `the range's low end ${String(low)} is above its high end ${String(high)}; write low..high`);
    return { text, kind: 'field', entity: plugin.name, field, op: '..', value: low, high: high as string | number };
  }
  if ((spec.type === 'enum' || spec.type === 'boolean') && op !== '=' && op !== '!=') {
    throw invalid(text, `${name} is ${spec.type === 'enum' ? 'an enum' : 'a boolean'}: it takes = or !=, not ${op}`);
  }
  return { text, kind: 'field', entity: plugin.name, field, op, value: typedValue(text, name, spec, valueText) };
}

function countTerm(text: string, plugin: EntityPlugin, op: WhereOp, valueText: string, plugins: readonly EntityPlugin[]): WhereTerm {
  if (!plugin.targeting?.count) {
    throw invalid(text, `${plugin.plural} cannot be counted: ${plugin.name} declares no targeting.count; countable in this run: ${countableList(plugins)}`);
  }
  const count = (v: string) => {
    if (!/^\d+$/.test(v)) throw invalid(text, `a count is a whole number of ${plugin.plural} (0 or more), not '${v}'`);
    return Number(v);
  };
  const range = rangeOf(text, op, valueText);
  if (range) {
    const [low, high] = [count(range[0]), count(range[1])];
    if (low > high) throw invalid(text, `the range's low end ${low} is above its high end ${high}; write low..high`);
    return { text, kind: 'count', entity: plugin.name, op: '..', value: low, high };
  }
  return { text, kind: 'count', entity: plugin.name, op, value: count(valueText) };
}

/** `a..b` split in two when the value is a range; a range after another OP is an error. */
function rangeOf(text: string, op: WhereOp, value: string): [string, string] | null {
  const at = value.indexOf('..');
  if (at < 0) return null;
  if (op !== '=') throw invalid(text, `a range a..b goes only after = (field=a..b), not after ${op}`);
  const low = unquote(value.slice(0, at).trim());
  const high = unquote(value.slice(at + 2).trim());
  if (low === '' || high === '' || high.includes('..')) throw invalid(text, 'a range is low..high with both ends given (person.age=16..20)');
  return [low, high];
}

/** The value as the field's type holds it. */
function typedValue(text: string, name: string, spec: TargetableField, value: string): string | number | boolean {
  switch (spec.type) {
    case 'enum': {
      const values = spec.values ?? [];
      const found = values.find((v) => v.toLowerCase() === value.toLowerCase());
      if (found === undefined) throw invalid(text, `'${value}' is not a value of ${name}; accepted: ${values.join(', ')}`);
      return found;
    }
    case 'integer':
      if (!/^[-+]?\d+$/.test(value) || !Number.isSafeInteger(Number(value))) throw invalid(text, `${name} is a whole number, not '${value}'`);
      return Number(value);
    case 'number': {
      const n = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(value) ? Number(value) : NaN;
      if (!Number.isFinite(n)) throw invalid(text, `${name} is a number, not '${value}'`);
      return n;
    }
    case 'date':
      if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || !isCalendarDay(value)) throw invalid(text, `${name} is a date YYYY-MM-DD that exists in the calendar (e.g. 2023-01-01), not '${value}'`);
      return value;
    case 'boolean': {
      const v = value.toLowerCase();
      if (v === 'true' || v === 'yes') return true;
      if (v === 'false' || v === 'no') return false;
      throw invalid(text, `${name} is true or false (yes or no), not '${value}'`);
    }
    case 'string':
      return value;
  }
}

function isCalendarDay(value: string): boolean {
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

function unquote(value: string): string {
  return value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.at(-1) === value[0] ? value.slice(1, -1) : value;
}

function notInRun(text: string, name: string, plugins: readonly EntityPlugin[], registered: readonly Pick<EntityPlugin, 'name' | 'plural'>[]): never {
  const known = registered.find((r) => r.name === name || r.plural === name)?.name;
  const entities = plugins.map((p) => p.name).join(', ');
  throw invalid(text, known
    ? `this run does not make ${known} records (its entities: ${entities}); add ${known} to --entities, or choose a profile that makes it`
    : `'${name}' is not an entity of this run; its entities: ${entities}`);
}

function invalid(text: string, why: string) {
  return esdhError('ESDH_ERR_WHERE_INVALID', `'${text}'`, why);
}
