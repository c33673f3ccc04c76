/**
 * Generic impossibility: terms that no record can meet whatever the plugin,
 * found from the terms and the declared types alone, before any plugin runs.
 * Terms on one field narrow the same value (`vehicle.model_year>=2015,
 * vehicle.model_year<=2020` asks for a vehicle of 2015 to 2020), as the
 * where-match helpers plugins construct from read them.
 */
import type { EntityPlugin } from '../contracts/entity-plugin.js';
import { esdhError } from '../contracts/errors.js';
import type { Where, WhereTerm } from '../contracts/where.js';
import { allowedValues, dateInterval, integerInterval, meetsAll } from '../lib/where-match.js';

/**
 * Throw ESDH_ERR_WHERE_IMPOSSIBLE, naming the terms and why, when the terms
 * leave an enum or boolean field no value, an integer, number or date field
 * an empty interval, a string field two values, or a count no number (or
 * more than the plugin's `targeting.count.max`, or none while a field term
 * asks for a record of that entity).
 * @example
 * checkWherePossible(parseWhere('state=AZ,state=CA', plugins), plugins); // throws: they leave no value of account.state
 */
export function checkWherePossible(where: Where, plugins: readonly EntityPlugin[]): void {
  if (where.length === 0) return;
  const groups = new Map<string, WhereTerm[]>();
  for (const term of where) {
    const key = term.kind === 'count' ? `#${term.entity}` : `${term.entity}.${term.field!}`;
    const group = groups.get(key);
    if (group) group.push(term);
    else groups.set(key, [term]);
  }
  for (const terms of groups.values()) {
    const first = terms[0]!;
    const plugin = plugins.find((p) => p.name === first.entity)!;
    const why = first.kind === 'count' ? countProblem(terms, plugin) : fieldProblem(terms, plugin);
    if (why) throw impossible(terms, why);
  }
  // A field term asks for at least one record of its entity: a count that allows none contradicts it.
  for (const plugin of plugins) {
    const fields = where.filter((t) => t.kind === 'field' && t.entity === plugin.name);
    const counts = where.filter((t) => t.kind === 'count' && t.entity === plugin.name);
    if (fields.length === 0 || counts.length === 0) continue;
    const bounds = integerInterval(counts, 0, plugin.targeting?.count?.max ?? Number.MAX_SAFE_INTEGER);
    if (bounds && bounds[1] === 0) throw impossible([...counts, ...fields], `${fields.map((t) => t.text).join(', ')} ask${fields.length === 1 ? 's' : ''} for a ${plugin.name} that matches, and ${counts.map((t) => t.text).join(', ')} allow${counts.length === 1 ? 's' : ''} no ${plugin.plural}`);
  }
}

function countProblem(terms: readonly WhereTerm[], plugin: EntityPlugin): string | null {
  const max = plugin.targeting!.count!.max;
  const open = integerInterval(terms, 0, Number.MAX_SAFE_INTEGER);
  if (open && open[0] > max) return `a unit has at most ${max} ${plugin.plural} (the ${plugin.name} plugin's targeting.count.max)`;
  const bounds = integerInterval(terms, 0, max);
  if (!bounds || !someInteger(terms, bounds)) return `together they leave no number of ${plugin.plural} (0 to ${max})`;
  return null;
}

function fieldProblem(terms: readonly WhereTerm[], plugin: EntityPlugin): string | null {
  const field = terms[0]!.field!;
  const spec = plugin.targeting!.fields![field]!;
  const name = `${plugin.name}.${field}`;
  switch (spec.type) {
    case 'enum':
      return allowedValues(terms, spec.values ?? []).length === 0 ? `they leave no value of ${name} (its values: ${(spec.values ?? []).join(', ')})` : null;
    case 'boolean':
      return allowedValues(terms, [true, false]).length === 0 ? `${name} cannot be both true and false` : null;
    case 'integer': {
      const bounds = integerInterval(terms, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
      return bounds && someInteger(terms, bounds) ? null : `together they leave no whole number for ${name}`;
    }
    case 'number':
      return numberPossible(terms) ? null : `together they leave no number for ${name}`;
    case 'date': {
      const bounds = dateInterval(terms, '0001-01-01', '9999-12-31');
      return bounds && !(bounds[0] === bounds[1] && !meetsAll(terms, bounds[0])) ? null : `together they leave no date for ${name}`;
    }
    case 'string': {
      const equal = [...new Set(terms.filter((t) => t.op === '=').map((t) => String(t.value).toLowerCase()))];
      if (equal.length > 1) return `${name} cannot equal ${equal.join(' and ')} at once`;
      return equal.length === 1 && !meetsAll(terms, terms.find((t) => t.op === '=')!.value) ? `no value of ${name} meets them all` : null;
    }
  }
}

/** Some whole number in `bounds` meets every term (the `!=` terms can only remove a few). */
function someInteger(terms: readonly WhereTerm[], bounds: readonly [number, number]): boolean {
  const excluded = terms.filter((t) => t.op === '!=').length;
  if (bounds[1] - bounds[0] + 1 > excluded) return true;
  for (let n = bounds[0]; n <= bounds[1]; n++) if (meetsAll(terms, n)) return true;
  return false;
}

/** Some real number meets every term. */
function numberPossible(terms: readonly WhereTerm[]): boolean {
  let lo = -Infinity;
  let hi = Infinity;
  let loOpen = false;
  let hiOpen = false;
  const below = (v: number, open: boolean) => { if (v < hi || (v === hi && open)) [hi, hiOpen] = [v, open]; };
  const above = (v: number, open: boolean) => { if (v > lo || (v === lo && open)) [lo, loOpen] = [v, open]; };
  for (const t of terms) {
    const v = t.value as number;
    switch (t.op) {
      case '=': above(v, false); below(v, false); break;
      case '..': above(v, false); below(t.high as number, false); break;
      case '<': below(v, true); break;
      case '<=': below(v, false); break;
      case '>': above(v, true); break;
      case '>=': above(v, false); break;
      case '!=': break;
    }
  }
  if (lo > hi || (lo === hi && (loOpen || hiOpen))) return false;
  return lo !== hi || meetsAll(terms, lo);
}

function impossible(terms: readonly WhereTerm[], why: string) {
  return esdhError('ESDH_ERR_WHERE_IMPOSSIBLE', terms.map((t) => `'${t.text}'`).join(', '), why);
}
