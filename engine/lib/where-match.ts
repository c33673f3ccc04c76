/**
 * What plugins use to construct data that meets `--where` terms: the terms
 * that name a field, whether a value meets them, and the values or the
 * interval that are left once they are applied.
 */
import type { Where, WhereTerm } from '../contracts/where.js';

/**
 * The field terms of `entity` (and `field`, when given), in the order written.
 * @example
 * fieldTerms(where, 'vehicle', 'body_style'); // the terms on vehicle.body_style
 */
export function fieldTerms(where: Where, entity: string, field?: string): readonly WhereTerm[] {
  return where.filter((t) => t.kind === 'field' && t.entity === entity && (field === undefined || t.field === field));
}

/**
 * The count terms of `entity` (`claims>=1`), in the order written.
 * @example
 * countTerms(where, 'claim'); // → [{ kind: 'count', entity: 'claim', op: '>=', value: 1, ... }] for claims>=1
 */
export function countTerms(where: Where, entity: string): readonly WhereTerm[] {
  return where.filter((t) => t.kind === 'count' && t.entity === entity);
}

/**
 * Whether `value` meets one term: numbers compare as numbers, dates and
 * other strings as strings (`YYYY-MM-DD` sorts as dates do), enum values
 * case-insensitively.
 * @example
 * termAccepts({ op: '..', value: 16, high: 20, ... }, 18); // → true
 */
export function termAccepts(term: WhereTerm, value: unknown): boolean {
  if (value === null || value === undefined) return term.op === '!=';
  const v = typeof value === 'string' && typeof term.value === 'string' ? value.toLowerCase() : value;
  const a = typeof term.value === 'string' ? term.value.toLowerCase() : term.value;
  if (term.op === '..') {
    const b = typeof term.high === 'string' ? term.high.toLowerCase() : term.high!;
    return (v as number | string) >= (a as number | string) && (v as number | string) <= b;
  }
  switch (term.op) {
    case '=': return v === a;
    case '!=': return v !== a;
    case '<': return (v as number | string) < (a as number | string);
    case '<=': return (v as number | string) <= (a as number | string);
    case '>': return (v as number | string) > (a as number | string);
    case '>=': return (v as number | string) >= (a as number | string);
  }
}

/**
 * Whether `value` meets every one of `terms`.
 * @example
 * meetsAll(fieldTerms(where, 'person', 'age'), 18); // → true for person.age=16..20,person.age!=17
 */
export function meetsAll(terms: readonly WhereTerm[], value: unknown): boolean {
  for (const term of terms) if (!termAccepts(term, value)) return false;
  return true;
}

/**
 * The values of a list (an enum's, a catalogue's) that meet every term: the
 * conditioned choices a plugin draws from. Same order as `values`.
 * @example
 * allowedValues(fieldTerms(where, 'account', 'state'), ['AZ', 'CA']); // → ['AZ'] for state=AZ
 */
export function allowedValues<T>(terms: readonly WhereTerm[], values: readonly T[]): T[] {
  return terms.length === 0 ? [...values] : values.filter((v) => meetsAll(terms, v));
}

/**
 * The whole numbers `min..max` (inclusive) narrowed by the terms' bounds
 * (`<`, `<=`, `>`, `>=`, `..`, and `=`); `!=` is not applied here (use
 * meetsAll on the draw's candidates). Null when nothing is left.
 * @example
 * integerInterval(fieldTerms(where, 'person', 'age'), 16, 99); // → [16, 20] for person.age=16..20
 */
export function integerInterval(terms: readonly WhereTerm[], min: number, max: number): readonly [number, number] | null {
  let lo = min;
  let hi = max;
  for (const t of terms) {
    if (typeof t.value !== 'number') continue;
    const v = t.value;
    switch (t.op) {
      case '=': lo = Math.max(lo, Math.ceil(v)); hi = Math.min(hi, Math.floor(v)); break;
      case '..': lo = Math.max(lo, Math.ceil(v)); hi = Math.min(hi, Math.floor(t.high as number)); break;
      case '<': hi = Math.min(hi, Math.ceil(v) - 1); break;
      case '<=': hi = Math.min(hi, Math.floor(v)); break;
      case '>': lo = Math.max(lo, Math.floor(v) + 1); break;
      case '>=': lo = Math.max(lo, Math.ceil(v)); break;
      case '!=': break;
    }
  }
  return lo <= hi ? [lo, hi] : null;
}

/**
 * The dates `min..max` (`YYYY-MM-DD`, inclusive) narrowed by the terms'
 * bounds, as strings; `!=` is not applied. Null when nothing is left.
 * @example
 * dateInterval(fieldTerms(where, 'claim', 'loss_date'), '2020-01-01', '2025-06-30'); // → ['2023-01-01', '2025-06-30'] for >=2023-01-01
 */
export function dateInterval(terms: readonly WhereTerm[], min: string, max: string): readonly [string, string] | null {
  let lo = min;
  let hi = max;
  for (const t of terms) {
    if (typeof t.value !== 'string') continue;
    const v = t.value;
    switch (t.op) {
      case '=': if (v > lo) lo = v; if (v < hi) hi = v; break;
      case '..': if (v > lo) lo = v; if ((t.high as string) < hi) hi = t.high as string; break;
      case '<': if (dayBefore(v) < hi) hi = dayBefore(v); break;
      case '<=': if (v < hi) hi = v; break;
      case '>': if (dayAfter(v) > lo) lo = dayAfter(v); break;
      case '>=': if (v > lo) lo = v; break;
      case '!=': break;
    }
  }
  return lo <= hi ? [lo, hi] : null;
}

function dayBefore(date: string): string {
  return shift(date, -1);
}

function dayAfter(date: string): string {
  return shift(date, 1);
}

function shift(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
