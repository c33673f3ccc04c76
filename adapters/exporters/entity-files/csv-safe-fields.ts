/**
 * Which fields of an entity cannot hold a character CSV must quote or drop
 * (`"` `,` `|` CR LF NUL), judged from the entity's JSON Schema alone. A
 * record that passed its schema then needs no scan of those cells: the CSV
 * line writer (csv.ts) writes them as they are, and only when the run
 * validated every record (ExportTarget `validated`).
 *
 * The judgement is conservative: a field is safe when one keyword of its
 * schema restricts every string it admits to safe characters (all keywords
 * must hold, so one suffices), and anything this file does not understand
 * counts as unsafe, which costs a scan and never a wrong byte.
 */
import type { JsonSchema } from '../../../engine/kit.js';
import { CSV_SPECIAL } from './csv-cells.js';

/** The char codes of CSV_SPECIAL (all ASCII), for judging class ranges. */
const SPECIAL_CODES: readonly number[] = Array.from({ length: 128 }, (_, code) => code).filter((code) => CSV_SPECIAL.test(String.fromCharCode(code)));

/**
 * Formats whose every accepted string is made of safe characters (the
 * registry's ajv-formats definitions: uuid is hex, `-` and an optional
 * `urn:uuid:`; date is digits and `-`). Not date-time (its separator may be
 * any white space, CR and LF included) nor email (its local part may hold `|`).
 */
const SAFE_FORMATS: ReadonlySet<string> = new Set(['uuid', 'date']);

/** The field names of `schema.properties` whose values never need CSV quoting once the record is valid. */
export function csvSafeFields(schema: JsonSchema): ReadonlySet<string> {
  const properties = (schema.properties ?? {}) as Record<string, unknown>;
  const safe = new Set<string>();
  for (const [field, property] of Object.entries(properties)) if (isSafeProperty(property)) safe.add(field);
  return safe;
}

/** true when every value the property schema admits has a CSV cell without special characters. */
export function isSafeProperty(property: unknown): boolean {
  if (typeof property !== 'object' || property === null) return false;
  const p = property as Record<string, unknown>;
  // Every keyword must hold, so any one that keeps out the special characters is enough.
  const string = onlyTypes(p.type, ['string', 'null']);
  return onlyTypes(p.type, ['integer', 'number', 'boolean', 'null'])
    || ('const' in p && isSafeValue(p.const))
    || (Array.isArray(p.enum) && p.enum.every(isSafeValue))
    || (string && typeof p.format === 'string' && SAFE_FORMATS.has(p.format))
    || (string && typeof p.pattern === 'string' && patternIsSafe(p.pattern));
}

/** true when `type` is present and every type it names is one of `allowed`. */
function onlyTypes(type: unknown, allowed: readonly string[]): boolean {
  const types = Array.isArray(type) ? type : [type];
  return type !== undefined && types.length > 0 && types.every((t) => typeof t === 'string' && allowed.includes(t));
}

/** A scalar whose CSV cell has no special character (objects are written as JSON, so never safe). */
function isSafeValue(value: unknown): boolean {
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return true;
  return typeof value === 'string' && !CSV_SPECIAL.test(value);
}

/**
 * true when every string the pattern matches is made of safe characters:
 * only patterns anchored at both ends (`^...$`) and built of plain
 * characters, `\d`, `\w`, escaped punctuation and `[...]` classes (no
 * negation), each with an optional quantifier. Groups, alternation, `.`,
 * other escapes and anything else are not analysed: unsafe.
 */
export function patternIsSafe(pattern: string): boolean {
  if (pattern.length < 2 || pattern[0] !== '^' || !pattern.endsWith('$') || pattern.endsWith('\\$')) return false;
  const body = pattern.slice(1, -1);
  let i = 0;
  while (i < body.length) {
    const atom = readAtom(body, i);
    if (atom === null) return false;
    i = skipQuantifier(body, atom);
    if (i < 0) return false;
  }
  return true;
}

/** Where the atom starting at `i` ends when all its characters are safe; null otherwise. */
function readAtom(body: string, i: number): number | null {
  const c = body[i]!;
  if (c === '\\') return safeEscape(body[i + 1]) ? i + 2 : null;
  if (c === '[') return readClass(body, i + 1);
  if ('^$.|?*+()[]{}'.includes(c)) return null;
  return CSV_SPECIAL.test(c) ? null : i + 1;
}

/** `\d`, `\w` and escaped punctuation that is itself safe (`\.`, `\-`, ...); not `\s`, `\D`, `\b`, `\u...`, `\p{...}`. */
function safeEscape(c: string | undefined): boolean {
  if (c === undefined) return false;
  if (c === 'd' || c === 'w') return true;
  return /^[!#$%&'()*+\-./:;<=>?@[\]^_`{}~]$/.test(c);
}

/** A `[...]` class without negation whose every member is safe; returns the index after `]`, else null. */
function readClass(body: string, i: number): number | null {
  if (body[i] === '^' || body[i] === ']') return null;
  while (i < body.length && body[i] !== ']') {
    let from: number;
    if (body[i] === '\\') {
      const e = body[i + 1];
      if (e === 'd' || e === 'w') {
        i += 2;
        continue;
      }
      if (!safeEscape(e)) return null;
      from = e!.charCodeAt(0);
      i += 2;
    } else {
      if (body[i] === '[') return null;
      from = body.charCodeAt(i);
      i += 1;
    }
    let to = from;
    // A range `a-z`, unless `-` is the class's last character (then it is a literal).
    if (body[i] === '-' && i + 1 < body.length && body[i + 1] !== ']') {
      const end = body[i + 1]!;
      if (end === '\\' || end === '[') return null;
      to = end.charCodeAt(0);
      i += 2;
    }
    if (to < from || SPECIAL_CODES.some((code) => code >= from && code <= to)) return null;
  }
  return i < body.length ? i + 1 : null;
}

/** The index after an optional quantifier (`?` `*` `+` `{n}` `{n,}` `{n,m}`, each optionally lazy) at `i`; -1 when malformed. */
function skipQuantifier(body: string, i: number): number {
  const c = body[i];
  if (c === '?' || c === '*' || c === '+') i += 1;
  else if (c === '{') {
    const m = /^\{\d+(,\d*)?\}/.exec(body.slice(i));
    if (!m) return -1;
    i += m[0].length;
  } else return i;
  return body[i] === '?' ? i + 1 : i;
}
