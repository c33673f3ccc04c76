/**
 * What the compiled record check (compile-check.ts) understands of JSON
 * Schema draft-07, and the JavaScript conditions it writes for it: the same
 * conditions ajv 8 generates (with the registry's options), so both answer
 * alike. A keyword not listed here makes the schema fall back to ajv.
 */

/** Keywords with no effect on validity (`definitions` only matters through `$ref`, which is not supported). */
export const ANNOTATIONS: ReadonlySet<string> = new Set([
  '$schema', '$id', '$comment', 'title', 'description', 'default', 'examples', 'readOnly', 'writeOnly', 'definitions',
]);

/** Keywords the compiled check decides itself. */
export const CHECKED: ReadonlySet<string> = new Set([
  'type', 'enum', 'const',
  'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum',
  'minLength', 'maxLength', 'pattern', 'format',
  'required', 'properties', 'additionalProperties', 'minProperties', 'maxProperties',
  'items', 'minItems', 'maxItems',
  'allOf', 'anyOf', 'oneOf', 'not', 'if', 'then', 'else',
]);

/** The JSON Schema `type` names. */
export type TypeName = 'string' | 'number' | 'integer' | 'boolean' | 'null' | 'object' | 'array';
const TYPE_NAMES: ReadonlySet<string> = new Set(['string', 'number', 'integer', 'boolean', 'null', 'object', 'array']);

/** The types a value group's keywords apply to (ajv's rule groups). */
export type Group = 'number' | 'string' | 'object' | 'array';
const GROUP_TYPES: Readonly<Record<Group, readonly TypeName[]>> = {
  number: ['number', 'integer'],
  string: ['string'],
  object: ['object'],
  array: ['array'],
};

/** `type` as a list, null when absent; throws on what is not a type name. */
export function typeList(type: unknown): TypeName[] | null {
  if (type === undefined) return null;
  const list = Array.isArray(type) ? type : [type];
  if (list.length === 0 || !list.every((t) => typeof t === 'string' && TYPE_NAMES.has(t))) throw new Error(`type ${JSON.stringify(type)}`);
  return list as TypeName[];
}

/**
 * The condition that `v` has type `t`, as ajv writes it with strictNumbers
 * (NaN and ±Infinity are not numbers): `v % 1 === 0` holds only for finite whole numbers.
 */
export function typeCondition(t: TypeName, v: string): string {
  switch (t) {
    case 'string': return `typeof ${v} === "string"`;
    case 'number': return `(typeof ${v} === "number" && isFinite(${v}))`;
    case 'integer': return `(typeof ${v} === "number" && ${v} % 1 === 0)`;
    case 'boolean': return `typeof ${v} === "boolean"`;
    case 'null': return `${v} === null`;
    case 'object': return `(typeof ${v} === "object" && ${v} !== null && !Array.isArray(${v}))`;
    case 'array': return `Array.isArray(${v})`;
  }
}

/**
 * The condition under which a group's keywords apply to `v` (ajv applies
 * `minimum` only to finite numbers, `maxLength` only to strings, ...), given
 * that `v` already passed `types`: nothing when the types leave no other
 * choice, `v !== null` when null is the only other one.
 */
export function groupGuard(group: Group, types: readonly TypeName[] | null, v: string): string {
  const own = GROUP_TYPES[group];
  if (types !== null && types.every((t) => own.includes(t))) return '';
  if (types !== null && types.every((t) => own.includes(t) || t === 'null')) return `${v} !== null`;
  return group === 'number' ? typeCondition('number', v) : typeCondition(group, v);
}

/** A JS literal compared with `===` exactly as ajv compares it; throws for values `===` would get wrong (objects, NaN, ±Infinity). */
export function literal(value: unknown): string {
  if (value === null || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw new Error(`value ${String(value)} (only strings, finite numbers, booleans and null)`);
}

/** A schema number (a limit); throws otherwise. */
export function limit(schema: Record<string, unknown>, keyword: string): number {
  const value = schema[keyword];
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`${keyword} ${String(value)}`);
  return value;
}
