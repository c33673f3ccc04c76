/**
 * The JSON line writer the exporters used until the measurement in
 * bench/json-writer.ts: `JSON.stringify(record)` rebuilt as a function
 * compiled per entity (`new Function`) from the keys of the first record it
 * sees; a record whose own keys differ (order, extra, missing), or that holds
 * something JSON.stringify treats specially (undefined, toJSON, ...), takes
 * JSON.stringify itself. Kept here only as the candidate the benchmark
 * measures; the exporters write JSON.stringify.
 */
import type { EntityRecord } from '../engine/index.js';
import type { RecordLine } from '../adapters/exporters/text-codec.js';

/** Characters JSON.stringify does not copy verbatim: quote, backslash, controls, surrogates. */
const JSON_SPECIAL = /["\\\u0000-\u001f\ud800-\udfff]/;

/** A new compiled writer (one per entity stream: it learns that entity's key order). */
export function compiledJsonLine(): RecordLine {
  let keys: readonly string[] | null = null;
  let compiled: ((record: EntityRecord) => string | undefined) | null = null;
  return (record) => {
    if (keys === null) {
      keys = Object.keys(record);
      compiled = compile(keys);
    }
    // Same keys in the same order (JSON.stringify's order): for-in walks a
    // plain object's own enumerable keys in Object.keys order without an array.
    if (Object.getPrototypeOf(record) !== Object.prototype) return JSON.stringify(record);
    let i = 0;
    for (const key in record) if (key !== keys[i++]) return JSON.stringify(record);
    if (i !== keys.length || typeof record.toJSON === 'function') return JSON.stringify(record);
    return compiled!(record) ?? JSON.stringify(record);
  };
}

function compile(keys: readonly string[]): (record: EntityRecord) => string | undefined {
  // Strings without special characters are copied between quotes; numbers,
  // booleans and null as JSON.stringify writes them; objects through
  // JSON.stringify unless they have toJSON; anything else → undefined
  // (the caller falls back to JSON.stringify).
  const body: string[] = ['let s;', 'let v;'];
  keys.forEach((key, i) => {
    const prefix = JSON.stringify((i === 0 ? '{' : ',') + JSON.stringify(key) + ':');
    body.push(
      `v = r[${JSON.stringify(key)}];`,
      `if (typeof v === 'string') v = S.test(v) ? J(v) : '"' + v + '"';`,
      `else if (typeof v === 'number') v = Number.isFinite(v) ? '' + v : 'null';`,
      `else if (v === null) v = 'null';`,
      `else if (typeof v === 'boolean') v = v ? 'true' : 'false';`,
      `else if (typeof v === 'object' && typeof v.toJSON !== 'function') v = J(v);`,
      'else return undefined;',
      i === 0 ? `s = ${prefix} + v;` : `s += ${prefix} + v;`,
    );
  });
  body.push(keys.length === 0 ? "return '{}';" : "return s + '}';");
  return new Function('S', 'J', `return function jsonLine(r) {\n${body.join('\n')}\n};`)(JSON_SPECIAL, JSON.stringify) as (record: EntityRecord) => string | undefined;
}
