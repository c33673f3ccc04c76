/**
 * A record's canonical text, so two copies of an entity (two files that hold
 * it, in two formats) can be compared record by record without holding
 * either: two records get the same text exactly when they have the same keys
 * with the same values, whatever the key order. Values are compared as the
 * files' `read` hooks give them back: parsed JSON for exact copies, rebuilt
 * through the entity's schema for schema-typed ones (so a CSV cell `2021`
 * of an integer field is the number 2021, as in the JSON copy).
 */
import { createHash, type Hash } from 'node:crypto';
import type { EntityRecord } from '../contracts/entity-plugin.js';
import { canonicalValue } from '../lib/canonical-value.js';

export { canonicalValue };

/** The record's keys in a fixed order: the schema's fields it has, then any others sorted. */
export function canonicalKeys(record: EntityRecord, fields: readonly string[]): string[] {
  const keys: string[] = [];
  for (const field of fields) if (Object.hasOwn(record, field)) keys.push(field);
  if (keys.length !== Object.keys(record).length) {
    const known = new Set(fields);
    keys.push(...Object.keys(record).filter((k) => !known.has(k)).sort());
  }
  return keys;
}

/**
 * The canonical text of a record (one line: no raw line break can occur in
 * it). A record with exactly the schema's fields, each a string, finite
 * number, boolean or null (the usual case) is the JSON array of its values in
 * schema order; any other is `{key:value,...}` with keys in `canonicalKeys`
 * order. The two shapes never coincide, so equal texts mean equal records.
 */
export function canonicalRecord(record: EntityRecord, fields: readonly string[]): string {
  let keys = 0;
  for (const _ in record) keys++;
  const values: unknown[] = new Array(fields.length);
  let flat = keys === fields.length;
  for (let i = 0; flat && i < fields.length; i++) {
    const value = record[fields[i]!];
    const type = typeof value;
    if (type === 'string' || type === 'boolean' || value === null || (type === 'number' && Number.isFinite(value))) values[i] = value;
    else flat = false;
  }
  if (flat) return JSON.stringify(values);
  let text = '{';
  for (const key of canonicalKeys(record, fields)) text += `${text.length > 1 ? ',' : ''}${JSON.stringify(key)}:${canonicalValue(record[key])}`;
  return `${text}}`;
}

/** The first field in which two records differ (schema order, then the others sorted), with each side's value as text; null when they are equal. */
export function firstDifference(a: EntityRecord, b: EntityRecord, fields: readonly string[]): { field: string; a: string; b: string } | null {
  const keys = [...new Set([...canonicalKeys(a, fields), ...canonicalKeys(b, fields)])];
  const known = new Set(fields);
  keys.sort((x, y) => (known.has(x) ? fields.indexOf(x) : fields.length) - (known.has(y) ? fields.indexOf(y) : fields.length) || (x < y ? -1 : x > y ? 1 : 0));
  const shown = (r: EntityRecord, k: string) => (Object.hasOwn(r, k) ? canonicalValue(r[k]) : '(absent)');
  for (const key of keys) {
    const [x, y] = [shown(a, key), shown(b, key)];
    if (x !== y) return { field: key, a: x, b: y };
  }
  return null;
}

/**
 * The digest of a sequence of records: sha256 over their canonical texts,
 * one per line, in order. Two copies have the same digest and count exactly
 * when they hold the same records in the same order (bar a sha256 collision).
 */
export class RecordSequence {
  private readonly hash: Hash = createHash('sha256');
  /** Texts not hashed yet: hashed some 64 KiB at a time (one native call instead of one per record). */
  private pending = '';
  count = 0;

  constructor(private readonly fields: readonly string[]) {}

  add(record: EntityRecord): void {
    this.pending += `${canonicalRecord(record, this.fields)}\n`;
    if (this.pending.length > 1 << 16) {
      this.hash.update(this.pending);
      this.pending = '';
    }
    this.count++;
  }

  digest(): string {
    this.hash.update(this.pending);
    this.pending = '';
    return this.hash.digest('hex');
  }
}
